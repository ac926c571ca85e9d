"""Registry resources under `/api/v1/` (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.registry.api.viewsets import LimitativeListViewSet, PersonViewSet

urlpatterns = patterns(PersonViewSet, LimitativeListViewSet)
