"""REST resources of the advisory app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.advisory.api.viewsets import AdviceViewSet, AdvisoryAggregatesViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(AdvisoryAggregatesViewSet, AdviceViewSet)
