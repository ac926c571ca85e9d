"""`/api/v1/cases/{id}/contact-person` and `/api/v1/communications`: thin handlers. Reads
through the policy (audited); writes through `contact.services`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.cases.models import Case
from weerstand.contact import rules, selectors, services
from weerstand.contact.api.serializers import (
    CommunicationCreateSerializer,
    CommunicationFilterSerializer,
    CommunicationSerializer,
    ContactPersonSerializer,
    ContactPersonUpdateSerializer,
)
from weerstand.contact.models import Communication, ContactPerson
from weerstand.core.api.mixins import ListMixin, RetrieveMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, etag, expected_version, validated
from weerstand.policy.table import Resource


@dataclass
class _View:
    case_id: int
    record: ContactPerson | None
    history: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.record.version if self.record is not None else 0


class ContactPersonViewSet(ScopedMixin, PolicyViewSet):
    """The fixed contact person of one case and the deputy (the case owner names them)."""

    model = Case  # `get_object()` is the case, read through the policy
    http_method_names = ["get", "put", "head"]
    policy_needs = {"retrieve": "contact_person:view", "update": "contact_person:change"}
    problem_statuses = {"update": (400, 403, 412, 428)}
    routes = (
        Route(
            "cases/<int:pk>/contact-person",
            {"get": "retrieve", "put": "update"},
            "api-case-contact-person",
            paginated=False,
        ),
    )

    def _answer(self, case: Case, status_code: int = 200) -> Response:
        user = self.request.user
        if not rules.is_staff_reader(user, Resource.CONTACT_PERSON):
            raise Http404("Niet gevonden")
        record = selectors.contact_for(user, case)
        view = _View(
            case.pk,
            record,
            selectors.history(user, case),
            services.warnings(case, record) if record is not None else [],
        )
        if view.record is not None:
            self.audit_read(view.record)
        data = ContactPersonSerializer(view).data
        return Response(data, status=status_code, headers={"ETag": etag(view.version)})

    @extend_schema(
        summary="De vaste contactpersoon van een casus",
        description=(
            "Met de vervanger en wie wanneer contactpersoon was. Nog niemand aangewezen: "
            '`contactPerson` is null en de ETag is `"0"`.'
        ),
        parameters=[ETAG_HEADER],
        responses=ContactPersonSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return self._answer(self.get_object(pk))

    @extend_schema(
        summary="De vaste contactpersoon aanwijzen of wijzigen",
        description=(
            "Alleen de eigenaar van de casus, met reden. Contactpersoon en vervanger zijn "
            "NCTV-medewerkers in het casusteam (analist, expert weerbaarheid of "
            'LCC-coördinator). Vereist If-Match met de ETag (`"0"` als er nog niemand is): '
            "ontbreekt die, dan 428; verouderd, dan 412 en verandert er niets."
        ),
        parameters=[if_match(required=True), ETAG_HEADER],
        request=ContactPersonUpdateSerializer,
        responses=ContactPersonSerializer,
    )
    def update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(ContactPersonUpdateSerializer, request.data)
        services.assign(
            request.user,
            pk,
            services.Assignment(
                contact=body["contact"],
                contact_phone=body["contact_phone"],
                deputy=body.get("deputy"),
                deputy_phone=body.get("deputy_phone", ""),
                note=body.get("note", ""),
            ),
            reason=body["reason"],
            expected_version=expected,
        )
        return self._answer(self.get_object(pk))


@extend_schema_view(
    list=extend_schema(
        summary="Berichten aan betrokkenen die u mag zien",
        description=(
            "Het casusteam (NCTV/LCC) en de inspectie zien het hele logboek; een "
            "portaalgebruiker alleen de berichten aan hemzelf (zonder casus)."
        ),
        responses=CommunicationSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Eén bericht", responses=CommunicationSerializer),
)
class CommunicationViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """What was told to the protectee, a relative or the employer. Never changed or deleted:
    a correction is a new message (`corrects`)."""

    model = Communication
    list_serializer = detail_serializer = CommunicationSerializer
    filter_serializer = CommunicationFilterSerializer
    ordering = ("-told_at", "-pk")
    audit_noun = "berichten aan betrokkenen"
    policy_needs = {
        "list": "communication:view",
        "retrieve": "communication:view",
        "create": "communication:create",
    }
    problem_statuses = {"list": (400,), "create": (400, 403)}
    routes = (
        Route("communications", {"get": "list", "post": "create"}, "api-communication-list"),
        Route("communications/<int:pk>", {"get": "retrieve"}, "api-communication-detail"),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        return selectors.filter_communications(qs, f)

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        return {"staff": rules.is_staff_reader(self.request.user)}

    @extend_schema(
        summary="Een bericht aan een betrokkene vastleggen",
        description=(
            "Alleen de vaste contactpersoon of de vervanger (zolang er niemand is aangewezen: "
            "de eigenaar van de casus). `recipient` is een casuspersoon van de casus. Een "
            "correctie noemt het eerdere bericht in `corrects`."
        ),
        request=CommunicationCreateSerializer,
        responses={201: CommunicationSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(CommunicationCreateSerializer, request.data)
        message = services.record_message(
            request.user,
            body["case"],
            services.Message(
                recipient=body["recipient"],
                text=body["text"],
                channel=body["channel"],
                topic=body.get("topic", ""),
                told_at=body.get("told_at"),
                corrects=body.get("corrects"),
            ),
        )
        return self.detail_response(
            self.get_object(message.pk),
            status.HTTP_201_CREATED,
            Location=f"/api/v1/communications/{message.pk}",
        )
