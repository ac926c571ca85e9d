"""`/api/v1/`: OpenAPI document and the resources of every app (no trailing slashes)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("", include("weerstand.cases.api.urls")),
]
