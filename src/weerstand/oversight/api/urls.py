"""REST resources of the oversight app under /api/v1/."""

from weerstand.core.api.routes import patterns
from weerstand.oversight.api.viewsets import (
    QualityIndicatorCasesViewSet,
    QualityIndicatorSeriesViewSet,
    QualityIndicatorViewSet,
)

urlpatterns = patterns(
    QualityIndicatorViewSet, QualityIndicatorSeriesViewSet, QualityIndicatorCasesViewSet
)
