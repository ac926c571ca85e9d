"""Registry resources under `/api/v1/` (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.registry.api.viewsets import LimitativeListViewSet, PersonViewSet

urlpatterns = [
    path(
        "persons",
        PersonViewSet.as_view({"get": "list", "post": "create"}),
        name="api-person-list",
    ),
    path("persons/<int:pk>", PersonViewSet.as_view({"get": "retrieve"}), name="api-person-detail"),
    path(
        "limitative-list",
        LimitativeListViewSet.as_view({"get": "list"}),
        name="api-limitative-list",
    ),
]
