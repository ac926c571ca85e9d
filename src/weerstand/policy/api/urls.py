"""Restricting compartments under /api/v1/ (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.policy.api.viewsets import CompartmentViewSet

urlpatterns = [
    path(
        "compartments",
        CompartmentViewSet.as_view({"get": "list", "post": "create"}),
        name="api-compartment-list",
    ),
    path(
        "compartments/<int:pk>/members",
        CompartmentViewSet.as_view({"get": "members"}),
        name="api-compartment-members",
    ),
    path(
        "compartments/<int:pk>/membership-changes",
        CompartmentViewSet.as_view({"get": "changes", "post": "propose"}),
        name="api-compartment-changes",
    ),
    path(
        "compartments/<int:pk>/membership-changes/<int:change_id>/decisions",
        CompartmentViewSet.as_view({"post": "decide"}, pagination_class=None),
        name="api-compartment-change-decisions",
    ),
]
