"""Matching API: who gets what (404 for everyone else), strict bodies, problem+json, audit of
reads and writes, and a value that goes in and never comes back out or lands in a table."""

from __future__ import annotations

import pytest
from django.db import connection

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.matching import services
from weerstand.matching.models import Selector
from weerstand.matching.tests.helpers import add_member, open_investigation, protection_case

pytestmark = pytest.mark.django_db

BASE = "/api/v1/shielded-investigations"
HITS = "/api/v1/hits"


def _tables_containing(needle: str) -> list[str]:
    """Every table and column whose text holds `needle` (case-insensitive), all columns cast
    to text: what a dump of the database would show."""
    found = []
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {q(table)} LIMIT 0")  # noqa: S608 - quoted names
            columns = [d[0] for d in cursor.description]
            for column in columns:
                cast = f"LOWER(CAST({q(column)} AS TEXT))"
                sql = f"SELECT 1 FROM {q(table)} WHERE {cast} LIKE %s LIMIT 1"  # noqa: S608
                cursor.execute(sql, [f"%{needle.lower()}%"])
                if cursor.fetchone():
                    found.append(f"{table}.{column}")
    return found


def test_open_list_and_only_members_see_it() -> None:
    coordinator, om = t.user("information_coordinator"), t.user("om_officer")
    api = t.api_client(coordinator)
    r = api.post(BASE, {"title": "Onderzoek API", "coOwner": om.pk, "reason": "Afgeschermd nu"})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert [row["id"] for row in api.get(BASE).json()["results"]] == [pk]
    assert t.last_audit(object_type="matching.shieldedinvestigation").action == AuditAction.LIST
    for outsider in (t.user("information_coordinator"), t.user("inspector"), t.user("analyst")):
        outside = t.api_client(outsider)
        r = outside.get(BASE)  # no grant at all: 404; a grant but no membership: nothing
        assert r.status_code == 404 or r.json()["results"] == []
        assert outside.get(f"{BASE}/{pk}/selectors").status_code == 404
        r = outside.post(
            f"{BASE}/{pk}/selectors", {"kind": "plate", "value": "12-ABC-3", "label": "auto 1"}
        )
        assert r.status_code == 404
        assert r["Content-Type"].startswith("application/problem+json")


def test_open_refused_and_strict() -> None:
    om = t.user("om_officer")
    r = t.api_client(t.user("analyst")).post(
        BASE, {"title": "Onderzoek", "coOwner": om.pk, "reason": "Afgeschermd nu"}
    )
    assert r.status_code == 404  # no grant: the resource does not exist for them
    r = t.api_client(t.user("information_coordinator")).post(
        BASE, {"title": "Onderzoek", "coOwner": om.pk, "reason": "Afgeschermd nu", "x": 1}
    )
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")


def test_register_never_echoes_or_stores_the_value() -> None:
    s = open_investigation()
    api = t.api_client(s.coordinator)
    url = f"{BASE}/{s.investigation.pk}/selectors"
    values = [
        ("handle", "@Zwaluwstaart_77x", "zwaluwstaart_77x", "account 1"),
        ("plate", "QX-991-Z", "QX991Z", "auto 1"),
        ("phone", "+44 7700 900123", "+447700900123", "telefoon 1"),
        ("name_dob", "Gérard Ondergrondse 14-03-1971", "gerard ondergrondse", "persoon 1"),
        ("address", "Verstopstraat 88-b, 9731 QZ Ergens", "9731QZ|88|B", "adres 1"),
    ]
    for kind, value, _, label in values:
        r = api.post(url, {"kind": kind, "value": value, "label": label})
        assert r.status_code == 201, r.content
        assert set(r.json()) == {"id", "side", "kind", "label", "source", "createdAt"}
        assert value not in r.content.decode()
    r = api.get(url)
    assert r.status_code == 200
    assert sorted(row["label"] for row in r.json()["results"]) == sorted(v[3] for v in values)
    assert t.last_audit(object_type="matching.selector").action == AuditAction.LIST
    assert Selector.objects.filter(investigation=s.investigation).count() == len(values)
    assert "matching_selector.label" in _tables_containing("account 1")  # the scan sees rows
    for _, value, canonical, _ in values:
        for needle in (value, canonical, value.replace(" ", "")):
            assert _tables_containing(needle) == [], needle
    for needle in ("Ondergrondse", "7700900123", "9731QZ", "9731 QZ", "QX991Z", "QX-991-Z"):
        assert _tables_containing(needle) == [], needle


def test_register_bad_value_is_a_problem_without_the_value() -> None:
    s = open_investigation()
    r = t.api_client(s.coordinator).post(
        f"{BASE}/{s.investigation.pk}/selectors",
        {"kind": "phone", "value": "99-secretnumber", "label": "telefoon 1"},
    )
    assert r.status_code == 400
    assert r["Content-Type"].startswith("application/problem+json")
    assert "secretnumber" not in r.content.decode()


def test_case_selectors_for_the_case_team_only() -> None:
    case, _, analyst = protection_case()
    services.refresh_case_selectors(case)
    url = f"/api/v1/cases/{case.pk}/selectors"
    api = t.api_client(analyst)
    r = api.get(url)
    assert r.status_code == 200
    assert len(r.json()["results"]) == 4
    assert all(row["source"] == "derived" for row in r.json()["results"])
    r = api.post(url, {"kind": "plate", "value": "ZZ-123-Q", "label": "auto"})
    assert r.status_code == 201, r.content
    assert t.last_audit(object_type="matching.selector").action == AuditAction.CREATE
    for outsider in (
        t.user("analyst"),
        t.user("inspector"),
        t.user("information_coordinator"),
        t.user("om_officer"),
    ):
        assert t.api_client(outsider).get(url).status_code == 404
        r = t.api_client(outsider).post(url, {"kind": "plate", "value": "ZZ1", "label": "a"})
        assert r.status_code == 404


def test_hits_only_for_the_coordinators_of_the_investigation() -> None:
    case, owner, analyst = protection_case()
    services.refresh_case_selectors(case)
    s = open_investigation()
    member = t.user("om_officer")
    add_member(s, member)
    api = t.api_client(s.coordinator)
    r = api.post(
        f"{BASE}/{s.investigation.pk}/selectors",
        {"kind": "phone", "value": "+31 6 1234 5678", "label": "telefoon 1"},
    )
    assert r.status_code == 201
    services.match_new()

    r = api.get(HITS)
    assert r.status_code == 200
    [hit] = r.json()["results"]
    assert hit["selectorLabel"] == "telefoon 1"
    assert hit["nctvContact"] == owner.display_name
    assert hit["investigation"] == s.investigation.pk
    assert hit["status"] == "new"
    assert "telefoon 1" in hit["message"]
    body = r.content.decode()
    for secret in ("José", "Vries", "12345678", "1234", str(case.reference), case.codename):
        assert secret not in body
    assert "case" not in hit and "caseSelector" not in hit
    assert t.last_audit(object_type="matching.hit").action == AuditAction.LIST

    [seen] = t.api_client(t.user("inspector")).get(HITS).json()["results"]
    assert seen["id"] == hit["id"]  # oversight: that there was a hit, not what it is
    assert seen["selectorLabel"] is seen["nctvContact"] is seen["message"] is None
    for nobody in (
        s.om,
        member,
        owner,
        analyst,
        t.user("information_coordinator"),
    ):
        r = t.api_client(nobody).get(HITS)
        assert r.status_code in (200, 404)
        if r.status_code == 200:
            assert r.json()["results"] == []
