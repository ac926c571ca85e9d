"""REST resources of the resilience app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.resilience.api.viewsets import (
    BuddyMatchViewSet,
    ConversationViewSet,
    VolunteerViewSet,
)

urlpatterns = patterns(ConversationViewSet, BuddyMatchViewSet, VolunteerViewSet)
