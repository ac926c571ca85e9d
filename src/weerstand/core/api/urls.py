"""`/api/v1/`: OpenAPI document and the resources of every app (no trailing slashes)."""

from django.urls import include, path

from weerstand.core.api.schema import SchemaView
from weerstand.core.decorators import public
from weerstand.core.extensions import api_url_modules

urlpatterns = [
    # The description of the API is public; every resource in it needs a token.
    path("openapi.json", public(SchemaView.as_view()), name="openapi"),
    *(path("", include(module)) for module in api_url_modules()),
]
