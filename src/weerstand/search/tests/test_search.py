"""Search: Dutch stemming, ranking, filters, need-to-know on hits, counts, facets and snippets,
the page, the API, the audit record, and keeping the index current."""

from __future__ import annotations

import base64
import json
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.search import engine, index, text
from weerstand.search.models import SearchDocument
from weerstand.search.tests import builders as b

pytestmark = pytest.mark.django_db

HIDDEN = "ZOEKGEHEIM"  # only in restricted documents


@dataclass
class World:
    analyst: Any
    inspector: Any
    police: Any
    case: Any
    hidden_case: Any
    cw_case: Any
    threat: Any  # "bedreigd" in the body
    titled: Any  # "bedreigingen" in the title
    attached: Any
    hidden: Any  # linked to a case the analyst is not in
    crown: Any  # linked to the crown-witness case
    secret: Any  # classified above the analyst's clearance
    police_org: Any
    kmar_org: Any


@pytest.fixture
def w() -> World:
    referrer = t.user("analyst")
    analyst = t.user("analyst", clearance=2)
    inspector = t.user("inspector", clearance=4)
    police_org = t.org("police", code="politie-zoek")
    kmar_org = t.org("kmar", code="kmar-zoek")
    police = t.user("police_liaison", organisation=police_org)
    case = t.case(referrer, team=(analyst,), state="assessment", phenomenon="terrorism")
    hidden_case = t.case(referrer, state="protection_active")
    cw_case = t.case(referrer, team=(analyst,), state="assessment")
    t.restrict(cw_case, "crown_witness", members=(referrer,))
    day = timezone.now() - timedelta(days=30)
    threat = b.product(
        title="Waarneming bij de woning",
        body="De beschermde persoon werd gisteren bedreigd door twee mannen op een scooter.",
        cases=(case,),
        originator=police_org,
        reliability="B",
        credibility=2,
        phenomenon="terrorism",
        received_at=day,
    )
    titled = b.product(
        title="Bedreigingen tegen de burgemeester",
        summary="Meerdere berichten op sociale media.",
        cases=(case,),
        originator=kmar_org,
        reliability="C",
        credibility=3,
        phenomenon="organised_crime",
    )
    attached = b.product(
        title="Proces-verbaal",
        cases=(case,),
        originator=police_org,
        attachments=(("tapverslag-kentekens.txt", "Het kenteken van de vluchtauto is bekend."),),
    )
    hidden = b.product(
        title="Andere casus",
        body=f"Ernstige bedreigingen {HIDDEN} in een andere casus.",
        cases=(hidden_case,),
        originator=police_org,
        reliability="A",
        credibility=1,
    )
    crown = b.product(
        title="Kroongetuige",
        body=f"Bedreigd in de cel {HIDDEN}.",
        cases=(case, cw_case),
        originator=police_org,
    )
    secret = b.product(
        title="Zeer geheim",
        body=f"Bedreigingen {HIDDEN} volgens een bron.",
        cases=(case,),
        classification=4,
        originator=police_org,
    )
    return World(
        analyst, inspector, police, case, hidden_case, cw_case, threat, titled, attached,
        hidden, crown, secret, police_org, kmar_org,
    )  # fmt: skip


def ids(user: Any, q: str, **filters: Any) -> list[tuple[str, int]]:
    results, _ = engine.search(user, engine.Filters(q=q, **filters))
    return [(d.kind, d.object_id) for d in results]


def products(user: Any, q: str, **filters: Any) -> list[int]:
    return [pk for kind, pk in ids(user, q, **filters) if kind == "product"]


# --- language and ranking -----------------------------------------------------------------


def test_bedreigingen_finds_bedreigd(w: World) -> None:
    found = products(w.analyst, "bedreigingen")
    assert w.threat.pk in found and w.titled.pk in found
    assert set(products(w.analyst, "bedreigd")) == set(found)


