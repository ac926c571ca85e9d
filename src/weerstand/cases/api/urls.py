"""Case resources under `/api/v1/` (kebab-case, no trailing slashes).

The case's own routes are listed here until `CaseViewSet` declares them; the team, persons and
local-domain viewsets declare their own `routes`.
"""

from weerstand.cases.api.local import LocalHandoverViewSet
from weerstand.cases.api.persons import CasePersonViewSet
from weerstand.cases.api.team import CaseTeamViewSet
from weerstand.cases.api.viewsets import CaseViewSet
from weerstand.core.api.routes import Route, patterns

ROUTES = (
    Route("cases", {"get": "list", "post": "create"}, "api-case-list"),
    Route("cases/om-transfers", {"post": "om_transfer"}, "api-case-om-transfers"),
    Route("cases/<int:pk>", {"get": "retrieve", "patch": "partial_update"}, "api-case-detail"),
    # A short list, not a page: no pagination for this URL.
    Route(
        "cases/<int:pk>/transitions",
        {"get": "transitions", "post": "transition"},
        "api-case-transitions",
        paginated=False,
    ),
    Route("cases/<int:pk>/events", {"get": "events"}, "api-case-events"),
    Route(
        "cases/<int:pk>/restrictions",
        {"post": "restrict"},
        "api-case-restrictions",
        paginated=False,
    ),
)

urlpatterns = patterns(
    (CaseViewSet, ROUTES), CaseTeamViewSet, CasePersonViewSet, LocalHandoverViewSet
)
