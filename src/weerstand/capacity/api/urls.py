"""REST resources of the capacity app under /api/v1/ (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.capacity.api.viewsets import OfficerViewSet, PlanRunViewSet, UnitViewSet

urlpatterns = [
    path(
        "plan-runs",
        PlanRunViewSet.as_view({"get": "list", "post": "create"}),
        name="api-plan-run-list",
    ),
    path(
        "plan-runs/<int:pk>",
        PlanRunViewSet.as_view({"get": "retrieve"}),
        name="api-plan-run-detail",
    ),
    path(
        "plan-runs/<int:pk>/shortages",
        PlanRunViewSet.as_view({"get": "shortages"}),
        name="api-plan-run-shortages",
    ),
    path(
        "plan-runs/<int:pk>/lines",
        PlanRunViewSet.as_view({"get": "lines"}),
        name="api-plan-run-lines",
    ),
    path(
        "plan-runs/<int:pk>/prioritisation-confirmations",
        PlanRunViewSet.as_view({"get": "confirmations", "post": "confirm"}, pagination_class=None),
        name="api-plan-run-confirmations",
    ),
    path("officers", OfficerViewSet.as_view({"get": "list"}), name="api-officer-list"),
    path(
        "officers/<int:pk>", OfficerViewSet.as_view({"get": "retrieve"}), name="api-officer-detail"
    ),
    path("units", UnitViewSet.as_view({"get": "list"}), name="api-unit-list"),
]
