"""REST resources of the modules app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.core.api.routes import patterns
from weerstand.modules.api.viewsets import ModuleAssignmentViewSet, ModuleViewSet

urlpatterns = patterns(ModuleViewSet, ModuleAssignmentViewSet)
