"""The API kernel every viewset shares: declared needs enforced, strict and bounded filters
that know the pagination's parameters, audited reads, and routes built from declarations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.api.mixins import INT_MAX, ListMixin, RetrieveMixin, bound_integers
from weerstand.core.api.problems import PROBLEM_CT
from weerstand.core.api.routes import Route, patterns
from weerstand.core.api.views import PolicyViewSet
from weerstand.signals import services
from weerstand.signals.api.serializers import SignalSerializer
from weerstand.signals.models import Signal
from weerstand.signals.services import SignalData

pytestmark = pytest.mark.django_db

PAGED_LISTS = (
    "/api/v1/signals",
    "/api/v1/gaps",
    "/api/v1/information-requests",
    "/api/v1/threat-products",
    "/api/v1/persons",
    "/api/v1/limitative-list-entries",
    "/api/v1/objections",
    "/api/v1/rights-frameworks",
    "/api/v1/framework-acknowledgements",
    "/api/v1/plan-runs",
    "/api/v1/officers",
    "/api/v1/units",
    "/api/v1/catalogue/measures",
    "/api/v1/catalogue/packages",
)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CT
    return response.json()


def _signal(user: Any, what: str = "Auto reed drie keer langs het huis.") -> Signal:
    return services.record_signal(
        user, SignalData(what=what, happened_at=timezone.now() - timedelta(hours=2))
    )


@pytest.fixture
def analyst() -> Any:
    """An analyst who is also an LCC coordinator and decision-maker: every list is granted."""
    return t.user("analyst", "lcc_coordinator", "decision_maker", "police_liaison")


# --- filters know the pagination, refuse the unknown, bound the integers ---------------------


@pytest.mark.parametrize("url", PAGED_LISTS)
def test_every_list_accepts_its_page_parameters_and_refuses_unknown_ones(
    analyst: Any, url: str
) -> None:
    client = t.api_client(analyst)
    assert client.get(url, {"page": 1, "pageSize": 5}).status_code == 200, url
    body = _problem(client.get(url, {"pageSize": 5, "pagesize": 5}), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["pagesize"]
    assert body["invalidParams"][0]["code"] == "unknown"


@pytest.mark.parametrize("url", ["/api/v1/signals", "/api/v1/gaps", "/api/v1/threat-products"])
@pytest.mark.parametrize("value", [str(INT_MAX + 1), str(-(2**63) - 1), "1" + "0" * 40])
def test_integer_filters_out_of_the_databases_range_are_a_400_not_a_500(
    analyst: Any, url: str, value: str
) -> None:
    body = _problem(t.api_client(analyst).get(url, {"case": value}), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["case"]


def test_an_id_out_of_range_in_the_path_is_a_404() -> None:
    client = t.api_client(t.user("analyst"))
    for url in (f"/api/v1/signals/{INT_MAX + 1}", f"/api/v1/gaps/{10**30}"):
        _problem(client.get(url), 404)


def test_bound_integers_keeps_limits_a_field_has_itself() -> None:
    class Filters(serializers.Serializer):
        case = serializers.IntegerField(required=False)
        grade = serializers.IntegerField(required=False, min_value=1, max_value=6)
        name = serializers.CharField(required=False)

    s = bound_integers(Filters(data={"case": INT_MAX, "grade": 7}))
    assert not s.is_valid()
    assert set(s.errors) == {"grade"}
    s = bound_integers(Filters(data={"case": INT_MAX + 1}))
    assert not s.is_valid() and set(s.errors) == {"case"}


# --- reads are audited: one LIST with the ids shown, one READ per object -----------------------


def test_a_list_page_writes_one_record_with_the_ids_shown_and_a_read_one_more() -> None:
    reporter = t.user("police_liaison")
    first, second = _signal(reporter), _signal(reporter)
    client = t.api_client(t.user("analyst"))
    before = AuditRecord.objects.count()
    body = client.get("/api/v1/signals", {"pageSize": 1}).json()
    assert body["count"] == 2 and len(body["results"]) == 1
    listed = AuditRecord.objects.latest("seq")
    assert AuditRecord.objects.count() == before + 1
    assert listed.action == AuditAction.LIST
    assert listed.changes == {"ids": [body["results"][0]["id"]]}
    assert listed.changes["ids"][0] in (first.pk, second.pk)
    response = client.get(f"/api/v1/signals/{first.pk}")
    assert response.status_code == 200 and response["ETag"] == f'"{first.version}"'
    read = AuditRecord.objects.latest("seq")
    assert (read.action, read.object_id) == (AuditAction.READ, str(first.pk))


def test_hidden_and_absent_answer_alike() -> None:
    signal = _signal(t.user("police_liaison"))
    other_reporter = t.api_client(t.user("police_liaison"))  # sees only own signals
    hidden = _problem(other_reporter.get(f"/api/v1/signals/{signal.pk}"), 404)
    absent = _problem(other_reporter.get("/api/v1/signals/987654"), 404)
    hidden.pop("instance"), absent.pop("instance")
    assert hidden == absent


# --- the declared needs are checked ----------------------------------------------------------


def test_no_grant_is_a_404_problem_and_no_credentials_a_401() -> None:
    from rest_framework.test import APIClient

    _problem(APIClient().get("/api/v1/gaps"), 401)
    mayor = t.api_client(t.user("mayor"))  # no role of the mayor grants gaps
    _problem(mayor.get("/api/v1/gaps"), 404)
    _problem(mayor.post("/api/v1/gaps", {}, format="json"), 404)


def test_a_write_by_someone_who_may_view_reaches_the_service_and_its_403() -> None:
    """An inspector may view signals but not triage them: the service refuses, with reason."""
    signal = _signal(t.user("police_liaison"))
    inspector = t.api_client(t.user("inspector"))
    assert inspector.get(f"/api/v1/signals/{signal.pk}").status_code == 200
    body = _problem(
        inspector.post(
            f"/api/v1/signals/{signal.pk}/triages",
            {"decision": "dismiss", "note": "Niet relevant."},
            format="json",
        ),
        403,
    )
    assert body["code"] == "not-permitted"
    signal.refresh_from_db()
    assert signal.status == "new"


# --- routes ----------------------------------------------------------------------------------


class _Rows(ListMixin, RetrieveMixin, PolicyViewSet):
    model = Signal
    list_serializer = detail_serializer = SignalSerializer
    audit_noun = "signalen"
    policy_needs = {"list": "signal:view", "retrieve": "signal:view"}
    routes = (
        Route("rows", {"get": "list"}, "rows"),
        Route("rows/<int:pk>", {"get": "retrieve"}, "row", paginated=False),
    )

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        return {"visible_cases": set(), "analyst_view": True}


def test_patterns_build_one_url_per_route_with_its_name_and_paging() -> None:
    listing, detail = patterns(_Rows)
    assert (str(listing.pattern), listing.name) == ("rows", "rows")
    assert (str(detail.pattern), detail.name) == ("rows/<int:pk>", "row")
    assert getattr(listing.callback, "actions") == {"get": "list"}  # noqa: B009  # DRF view
    assert "pagination_class" not in getattr(listing.callback, "initkwargs")  # noqa: B009
    assert getattr(detail.callback, "initkwargs") == {"pagination_class": None}  # noqa: B009
    # Routes given beside a viewset that declares none of its own.
    (other,) = patterns((_Rows, (Route("x", {"get": "list"}, "x"),)))
    assert other.name == "x"


def test_patterns_refuse_unknown_actions_and_unrouted_viewsets() -> None:
    with pytest.raises(ValueError, match="no action lsit"):
        patterns((_Rows, (Route("rows", {"get": "lsit"}, "rows"),)))

    class Unrouted(PolicyViewSet):
        pass

    with pytest.raises(ValueError, match="declares no routes"):
        patterns(Unrouted)


def test_a_viewset_built_from_the_mixins_lists_and_reads_through_the_policy() -> None:
    mine = _signal(t.user("police_liaison"), what="Eigen melding met kenmerk.")
    factory = APIRequestFactory()
    listing, detail = patterns(_Rows)
    analyst = t.user("analyst")
    request = factory.get("/rows")
    force_authenticate(request, user=analyst)
    response = listing.callback(request)
    assert response.status_code == 200 and response.data["count"] == 1
    request = factory.get(f"/rows/{mine.pk}")
    force_authenticate(request, user=analyst)
    assert detail.callback(request, pk=mine.pk).data["id"] == mine.pk
    request = factory.get(f"/rows/{mine.pk}")
    force_authenticate(request, user=t.user("mayor"))  # no signal:view at all
    assert detail.callback(request, pk=mine.pk).status_code == 404


# --- the OpenAPI document --------------------------------------------------------------------


def test_a_lists_filter_serializer_is_documented_without_repeating_it(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/gaps"]["get"]["parameters"]}
    assert {"case", "status", "page", "pageSize"} <= names