def test_a_title_hit_ranks_above_a_body_hit(w: World) -> None:
    found = products(w.analyst, "bedreiging")
    assert found.index(w.titled.pk) < found.index(w.threat.pk)


def test_all_words_must_occur(w: World) -> None:
    assert products(w.analyst, "bedreigd scooter") == [w.threat.pk]
    assert products(w.analyst, "bedreigd burgemeester") == [w.titled.pk]
    assert products(w.analyst, "scooter burgemeester") == []


def test_attachment_text_and_filename_are_searched(w: World) -> None:
    assert products(w.analyst, "vluchtauto") == [w.attached.pk]
    assert products(w.analyst, "tapverslag") == [w.attached.pk]


def test_stop_words_alone_find_nothing(w: World) -> None:
    assert ids(w.analyst, "de het een") == []


def test_cases_are_found_by_codename_and_reference(w: World) -> None:
    assert ("case", w.case.pk) in ids(w.analyst, w.case.reference)
    assert ("case", w.hidden_case.pk) not in ids(w.analyst, w.hidden_case.reference)


# --- filters ---------------------------------------------------------------------------------


def test_filters(w: World) -> None:
    assert products(w.analyst, "bedreigd", reliability="C") == [w.titled.pk]
    assert products(w.analyst, "bedreigd", credibility=2) == [w.threat.pk]
    assert products(w.analyst, "bedreigd", originator=w.kmar_org.pk) == [w.titled.pk]
    assert products(w.analyst, "bedreigd", phenomenon="terrorism") == [w.threat.pk]
    assert ids(w.analyst, "bedreigd", kind="case") == []
    today = timezone.localdate()
    recent = products(w.analyst, "bedreigd", date_from=today - timedelta(days=1))
    assert recent == [w.titled.pk]
    old = products(w.analyst, "bedreigd", date_to=today - timedelta(days=10))
    assert old == [w.threat.pk]


# --- need-to-know: before ranking, counting, facets and snippets ------------------------------


def test_hidden_documents_are_not_found_or_counted(w: World) -> None:
    assert products(w.analyst, HIDDEN) == []
    results, _ = engine.search(w.analyst, engine.Filters(q="bedreigingen"))
    assert results.count() == 2  # threat + titled; hidden, crown and secret do not count
    facets = engine.facets(results)
    assert {(v.value, v.count) for v in facets["reliability"]} == {("B", 1), ("C", 1)}
    assert {(v.value, v.count) for v in facets["credibility"]} == {("2", 1), ("3", 1)}
    assert {(v.label, v.count) for v in facets["originator"]} == {
        (w.police_org.name, 1),
        (w.kmar_org.name, 1),
    }
    assert [(v.value, v.count) for v in facets["kind"]] == [("product", 2)]
    # A hidden document never moves a visible one's rank: the same order without them.
    before = products(w.analyst, "bedreigingen")
    index.remove_ids("product", [w.hidden.pk, w.crown.pk, w.secret.pk])
    assert products(w.analyst, "bedreigingen") == before


def test_inspector_sees_within_clearance_but_not_the_crown_witness_compartment(w: World) -> None:
    found = products(w.inspector, HIDDEN)
    assert w.hidden.pk in found and w.secret.pk in found
    assert w.crown.pk not in found


def test_reach_through_the_organisation(w: World) -> None:
    """A police liaison (no team) finds their own organisation's products only."""
    found = set(products(w.police, "bedreigingen"))
    assert w.titled.pk not in found  # KMar's
    assert w.crown.pk not in found  # crown-witness compartment binds the originator too
    assert w.threat.pk in found


def test_signals_follow_the_signal_rule(w: World) -> None:
    reporter = t.user("police_liaison")
    s = b.signal(what=f"Man met bivakmuts bij de school {HIDDEN}X", reporter=reporter)
    assert ids(w.analyst, "bivakmuts") == [("signal", s.pk)]
    assert ids(reporter, "bivakmuts") == [("signal", s.pk)]  # the reporter's own
    assert ids(w.police, "bivakmuts") == []


