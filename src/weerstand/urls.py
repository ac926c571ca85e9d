"""URL map: Dutch paths for the web interface, `/api/v1/` for the REST API."""

from django.urls import include, path

from weerstand.core.admin import site as admin_site

urlpatterns = [
    path("", include("weerstand.core.urls")),
    path("", include("weerstand.accounts.urls")),
    path("casussen/", include("weerstand.cases.urls")),
    path("register/", include("weerstand.registry.urls")),
    path("audit/", include("weerstand.audit.urls")),
    path("toegang/", include("weerstand.policy.urls")),
    path("informatie/", include("weerstand.information.urls")),
    path("signalen/", include("weerstand.signals.urls")),
    path("leemten/", include("weerstand.gaps.urls")),
    path("zoeken/", include("weerstand.search.urls")),
    path("dreigingsbeelden/", include("weerstand.assessments.urls")),
    path("catalogus/", include("weerstand.catalogue.urls")),
    path("besluiten/", include("weerstand.decisions.urls")),
    path("rechten/", include("weerstand.rights.urls")),
    path("capaciteit/", include("weerstand.capacity.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("weerstand.core.api.urls")),
    path("beheer/", admin_site.urls),  # accounts and organisations only; TOTP required
]

handler404 = "weerstand.core.views.not_found"
handler403 = "weerstand.core.views.forbidden"
handler500 = "weerstand.core.views.server_error"
