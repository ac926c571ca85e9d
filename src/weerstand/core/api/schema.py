"""OpenAPI description: the shared Problem component, the token scheme, and the response
headers and error responses every operation has, so the document can't forget them."""

from __future__ import annotations

import threading
from typing import Any, Literal

from django.http import JsonResponse
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import serializers

from weerstand.core.api.problems import PROBLEM_CT


@extend_schema_field(OpenApiTypes.STR)
class OrganisationCodeField(serializers.SlugRelatedField):
    """An organisation by its code (e.g. a municipality or OM office); a string in JSON."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="code", **kwargs)


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Het veld of de parameter (met punten voor nesting).")
    code = serializers.CharField(help_text="Machineleesbare foutcode, bijv. `invalid-choice`.")
    reason = serializers.CharField(help_text="Uitleg voor mensen.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details. `instance` is a urn that is also in the logs."""

    type = serializers.URLField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text="urn:uuid van het verzoek.")
    invalidParams = InvalidParamSerializer(
        many=True, required=False, help_text="Alleen bij validatiefouten."
    )


API_VERSION_HEADER = OpenApiParameter(
    "API-Version",
    str,
    OpenApiParameter.HEADER,
    response=True,
    required=True,
    description="Volledige versie van de API (semver); alleen de hoofdversie staat in de URL.",
)

ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    required=True,
    description="Versie van de casus; stuur die terug in If-Match bij een wijziging.",
)


def if_match(required: bool) -> OpenApiParameter:
    return OpenApiParameter(
        "If-Match",
        str,
        OpenApiParameter.HEADER,
        required=required,
        description=(
            'De ETag van de versie waarop de wijziging voortbouwt, bijv. `"3"`. Ontbreekt, of '
            "`*` (dat geen versie noemt): 428; verouderd of zwak (`W/`): 412; geen ETag: 400."
            if required
            else "Optioneel; als meegestuurd moet het de huidige ETag zijn (anders 412; zwak: "
            "412; geen ETag: 400). `*` betekent: welke versie ook (zoals zonder If-Match)."
        ),
    )


_TITLES = {
    400: "Invoer is niet geldig",
    401: "Niet aangemeld",
    403: "Geen bevoegdheid voor deze handeling",
    404: "Niet gevonden (of geen toegang: het antwoord is hetzelfde)",
    405: "Deze methode is hier niet toegestaan",
    406: "Dit antwoordformaat wordt niet ondersteund (Accept)",
    409: "Conflict met de huidige status of versie",
    412: "Verouderde versie (If-Match)",
    415: "Dit formaat van het verzoek wordt niet ondersteund (Content-Type)",
    428: "If-Match ontbreekt of noemt geen versie",
    500: "Onverwachte fout van de server",
}

# What any operation can answer, whatever it does: bad input (a query parameter, a header),
# no or a bad token, a refusal, hidden or absent (also a role without the grant at all: 404),
# a method or an Accept the URL does not serve, and the server's own failure. All problem+json.
GENERIC_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 500})
# A request body can come in a format the API does not read.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class WeerstandAutoSchema(AutoSchema):
    """Adds `API-Version` to every response and problem+json responses to every operation,
    and a list's `filter_serializer` (see `core.api.mixins`) as its query parameters.

    `GENERIC_STATUSES` are on every operation (a client must be able to rely on the document
    for every answer it can get), 415 on every operation with a body, 412 where If-Match may
    be sent and 428 where it must; views list more per action in `problem_statuses` (for
    example ``{"partial_update": (409,)}``).
    """

    def get_override_parameters(self) -> list[Any]:
        params = [*super().get_override_parameters(), API_VERSION_HEADER]
        # A list documents its filter serializer as query parameters without repeating it.
        filters = getattr(self.view, "filter_serializer", None)
        is_list = getattr(self.view, "action", None) == "list"
        if is_list and filters is not None and not any(p is filters for p in params):
            params.insert(0, filters)
        return params

    def _problem_statuses(self) -> list[int]:
        statuses = set(GENERIC_STATUSES)
        if self.method in BODY_METHODS:
            statuses.add(415)
        if_match = [
            p
            for p in self.get_override_parameters()
            if isinstance(p, OpenApiParameter) and p.name == "If-Match" and not p.response
        ]
        if if_match:
            statuses.add(412)  # a stale or weak ETag
        if any(p.required for p in if_match):
            statuses.add(428)  # none sent, or `*`, which names no version
        per_action = getattr(self.view, "problem_statuses", {})
        action = getattr(self.view, "action", None)
        statuses.update(per_action.get(action, ()))
        return sorted(statuses)

    def _map_serializer(
        self, serializer: Any, direction: Any, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        """A request object admits only its own fields: every body is validated with
        `core.api.views.validated` (or `reject_unknown`), which refuses unknown keys with a
        400, nested objects included, and the document says so."""
        schema: dict[str, Any] = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and schema.get("type") == "object" and "properties" in schema:
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status in self._problem_statuses():
            key = str(status)
            if key in responses:
                continue
            body = self._get_response_for_code(ProblemSerializer, key, [PROBLEM_CT], direction)
            body["description"] = _TITLES.get(status, "")
            responses[key] = body
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token wst_<id>.<secret>`: personal, hashed, expiring tokens."""

    target_class = "weerstand.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Persoonlijk API-token: `Token wst_<id>.<geheim>`.",
        }


class VerifiedSessionScheme(SessionScheme):
    """The browser session counts only after the second factor (TOTP) was verified."""

    target_class = "weerstand.accounts.authentication.VerifiedSessionAuthentication"


class SchemaView(SpectacularJSONAPIView):
    """`/api/v1/openapi.json`, generated one request at a time.

    drf-spectacular keeps state in class attributes and module globals while it generates
    (its extensions import their target classes lazily, on the first schema request; its
    warnings are collected globally), so two requests generating at once on a threaded
    server broke each other with a 500. The document is asked for rarely: a lock costs
    nothing and makes it safe."""

    _lock = threading.Lock()

    @extend_schema(exclude=True)  # as the parent's (SERVE_INCLUDE_SCHEMA is off)
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return super().get(request, *args, **kwargs)


def api_root(request: Any) -> JsonResponse:
    """`/api/v1`: where the description of the API is, so a client starting at the root finds
    it. Public and static: it names no resource and reads nothing."""
    if request.method not in ("GET", "HEAD"):
        return JsonResponse(
            {"title": "Methode niet toegestaan", "status": 405},
            status=405,
            content_type=PROBLEM_CT,
            headers={"Allow": "GET, HEAD"},
        )
    return JsonResponse(
        {
            "name": "Weerstand API",
            "version": "1",
            "_links": {
                "self": {"href": "/api/v1"},
                "openapi": {"href": "/api/v1/openapi.json"},
            },
        }
    )
