"""REST resources of the signals app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.signals.api.viewsets import SignalViewSet

urlpatterns = patterns(SignalViewSet)
