"""Need-to-know, by attack: markers planted in other people's letters and objections, and in
the case file, must not reach the protectee, the appeal body or anyone outside the team."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from weerstand import testing as t
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core.errors import InvalidTransition
from weerstand.rights import services
from weerstand.rights.tests import builders as b

pytestmark = pytest.mark.django_db

OTHER_GROUNDS = "BEZWAAR-VAN-EEN-ANDER-5521"
OTHER_REASON = "UITLEG-VOOR-EEN-ANDER-8812"
CASE_MARKER = "CASUSDOSSIER-GEHEIM-3390"


def normalise(resp: Any) -> str:
    """The body without what differs per request anyway (CSRF mask, the page's own path)."""
    text = resp.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return text.replace(resp.request["PATH_INFO"], "PATH")


def client_for(user: Any) -> Client:
    c = Client()
    t.login(c, user)
    return c


@pytest.fixture
def two() -> tuple[b.World, b.World]:
    mine = b.world()
    other = b.world(first="Kees", last="Anders")
    services.save_letter_text(
        other.decider, other.decision.pk, shareable_reason=f"Uitleg {OTHER_REASON} voor u."
    )
    services.lodge_objection(
        other.protectee_user, other.decision.pk, services.ObjectionData(grounds=OTHER_GROUNDS)
    )
    return mine, other


def test_protectee_reads_own_letter_but_never_anothers(two: tuple[b.World, b.World]) -> None:
    mine, other = two
    client = client_for(mine.protectee_user)
    own = client.get(reverse("rights:decision-letter", args=[mine.decision.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "application/pdf"
    missing = client.get(reverse("rights:decision-letter", args=[999999]))
    for name in ("rights:decision-letter", "rights:decision-letter-preview"):
        resp = client.get(reverse(name, args=[other.decision.pk]))
        assert resp.status_code == 404
        if name == "rights:decision-letter":
            assert normalise(resp) == normalise(missing)
        assert OTHER_REASON.encode() not in resp.content
    # Their overview lists only their own decision and no objection of someone else.
    page = client.get(reverse("rights:index")).content.decode()
    assert reverse("rights:decision-letter-preview", args=[mine.decision.pk]) in page
    assert reverse("rights:decision-letter-preview", args=[other.decision.pk]) not in page
    # Named by date and subject in the portal, never by the internal reference.
    assert mine.decision.reference not in page and ": start van beveiliging" in page
    assert other.decision.reference not in page and OTHER_GROUNDS not in page
    # Nor through the API.
    api = t.api_client(mine.protectee_user)
    data = api.get("/api/v1/objections").json()
    assert data["results"] == [] if "results" in data else data == []
    assert OTHER_GROUNDS not in str(data)
    other_id = other.decision.objections.visible_to(other.protectee_user).get().pk
    assert api.get(f"/api/v1/objections/{other_id}").status_code == 404
    # And the protectee cannot object against another person's decision.
    resp = api.post("/api/v1/objections", {"decision": other.decision.pk, "grounds": "Ik ook mee"})
    assert resp.status_code == 404


def test_protectee_sees_no_draft_or_awaiting_decision() -> None:
    w = b.world(status="awaiting_approval")
    client = client_for(w.protectee_user)
    assert client.get(reverse("rights:decision-letter", args=[w.decision.pk])).status_code == 404
    # The decision-maker in the team previews it, marked as a draft; nobody can object yet.
    resp = client_for(w.decider).get(reverse("rights:decision-letter", args=[w.decision.pk]))
    assert resp.status_code == 200 and b"%PDF" in resp.content[:8]
    from weerstand.rights.tests.test_letter import pdf_text

    assert "CONCEPT" in pdf_text(resp.content)
    with pytest.raises(InvalidTransition):
        services.lodge_objection(
            w.analyst,
            w.decision.pk,
            services.ObjectionData("Bezwaar tegen een concept", objector_name="X"),
        )
    rejected = b.decision(w.case, w.decider, w.analyst, status="rejected")
    resp = client_for(w.decider).get(reverse("rights:decision-letter", args=[rejected.pk]))
    assert "AFGEWEZEN" in pdf_text(resp.content)
    assert client.get(reverse("rights:decision-letter", args=[rejected.pk])).status_code == 404


def test_outsiders_get_nothing(two: tuple[b.World, b.World]) -> None:
    _, other = two
    for roles in (("decision_maker",), ("analyst",), ("mayor",), ("relative",), ("employer",)):
        outsider = t.user(*roles)
        client = client_for(outsider)
        resp = client.get(reverse("rights:decision-letter", args=[other.decision.pk]))
        assert resp.status_code == 404, roles
        lst = client.get(reverse("rights:objections"))
        assert OTHER_GROUNDS.encode() not in lst.content
        assert other.decision.reference.encode() not in lst.content


def test_appeal_officer_sees_objection_and_letter_but_not_the_case_file(
    two: tuple[b.World, b.World],
) -> None:
    mine, other = two
    from weerstand.cases.models import Case

    Case.objects.filter(pk=other.case.pk).update(summary=CASE_MARKER)
    officer = t.user("appeal_officer", organisation=t.org("appeal_body"), clearance=1)
    client = client_for(officer)
    objection = other.decision.objections.visible_to(officer).get()
    detail = client.get(reverse("rights:objection-detail", args=[objection.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert OTHER_GROUNDS in body and CASE_MARKER not in body
    assert reverse("cases:detail", args=[other.case.pk]) not in body
    letter = client.get(reverse("rights:decision-letter", args=[other.decision.pk]))
    assert letter.status_code == 200
    # A decision without an objection: no letter. The case file: never.
    assert client.get(reverse("rights:decision-letter", args=[mine.decision.pk])).status_code == 404
    assert client.get(reverse("cases:detail", args=[other.case.pk])).status_code == 404
    assert t.api_client(officer).get(f"/api/v1/cases/{other.case.pk}").status_code == 404
    reads = AuditRecord.objects.filter(actor_id=officer.pk, object_type="rights.objection")
    assert reads.filter(action=AuditAction.READ).exists()


def test_restricted_case_objections_stay_in_the_compartment() -> None:
    w = b.world()
    services.lodge_objection(
        w.protectee_user, w.decision.pk, services.ObjectionData(grounds=OTHER_GROUNDS)
    )
    officer = t.user("appeal_officer", organisation=t.org("appeal_body"))
    t.restrict(w.case, "crown_witness", members=(w.decider, w.analyst))
    page = client_for(officer).get(reverse("rights:objections")).content
    assert OTHER_GROUNDS.encode() not in page and b"BZ-" not in page
    # A new objection there is not announced to the officer; the decision-makers are warned
    # that nobody at the appeal body can see it, so it does not get lost.
    from weerstand.policy.models import Alert

    Alert.objects.all().delete()
    w2 = b.decision(w.case, w.decider, w.analyst)
    services.lodge_objection(
        w.protectee_user, w2.pk, services.ObjectionData("Ook tegen dit besluit bezwaar.")
    )
    assert not Alert.objects.filter(recipient=officer).exists()
    warned = Alert.objects.get(recipient=w.decider)
    assert "geen bezwaarbehandelaar" in warned.message
    # The protectee still reads their own letter and objection.
    assert (
        client_for(w.protectee_user)
        .get(reverse("rights:decision-letter", args=[w.decision.pk]))
        .status_code
        == 200
    )


def test_inspector_reads_are_audited(two: tuple[b.World, b.World]) -> None:
    _, other = two
    inspector = t.user("inspector")
    client = client_for(inspector)
    assert (
        client.get(reverse("rights:decision-letter", args=[other.decision.pk])).status_code == 200
    )
    assert AuditRecord.objects.filter(
        actor_id=inspector.pk, action=AuditAction.EXPORT, object_id=str(other.decision.pk)
    ).exists()
    lst = client.get(reverse("rights:objections"))
    assert OTHER_GROUNDS.encode() not in lst.content  # grounds only on the detail page
    assert AuditRecord.objects.filter(actor_id=inspector.pk, action=AuditAction.LIST).exists()


def test_start_page_panels_leak_nothing(two: tuple[b.World, b.World]) -> None:
    mine, other = two
    b.framework(mine.decider)
    officer = t.user("appeal_officer", organisation=t.org("appeal_body"))
    # The protectee's start page: a reminder to read the framework, nothing of the other.
    protectee = client_for(mine.protectee_user)
    for url in (reverse("core:home"), reverse("portal:overview")):
        home = protectee.get(url).content.decode()
        assert "Ik heb dit gelezen" not in home  # the button is on the framework page
        assert reverse("rights:framework") in home
        assert other.decision.reference not in home and "BZ-" not in home
    # The appeal officer sees the open objection (a row it may open), no case reference.
    home = client_for(officer).get(reverse("core:home")).content.decode()
    assert "Beslissen op bezwaar" in home and other.decision.reference in home
    assert other.case.reference not in home
    # A decision-maker of another team: nothing about the other person's objection.
    stranger = t.user("decision_maker")
    home = client_for(stranger).get(reverse("core:home")).content.decode()
    assert "BZ-" not in home and other.decision.reference not in home
    # The owning analyst of `mine` sees their protectee has not read it; not the other one.
    home = client_for(mine.analyst).get(reverse("core:home")).content.decode()
    assert "Kader rechten en plichten bespreken" in home
    assert mine.case.reference in home and "Anders" not in home
