"""REST resources of the capacity app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.capacity.api.viewsets import OfficerViewSet, PlanRunViewSet, UnitViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(PlanRunViewSet, OfficerViewSet, UnitViewSet)
