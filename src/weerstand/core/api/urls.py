"""`/api/v1/`: OpenAPI document and the resources of every app (no trailing slashes)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from weerstand.core.decorators import public

urlpatterns = [
    # The description of the API is public; every resource in it needs a token.
    path("openapi.json", public(SpectacularJSONAPIView.as_view()), name="openapi"),
    path("", include("weerstand.cases.api.urls")),
    path("", include("weerstand.registry.api.urls")),
    path("", include("weerstand.information.api.urls")),
    path("", include("weerstand.signals.api.urls")),
    path("", include("weerstand.gaps.api.urls")),
    path("", include("weerstand.search.api.urls")),
    path("", include("weerstand.assessments.api.urls")),
    path("", include("weerstand.catalogue.api.urls")),
    path("", include("weerstand.decisions.api.urls")),
    path("", include("weerstand.rights.api.urls")),
    path("", include("weerstand.capacity.api.urls")),
]
