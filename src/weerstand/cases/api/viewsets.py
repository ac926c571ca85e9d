"""`/api/v1/cases`: thin handlers. Reads go through the policy and are audited
(`core.api.mixins`); every write is a call to `cases.services`, which checks, changes and
audits in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit.models import AuditAction
from weerstand.cases import services
from weerstand.cases.api.serializers import (
    ORDERING,
    CaseEventSerializer,
    CaseFilterSerializer,
    CaseListItemSerializer,
    CaseSerializer,
    CaseUpdateSerializer,
    OmTransferSerializer,
    ReferralReceiptSerializer,
    ReferralSerializer,
    RestrictionSerializer,
    TransitionOptionSerializer,
    TransitionRequestSerializer,
    TransitionResultSerializer,
)
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import (
    PolicyViewSet,
    audit_rows,
    etag,
    expected_version,
    reject_unknown,
)
from weerstand.core.errors import InvalidParam, ValidationFailed, VersionMismatch
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.registry import claims
from weerstand.registry import services as registry
from weerstand.registry.models import LimitativeEntry, Person


def visible_persons(user: Any, cases: list[Case]) -> dict[int, Person]:
    """The protectees of `cases` that the user may see, read through the policy."""
    ids = {c.protectee_id for c in cases}
    if not ids:
        return {}
    return {p.pk: p for p in Person.objects.visible_to(user, Action.VIEW).filter(pk__in=ids)}


def _filtered(qs: QuerySet, f: dict[str, Any]) -> QuerySet:
    if f.get("state"):
        qs = qs.filter(state__in=sorted(f["state"]))
    if f.get("phenomenon"):
        qs = qs.filter(phenomenon__in=sorted(f["phenomenon"]))
    if f.get("domain"):
        qs = qs.filter(domain=f["domain"])
    if f.get("referredAfter"):
        qs = qs.filter(referred_at__gte=f["referredAfter"])
    if f.get("referredBefore"):
        qs = qs.filter(referred_at__lt=f["referredBefore"])
    if q := f.get("q", "").strip():
        qs = qs.filter(Q(reference__icontains=q) | Q(codename__icontains=q))
    return qs.order_by(ORDERING[f.get("ordering") or "-referredAt"], "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="Casussen die u mag zien",
        description="Telling en lijst bevatten alleen casussen die u mag zien.",
        responses=CaseListItemSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Eén casus", parameters=[ETAG_HEADER], responses=CaseSerializer),
)
class CaseViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Cases. A case you may not see answers exactly like one that does not exist (404)."""

    model = Case
    related = ("referring_organisation",)
    list_serializer = CaseListItemSerializer
    detail_serializer = CaseSerializer
    filter_serializer = CaseFilterSerializer
    audit_noun = "casussen"
    with_etag = True
    policy_needs = {
        "list": "case:view",
        "retrieve": "case:view",
        "create": "case:create",
        "partial_update": "case:change",
        "transitions": "case:view",
        # Which transition a role may perform is the state machine's table (TRANSITIONS).
        "transition": "case:view",
        "events": "case:view",
        "om_transfer": "case:create",
        "restrict": "compartment:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403, 409, 412, 428),
        "transitions": (400,),
        "transition": (400, 403, 409, 412),
        "events": (400,),
        "om_transfer": (400, 403),
        "restrict": (400, 403, 409),
    }
    routes = (
        Route("cases", {"get": "list", "post": "create"}, "api-case-list"),
        Route("cases/om-transfers", {"post": "om_transfer"}, "api-case-om-transfers"),
        Route("cases/<int:pk>", {"get": "retrieve", "patch": "partial_update"}, "api-case-detail"),
        # Every array is a page (API Design Rules), even a short one.
        Route(
            "cases/<int:pk>/transitions",
            {"get": "transitions", "post": "transition"},
            "api-case-transitions",
        ),
        Route("cases/<int:pk>/events", {"get": "events"}, "api-case-events"),
        Route(
            "cases/<int:pk>/restrictions",
            {"post": "restrict"},
            "api-case-restrictions",
            paginated=False,
        ),
    )

    # --- reads ------------------------------------------------------------------------------

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        return _filtered(qs, f)

    def audit_list(self, rows: list[Case], filters: dict[str, Any]) -> None:
        """A free-text query makes the list a SEARCH, with the query in the record."""
        q = filters.get("q", "").strip()
        audit_rows(
            AuditAction.SEARCH if q else AuditAction.LIST,
            Case,
            rows,
            noun=self.audit_noun,
            extra={"q": q} if q else None,
            actor=self.request.user,
        )

    def serializer_context(self, rows: list[Case]) -> dict[str, Any]:
        return {"persons": visible_persons(self.request.user, rows)}

    @extend_schema(
        summary="Statusovergangen die u nu mag uitvoeren",
        responses=TransitionOptionSerializer(many=True),
    )
    def transitions(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, self.paging_params(), what="filter")
        case = self.get_object(pk)
        options = self.paginate_queryset(services.allowed_transitions(request.user, case))
        self.audit_read(case, reason="toegestane statusovergangen")
        data = [
            {
                "name": t.name,
                "label": t.label,
                "target": t.target,
                "requiresLocalAuthority": False,
                "requiresAdvice": t.name == "advise_authority",
            }
            for t in options
        ]
        return self.get_paginated_response(TransitionOptionSerializer(data, many=True).data)

    @extend_schema(summary="Tijdlijn van de casus", responses=CaseEventSerializer(many=True))
    def events(self, request: Request, pk: int) -> Response:
        # Only the page parameters: the case list's filters mean nothing here.
        reject_unknown(request.query_params, self.paging_params(), what="filter")
        case = self.get_object(pk)
        qs = engine.scope(CaseEvent.objects.filter(case=case.pk), request.user, Action.VIEW)
        page = self.paginate_queryset(qs.order_by("at", "pk"))
        self.audit_read(case, reason="tijdlijn", changes={"events": [e.pk for e in page]})
        return self.get_paginated_response(CaseEventSerializer(page, many=True).data)

    # --- writes -----------------------------------------------------------------------------

    @extend_schema(
        summary="Aanmelden (nieuwe casus)",
        request=ReferralSerializer,
        responses={201: ReferralReceiptSerializer},
    )
    def create(self, request: Request) -> Response:
        body = self._valid(ReferralSerializer, request.data)
        with transaction.atomic():
            case = services.open_case(request.user, self._referral(request.user, body))
        return self._receipt(case)

    @extend_schema(
        summary="Overdracht van een beveiliging door het OM",
        description=(
            "De lopende maatregelen van het OM blijven van kracht tot het gezag (NCTV) "
            "beveiliging start of de casus met een besluit beëindigt."
        ),
        request=OmTransferSerializer,
        responses={201: ReferralReceiptSerializer},
    )
    def om_transfer(self, request: Request) -> Response:
        body = self._valid(OmTransferSerializer, request.data)
        with transaction.atomic():
            case = services.transfer_from_om(
                request.user,
                self._referral(request.user, body),
                interim_measures=body["interim_measures"],
                om_office=body["om_office"],
                reason=body["reason"],
            )
        return self._receipt(case)

    @extend_schema(
        summary="Beschrijvende velden wijzigen",
        description=(
            "Vereist If-Match met de ETag van de versie waarop u voortbouwt: ontbreekt die, "
            "dan 428; is hij verouderd, dan 412 en verandert er niets. Een `version` in de "
            "body die niet gelijk is aan If-Match geeft 409."
        ),
        parameters=[if_match(required=True), ETAG_HEADER],
        request=CaseUpdateSerializer,
        responses=CaseSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        changes = dict(self._valid(CaseUpdateSerializer, request.data))
        body_version = changes.pop("version", None)
        if body_version is not None and body_version != expected:
            raise VersionMismatch(
                f"De versie in de body ({body_version}) is niet die van If-Match ({expected}).",
                invalid_params=[InvalidParam("version", "mismatch", "Gelijk aan If-Match.")],
            )
        if not changes:
            raise ValidationFailed(
                "Er is niets te wijzigen.",
                invalid_params=[InvalidParam("nonFieldErrors", "empty", "Geef een veld op.")],
            )
        services.update_case(request.user, pk, changes, expected_version=expected)
        # The answer is read again through the policy, like any other read.
        case = self.get_object(pk)
        self.audit_read(case, reason="antwoord op wijziging")
        return self.detail_response(case)

    @extend_schema(
        summary="Een statusovergang uitvoeren",
        description=(
            "Met reden (verplicht). `advise_authority` vraagt het advies aan het gezag "
            "(`advice`) en, bij het lokale domein, de gemeente of het OM-parket "
            "(`localAuthority`). Stappen die een besluit van het gezag dragen (aanwijzen, "
            "weigeren, starten, geen maatregelen, voortzetten, beëindigen) worden hier "
            "geweigerd (409): die volgen uit een besluit (`/api/v1/decisions`). Met "
            "If-Match moet de versie de huidige zijn (anders 412). "
            "Het antwoord noemt alleen de uitkomst: na bijvoorbeeld overdracht aan het lokale "
            "domein mag u de casus mogelijk niet meer zien."
        ),
        parameters=[if_match(required=False)],
        request=TransitionRequestSerializer,
        responses={201: OpenApiResponse(TransitionResultSerializer)},
    )
    def transition(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = self._valid(TransitionRequestSerializer, request.data)
        case = services.transition_case(
            request.user,
            pk,
            body["name"],
            reason=body["reason"],
            expected_version=expected,
            advice=body.get("advice"),
            local_authority=body.get("local_authority"),
        )
        result = {
            "case": case.pk,
            "name": body["name"],
            "state": case.state,
            "version": case.version,
            "at": case.updated_at,
        }
        return Response(
            TransitionResultSerializer(result).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(case.version)},
        )

    @extend_schema(
        summary="De casus afschermen in een compartiment (eigenaarskant van het compartiment)",
        description=(
            "Daarna bereikt alleen wie lid is van het compartiment de casus; teamleden daarbuiten "
            "verliezen direct de toegang."
        ),
        request=RestrictionSerializer,
        responses={201: TransitionResultSerializer},
    )
    def restrict(self, request: Request, pk: int) -> Response:
        body = self._valid(RestrictionSerializer, request.data)
        case = services.restrict_case(request.user, pk, body["compartment"], reason=body["reason"])
        result = {
            "case": case.pk,
            "name": "restrict",
            "state": case.state,
            "version": case.version,
            "at": case.updated_at,
        }
        return Response(
            TransitionResultSerializer(result).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag(case.version)},
        )

    # --- helpers ----------------------------------------------------------------------------

    def _valid(self, serializer_class: type, data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        reject_unknown(data, serializer.fields)
        nested = data.get("newProtectee") if hasattr(data, "get") else None
        if isinstance(nested, dict):
            reject_unknown(nested, serializer.fields["newProtectee"].fields, prefix="newProtectee.")
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _referral(self, user: Any, body: dict[str, Any]) -> services.ReferralData:
        """Resolve the protectee (visible person, new person or claim) and the list entry."""
        if body.get("protectee"):
            protectee = (
                Person.objects.visible_to(user, Action.VIEW).filter(pk=body["protectee"]).first()
            )
            if protectee is None:  # absent and hidden read the same
                raise ValidationFailed(
                    "Deze persoon bestaat niet of u mag hem niet zien.",
                    invalid_params=[InvalidParam("protectee", "does-not-exist", "Onbekend.")],
                )
        elif body.get("new_protectee"):
            try:
                protectee = registry.create_person(
                    user, registry.PersonData(**body["new_protectee"])
                )
            except ValidationFailed as exc:
                for p in exc.invalid_params:
                    p.name = f"newProtectee.{p.name}"
                raise
        else:
            protectee = claims.redeem(user, body["protectee_claim"])
        on_list = False
        if body.get("limitative_entry"):
            on_list = (
                LimitativeEntry.objects.visible_to(user, Action.VIEW)
                .filter(pk=body["limitative_entry"], active=True)
                .exists()
            )
            if not on_list:
                raise ValidationFailed(
                    "Deze vermelding bestaat niet of u mag hem niet zien.",
                    invalid_params=[InvalidParam("limitativeEntry", "does-not-exist", "Onbekend.")],
                )
        return services.ReferralData(
            protectee=protectee,
            phenomenon=body["phenomenon"],
            severity=body["severity"],
            summary=body["summary"],
            codename=body.get("codename", ""),
            person_can_resist=body["person_can_resist"],
            employer_can_resist=body["employer_can_resist"],
            classification=body["classification"],
            on_limitative_list=on_list,
        )

    def _receipt(self, case: Case) -> Response:
        return Response(
            ReferralReceiptSerializer(case).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{case.pk}"},
        )
