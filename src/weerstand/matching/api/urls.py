"""REST resources of the matching app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.matching.api.viewsets import (
    CaseSelectorViewSet,
    HitViewSet,
    ShieldedInvestigationViewSet,
)

urlpatterns = patterns(ShieldedInvestigationViewSet, CaseSelectorViewSet, HitViewSet)
