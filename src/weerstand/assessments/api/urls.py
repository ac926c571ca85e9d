"""REST resources of the assessments app under /api/v1/ (routes declared on the viewset)."""

from weerstand.assessments.api.viewsets import AssessmentViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(AssessmentViewSet)
