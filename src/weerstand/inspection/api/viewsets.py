"""`/api/v1/cases/{id}/inspection-export`: the signed package of one case (ZIP)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request

from weerstand.core.api.downloads import DownloadMixin, download_responses, served_type
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown
from weerstand.inspection import services


class InspectionExportViewSet(DownloadMixin, PolicyViewSet):
    download_types = {"retrieve": ("application/zip",)}
    policy_needs = {"retrieve": ("inspection_export:view",)}
    problem_statuses = {"retrieve": (400, 409)}
    routes = (
        Route(
            "cases/<int:pk>/inspection-export",
            {"get": "retrieve"},
            "api-case-inspection-export",
            paginated=False,
        ),
    )

    @extend_schema(
        summary="Ondertekende inspectie-export van een casus (ZIP)",
        description=(
            "Een ZIP met `case.json`, `case.pdf`, `manifest.json` (SHA-256 per bestand, het "
            "audit-checkpoint waartegen het trail is geverifieerd, sleutel-id, exporttijd, "
            "exporteur) en `manifest.sig` (Ed25519 over manifest.json). Alleen voor de "
            "inspectie; 409 `audit-chain-unverified` als het audittrail niet verifieert."
        ),
        responses=download_responses("application/zip"),
    )
    def retrieve(self, request: Request, pk: int) -> HttpResponse:
        reject_unknown(request.query_params, (), what="filter")
        served = served_type(request, "application/zip")  # 406 before anything is exported
        export = services.export_case(request.user, pk)
        response = HttpResponse(export.data, content_type=served)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        response["Cache-Control"] = "no-store"
        return response
