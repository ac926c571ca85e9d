"""REST resources of the information app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.information.api.viewsets import (
    AttachmentViewSet,
    EntityViewSet,
    ProductImportViewSet,
    ThreatProductViewSet,
)

urlpatterns = patterns(ThreatProductViewSet, EntityViewSet, AttachmentViewSet, ProductImportViewSet)
