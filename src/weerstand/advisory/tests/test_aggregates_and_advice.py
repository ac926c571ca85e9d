"""The advisory body's aggregates through page, API, CSV and PDF; advice and responses; and
the leak hunt: no case reachable, no count 1..9 in any output."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.advisory import services
from weerstand.advisory.models import QuarterCount
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.core.errors import DomainError
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db
YEAR = 2025
API = "/api/v1/advisory-aggregates"
MARKER = "ADVIES-LEK-MARKER-8842"
# (phenomenon, quarter, how many referrals): small cells, zero cells, big cells
PLAN = [
    ("organised_crime", 1, 14),
    ("terrorism", 1, 3),
    ("state_actors", 1, 11),
    ("organised_crime", 2, 12),
    ("radicalised_loner", 2, 1),
    ("terrorism", 2, 10),
    ("organised_crime", 3, 20),
    ("terrorism", 4, 7),
    ("state_actors", 4, 15),
]


def _at(q: int) -> datetime:
    return timezone.make_aware(datetime(YEAR, 3 * (q - 1) + 2, 10, 12, 0))


@pytest.fixture
def world() -> dict[str, Any]:
    referrer = t.user("analyst")
    ids = []
    for phenomenon, q, n in PLAN:
        for _ in range(n):
            c = t.case(referrer, phenomenon=phenomenon, summary=MARKER, codename=MARKER)
            Case.objects.filter(pk=c.pk).update(created_at=_at(q))
            ids.append(c.pk)
    return {
        "referrer": referrer,
        "case_ids": ids,
        "adviser": t.user("advisory_body"),
        "quality": t.user("quality_officer"),
        "inspector": t.user("inspector"),
    }


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?<![\w-])\d+(?![\w-])", text)]


def _no_small(values: Sequence[int | None]) -> None:
    small = [v for v in values if v is not None and 0 < v < 10]
    assert not small, f"counts 1..9 published: {small}"


@pytest.mark.parametrize("period", ["quarter", "year"])
@pytest.mark.parametrize("breakdown", [None, "phenomenon"])
def test_api_never_shows_a_small_count(world: dict, period: str, breakdown: str | None) -> None:
    client = t.api_client(world["adviser"])
    params = {"year": YEAR, "period": period} | ({"breakdown": breakdown} if breakdown else {})
    r = client.get(API, params)
    assert r.status_code == 200, r.content
    data = r.json()
    referrals = next(x for x in data["tables"] if x["indicator"] == "referrals")
    values = [c["value"] for x in data["tables"] for c in x["cells"]]
    _no_small(values)
    assert MARKER not in r.content.decode()
    if period == "year" and breakdown is None:
        assert [c["value"] for c in referrals["cells"]] == [sum(n for _p, _q, n in PLAN)]
    if period == "quarter" and breakdown == "phenomenon":
        by = {(c["period"], c["breakdown"]): c for c in referrals["cells"]}
        assert by[(f"{YEAR}-Q1", "organised_crime")]["value"] == 14
        assert by[(f"{YEAR}-Q1", "terrorism")]["suppressed"] is True
        # A lone small cell next to a published total gets a complementary suppression.
        hidden_q1 = [c for (p, _b), c in by.items() if p == f"{YEAR}-Q1" and c["suppressed"]]
        assert len(hidden_q1) >= 2


def test_exports_never_show_a_small_count_and_are_audited(world: dict) -> None:
    client = t.api_client(world["adviser"])
    for period in ("quarter", "year"):
        base = {"year": YEAR, "period": period, "breakdown": "phenomenon"}
        r = client.get(f"{API}/export", base | {"format": "csv"})
        assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
        text = r.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        cells = [int(v) for row in rows[1:] for v in row[1:] if v.isdigit()]
        _no_small(cells)
        assert MARKER not in text
        r = client.get(f"{API}/export", base | {"format": "pdf"})
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
        pdf_numbers = [n for n in _numbers(pdf_text) if n not in (YEAR, 1, 2, 3, 4, 9, 10)]
        _no_small(pdf_numbers)
        assert MARKER not in pdf_text
    assert t.last_audit(action=AuditAction.EXPORT, object_type="advisory.aggregates")


def test_pages_never_show_a_small_count(world: dict, client: Any) -> None:
    t.login(client, world["adviser"])
    for period in ("quarter", "year"):
        for breakdown in ("", "phenomenon"):
            r = client.get(
                "/advies/cijfers", {"year": YEAR, "period": period, "breakdown": breakdown}
            )
            assert r.status_code == 200
            body = r.content.decode()
            cells = re.findall(r'<td class="num">(?:<strong>)?(\d+)', body)
            assert cells, "the page shows counts"
            _no_small([int(c) for c in cells])
            assert MARKER not in body
    # The older case-count page (cases app) uses the same k.
    old = client.get("/casussen/cijfers")
    assert old.status_code == 200
    old_cells = re.findall(r'<td class="num">(?:<strong>)?(\d+)', old.content.decode())
    _no_small([int(c) for c in old_cells])
    csv_page = client.get("/advies/cijfers.csv", {"year": YEAR, "breakdown": "phenomenon"})
    assert csv_page.status_code == 200 and MARKER not in csv_page.content.decode("utf-8-sig")


def test_the_advisory_body_never_reaches_a_case(world: dict, client: Any) -> None:
    pk = world["case_ids"][0]
    api = t.api_client(world["adviser"])
    assert api.get(f"/api/v1/cases/{pk}").status_code == 404
    listing = api.get("/api/v1/cases")
    assert listing.status_code == 404 or MARKER not in listing.content.decode()
    assert api.get(f"/api/v1/cases/{pk}/inspection-export").status_code == 404
    t.login(client, world["adviser"])
    for url in (f"/casussen/{pk}", f"/audit/casussen/{pk}", f"/inspectie/casussen/{pk}/export"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert MARKER not in r.content.decode()


def test_no_open_quarter_or_year_is_published() -> None:
    adviser = t.user("advisory_body")
    this = timezone.localdate().year
    tables = services.aggregate_tables(adviser, this, "year")
    assert all(c["published"] is False and c["value"] is None for c in tables[0].cells)
    closed, _ = services.closed_state(this, timezone.localdate())
    quarter = services.aggregate_tables(adviser, this, "quarter")[0].cells
    assert [c["published"] for c in quarter] == [q < closed for q in range(4)]


def test_frozen_quarters_do_not_move_when_data_changes(world: dict) -> None:
    assert services.freeze_closed_quarters(timezone.now()) >= 4
    before = services.aggregate_tables(world["adviser"], YEAR, "quarter", "phenomenon")
    c = t.case(world["referrer"], phenomenon="terrorism")
    Case.objects.filter(pk=c.pk).update(created_at=_at(1))  # a late, backdated row
    after = services.aggregate_tables(world["adviser"], YEAR, "quarter", "phenomenon")
    assert [x.cells for x in before] == [x.cells for x in after]
    row = QuarterCount.objects.filter(year=YEAR, quarter=1).first()
    assert row is not None
    with pytest.raises(DomainError):
        row.delete()


@pytest.mark.parametrize(
    "params",
    [
        {"year": "x"},
        {"year": YEAR, "period": "month"},
        {"year": YEAR, "breakdown": "case"},
        {"year": YEAR, "from": "2025-02-01"},
    ],
)
def test_arbitrary_periods_and_unknown_parameters_are_refused(world: dict, params: dict) -> None:
    r = t.api_client(world["adviser"]).get(API, params)
    assert r.status_code == 400


@pytest.mark.parametrize("role", ["analyst", "police_liaison", "quality_officer", "mayor"])
def test_aggregates_are_404_without_the_grant(role: str) -> None:
    assert t.api_client(t.user(role)).get(API, {"year": YEAR}).status_code == 404


def test_advice_with_themes_and_the_nctv_response() -> None:
    adviser = t.user("advisory_body")
    quality = t.user("quality_officer")
    theme = services.create_theme(adviser, "Capaciteit")
    body_client = t.api_client(adviser)
    r = body_client.post(
        "/api/v1/advisory-advice",
        {"title": "Verdringing", "body": "Maak keuzes zichtbaar.", "themes": [theme.pk]},
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["themes"] == [{"id": theme.pk, "name": "Capaciteit"}]
    assert (
        body_client.post("/api/v1/advisory-advice", {"title": "x", "extra": 1}).status_code == 400
    )
    # Only the NCTV's quality function responds; the advisory body cannot.
    assert body_client.post(
        f"/api/v1/advisory-advice/{pk}/responses", {"body": "Eigen reactie"}
    ).status_code in (403, 404)
    q_client = t.api_client(quality)
    r = q_client.post(f"/api/v1/advisory-advice/{pk}/responses", {"body": "Overgenomen."})
    assert r.status_code == 201, r.content
    refused = q_client.post("/api/v1/advisory-advice", {"title": "a", "body": "b"})
    assert refused.status_code == 403  # may read advice, so the service says why
    listed = body_client.get("/api/v1/advisory-advice").json()["results"]
    assert listed[0]["responses"][0]["body"] == "Overgenomen."
    assert t.api_client(t.user("analyst")).get("/api/v1/advisory-advice").status_code == 404


def test_advice_pages(client: Any) -> None:
    adviser = t.user("advisory_body")
    quality = t.user("quality_officer")
    t.login(client, adviser)
    assert client.post("/advies/themas", {"name": "Kwaliteit"}).status_code == 302
    r = client.post("/advies/", {"title": "Herijking", "body": "Vaker herijken."})
    assert r.status_code == 302, r.content
    pk = int(r["Location"].rstrip("/").split("/")[-1])
    assert client.post("/advies/", {"title": ""}).status_code == 400
    assert client.post(f"/advies/{pk}", {"body": "zelf"}).status_code == 404
    client.logout()
    t.login(client, quality)
    page = client.get(f"/advies/{pk}")
    assert page.status_code == 200 and "Vaker herijken." in page.content.decode()
    assert client.post(f"/advies/{pk}", {"body": "Wij nemen het over."}).status_code == 302
    assert "Wij nemen het over." in client.get(f"/advies/{pk}").content.decode()
    assert not CompartmentMembership.objects.filter(user=quality).exists()


def test_the_monitors_share_indicators_reach_the_advisory_body_under_the_same_control() -> None:
    """The same indicators as the quality monitor: its numbers per quarter, and a small one
    hidden like any other count."""
    from weerstand.oversight.tests import builders as b
    from weerstand.oversight.tests.builders import at

    w = b.world()
    for day in range(1, 13):  # twelve signals of Q1 2025, eleven triaged in time
        b.signal(w, w.oc, at(1, day + 1), at(1, day) if day > 1 else at(1, day + 3))
    b.signal(w, w.tr, at(2, 2), at(2, 1))  # one terrorism signal: a small cell
    tables = services.aggregate_tables(t.user("advisory_body"), YEAR, "quarter", "phenomenon")
    table = next(x for x in tables if x.indicator == "signal-triage-on-time")
    q1 = [c for c in table.cells if c["period"] == f"{YEAR}-Q1"]
    by = {c["breakdown"]: c["value"] for c in q1}
    assert by[None] == 12  # the quarter's total, as the monitor counts it
    # One terrorism signal is hidden, and so is its complement: 12 - 11 would give it away.
    assert by["terrorism"] is None and by["organised_crime"] is None
    assert by["state_actors"] == 0
    codes = [x.indicator for x in tables]
    assert {"referrals", "rfi-on-time", "objection-founded"} <= set(codes)
    assert "case-triage-days" not in codes  # a median is not additive: not published
