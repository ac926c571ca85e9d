"""REST resources of the decisions app under /api/v1/."""

from django.urls import path

from weerstand.decisions.api.viewsets import (
    DecisionViewSet,
    LocalNotificationViewSet,
    SecurityAssignmentViewSet,
)

urlpatterns = [
    path(
        "decisions",
        DecisionViewSet.as_view({"get": "list", "post": "create"}),
        name="api-decision-list",
    ),
    path(
        "decisions/<int:pk>",
        DecisionViewSet.as_view({"get": "retrieve"}),
        name="api-decision-detail",
    ),
    path(
        "decisions/<int:pk>/approvals",
        DecisionViewSet.as_view({"post": "approvals"}, pagination_class=None),
        name="api-decision-approvals",
    ),
    path(
        "security-assignments",
        SecurityAssignmentViewSet.as_view({"get": "list"}),
        name="api-assignment-list",
    ),
    path(
        "security-assignments/<int:pk>",
        SecurityAssignmentViewSet.as_view({"get": "retrieve"}),
        name="api-assignment-detail",
    ),
    path(
        "security-assignments/<int:pk>/acknowledgements",
        SecurityAssignmentViewSet.as_view({"post": "acknowledgements"}, pagination_class=None),
        name="api-assignment-acknowledgements",
    ),
    path(
        "security-assignments/<int:pk>/staffing-reports",
        SecurityAssignmentViewSet.as_view({"post": "staffing_reports"}, pagination_class=None),
        name="api-assignment-staffing-reports",
    ),
    path(
        "local-notifications",
        LocalNotificationViewSet.as_view({"get": "list"}),
        name="api-local-notification-list",
    ),
    path(
        "local-notifications/<int:pk>",
        LocalNotificationViewSet.as_view({"get": "retrieve"}),
        name="api-local-notification-detail",
    ),
    path(
        "local-notifications/<int:pk>/responses",
        LocalNotificationViewSet.as_view({"post": "responses"}, pagination_class=None),
        name="api-local-notification-responses",
    ),
]
