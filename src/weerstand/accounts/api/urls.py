"""Access changes under /api/v1/ (routes declared on the viewset)."""

from weerstand.accounts.api.viewsets import AccessChangeViewSet, JobHealthViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(AccessChangeViewSet, JobHealthViewSet)