def test_snippets_come_from_visible_hits_only(w: World) -> None:
    results, lexemes = engine.search(w.analyst, engine.Filters(q="bedreigd"))
    hits = engine.present(w.analyst, list(results), lexemes)
    by_id = {h.object_id: h for h in hits}
    snippet = by_id[w.threat.pk].snippet
    assert ("bedreigd", True) in snippet
    assert all(HIDDEN not in h.snippet_text for h in hits)


def test_without_a_principal_the_engine_refuses() -> None:
    from django.contrib.auth.models import AnonymousUser

    from weerstand.policy.engine import NoPrincipal

    with pytest.raises(NoPrincipal):
        engine.search(AnonymousUser(), engine.Filters(q="bedreigd"))


# --- keeping the index current ------------------------------------------------------------------


def test_case_changes_through_the_service_are_indexed(w: World) -> None:
    from weerstand.cases import services

    owner = t.user("analyst")
    case = t.case(owner, team=(owner,), state="assessment")
    services.update_case(owner, case.pk, {"codename": "Zonnebloem"}, expected_version=case.version)
    assert ("case", case.pk) in ids(owner, "zonnebloem")


def test_attachment_added_later_is_indexed(w: World) -> None:
    from weerstand.information.models import Attachment

    Attachment.objects.create(
        product=w.threat,
        filename="foto.txt",
        content_type="text/plain",
        size=1,
        sha256="0" * 64,
        content="",
        extracted_text="Een rode bestelbus stond urenlang voor de deur.",
    )
    assert products(w.analyst, "bestelbus") == [w.threat.pk]


def test_deleted_objects_leave_the_index(w: World) -> None:
    pk = w.attached.pk
    w.attached.delete()
    assert not SearchDocument.objects.filter(kind="product", object_id=pk).exists()


def test_the_index_holds_no_plain_words(w: World) -> None:
    for doc in SearchDocument.objects.all():
        stored = json.dumps([doc.vector or "", _fts_row(doc.pk)])
        assert "bedreig" not in stored and "woning" not in stored
        assert HIDDEN.lower() not in stored.lower()


def _fts_row(pk: int) -> list[str]:
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cur:
        cur.execute("SELECT a, b, c, d FROM search_fts WHERE rowid = %s", [pk])
        return list(cur.fetchone() or [])


