"""REST resources of the catalogue app under /api/v1/ (routes declared on the viewsets)."""

from weerstand.catalogue.api.viewsets import MeasureViewSet, PackageViewSet
from weerstand.core.api.routes import patterns

urlpatterns = patterns(MeasureViewSet, PackageViewSet)
