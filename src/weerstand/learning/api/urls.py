"""REST resources of the learning app under /api/v1/."""

from weerstand.core.api.routes import patterns
from weerstand.learning.api.viewsets import EvaluationViewSet, IncidentReviewViewSet

urlpatterns = patterns(EvaluationViewSet, IncidentReviewViewSet)
