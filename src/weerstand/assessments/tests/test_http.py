"""Pages and API of the threat picture: segregation, need-to-know, output."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from weerstand import testing as t
from weerstand.accounts.models import User
from weerstand.assessments import selectors, services
from weerstand.assessments.models import Assessment
from weerstand.assessments.tests import builders as b
from weerstand.core.errors import InvalidTransition, NotPermitted

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    c = Client()
    t.login(c, user)
    return c


def test_pages_of_a_finalised_picture_and_its_pdf() -> None:
    w = b.world()
    a = b.finalised(w, position="disagree")
    c = _client(w.decider)
    page = c.get(reverse("assessments:detail", args=[a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aanslag op de route" in html and "Het netwerk kent het woonadres niet." in html
    assert "Resterend meningsverschil" in html and "Niveau 3 is te laag" in html
    assert "Inconsistentiescore" in html
    case_page = c.get(reverse("assessments:case", args=[w.case.pk]))
    assert case_page.status_code == 200 and b"<svg" in case_page.content
    assert b"Tijdlijn als tabel" in case_page.content
    pdf = c.get(reverse("assessments:report", args=[a.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    for needle in ("Aanslag op de route", "Het netwerk kent het woonadres niet", "Admiralty"):
        assert needle in text
    overview = c.get(reverse("assessments:overview"))
    assert overview.status_code == 200 and w.case.reference in overview.content.decode()


def test_decision_maker_reads_but_never_edits_over_http() -> None:
    w = b.world()
    final = b.finalised(w)
    draft = services.start_version(w.author, w.case.pk)
    c = _client(w.decider)
    assert c.get(reverse("assessments:detail", args=[final.pk])).status_code == 200
    # Drafts are not theirs to see: 404 like absent.
    assert c.get(reverse("assessments:detail", args=[draft.pk])).status_code == 404
    for name, args in (
        ("assessments:edit", [draft.pk]),
        ("assessments:step", [draft.pk, "indienen"]),
        ("assessments:step", [final.pk, "vaststellen"]),
        ("assessments:challenge", [final.pk]),
        ("assessments:start", [w.case.pk]),
    ):
        response = c.post(reverse(name, args=args), {"version": 1, "summary": "gewijzigd"})
        assert response.status_code in (403, 404, 409), (name, response.status_code)
    api = t.api_client(w.decider)
    assert api.get(f"/api/v1/assessments/{final.pk}").status_code == 200
    r = api.patch(f"/api/v1/assessments/{draft.pk}", {"summary": "x" * 10}, HTTP_IF_MATCH='"1"')
    assert r.status_code == 404
    r = api.post("/api/v1/assessments", {"case": w.case.pk})
    assert r.status_code in (403, 404)
    assert Assessment.objects.get(pk=draft.pk).summary == final.summary


def test_api_list_pages_and_refuses_absurd_filters() -> None:
    """The list knows its paging parameters and nothing else; a case id beyond the database's
    range is a 400 naming the parameter, never a server error."""
    w = b.world()
    final = b.finalised(w)
    draft = services.start_version(w.author, w.case.pk)
    api = t.api_client(w.author)
    second = api.get("/api/v1/assessments", {"case": w.case.pk, "page": 2, "pageSize": 1})
    assert second.status_code == 200, second.content
    assert [r["id"] for r in second.json()["results"]] == [final.pk]
    assert second.json()["previous"] and second.json()["count"] == 2
    first = api.get("/api/v1/assessments", {"ordering": "-number", "pageSize": 1})
    assert [r["id"] for r in first.json()["results"]] == [draft.pk]
    typo = api.get("/api/v1/assessments", {"pagesize": 1})
    assert typo.status_code == 400
    assert {p["name"] for p in typo.json()["invalidParams"]} == {"pagesize"}
    huge = api.get("/api/v1/assessments", {"case": 2**63})
    assert huge.status_code == 400, huge.content
    assert {p["name"] for p in huge.json()["invalidParams"]} == {"case"}
    assert api.get(f"/api/v1/assessments/{2**63}").status_code == 404


def test_inspector_reads_are_audited() -> None:
    from weerstand.audit.models import AuditRecord

    w = b.world()
    a = b.drafted(w)
    c = _client(w.inspector)
    assert c.get(reverse("assessments:detail", args=[a.pk])).status_code == 200
    assert AuditRecord.objects.filter(
        object_type="assessments.assessment",
        object_id=str(a.pk),
        action="read",
        actor_id=w.inspector.pk,
    ).exists()
    assert c.post(reverse("assessments:step", args=[a.pk, "indienen"])).status_code == 403
    # The refused step leaves a trace, as a refused write through the API does.
    assert AuditRecord.objects.filter(action="denied_write", actor_id=w.inspector.pk).exists()


def test_workflow_through_the_api() -> None:
    w = b.world()
    author, other = t.api_client(w.author), t.api_client(w.challenger)
    r = author.post(
        "/api/v1/assessments",
        {
            "case": w.case.pk,
            "summary": "Integraal oordeel via de API.",
            "threatLevel": 3,
            "recommendedResistance": 2,
            "residualRisk": "Restrisico onderweg.",
            "products": [{"product": w.product.pk, "note": "kern"}],
            "noGaps": True,
            "noGapsReason": "Alle vragen zijn beantwoord.",
            "scenarios": [
                {
                    "title": "Scenario via API",
                    "likelihood": "likely",
                    "impact": "fatal",
                    "triggers": [{"description": "Zitting", "expectedOn": "2031-01-05"}],
                }
            ],
            "assumptions": [
                {"statement": "Aanname via API.", "confidence": "low", "reviewBy": "2031-01-01"}
            ],
        },
    )
    assert r.status_code == 201, r.content
    pk, etag = r.json()["id"], r["ETag"]
    assert r.json()["scenarios"][0]["likelihoodBand"] == [55, 75]
    assert r.json()["products"][0]["grading"] == "B2"
    r = author.patch(f"/api/v1/assessments/{pk}", {"summary": "Nieuw oordeel."})
    assert r.status_code == 428
    r = author.patch(
        f"/api/v1/assessments/{pk}", {"summary": "Nieuw oordeel."}, HTTP_IF_MATCH='"1"'
    )
    assert r.status_code == 412
    r = author.patch(f"/api/v1/assessments/{pk}", {"summry": "typo"}, HTTP_IF_MATCH=etag)
    assert r.status_code == 400
    r = author.patch(f"/api/v1/assessments/{pk}", {"summary": "Nieuw oordeel."}, HTTP_IF_MATCH=etag)
    assert r.status_code == 200 and r.json()["summary"] == "Nieuw oordeel."
    assert author.post(f"/api/v1/assessments/{pk}/finalisations").status_code == 409
    assert author.post(f"/api/v1/assessments/{pk}/submissions").status_code == 201
    body = {
        "summary": "Tegenspraak via de API.",
        "hypotheses": ["H1", "H2"],
        "evidence": ["E1"],
        "ratings": [["C"], ["II"]],
        "disagreements": ["Te hoog."],
    }
    r = author.post(f"/api/v1/assessments/{pk}/challenges", body)
    assert r.status_code == 403  # the author cannot challenge his own version
    r = other.post(f"/api/v1/assessments/{pk}/challenges", body)
    assert r.status_code == 201
    assert [h["inconsistencyScore"] for h in r.json()["challenge"]["hypotheses"]] == [0, 2]
    point = r.json()["challenge"]["points"][0]["id"]
    r = author.post(
        f"/api/v1/assessments/{pk}/answers",
        {"answers": [{"point": point, "position": "partly", "answer": "Deels, zie oordeel."}]},
    )
    assert r.status_code == 201 and "Te hoog." in r.json()["unresolvedDisagreement"]
    r = author.post(f"/api/v1/assessments/{pk}/finalisations")
    assert r.status_code == 201 and r.json()["status"] == "finalised"
    r = author.patch(f"/api/v1/assessments/{pk}", {"summary": "Later."}, HTTP_IF_MATCH=r["ETag"])
    assert r.status_code in (403, 409)
    pdf = author.get(f"/api/v1/assessments/{pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_crown_witness_picture_never_reaches_non_members() -> None:
    marker = "KROONGETUIGE-MARKER-7731"
    w = b.world()
    t.restrict(w.case, "crown_witness", members=(w.author, w.challenger, w.senior))
    a = b.drafted(w)
    a = services.update_assessment(w.author, a.pk, {"summary": marker}, expected_version=a.version)
    services.submit_for_challenge(w.author, a.pk)
    services.record_challenge(w.challenger, a.pk, b.challenge_data())
    a = Assessment.objects.get(pk=a.pk)
    services.answer_challenge(
        w.author, a.pk, {p.pk: ("agree", "Eens.") for p in a.challenge.points.all()}
    )
    a = Assessment.objects.get(pk=a.pk)
    assert a.is_complex and "kroongetuigetraject" in a.complexity_reasons
    services.request_senior_check(w.author, a.pk)
    services.record_senior_check(w.senior, a.pk, note="Akkoord na extra controle.")
    a = services.finalise(w.author, a.pk)
    # The decision-maker is in the case team but not in the crown-witness compartment;
    # the inspector sees everything except restricting compartments he is not a member of.
    for user in (w.decider, w.inspector, w.outsider):
        c = _client(user)
        for url in (
            reverse("assessments:detail", args=[a.pk]),
            reverse("assessments:report", args=[a.pk]),
            reverse("assessments:case", args=[w.case.pk]),
            reverse("assessments:diff", args=[a.pk]),
        ):
            response = c.get(url)
            assert response.status_code == 404, (user, url)
            assert marker.encode() not in response.content
        overview = c.get(reverse("assessments:overview"))
        assert marker.encode() not in overview.content
        assert w.case.reference.encode() not in overview.content
        home = c.get(reverse("core:home"))
        assert w.case.reference.encode() not in home.content
        api = t.api_client(user)
        listing = api.get("/api/v1/assessments")
        assert listing.status_code in (200, 404)
        assert marker.encode() not in listing.content
        if listing.status_code == 200:
            assert all(row["id"] != a.pk for row in listing.json()["results"])
        assert api.get(f"/api/v1/assessments/{a.pk}").status_code == 404
        assert selectors.overview(user) == [] or all(
            r["case"].pk != w.case.pk for r in selectors.overview(user)
        )
    member = _client(w.challenger)
    assert marker.encode() in member.get(reverse("assessments:detail", args=[a.pk])).content


def test_browser_pages_for_the_writer() -> None:
    w = b.world()
    a = services.start_version(w.author, w.case.pk)
    c = _client(w.author)
    page = c.get(reverse("assessments:edit", args=[a.pk]))
    assert page.status_code == 200 and w.product.reference in page.content.decode()
    r = c.post(
        reverse("assessments:add-part", args=[a.pk, "products"]),
        {"products-version": a.version, "products-product": w.product.pk, "products-note": "kern"},
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.product_citations.count() == 1
    r = c.post(
        reverse("assessments:edit", args=[a.pk]),
        {"version": 1, "summary": "Verouderd", "classification": 1},
    )
    assert r.status_code == 412  # stale version: nothing changes, the input is kept
    assert "Verouderd" in r.content.decode()
    other = _client(w.challenger)
    assert other.get(reverse("assessments:challenge", args=[a.pk])).status_code == 403


def test_timeline_draws_only_what_the_reader_may_see() -> None:
    from weerstand.assessments.timeline import case_timeline
    from weerstand.policy.models import CompartmentMembership

    w = b.world(state="protection_active")
    b.finalised(w)
    secret = b.product(w.case, classification=3, title="GEHEIM-TIJDLIJN-4411")
    low = t.user("analyst", clearance=1)
    CompartmentMembership.objects.create(compartment=w.case.team, user=low)
    labels = [m.label for m in case_timeline(low, w.case)["marks"]]
    assert not any(secret.reference in label for label in labels)
    assert any(w.product.reference in label for label in labels)
    assert any(secret.reference in m.label for m in case_timeline(w.author, w.case)["marks"])
    page = _client(low).get(reverse("assessments:case", args=[w.case.pk]))
    assert page.status_code == 200 and secret.reference.encode() not in page.content


def test_pages_offer_what_the_services_allow() -> None:
    """Pages and panels ask the services' `may_*` checks; the services refuse the same."""
    from weerstand.assessments import panels

    w = b.world()
    # Starting a version: offered to a writer of the team while no version is open.
    assert services.may_start_version(w.author, w.case)
    for user in (w.decider, w.inspector, w.outsider):
        assert not services.may_start_version(user, w.case)
    section = panels.case_section(w.author, w.case)
    assert section is not None and section.context["can_start"]
    case_url = reverse("assessments:case", args=[w.case.pk])
    start_url = reverse("assessments:start", args=[w.case.pk]).encode()
    assert start_url in _client(w.author).get(case_url).content
    assert start_url not in _client(w.decider).get(case_url).content
    draft = services.start_version(w.author, w.case.pk)
    assert not services.may_start_version(w.author, w.case)
    section = panels.case_section(w.author, w.case)
    assert section is not None and not section.context["can_start"]
    assert start_url not in _client(w.author).get(case_url).content
    with pytest.raises(InvalidTransition):
        services.start_version(w.author, w.case.pk)
    assert services.can_edit(w.author, draft)
    # The recalibration work and the method pages: writers only; a new template: seniors.
    assert panels.work(w.decider) == [] and panels.counts(w.decider) == []
    assert panels.counts(w.author) != []
    assert not services.may_write_assessments(w.decider)
    decider = _client(w.decider)
    assert decider.get(reverse("assessments:methods")).status_code == 404
    analyst = _client(w.author)
    assert analyst.get(reverse("assessments:methods")).status_code == 200
    new = reverse("assessments:method-new", args=["organised_crime"])
    assert analyst.get(new).status_code == 404
    assert _client(w.senior).get(new).status_code == 200
    assert not services.may_edit_methods(w.author) and services.may_edit_methods(w.senior)
    with pytest.raises(NotPermitted):
        services.new_template_version(
            w.author,
            "organised_crime",
            name="Eigen sjabloon",
            description="",
            effective_from=timezone.localdate(),
            factor_lines="factor | motief | Motief",
        )
