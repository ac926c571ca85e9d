"""REST resources of the rights app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.rights.api.addressed_letters import AddressedLetterViewSet
from weerstand.rights.api.employer_measures import EmployerMeasureViewSet
from weerstand.rights.api.letters import DecisionLetterViewSet
from weerstand.rights.api.viewsets import AcknowledgementViewSet, FrameworkViewSet, ObjectionViewSet

urlpatterns = patterns(
    ObjectionViewSet,
    FrameworkViewSet,
    AcknowledgementViewSet,
    DecisionLetterViewSet,
    EmployerMeasureViewSet,
    AddressedLetterViewSet,
)
