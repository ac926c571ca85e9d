"""Case resources under `/api/v1/` (kebab-case, no trailing slashes)."""

from django.urls import path

from weerstand.cases.api.local import LocalHandoverViewSet
from weerstand.cases.api.persons import CasePersonViewSet
from weerstand.cases.api.team import CaseTeamViewSet
from weerstand.cases.api.viewsets import CaseViewSet

urlpatterns = [
    path("cases", CaseViewSet.as_view({"get": "list", "post": "create"}), name="api-case-list"),
    path(
        "cases/om-transfers",
        CaseViewSet.as_view({"post": "om_transfer"}),
        name="api-case-om-transfers",
    ),
    path(
        "cases/<int:pk>",
        CaseViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="api-case-detail",
    ),
    path(
        "cases/<int:pk>/transitions",
        # A short list, not a page: no pagination for this URL.
        CaseViewSet.as_view({"get": "transitions", "post": "transition"}, pagination_class=None),
        name="api-case-transitions",
    ),
    path(
        "cases/<int:pk>/events",
        CaseViewSet.as_view({"get": "events"}),
        name="api-case-events",
    ),
    path(
        "cases/<int:pk>/team-members",
        CaseTeamViewSet.as_view({"get": "list", "post": "create"}),
        name="api-case-team-members",
    ),
    path(
        "cases/<int:pk>/team-members/<int:member_id>",
        CaseTeamViewSet.as_view({"patch": "partial_update", "delete": "destroy"}),
        name="api-case-team-member",
    ),
    path(
        "cases/<int:pk>/owner-handovers",
        CaseTeamViewSet.as_view({"post": "handover"}),
        name="api-case-owner-handovers",
    ),
    path(
        "cases/<int:pk>/team-candidates",
        CaseTeamViewSet.as_view({"get": "candidates"}),
        name="api-case-team-candidates",
    ),
    path(
        "cases/<int:pk>/persons",
        CasePersonViewSet.as_view({"get": "list", "post": "create"}),
        name="api-case-persons",
    ),
    path(
        "cases/<int:pk>/persons/<int:link_id>",
        CasePersonViewSet.as_view({"patch": "partial_update", "delete": "destroy"}),
        name="api-case-person",
    ),
    path(
        "cases/<int:pk>/restrictions",
        CaseViewSet.as_view({"post": "restrict"}, pagination_class=None),
        name="api-case-restrictions",
    ),
    path(
        "local-handovers",
        LocalHandoverViewSet.as_view({"get": "list"}),
        name="api-local-handover-list",
    ),
    path(
        "local-handovers/<int:pk>",
        LocalHandoverViewSet.as_view({"get": "retrieve"}),
        name="api-local-handover-detail",
    ),
    path(
        "local-handovers/<int:pk>/acceptances",
        LocalHandoverViewSet.as_view({"post": "acceptances"}, pagination_class=None),
        name="api-local-handover-acceptances",
    ),
    path(
        "local-handovers/<int:pk>/returns",
        LocalHandoverViewSet.as_view({"post": "returns"}, pagination_class=None),
        name="api-local-handover-returns",
    ),
]
