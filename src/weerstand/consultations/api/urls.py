"""REST resources of the consultations app under /api/v1/."""

from weerstand.consultations.api.viewsets import ConsultationViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(ConsultationViewSet)
