"""REST resources of the inspection app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.inspection.api.viewsets import InspectionExportViewSet

urlpatterns = patterns(InspectionExportViewSet)
