"""REST resources of the assessments app under /api/v1/ (kebab-case, no trailing slashes).

The routes are listed here until the viewset declares its own `routes`; then this becomes
``urlpatterns = patterns(AssessmentViewSet)``. The workflow steps are single answers, not
pages: no pagination there.
"""

from weerstand.assessments.api.viewsets import AssessmentViewSet
from weerstand.core.api.routes import Route, patterns


def _step(path: str, method: str, action: str, name: str) -> Route:
    return Route(f"assessments/<int:pk>/{path}", {method: action}, name, paginated=False)


ROUTES = (
    Route("assessments", {"get": "list", "post": "create"}, "api-assessment-list"),
    Route(
        "assessments/<int:pk>",
        {"get": "retrieve", "patch": "partial_update"},
        "api-assessment-detail",
    ),
    _step("submissions", "post", "submit", "api-assessment-submissions"),
    _step("challenge", "post", "challenge", "api-assessment-challenge"),
    _step("answers", "post", "answers", "api-assessment-answers"),
    _step(
        "senior-check-requests",
        "post",
        "senior_check_request",
        "api-assessment-senior-check-requests",
    ),
    _step("senior-checks", "post", "senior_check", "api-assessment-senior-checks"),
    _step("finalisations", "post", "finalise", "api-assessment-finalisations"),
    _step("report.pdf", "get", "report", "api-assessment-report"),
)

urlpatterns = patterns((AssessmentViewSet, ROUTES))