def test_reindex_command_and_key_rotation(w: World, settings: Any) -> None:
    SearchDocument.objects.filter(kind="product").delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DELETE FROM search_fts")
    assert products(w.analyst, "bedreigd") == []
    call_command("search_reindex", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(products(w.analyst, "bedreigd")) == {w.threat.pk, w.titled.pk}

    # A new field key: entries under the old key are still found until the reindex.
    new_key = base64.b64encode(os.urandom(32)).decode()
    settings.FIELD_ENCRYPTION_KEYS = f"{settings.FIELD_ENCRYPTION_KEYS},99:{new_key}"
    assert text.index_key()[0] == 99
    assert set(products(w.analyst, "bedreigd")) == {w.threat.pk, w.titled.pk}
    call_command("search_reindex", "--stale", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(SearchDocument.objects.values_list("key_version", flat=True)) == {99}
    assert set(products(w.analyst, "bedreigd")) == {w.threat.pk, w.titled.pk}
    assert AuditRecord.objects.filter(object_type="search.searchdocument", action="admin").exists()


# --- the page and the API ---------------------------------------------------------------------


def test_search_page_shows_hits_snippets_and_audits(w: World, client: Client) -> None:
    t.login(client, w.analyst)
    response = client.get("/zoeken/", {"q": "bedreigingen"})
    body = response.content.decode()
    assert response.status_code == 200
    assert w.threat.reference in body and w.titled.reference in body
    assert "<mark>bedreigd</mark>" in body
    assert "2 resultaten" in body
    assert HIDDEN not in body and w.hidden.reference not in body
    record = AuditRecord.objects.filter(action="search").latest("seq")
    assert sorted(record.changes["ids"]["product"]) == sorted([w.threat.pk, w.titled.pk])
    assert record.changes["filter"]["q"] == "bedreigingen"
    assert record.changes["total"] == 2


def test_search_page_htmx_fragment_and_menu(w: World, client: Client) -> None:
    t.login(client, w.analyst)
    page = client.get("/zoeken/")
    assert 'href="/zoeken/"' in page.content.decode()
    fragment = client.get("/zoeken/", {"q": "bedreigd"}, HTTP_HX_REQUEST="true")
    text_ = fragment.content.decode()
    assert "<html" not in text_ and 'hx-swap-oob="innerHTML:#search-count"' in text_


def _page(client: Client, q: str) -> str:
    body = client.get("/zoeken/", {"q": q}).content.decode().replace(q, "X")
    return re.sub(r"\b[A-Za-z0-9_-]{48,}\b", "TOKEN", body)  # CSRF tokens differ per response


def test_hidden_search_answers_like_nothing(w: World, client: Client) -> None:
    t.login(client, w.analyst)
    assert _page(client, HIDDEN) == _page(client, "QQQNIETS")
    api_a = client.get("/api/v1/search", {"q": HIDDEN}).json()
    api_b = client.get("/api/v1/search", {"q": "QQQNIETS"}).json()
    assert api_a == api_b and api_a["count"] == 0


def test_users_without_any_grant_get_404(client: Client) -> None:
    mayor = t.user("mayor")
    t.login(client, mayor)
    assert client.get("/zoeken/", {"q": "bedreigd"}).status_code == 404
    assert 'href="/zoeken/"' not in client.get("/").content.decode()


def test_api_search(w: World, client: Client) -> None:
    t.login(client, w.analyst)
    response = client.get("/api/v1/search", {"q": "bedreigingen", "pageSize": "1"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and len(data["results"]) == 1 and data["next"]
    assert data["results"][0]["id"] == w.titled.pk
    assert data["results"][0]["grading"] == "C3"
    assert {f["value"]: f["count"] for f in data["facets"]["reliability"]} == {"B": 1, "C": 1}
    filtered = client.get(
        "/api/v1/search", {"q": "bedreigd", "originator": "politie-zoek", "kind": "product"}
    ).json()
    assert [r["id"] for r in filtered["results"]] == [w.threat.pk]
    assert any(p["hit"] for p in filtered["results"][0]["snippetParts"])


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "x" * 201},
        {"q": "a", "reliability": "Z"},
        {"q": "a", "credibility": "9"},
        {"q": "a", "kind": "person"},
        {"q": "a", "originator": "bestaat-niet"},
        {"q": "a", "from": "2026-02-01", "to": "2026-01-01"},
        {"q": "a", "unknown": "1"},
        {"q": "a", "page": "0"},
    ],
)
def test_api_bad_input_is_a_problem(w: World, client: Client, params: dict[str, str]) -> None:
    t.login(client, w.analyst)
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_user_who_may_search_nothing_gets_an_empty_answer_not_an_error(w: World) -> None:
    """No searchable grant at all: the restricted set is empty before any SQL is built, which
    must give an empty result (not a server error) and the same answer for any word."""
    adviser = t.user("advisory_body")
    outcome = engine.run(adviser, engine.Filters(q="bedreigingen"))
    assert (outcome.total, outcome.docs) == (0, [])
    client = t.api_client(adviser)
    a = client.get("/api/v1/search", {"q": HIDDEN})
    b_ = client.get("/api/v1/search", {"q": "QQQNIETS"})
    assert a.status_code == b_.status_code
    assert a.status_code in (200, 403, 404)
    assert HIDDEN not in a.content.decode()
