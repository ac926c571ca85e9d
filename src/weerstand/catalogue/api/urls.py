"""REST resources of the catalogue app under /api/v1/."""

from django.urls import path

from weerstand.catalogue.api.viewsets import MeasureViewSet, PackageViewSet

urlpatterns = [
    path("catalogue/measures", MeasureViewSet.as_view({"get": "list"}), name="api-measure-list"),
    path("catalogue/packages", PackageViewSet.as_view({"get": "list"}), name="api-package-list"),
]
