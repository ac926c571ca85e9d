"""REST resources of the search app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.search.api.viewsets import SearchViewSet

urlpatterns = patterns(SearchViewSet)
