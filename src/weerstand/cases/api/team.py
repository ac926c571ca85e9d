"""`/api/v1/cases/{id}/team-members`, `/owner-handovers`, `/team-candidates`: the case team.

Thin handlers over `cases.team`: the owner adds, removes and re-assigns members with a reason;
whoever may view the case sees its team. A case you may not see answers 404, as if absent.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.cases import rules, team
from weerstand.cases.models import Case
from weerstand.core.api.mixins import QueryFiltersMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, reject_unknown, validated
from weerstand.core.errors import NotPermitted
from weerstand.policy.models import MemberFunction

FUNCTIONS = [(f, str(label)) for f, label in MemberFunction.choices if f in rules.TEAM_FUNCTIONS]


class TeamUserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    displayName = serializers.CharField(source="display_name", read_only=True)
    organisation = serializers.CharField(source="organisation.code", read_only=True, default="")
    organisationName = serializers.CharField(source="organisation.name", read_only=True, default="")


class TeamMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = TeamUserSerializer(read_only=True)
    function = serializers.ChoiceField(choices=MemberFunction.choices, read_only=True)
    functionLabel = serializers.CharField(source="get_function_display", read_only=True)
    addedAt = serializers.DateTimeField(source="added_at", read_only=True)
    addedBy = serializers.CharField(
        source="added_by.display_name", read_only=True, allow_null=True, default=None
    )


class TeamMemberCreateSerializer(serializers.Serializer):
    user = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    function = serializers.ChoiceField(choices=MemberFunction.choices, required=False)
    reason = serializers.CharField(max_length=2000)


class TeamMemberUpdateSerializer(serializers.Serializer):
    function = serializers.ChoiceField(choices=MemberFunction.choices)
    reason = serializers.CharField(max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class HandoverSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(max_length=2000)


class CandidateFilterSerializer(serializers.Serializer):
    function = serializers.ChoiceField(choices=MemberFunction.choices)


class CaseTeamViewSet(QueryFiltersMixin, ScopedMixin, PolicyViewSet):
    """The team of one case. Members, functions and changes are audited."""

    model = Case  # `get_object()` is the case, read through the policy
    http_method_names = ["get", "post", "patch", "delete", "head"]
    routes = (
        Route(
            "cases/<int:pk>/team-members",
            {"get": "list", "post": "create"},
            "api-case-team-members",
        ),
        Route(
            "cases/<int:pk>/team-members/<int:member_id>",
            {"patch": "partial_update", "delete": "destroy"},
            "api-case-team-member",
        ),
        Route("cases/<int:pk>/owner-handovers", {"post": "handover"}, "api-case-owner-handovers"),
        Route("cases/<int:pk>/team-candidates", {"get": "candidates"}, "api-case-team-candidates"),
    )
    policy_needs = {
        "list": "case:view",
        "create": "case:change",
        "partial_update": "case:change",
        "destroy": "case:change",
        "handover": "case:change",
        "candidates": "case:change",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "partial_update": (400, 403),
        "destroy": (400, 403),
        "handover": (400, 403),
        "candidates": (400, 403),
    }

    @extend_schema(summary="Het casusteam", responses=TeamMemberSerializer(many=True))
    def list(self, request: Request, pk: int) -> Response:
        self.query_filters()
        case = self.get_object(pk)
        page = self.paginate_queryset(team.members(request.user, case))
        self.audit_read(case, reason="casusteam", changes={"members": [m.pk for m in page]})
        return self.get_paginated_response(TeamMemberSerializer(page, many=True).data)

    @extend_schema(
        summary="Een teamlid toevoegen (eigenaar)",
        description="Zonder `function` krijgt het teamlid de eerste functie die bij zijn rol past.",
        request=TeamMemberCreateSerializer,
        responses={201: TeamMemberSerializer},
    )
    def create(self, request: Request, pk: int) -> Response:
        body = validated(TeamMemberCreateSerializer, request.data)
        membership = team.add_member(
            request.user,
            pk,
            body["user"],
            function=body.get("function"),
            reason=body["reason"],
        )
        return Response(
            TeamMemberSerializer(membership).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/v1/cases/{pk}/team-members/{membership.pk}"},
        )

    @extend_schema(
        summary="De functie van een teamlid wijzigen (eigenaar)",
        request=TeamMemberUpdateSerializer,
        responses=TeamMemberSerializer,
    )
    def partial_update(self, request: Request, pk: int, member_id: int) -> Response:
        body = validated(TeamMemberUpdateSerializer, request.data)
        membership = team.change_function(
            request.user, pk, member_id, function=body["function"], reason=body["reason"]
        )
        return Response(TeamMemberSerializer(membership).data)

    @extend_schema(
        summary="Een teamlid verwijderen (eigenaar)",
        description=(
            "Met reden in de body. Het teamlid ziet de casus, haar inhoud en zoekresultaten "
            "daarover direct niet meer."
        ),
        request=ReasonSerializer,
        responses={204: None},
    )
    def destroy(self, request: Request, pk: int, member_id: int) -> Response:
        body = validated(ReasonSerializer, request.data)
        team.remove_member(request.user, pk, member_id, reason=body["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Het eigenaarschap overdragen (eigenaar)",
        description="Het gekozen teamlid wordt eigenaar; u blijft als analist in het team.",
        request=HandoverSerializer,
        responses={201: TeamMemberSerializer(many=True)},
    )
    def handover(self, request: Request, pk: int) -> Response:
        body = validated(HandoverSerializer, request.data)
        team.hand_over(request.user, pk, body["member"], reason=body["reason"])
        case = self.get_object(pk)
        return Response(
            TeamMemberSerializer(team.members(request.user, case), many=True).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Wie u met een functie aan het team kunt toevoegen (eigenaar)",
        parameters=[
            OpenApiParameter("function", str, enum=[f for f, _ in FUNCTIONS], required=True)
        ],
        responses=TeamUserSerializer(many=True),
    )
    def candidates(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, ("function", *self.paging_params()), what="filter")
        filters = CandidateFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        case = self.get_object(pk)
        if not rules.may_manage_team(request.user, case):
            raise NotPermitted("Alleen de eigenaar van de casus beheert het casusteam.")
        page = self.paginate_queryset(
            team.candidates(request.user, case, filters.validated_data["function"])
        )
        return self.get_paginated_response(TeamUserSerializer(page, many=True).data)
