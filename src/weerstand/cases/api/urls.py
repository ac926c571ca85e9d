"""Case resources under `/api/v1/` (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.cases.api.viewsets import CaseViewSet

urlpatterns = [
    path("cases", CaseViewSet.as_view({"get": "list", "post": "create"}), name="api-case-list"),
    path(
        "cases/om-transfers",
        CaseViewSet.as_view({"post": "om_transfer"}),
        name="api-case-om-transfers",
    ),
    path(
        "cases/<int:pk>",
        CaseViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-case-detail",
    ),
    path(
        "cases/<int:pk>/transitions",
        # A short list, not a page: no pagination for this URL.
        CaseViewSet.as_view({"get": "transitions", "post": "transition"}, pagination_class=None),
        name="api-case-transitions",
    ),
    path(
        "cases/<int:pk>/events",
        CaseViewSet.as_view({"get": "events"}),
        name="api-case-events",
    ),
]
