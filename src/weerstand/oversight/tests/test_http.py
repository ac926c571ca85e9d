"""The quality monitor's pages and API: who reaches them, what they answer, what is audited,
and what never leaks through the drill-down, the counts or the error messages."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest
from django.test import Client

from weerstand import testing as t
from weerstand.accounts.roles import Clearance
from weerstand.audit.models import AuditRecord
from weerstand.cases.models import Case
from weerstand.oversight.tests import builders as b
from weerstand.oversight.tests.builders import at

pytestmark = pytest.mark.django_db
API = "/api/v1/quality-indicators"
Q1 = "period=quarter&from=2025-01-01&to=2025-03-31"


def _page(u: Any, url: str) -> Any:
    client = Client()
    t.login(client, u)
    return client.get(url)


@pytest.fixture
def world() -> dict:
    """Signals of four cases in Q1 2025: an ordinary one, a crown-witness case (restricting
    compartment) and a Stg. Zeer Geheim case, both carrying a unique marker in reference and
    codename, and one without a marker that only the inspector may see."""
    w = b.world()
    marker = f"LEAKMARK{uuid.uuid4().hex[:10]}"
    crown = t.case(w.analyst, phenomenon="organised_crime")
    t.restrict(crown, members=(w.analyst,))
    secret = t.case(w.analyst, phenomenon="terrorism")
    Case.objects.filter(pk=secret.pk).update(classification=Clearance.STG_ZEER_GEHEIM)
    for i, c in enumerate((crown, secret)):
        Case.objects.filter(pk=c.pk).update(
            reference=f"{marker}-{i}", codename=f"Werknaam {marker} {i}"
        )
    b.signal(w, w.oc, at(1, 10), at(1, 9))
    b.signal(w, w.tr, at(1, 11), None)
    b.signal(w, crown, at(2, 10), at(2, 11))
    b.signal(w, secret, at(2, 12), at(2, 11))
    return {"w": w, "marker": marker, "crown": crown, "secret": secret}


def test_the_monitor_page_table_chart_and_audit(world: dict) -> None:
    officer = t.user("quality_officer")
    before = AuditRecord.objects.count()
    response = _page(officer, "/kwaliteit/?period=quarter&start=2025-01-01&end=2025-06-30")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in body and "<title" in body and "<caption" in body
    # Q1: 2 of 4 signals triaged on time (all four cases, the hidden ones included).
    assert "2025-K1" in body and "2025-K2" in body
    assert '<td class="num">2</td><td class="num">4</td><td class="num">50,0%</td>' in body
    # The chart's coordinates are never localised (a decimal comma would break the SVG).
    assert 'points="' in body and not re.search(r'c[xy]="\d+,\d', body)
    assert world["marker"] not in body
    assert AuditRecord.objects.count() > before
    assert AuditRecord.objects.filter(object_type="oversight.qualitymonitor").exists()
    # Menu and start page.
    home = _page(officer, "/").content.decode()
    assert "/kwaliteit/" in home


def test_bad_period_choice_is_shown_in_the_form(world: dict) -> None:
    officer = t.user("quality_officer")
    response = _page(officer, "/kwaliteit/?period=week")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    late = _page(officer, "/kwaliteit/?period=month&start=2025-03-01&end=2025-01-01")
    assert late.status_code == 400


def test_drilldown_lists_only_visible_cases_and_says_how_many_are_not(world: dict) -> None:
    inspector = t.user("inspector")  # Stg. Geheim, not in the crown-witness compartment
    url = "/kwaliteit/signal-triage-on-time/casussen?period=quarter&start=2025-01-01"
    before = AuditRecord.objects.filter(action="list", object_type="cases.case").count()
    body = _page(inspector, url).content.decode()
    w = world["w"]
    assert w.oc.reference in body and w.tr.reference in body and w.oc.codename in body
    assert world["marker"] not in body
    assert "2 casussen buiten uw need-to-know" in body
    assert AuditRecord.objects.filter(action="list", object_type="cases.case").count() > before
    # The quality function reads cases like the inspector: within its clearance, outside the
    # restricting compartments it is not a member of.
    officer = t.user("quality_officer")
    officer_body = _page(officer, url).content.decode()
    assert w.oc.reference in officer_body and w.tr.reference in officer_body
    assert "2 casussen buiten uw need-to-know" in officer_body
    assert world["marker"] not in officer_body


def test_roles_without_the_grant_get_404_on_pages_and_api(world: dict) -> None:
    for role in ("analyst", "advisory_body", "protectee", "system_admin"):
        u = t.user(role)
        assert _page(u, "/kwaliteit/").status_code == 404, role
        url = "/kwaliteit/signal-triage-on-time/casussen?period=quarter&start=2025-01-01"
        assert _page(u, url).status_code == 404, role
        assert t.api_client(u).get(API).status_code == 404, role
        cases = f"{API}/rfi-on-time/cases?periodStart=2025-01-01"
        assert t.api_client(u).get(cases).status_code == 404, role


def test_api_lists_every_indicator_per_period(world: dict) -> None:
    api = t.api_client(t.user("quality_officer"))
    data = api.get(f"{API}?{Q1}").json()
    assert data["period"] == "quarter"
    codes = {r["code"] for r in data["results"]}
    assert {"signal-triage-on-time", "rfi-on-time", "experience-positive"} <= codes
    signals = next(r for r in data["results"] if r["code"] == "signal-triage-on-time")
    assert signals["series"] == [
        {
            "periodStart": "2025-01-01",
            "periodEnd": "2025-03-31",
            "periodLabel": "2025-K1",
            "numerator": 2,
            "denominator": 4,
            "value": 50.0,
            "suppressed": False,
        }
    ]
    monthly = api.get(f"{API}/signal-triage-on-time?period=month&from=2025-01-01&to=2025-03-31")
    series = monthly.json()["groups"][0]["series"]
    assert [(p["numerator"], p["denominator"]) for p in series] == [(1, 2), (1, 2), (0, 0)]
    split = api.get(f"{API}/signal-triage-on-time?{Q1}&breakdown=phenomenon").json()
    assert {g["key"]: g["series"][0]["denominator"] for g in split["groups"]} == {
        "organised_crime": 2,
        "terrorism": 2,
    }


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("?period=week", "period"),
        ("?from=2025-13-01", "from"),
        ("?from=2025-03-01&to=2025-01-01", "to"),
        ("?period=month&from=2000-01-01&to=2025-01-01", "from"),
        ("?colour=red", "colour"),
    ],
)
def test_api_bad_parameters_are_a_problem_naming_them(world: dict, query: str, param: str) -> None:
    response = t.api_client(t.user("quality_officer")).get(f"{API}{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert param in {p["name"] for p in response.json()["invalidParams"]}


def test_api_detail_and_cases_errors(world: dict) -> None:
    api = t.api_client(t.user("quality_officer"))
    assert api.get(f"{API}/bestaat-niet").status_code == 404
    assert api.get(f"{API}/rfi-on-time?breakdown=organisation").status_code == 400
    missing = api.get(f"{API}/rfi-on-time/cases")
    assert missing.status_code == 400
    assert "periodStart" in {p["name"] for p in missing.json()["invalidParams"]}
    assert api.get(f"{API}/experience-positive/cases?periodStart=2025-01-01").status_code == 404


def test_api_drilldown_within_need_to_know(world: dict) -> None:
    url = f"{API}/signal-triage-on-time/cases?periodStart=2025-02-01&period=quarter"
    inspector = t.api_client(t.user("inspector")).get(url)
    assert inspector.status_code == 200
    data = inspector.json()
    w = world["w"]
    assert {r["reference"] for r in data["results"]} == {w.oc.reference, w.tr.reference}
    assert data["hiddenCases"] == 2 and (data["numerator"], data["denominator"]) == (2, 4)
    assert world["marker"] not in inspector.content.decode()
    member = t.api_client(w.analyst).get(url)
    assert member.status_code == 404  # analysts hold no monitor grant
    officer = t.api_client(t.user("quality_officer")).get(url)
    assert {r["reference"] for r in officer.json()["results"]} == {w.oc.reference, w.tr.reference}
    assert officer.json()["hiddenCases"] == 2
    assert world["marker"] not in officer.content.decode()


def test_no_marker_anywhere_the_quality_officer_and_inspector_can_reach(world: dict) -> None:
    """Leak hunt of the monitor: every page, API answer and error message, for both roles."""
    marker = world["marker"]
    urls = [
        "/kwaliteit/",
        "/kwaliteit/?period=month&start=2025-01-01&end=2025-03-31",
        "/kwaliteit/?period=week",
        "/kwaliteit/bestaat-niet/casussen?period=quarter&start=2025-01-01",
        "/kwaliteit/experience-positive/casussen?period=quarter&start=2025-01-01",
    ]
    api_urls = [
        f"{API}?{Q1}",
        f"{API}?from={marker}",
        f"{API}/{marker.lower()}",
        f"{API}/signal-triage-on-time?{Q1}&breakdown=phenomenon",
        f"{API}/signal-triage-on-time/cases?periodStart={marker}",
    ]
    from weerstand.oversight.indicators import INDICATORS

    for code in INDICATORS:
        urls.append(f"/kwaliteit/{code}/casussen?period=quarter&start=2025-01-01")
        api_urls.append(f"{API}/{code}/cases?periodStart=2025-01-01&period=year")
    for role in ("quality_officer", "inspector"):
        u = t.user(role)
        client = Client()
        t.login(client, u)
        api = t.api_client(u)
        for url in urls:
            assert marker not in client.get(url).content.decode(), (role, url)
        for url in api_urls:
            assert marker not in api.get(url).content.decode(), (role, url)


def test_national_value_counts_hidden_cases_but_never_names_them(world: dict) -> None:
    from weerstand.oversight.indicators import national_value

    value = national_value("signal-triage-on-time", date(2025, 1, 1), date(2025, 3, 31))
    assert value == {"": (2, 4)}
    assert world["marker"] not in repr(value)
