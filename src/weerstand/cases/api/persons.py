"""`/api/v1/cases/{id}/persons`: the persons concerned in a case, with their role and what may
be shared with them. Thin handlers over `cases.persons`; a link is shown only when the case
and the person are both visible to the caller."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.cases import persons, rules
from weerstand.cases.models import Case, CasePersonRole, ShareCategory
from weerstand.core.api.mixins import QueryFiltersMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.registry import services as registry
from weerstand.registry.api.serializers import PersonCreateSerializer


class LinkedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    firstName = serializers.CharField(source="first_name", read_only=True)
    lastName = serializers.CharField(source="last_name", read_only=True)


class CasePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = LinkedPersonSerializer(read_only=True)
    role = serializers.ChoiceField(choices=CasePersonRole.choices, read_only=True)
    roleLabel = serializers.CharField(source="get_role_display", read_only=True)
    shares = serializers.ListField(
        child=serializers.ChoiceField(choices=ShareCategory.choices), read_only=True
    )
    addedAt = serializers.DateTimeField(source="added_at", read_only=True)


class CasePersonCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    newPerson = PersonCreateSerializer(required=False, source="new_person")
    role = serializers.ChoiceField(choices=CasePersonRole.choices)
    shares = serializers.ListField(
        child=serializers.ChoiceField(choices=ShareCategory.choices), required=False
    )
    reason = serializers.CharField(max_length=2000)


class CasePersonUpdateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=CasePersonRole.choices, required=False)
    shares = serializers.ListField(
        child=serializers.ChoiceField(choices=ShareCategory.choices), required=False
    )
    reason = serializers.CharField(max_length=2000)


class UnlinkSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PortalAccountRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Het eigen e-mailadres van de persoon.")
    reason = serializers.CharField(max_length=2000)


class PortalAccountSerializer(serializers.Serializer):
    """The four-eyes request for the account: it takes effect when a second person approves."""

    id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    deliveryEmail = serializers.EmailField(source="delivery_email", read_only=True)
    requestedAt = serializers.DateTimeField(source="requested_at", read_only=True)


def _valid(serializer_class: type, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    reject_unknown(data, serializer.fields)
    nested = data.get("newPerson") if hasattr(data, "get") else None
    if isinstance(nested, dict):
        reject_unknown(nested, serializer.fields["newPerson"].fields, prefix="newPerson.")
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class CasePersonViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """Persons concerned in one case."""

    model = Case  # `get_object()` is the case, read through the policy
    http_method_names = ["get", "post", "patch", "delete", "head"]
    routes = (
        Route("cases/<int:pk>/persons", {"get": "list", "post": "create"}, "api-case-persons"),
        Route(
            "cases/<int:pk>/persons/<int:link_id>",
            {"patch": "partial_update", "delete": "destroy"},
            "api-case-person",
        ),
        Route(
            "cases/<int:pk>/persons/<int:link_id>/portal-accounts",
            {"post": "portal_account"},
            "api-case-person-portal-accounts",
        ),
    )
    policy_needs = {
        "list": "person:view",
        "create": "person:change",
        "partial_update": "person:change",
        "destroy": "person:change",
        "portal_account": "person:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403),
        "destroy": (400, 403),
        "portal_account": (400, 403, 409),
    }

    @extend_schema(summary="Betrokken personen", responses=CasePersonSerializer(many=True))
    def list(self, request: Request, pk: int) -> Response:
        self.query_filters()
        case = self.get_object(pk)
        page = self.paginate_queryset(rules.visible_case_persons(request.user, case))
        self.audit_read(
            case, reason="betrokken personen", changes={"links": [link.pk for link in page]}
        )
        return self.get_paginated_response(CasePersonSerializer(page, many=True).data)

    @extend_schema(
        summary="Een persoon aan de casus koppelen",
        description=(
            "Met `person` (een persoon die u mag zien) of `newPerson` (registreert de persoon). "
            "`shares` noemt wat met deze persoon gedeeld mag worden; zonder: niets."
        ),
        request=CasePersonCreateSerializer,
        responses={201: CasePersonSerializer},
    )
    def create(self, request: Request, pk: int) -> Response:
        body = _valid(CasePersonCreateSerializer, request.data)
        new_person = None
        if body.get("new_person") is not None:
            new_person = registry.PersonData(**body["new_person"])
        try:
            link = persons.link_person(
                request.user,
                pk,
                role=body["role"],
                reason=body["reason"],
                person_id=body.get("person"),
                new_person=new_person,
                shares=body.get("shares"),
            )
        except ValidationFailed as exc:
            for param in exc.invalid_params:
                if param.name in ("first_name", "last_name", "date_of_birth"):
                    param.name = f"newPerson.{_camel(param.name)}"
            raise
        return Response(
            CasePersonSerializer(link).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{pk}/persons/{link.pk}"},
        )

    @extend_schema(
        summary="Rol of gedeelde gegevens van een betrokken persoon wijzigen",
        request=CasePersonUpdateSerializer,
        responses=CasePersonSerializer,
    )
    def partial_update(self, request: Request, pk: int, link_id: int) -> Response:
        body = _valid(CasePersonUpdateSerializer, request.data)
        if "role" not in body and "shares" not in body:
            raise ValidationFailed(
                "Er is niets te wijzigen.",
                invalid_params=[InvalidParam("nonFieldErrors", "empty", "Geef rol of shares.")],
            )
        link = persons.update_link(
            request.user,
            pk,
            link_id,
            reason=body["reason"],
            role=body.get("role"),
            shares=body.get("shares"),
        )
        return Response(CasePersonSerializer(link).data)

    @extend_schema(
        summary="Een betrokken persoon ontkoppelen",
        description="Met reden in de body. De te beveiligen persoon blijft gekoppeld.",
        request=UnlinkSerializer,
        responses={204: None},
    )
    def destroy(self, request: Request, pk: int, link_id: int) -> Response:
        body = _valid(UnlinkSerializer, request.data)
        persons.unlink_person(request.user, pk, link_id, reason=body["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Een portaalaccount aanvragen voor een betrokken persoon",
        description=(
            "Voor de te beveiligen persoon, een naaste of de contactpersoon van de werkgever; "
            "de rol volgt uit de koppeling. Het account gaat pas open als een tweede persoon "
            "(systeembeheer) akkoord geeft; dan krijgt de persoon een eenmalige link op het "
            "eigen e-mailadres."
        ),
        request=PortalAccountRequestSerializer,
        responses={201: PortalAccountSerializer},
    )
    def portal_account(self, request: Request, pk: int, link_id: int) -> Response:
        body = _valid(PortalAccountRequestSerializer, request.data)
        change = persons.request_portal_account(
            request.user, pk, link_id, email=body["email"], reason=body["reason"]
        )
        return Response(PortalAccountSerializer(change).data, status=status.HTTP_201_CREATED)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)
