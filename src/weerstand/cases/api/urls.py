"""Case resources under `/api/v1/` (kebab-case, no trailing slashes; routes declared on the
viewsets)."""

from weerstand.cases.api.classification import CaseClassificationViewSet
from weerstand.cases.api.local import LocalHandoverViewSet
from weerstand.cases.api.persons import CasePersonViewSet
from weerstand.cases.api.team import CaseTeamViewSet
from weerstand.cases.api.viewsets import CaseViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(
    CaseViewSet,
    CaseTeamViewSet,
    CasePersonViewSet,
    CaseClassificationViewSet,
    LocalHandoverViewSet,
)
