"""REST resources of the search app under /api/v1/."""

from django.urls import path

from weerstand.search.api.viewsets import SearchViewSet

urlpatterns = [path("search", SearchViewSet.as_view({"get": "list"}), name="api-search")]
