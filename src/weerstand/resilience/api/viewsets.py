"""`/api/v1/resilience-conversations`, their notes and follow-ups, `/api/v1/buddy-matches`
and `/api/v1/buddy-volunteers`: thin handlers over `resilience.services`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.core.api.mixins import ListMixin, RetrieveMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import ETAG_HEADER, if_match
from weerstand.core.api.views import PolicyViewSet, etag, expected_version, validated
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.resilience import rules, selectors, services
from weerstand.resilience.api.serializers import (
    BuddyConsentSerializer,
    BuddyFilterSerializer,
    BuddyMatchCreateSerializer,
    BuddyMatchSerializer,
    BuddyShareSerializer,
    BuddyVolunteerSerializer,
    BuddyWithdrawalSerializer,
    ConversationCreateSerializer,
    ConversationFilterSerializer,
    ConversationNotesSerializer,
    ConversationPatchSerializer,
    ConversationSerializer,
    ResilienceFollowUpCreateSerializer,
    ResilienceFollowUpPatchSerializer,
    ResilienceFollowUpSerializer,
    match_representation,
)
from weerstand.resilience.models import (
    BuddyMatch,
    BuddyVolunteer,
    ConversationNotes,
    FollowUp,
    ResilienceConversation,
)

BASE = "/api/v1/resilience-conversations"


@extend_schema_view(
    list=extend_schema(
        summary="Weerbaarheidsgesprekken die u mag zien",
        description=(
            "Het casusteam en de expert weerbaarheid zien alles behalve de tekst van de "
            "vervolgafspraken (zie `/follow-ups`). De beschermde persoon en naasten zien alleen "
            "hun eigen geplande gesprekken: datum, tijd, fase en met wie; de overige velden zijn "
            "voor hen `null`."
        ),
        responses=ConversationSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Eén weerbaarheidsgesprek",
        parameters=[ETAG_HEADER],
        responses=ConversationSerializer,
    ),
)
class ConversationViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Resilience conversations in three phases (impact, consolidation, end phase)."""

    model = ResilienceConversation
    related = ("person", "expert", "case")
    list_serializer = detail_serializer = ConversationSerializer
    filter_serializer = ConversationFilterSerializer
    ordering = ("-created_at", "-pk")
    audit_noun = "weerbaarheidsgesprekken"
    with_etag = True
    policy_needs = {
        "list": "resilience_conversation:view",
        "retrieve": "resilience_conversation:view",
        "create": "resilience_conversation:create",
        "partial_update": "resilience_conversation:change",
        "notes": "resilience_conversation:change",
        "follow_ups": "resilience_conversation:view",
        "add_follow_up": "resilience_conversation:change",
        "update_follow_up": "resilience_conversation:view",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403, 409, 412, 428),
        "notes": (400, 403, 409, 412),
        "follow_ups": (400,),
        "add_follow_up": (400, 403, 409),
        "update_follow_up": (400, 403, 409, 412),
    }
    routes = (
        Route("resilience-conversations", {"get": "list", "post": "create"}, "api-rc-list"),
        Route(
            "resilience-conversations/<int:pk>",
            {"get": "retrieve", "patch": "partial_update"},
            "api-rc-detail",
        ),
        Route(
            "resilience-conversations/<int:pk>/notes",
            {"post": "notes"},
            "api-rc-notes",
            paginated=False,
        ),
        Route(
            "resilience-conversations/<int:pk>/follow-ups",
            {"get": "follow_ups", "post": "add_follow_up"},
            "api-rc-follow-ups",
        ),
        Route(
            "resilience-conversations/<int:pk>/follow-ups/<int:follow_up_id>",
            {"patch": "update_follow_up"},
            "api-rc-follow-up",
            paginated=False,
        ),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        user = self.request.user
        if not rules.is_staff_reader(user):
            return {"portal": True}
        notes = ConversationNotes.objects.visible_to(user).filter(
            conversation__in=[r.pk for r in rows]
        )
        return {"notes": {n.conversation_id: n for n in notes}}

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        for name in ("case", "status", "phase"):
            if f.get(name):
                qs = qs.filter(**{name: f[name]})
        return qs

    @extend_schema(
        summary="Een weerbaarheidsgesprek plannen (expert weerbaarheid van het casusteam)",
        request=ConversationCreateSerializer,
        responses={201: ConversationSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ConversationCreateSerializer, request.data)
        conversation = services.plan_conversation(
            request.user,
            body["case"],
            services.ConversationPlan(
                person_id=body["person"],
                phase=body["phase"],
                planned_at=body["planned_at"],
                channel=body["channel"],
                place=body["place"],
            ),
        )
        return self.detail_response(
            self.get_object(conversation.pk),
            status.HTTP_201_CREATED,
            Location=f"{BASE}/{conversation.pk}",
        )

    @extend_schema(
        summary="Een gesprek verplaatsen, wijzigen of annuleren",
        description=(
            "Met `status: cancelled` en `cancelReason` gaat het gesprek niet door. Een gesprek "
            "van de eindfase dat nog gepland moet worden, is gepland zodra het een datum heeft."
        ),
        parameters=[if_match(required=True), ETAG_HEADER],
        request=ConversationPatchSerializer,
        responses=ConversationSerializer,
    )
    def partial_update(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=True)
        body = validated(ConversationPatchSerializer, request.data)
        if body.get("status"):
            if set(body) - {"status", "cancel_reason"}:
                raise ValidationFailed(
                    "Annuleren en wijzigen gaan niet tegelijk.",
                    invalid_params=[InvalidParam("status", "invalid", "Alleen met cancelReason.")],
                )
            services.cancel_conversation(
                request.user, pk, reason=body.get("cancel_reason", ""), expected_version=expected
            )
        else:
            if "cancel_reason" in body:
                raise ValidationFailed(
                    "Een reden hoort bij annuleren.",
                    invalid_params=[InvalidParam("cancelReason", "invalid", "Zonder status.")],
                )
            services.update_conversation(request.user, pk, dict(body), expected_version=expected)
        return self.detail_response(self.get_object(pk))

    @extend_schema(
        summary="Het verslag van een gehouden gesprek vastleggen",
        description="Het gesprek is daarmee gehouden. Met If-Match moet de versie de huidige zijn.",
        parameters=[if_match(required=False)],
        request=ConversationNotesSerializer,
        responses={201: ConversationSerializer},
    )
    def notes(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ConversationNotesSerializer, request.data)
        services.record_notes(
            request.user, pk, services.NotesData(**body), expected_version=expected
        )
        return self.detail_response(self.get_object(pk), status.HTTP_201_CREATED)

    def _staff_conversation(self, pk: int) -> ResilienceConversation:
        conversation = self.get_object(pk)
        if not rules.is_staff_reader(self.request.user):
            raise Http404("Niet gevonden")
        return conversation

    @extend_schema(
        summary="Vervolgafspraken van een gesprek",
        responses=ResilienceFollowUpSerializer(many=True),
    )
    def follow_ups(self, request: Request, pk: int) -> Response:
        self.query_filters()
        conversation = self._staff_conversation(pk)
        rows = selectors.follow_ups_of(request.user, conversation)
        page = self.paginate_queryset(rows) or []
        self.audit_read(
            conversation, reason="vervolgafspraken", changes={"ids": [f.pk for f in page]}
        )
        return self.get_paginated_response(ResilienceFollowUpSerializer(page, many=True).data)

    @extend_schema(
        summary="Een vervolgafspraak vastleggen",
        request=ResilienceFollowUpCreateSerializer,
        responses={201: ResilienceFollowUpSerializer},
    )
    def add_follow_up(self, request: Request, pk: int) -> Response:
        body = validated(ResilienceFollowUpCreateSerializer, request.data)
        follow_up = services.add_follow_up(
            request.user,
            pk,
            description=body["description"],
            owner_id=body["owner"],
            due_on=body["due_on"],
        )
        return Response(
            ResilienceFollowUpSerializer(follow_up).data,
            status=status.HTTP_201_CREATED,
            headers={
                "Location": f"{BASE}/{pk}/follow-ups/{follow_up.pk}",
                "ETag": etag(follow_up.version),
            },
        )

    @extend_schema(
        summary="Een vervolgafspraak als gedaan melden (eigenaar of expert)",
        parameters=[if_match(required=False)],
        request=ResilienceFollowUpPatchSerializer,
        responses=ResilienceFollowUpSerializer,
    )
    def update_follow_up(self, request: Request, pk: int, follow_up_id: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(ResilienceFollowUpPatchSerializer, request.data)
        conversation = self._staff_conversation(pk)
        if not body["done"]:
            raise ValidationFailed(
                "Een gedane afspraak kan niet terug naar open.",
                invalid_params=[InvalidParam("done", "invalid", "Alleen true.")],
            )
        found = FollowUp.objects.visible_to(request.user).filter(
            pk=follow_up_id, conversation=conversation.pk
        )
        if not found.exists():
            raise Http404("Niet gevonden")
        follow_up = services.complete_follow_up(
            request.user, follow_up_id, expected_version=expected
        )
        return Response(
            ResilienceFollowUpSerializer(follow_up).data, headers={"ETag": etag(follow_up.version)}
        )


@extend_schema_view(
    list=extend_schema(
        summary="Buddykoppelingen die u mag zien",
        description=(
            "Het casusteam ziet de voornaam van de buddy, de status en welke onderdelen gedeeld "
            "zijn (nooit de teksten). De beschermde persoon ziet de eigen keuzes en de voornaam "
            "van de buddy; de buddy alleen wat de beschermde persoon deelt. Velden die de lezer "
            "niet mag zien zijn `null`."
        ),
        responses=BuddyMatchSerializer(many=True),
    ),
)
class BuddyMatchViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """A buddy (a former protectee) matched with a protectee, with consent of both."""

    model = BuddyMatch
    related = ("protectee", "buddy", "case")
    filter_serializer = BuddyFilterSerializer
    ordering = ("-proposed_at", "-pk")
    audit_noun = "buddykoppelingen"
    with_etag = True
    policy_needs = {
        "list": "buddy_match:view",
        "retrieve": "buddy_match:view",
        "create": "buddy_match:create",
        "consent": "buddy_match:change",
        "withdraw": "buddy_match:change",
        "share": "buddy_match:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403, 409),
        "consent": (400, 403, 409),
        "withdraw": (400, 403, 409),
        "share": (400, 403, 409, 412),
    }
    routes = (
        Route("buddy-matches", {"get": "list", "post": "create"}, "api-buddy-list"),
        Route("buddy-matches/<int:pk>", {"get": "retrieve"}, "api-buddy-detail"),
        Route(
            "buddy-matches/<int:pk>/consents",
            {"post": "consent"},
            "api-buddy-consents",
            paginated=False,
        ),
        Route(
            "buddy-matches/<int:pk>/withdrawals",
            {"post": "withdraw"},
            "api-buddy-withdrawals",
            paginated=False,
        ),
        Route(
            "buddy-matches/<int:pk>/shares",
            {"post": "share"},
            "api-buddy-shares",
            paginated=False,
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        for name in ("case", "status"):
            if f.get(name):
                qs = qs.filter(**{name: f[name]})
        return qs

    def _data(self, match: BuddyMatch) -> dict[str, Any]:
        side = rules.side_of(self.request.user, match)
        if side is None and not rules.is_staff_reader(self.request.user, rules.BM):
            raise Http404("Niet gevonden")
        return BuddyMatchSerializer(match_representation(match, side)).data

    def list(self, request: Request) -> Response:
        filters = self.query_filters()
        qs = self.filter_rows(self.visible(), filters).order_by(*self.ordering)
        page = self.paginate_queryset(qs) or []
        self.audit_list(page, filters)
        return self.get_paginated_response([self._data(m) for m in page])

    def _answer(self, match_id: int, status_code: int = 200) -> Response:
        match = self.get_object(match_id)
        return Response(
            self._data(match), status=status_code, headers={"ETag": etag(match.version)}
        )

    @extend_schema(
        summary="Eén buddykoppeling", parameters=[ETAG_HEADER], responses=BuddyMatchSerializer
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        match = self.get_object(pk)
        self.audit_read(match)
        return Response(self._data(match), headers={"ETag": etag(match.version)})

    @extend_schema(
        summary="Een buddy voorstellen (expert weerbaarheid van het casusteam)",
        description="Beide moeten daarna in hun eigen portaal toestemming geven.",
        request=BuddyMatchCreateSerializer,
        responses={201: BuddyMatchSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(BuddyMatchCreateSerializer, request.data)
        match = services.propose_match(
            request.user, body["case"], buddy_id=body["buddy"], ends_on=body["ends_on"]
        )
        response = self._answer(match.pk, status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/buddy-matches/{match.pk}"
        return response

    @extend_schema(
        summary="Toestemming geven (de beschermde persoon of de buddy zelf)",
        request=BuddyConsentSerializer,
        responses={201: BuddyMatchSerializer},
    )
    def consent(self, request: Request, pk: int) -> Response:
        validated(BuddyConsentSerializer, request.data)
        services.consent(request.user, pk)
        return self._answer(pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="De koppeling stoppen (een van beiden, of de expert met reden)",
        request=BuddyWithdrawalSerializer,
        responses={201: BuddyMatchSerializer},
    )
    def withdraw(self, request: Request, pk: int) -> Response:
        body = validated(BuddyWithdrawalSerializer, request.data)
        services.withdraw(request.user, pk, reason=body["reason"])
        return self._answer(pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Kiezen wat de buddy ziet (de beschermde persoon)",
        parameters=[if_match(required=False)],
        request=BuddyShareSerializer,
        responses={201: BuddyMatchSerializer},
    )
    def share(self, request: Request, pk: int) -> Response:
        expected = expected_version(request, required=False)
        body = validated(BuddyShareSerializer, request.data)
        services.set_shares(
            request.user,
            pk,
            items=list(body["items"]),
            contact=body["contact"],
            message=body["message"],
            expected_version=expected,
        )
        return self._answer(pk, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Beschikbare buddy's (experts weerbaarheid)",
        responses=BuddyVolunteerSerializer(many=True),
    )
)
class VolunteerViewSet(ListMixin, PolicyViewSet):
    """Former protectees who want to be a buddy: names only, never their case."""

    model = BuddyVolunteer
    related = ("person",)
    list_serializer = BuddyVolunteerSerializer
    ordering = ("person__first_name", "person__last_name", "pk")
    audit_noun = "beschikbare buddy's"
    policy_needs = {"list": "buddy_match:create", "create": "buddy_match:create"}
    problem_statuses = {"list": (400,), "create": (400, 403)}
    routes = (Route("buddy-volunteers", {"get": "list", "post": "create"}, "api-buddy-volunteers"),)

    @extend_schema(
        summary="Een oud-beschermde persoon aanmelden als buddy (expert van diens casus)",
        request=BuddyVolunteerSerializer,
        responses={201: BuddyVolunteerSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(BuddyVolunteerSerializer, request.data)
        volunteer = services.register_volunteer(request.user, body["person_id"])
        return Response(BuddyVolunteerSerializer(volunteer).data, status=status.HTTP_201_CREATED)
