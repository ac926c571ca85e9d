"""`/api/v1/persons` (with `/persons/{id}/programme-cover`) and `/api/v1/limitative-list-entries`:
reads through the policy, writes through `registry.services`, every read audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.mixins import ListMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    validated,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry import claims, services
from weerstand.registry.api.serializers import (
    LimitativeEntrySerializer,
    LimitativeFilterSerializer,
    PersonCreatedSerializer,
    PersonCreateSerializer,
    PersonDetailSerializer,
    PersonFilterSerializer,
    PersonSerializer,
    ProgrammeCoverEndSerializer,
    ProgrammeCoverSerializer,
    ProgrammeCoverWriteSerializer,
)
from weerstand.registry.models import LimitativeEntry, Person


@extend_schema_view(
    list=extend_schema(summary="Personen die u mag zien", responses=PersonSerializer(many=True))
)
class PersonViewSet(ListMixin, PolicyViewSet):
    """Persons are reached through cases: a person is listed when a visible case names them."""

    model = Person
    related = ("employer",)
    list_serializer = PersonSerializer
    filter_serializer = PersonFilterSerializer
    ordering = ("last_name", "first_name", "pk")
    audit_noun = "personen"
    # PUT and DELETE only on `/persons/{id}/programme-cover` (the routes name the methods).
    http_method_names = ["get", "post", "put", "delete", "head"]
    policy_needs = {
        "list": "person:view",
        "retrieve": "person:view",
        # Whoever may refer a case may register the person it is about (registry.services).
        "create": "case:create",
        "programme_cover": "programme_cover:view",
        "record_programme_cover": "programme_cover:change",
        "end_programme_cover": "programme_cover:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "programme_cover": (),
        "record_programme_cover": (400, 412),
        "end_programme_cover": (400, 412),
    }
    routes = (
        Route("persons", {"get": "list", "post": "create"}, "api-person-list"),
        Route("persons/<int:pk>", {"get": "retrieve"}, "api-person-detail"),
        Route(
            "persons/<int:pk>/programme-cover",
            {
                "get": "programme_cover",
                "put": "record_programme_cover",
                "delete": "end_programme_cover",
            },
            "api-person-programme-cover",
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if q := f.get("q", "").strip():
            qs = qs.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q))
        return qs

    def audit_list(self, rows: list[Any], filters: dict[str, Any]) -> None:
        q = filters.get("q", "").strip()
        audit_rows(
            AuditAction.SEARCH if q else AuditAction.LIST,
            Person,
            rows,
            noun=self.audit_noun,
            extra={"q": q} if q else None,
            actor=self.request.user,
        )

    @extend_schema(
        summary="Eén persoon",
        description=(
            "Contactgegevens (`homeAddress`, `phoneNumbers`) staan er alleen in als het beleid "
            "ze u toestaat; anders ontbreken de velden. Of iemand onder een "
            "getuigenbeschermingsprogramma valt: `/persons/{id}/programme-cover`."
        ),
        responses=PersonDetailSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        person = self.get_object(pk)
        grants = set()
        if engine.can(request.user, Resource.PERSON_CONTACT, Action.VIEW, person):
            grants.add("contact")
        audit.record(
            AuditAction.READ, person, changes={"fields_shown": sorted(grants)}, actor=request.user
        )
        data = PersonDetailSerializer(person, context={"grants": grants}).data
        return Response(data)

    @extend_schema(
        summary="Persoon registreren",
        description=(
            "Een persoon zonder casus is voor niemand zichtbaar; het antwoord toont hem eenmalig, "
            "met een claim om hem in een aanmelding (`POST /cases`) te gebruiken."
        ),
        request=PersonCreateSerializer,
        responses={201: PersonCreatedSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(PersonCreateSerializer, request.data)
        person = services.create_person(request.user, services.PersonData(**body))
        data = dict(PersonSerializer(person).data)
        data["claim"] = claims.issue(request.user, person)
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Dekking door getuigenbescherming van een persoon",
        description=(
            "Alleen dát de persoon onder een getuigenbeschermingsprogramma valt, onder welk en "
            "waarom; nooit een nieuwe identiteit of verblijfplaats. Alleen via een "
            "kroongetuigecasus waarin uw recht reikt; anders, of zonder dekking: 404."
        ),
        parameters=[ETAG_HEADER],
        responses=ProgrammeCoverSerializer,
    )
    def programme_cover(self, request: Request, pk: int) -> Response:
        cover = services.read_programme_cover(request.user, pk)
        return Response(ProgrammeCoverSerializer(cover).data, headers={"ETag": etag(cover.version)})

    @extend_schema(
        summary="Dekking door getuigenbescherming vastleggen of bijwerken (OM)",
        description=(
            "Legt vast dát de persoon gedekt is en door welk programma, met onderbouwing. "
            "Bijwerken met de ETag in If-Match."
        ),
        parameters=[if_match(required=False), ETAG_HEADER],
        request=ProgrammeCoverWriteSerializer,
        responses=ProgrammeCoverSerializer,
    )
    def record_programme_cover(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ProgrammeCoverWriteSerializer, request.data)
        cover = services.record_programme_cover(
            request.user, pk, body["programme"], body["reason"], expected_version=expected
        )
        return Response(ProgrammeCoverSerializer(cover).data, headers={"ETag": etag(cover.version)})

    @extend_schema(
        summary="Dekking door getuigenbescherming beëindigen (OM)",
        parameters=[if_match(required=False)],
        request=ProgrammeCoverEndSerializer,
        responses={204: None},
    )
    def end_programme_cover(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ProgrammeCoverEndSerializer, request.data)
        services.end_programme_cover(request.user, pk, body["reason"], expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="De limitatieve lijst (voor zover u die mag zien)",
        responses=LimitativeEntrySerializer(many=True),
    )
)
class LimitativeListViewSet(ListMixin, PolicyViewSet):
    """Persons, objects, services and events on the limitative list, as far as you may see."""

    model = LimitativeEntry
    related = ("owner",)
    list_serializer = LimitativeEntrySerializer
    filter_serializer = LimitativeFilterSerializer
    ordering = ("kind", "name", "pk")
    audit_noun = "vermeldingen"
    policy_needs = {"list": "limitative_entry:view"}
    problem_statuses = {"list": (400,)}
    routes = (Route("limitative-list-entries", {"get": "list"}, "api-limitative-list-entries"),)

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        if kind := f.get("kind"):
            qs = qs.filter(kind=kind)
        if (active := f.get("active")) is not None:
            qs = qs.filter(active=active)
        return qs
