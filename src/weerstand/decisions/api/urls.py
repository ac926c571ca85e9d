"""REST resources of the decisions app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.decisions.api.viewsets import (
    DecisionViewSet,
    LocalNotificationViewSet,
    SecurityAssignmentViewSet,
)

urlpatterns = patterns(DecisionViewSet, SecurityAssignmentViewSet, LocalNotificationViewSet)
