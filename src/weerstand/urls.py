"""URL map: Dutch paths for the web interface, `/api/v1/` for the REST API."""

from django.urls import include, path

urlpatterns = [
    path("", include("weerstand.core.urls")),
    path("", include("weerstand.accounts.urls")),
    path("casussen/", include("weerstand.cases.urls")),
    path("register/", include("weerstand.registry.urls")),
    path("audit/", include("weerstand.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("weerstand.core.api.urls")),
]

handler404 = "weerstand.core.views.not_found"
handler403 = "weerstand.core.views.forbidden"
handler500 = "weerstand.core.views.server_error"
