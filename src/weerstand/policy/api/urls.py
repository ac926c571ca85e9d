"""Restricting compartments under /api/v1/ (routes declared on the viewset)."""

from weerstand.core.api.routes import patterns
from weerstand.policy.api.viewsets import CompartmentViewSet

urlpatterns = patterns(CompartmentViewSet)
