"""REST resources of the consultations app under /api/v1/."""

from weerstand.consultations.api.viewsets import ConsultationViewSet, InvestigationLinkViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(ConsultationViewSet, InvestigationLinkViewSet)
