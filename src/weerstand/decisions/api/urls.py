"""REST resources of the decisions app under /api/v1/.

The decisions' and assignments' routes are listed here until their viewsets declare them;
the local notifications' viewset declares its own.
"""

from weerstand.core.api.routes import Route, patterns
from weerstand.decisions.api.viewsets import (
    DecisionViewSet,
    LocalNotificationViewSet,
    SecurityAssignmentViewSet,
)

DECISION_ROUTES = (
    Route("decisions", {"get": "list", "post": "create"}, "api-decision-list"),
    Route("decisions/<int:pk>", {"get": "retrieve"}, "api-decision-detail"),
    Route(
        "decisions/<int:pk>/approvals",
        {"post": "approvals"},
        "api-decision-approvals",
        paginated=False,
    ),
)
ASSIGNMENT_ROUTES = (
    Route("security-assignments", {"get": "list"}, "api-assignment-list"),
    Route("security-assignments/<int:pk>", {"get": "retrieve"}, "api-assignment-detail"),
    Route(
        "security-assignments/<int:pk>/acknowledgements",
        {"post": "acknowledgements"},
        "api-assignment-acknowledgements",
        paginated=False,
    ),
    Route(
        "security-assignments/<int:pk>/staffing-reports",
        {"post": "staffing_reports"},
        "api-assignment-staffing-reports",
        paginated=False,
    ),
)

urlpatterns = patterns(
    (DecisionViewSet, DECISION_ROUTES),
    (SecurityAssignmentViewSet, ASSIGNMENT_ROUTES),
    LocalNotificationViewSet,
)
