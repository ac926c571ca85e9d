"""URL map: Dutch paths for the web interface, `/api/v1/` for the REST API.

The kernel's own pages are listed here; every other app's pages come from its AppConfig
(`web_prefix`, see `core.extensions`).
"""

from django.urls import include, path

from weerstand.core.admin import site as admin_site
from weerstand.core.api.schema import api_root
from weerstand.core.decorators import public
from weerstand.core.extensions import web_routes

urlpatterns = [
    path("", include("weerstand.core.urls")),
    *(path(prefix, include(module)) for prefix, module in web_routes()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1", public(api_root), name="api-root"),
    path("api/v1/", include("weerstand.core.api.urls")),
    path("beheer/", admin_site.urls),  # accounts and organisations only; TOTP required
]
# Static files are served by whitenoise (a middleware), in the demo and in production.

handler400 = "weerstand.core.views.bad_request"
handler404 = "weerstand.core.views.not_found"
handler403 = "weerstand.core.views.forbidden"
handler500 = "weerstand.core.views.server_error"
