"""REST resources of the retention app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.retention.api.viewsets import (
    AccessRequestViewSet,
    DestructionReportViewSet,
    LegalHoldViewSet,
    RetentionRuleViewSet,
)

urlpatterns = patterns(
    RetentionRuleViewSet, LegalHoldViewSet, DestructionReportViewSet, AccessRequestViewSet
)
