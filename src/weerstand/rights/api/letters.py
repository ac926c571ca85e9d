"""`/api/v1/decisions/{id}/letter`: the decision letter to the person, as a PDF.

The same letter as `/rechten/besluiten/{id}/brief.pdf` (one builder, `rights.letter`), read
through the letter rule: whoever may read the letter (the decision visible and the letter grant
reaching its case, the protectee for their own decision, whoever may see an objection about
it); 404 for anyone else. Every download is audited.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request

from weerstand.accounts.roles import is_portal_user
from weerstand.core.api.downloads import DownloadMixin, download_responses
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown
from weerstand.rights import letter as letters
from weerstand.rights import rules, services


class DecisionLetterViewSet(DownloadMixin, PolicyViewSet):
    download_types = {"retrieve": ("application/pdf",)}
    policy_needs = {"retrieve": ("decision_letter:view", "objection:view")}
    problem_statuses = {"retrieve": (400,)}
    routes = (
        Route(
            "decisions/<int:pk>/letter", {"get": "retrieve"}, "api-decision-letter", paginated=False
        ),
    )

    @extend_schema(
        summary="De besluitbrief aan de persoon (PDF)",
        description=(
            "In eenvoudig Nederlands (B1) of Engels (`lang=en`). Een besluit dat nog niet is "
            "genomen of is afgewezen, krijgt bovenaan 'niet versturen'."
        ),
        parameters=[OpenApiParameter("lang", str, enum=["nl", "en"], required=False)],
        responses=download_responses("application/pdf"),
    )
    def retrieve(self, request: Request, pk: int) -> HttpResponse:
        reject_unknown(request.query_params, ("lang",), what="filter")
        lang = request.query_params.get("lang", "nl")
        if lang not in letters.LANGUAGES:
            from rest_framework.exceptions import ErrorDetail, ValidationError

            raise ValidationError({"lang": [ErrorDetail("Kies nl of en.", code="invalid")]})
        decision = rules.get_letter_decision(request.user, pk)
        # A portal user gets the letter as in the portal: without the internal reference.
        portal = is_portal_user(request.user)
        pdf = letters.render_pdf(letters.build(decision, lang, portal=portal))
        response = self.negotiated(HttpResponse(pdf, content_type="application/pdf"))
        services.audit_letter(request.user, decision, lang=lang, kind="pdf")
        label = f"{services.letter_date(decision):%Y-%m-%d}" if portal else decision.reference
        name = f"besluitbrief-{label}-{lang}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
