"""`/api/v1/persons` and `/api/v1/limitative-list`: reads through the policy, writes through
`registry.services`, every read audited."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.pagination import PAGE_PARAMS
from weerstand.core.api.views import PolicyViewSet, audit_rows, reject_unknown
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
)
from weerstand.registry.models import LimitativeEntry, Person


class PersonViewSet(PolicyViewSet):
    """Persons are reached through cases: a person is listed when a visible case names them."""

    policy_needs = {
        "list": "person:view",
        "retrieve": "person:view",
        # Whoever may refer a case may register the person it is about (registry.services).
        "create": "case:create",
    }
    problem_statuses = {"list": (400,), "create": (400, 403)}

    @extend_schema(
        summary="Personen die u mag zien",
        parameters=[PersonFilterSerializer],
        responses=PersonSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, ("q", *PAGE_PARAMS), what="filter")
        filters = PersonFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = Person.objects.visible_to(request.user, Action.VIEW).order_by(
            "last_name", "first_name", "pk"
        )
        q = filters.validated_data.get("q", "").strip()
        if q:
            qs = qs.filter(Q(first_name__icontains=q) | Q(last_name__icontains=q))
        page = self.paginate_queryset(qs)
        audit_rows(
            AuditAction.SEARCH if q else AuditAction.LIST,
            Person,
            page,
            noun="personen",
            extra={"q": q} if q else None,
            actor=request.user,
        )
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    @extend_schema(
        summary="Eén persoon",
        description=(
            "Contactgegevens (`homeAddress`, `phoneNumbers`) en de beschermde identiteit staan "
            "er alleen in als het beleid ze u toestaat; anders ontbreken de velden."
        ),
        responses=PersonDetailSerializer,
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        person = engine.get_for(
            Person.objects.select_related("employer"), request.user, Action.VIEW, pk=pk
        )
        grants = set()
        if engine.can(request.user, Resource.PERSON_CONTACT, Action.VIEW, person):
            grants.add("contact")
        if engine.can(request.user, Resource.PROTECTED_IDENTITY, Action.VIEW, person):
            grants.add("identity")
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
        reject_unknown(request.data, PersonCreateSerializer().fields)
        body = PersonCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person = services.create_person(request.user, services.PersonData(**body.validated_data))
        data = dict(PersonSerializer(person).data)
        data["claim"] = claims.issue(request.user, person)
        return Response(data, status=status.HTTP_201_CREATED)


class LimitativeListViewSet(PolicyViewSet):
    policy_needs = {"list": "limitative_entry:view"}
    problem_statuses = {"list": (400,)}

    @extend_schema(
        summary="De limitatieve lijst (voor zover u die mag zien)",
        parameters=[LimitativeFilterSerializer],
        responses=LimitativeEntrySerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        reject_unknown(request.query_params, ("kind", "active", *PAGE_PARAMS), what="filter")
        filters = LimitativeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = (
            LimitativeEntry.objects.visible_to(request.user, Action.VIEW)
            .select_related("owner")
            .order_by("kind", "name", "pk")
        )
        if kind := filters.validated_data.get("kind"):
            qs = qs.filter(kind=kind)
        if (active := filters.validated_data.get("active")) is not None:
            qs = qs.filter(active=active)
        page = self.paginate_queryset(qs)
        audit_rows(AuditAction.LIST, LimitativeEntry, page, noun="vermeldingen", actor=request.user)
        return self.get_paginated_response(LimitativeEntrySerializer(page, many=True).data)
