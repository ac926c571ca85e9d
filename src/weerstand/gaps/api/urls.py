"""REST resources of the gaps app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.gaps.api.viewsets import GapViewSet, InformationRequestViewSet

urlpatterns = patterns(GapViewSet, InformationRequestViewSet)
