"""Restricting compartments: opened by the side that owns them, every membership change with
a second person of that side, and a case inside one closed to everyone else."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.cases.models import Case, CaseState
from weerstand.cases.services import ReferralData, open_case, restrict_case
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.policy import compartments
from weerstand.policy.models import Alert, ChangeStatus, CompartmentMembership

pytestmark = pytest.mark.django_db
WHY = "Kroongetuigetraject in de zaak tegen een criminele organisatie"


@pytest.fixture
def om() -> dict:
    office = t.org("om")
    return {
        "officer": t.user("om_officer", organisation=office),
        "second": t.user("om_officer", organisation=office),
        "analyst": t.user("senior_analyst"),
        "decider": t.user("decision_maker"),
    }


def _open(om: dict):
    return compartments.create(
        om["officer"], "crown_witness", "Traject Valk", reason=WHY, co_owner=om["second"]
    )


def test_only_the_owning_side_opens_one_and_always_with_a_second_owner(om) -> None:
    with pytest.raises(NotPermitted):
        compartments.create(
            om["analyst"], "crown_witness", "Traject", reason=WHY, co_owner=om["second"]
        )
    with pytest.raises(ValidationFailed):
        compartments.create(
            om["officer"], "crown_witness", "Traject", reason=WHY, co_owner=om["analyst"]
        )
    with pytest.raises(ValidationFailed):
        compartments.create(om["officer"], "case_team", "Team", reason=WHY, co_owner=om["second"])
    c = _open(om)
    owners = set(
        CompartmentMembership.objects.filter(compartment=c).values_list("user", "function")
    )
    assert owners == {(om["officer"].pk, "owner"), (om["second"].pk, "owner")}
    assert Alert.objects.filter(recipient=om["second"], message__contains="Traject Valk").exists()
    # An information coordinator owns shielded investigations, not crown-witness trajectories.
    info = t.user("information_coordinator")
    assert compartments.may_create(info, "shielded_investigation")
    assert not compartments.may_create(info, "crown_witness")


def test_a_member_joins_only_with_a_second_person_of_the_owning_side(om) -> None:
    c = _open(om)
    change = compartments.propose(
        om["officer"], c.pk, om["analyst"].pk, kind="add", reason="Senior analist voor het beeld"
    )
    assert change.status == ChangeStatus.PENDING
    assert not CompartmentMembership.objects.filter(compartment=c, user=om["analyst"]).exists()
    with pytest.raises(NotPermitted):  # not one's own proposal
        compartments.decide(om["officer"], change.pk, approve=True)
    with pytest.raises(Http404):  # not a member: the compartment reads as absent
        compartments.decide(om["decider"], change.pk, approve=True)
    change = compartments.decide(om["second"], change.pk, approve=True)
    assert change.status == ChangeStatus.APPLIED
    assert CompartmentMembership.objects.filter(compartment=c, user=om["analyst"]).exists()
    with pytest.raises(InvalidTransition):
        compartments.decide(om["second"], change.pk, approve=True)
    # A member who is not of the owning side cannot propose.
    with pytest.raises(NotPermitted):
        compartments.propose(
            om["analyst"], c.pk, om["decider"].pk, kind="add", reason="Besluitvormer erbij graag"
        )


def test_a_refusal_needs_a_reason_and_changes_nothing(om) -> None:
    c = _open(om)
    change = compartments.propose(
        om["officer"], c.pk, om["decider"].pk, kind="add", reason="Besluitvormer voor het traject"
    )
    with pytest.raises(ValidationFailed):
        compartments.decide(om["second"], change.pk, approve=False, reason="nee")
    change = compartments.decide(
        om["second"], change.pk, approve=False, reason="Nog niet nodig in deze fase"
    )
    assert change.status == ChangeStatus.REJECTED
    assert not CompartmentMembership.objects.filter(compartment=c, user=om["decider"]).exists()


def test_the_owning_side_never_empties(om) -> None:
    c = _open(om)
    change = compartments.propose(
        om["officer"], c.pk, om["second"].pk, kind="remove", reason="Gaat naar een ander parket"
    )
    compartments.decide(om["second"], change.pk, approve=True)  # the proposer stays
    assert not CompartmentMembership.objects.filter(compartment=c, user=om["second"]).exists()
    third = t.user("om_officer")
    add = compartments.propose(om["officer"], c.pk, third.pk, kind="add", reason="Nieuwe officier")
    with pytest.raises(NotPermitted):  # no second owning-side member left to approve
        compartments.decide(om["officer"], add.pk, approve=True)


def test_a_case_inside_is_closed_to_everyone_else(om) -> None:
    c = _open(om)
    member = compartments.propose(
        om["officer"], c.pk, om["analyst"].pk, kind="add", reason="Senior analist voor het beeld"
    )
    compartments.decide(om["second"], member.pk, approve=True)
    # The OM opens the case straight into its compartment.
    case = open_case(
        om["officer"],
        ReferralData(
            protectee=t.person(),
            phenomenon="organised_crime",
            severity="critical",
            summary="Kroongetuige: dreiging tegen familie en advocaat",
            compartment=c,
        ),
    )
    assert case.restricted_compartment == c
    Case.objects.filter(pk=case.pk).update(state=CaseState.ASSESSMENT)
    CompartmentMembership.objects.create(compartment=case.team, user=om["analyst"])
    CompartmentMembership.objects.create(compartment=case.team, user=om["decider"])
    assert Case.objects.visible_to(om["analyst"]).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(om["decider"]).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(t.user("inspector")).filter(pk=case.pk).exists()
    # Someone outside cannot open a case into it.
    with pytest.raises(NotPermitted):
        open_case(
            om["analyst"],
            ReferralData(
                protectee=t.person(),
                phenomenon="terrorism",
                severity="serious",
                summary="Dreiging",
                compartment=c,
            ),
        )


def test_restricting_an_existing_case(om) -> None:
    c = _open(om)
    case = t.case(
        t.user("police_liaison"), state=CaseState.ASSESSMENT, team=(om["officer"], om["decider"])
    )
    assert Case.objects.visible_to(om["decider"]).filter(pk=case.pk).exists()
    with pytest.raises(Http404):  # the compartment is invisible to a non-member
        restrict_case(om["decider"], case.pk, c.pk, reason="Afschermen graag")
    restrict_case(om["officer"], case.pk, c.pk, reason="De afspraak wordt openbaar")
    assert not Case.objects.visible_to(om["decider"]).filter(pk=case.pk).exists()
    with pytest.raises(InvalidTransition):
        restrict_case(om["officer"], case.pk, c.pk, reason="Nog een keer afschermen")


# --- API and pages ------------------------------------------------------------------------------


def test_the_api_needs_two_people_of_the_owning_side(om) -> None:
    officer, second = t.api_client(om["officer"]), t.api_client(om["second"])
    resp = officer.post(
        "/api/v1/compartments",
        {
            "kind": "crown_witness",
            "name": "Traject Havik",
            "coOwner": om["second"].pk,
            "reason": WHY,
        },
    )
    assert resp.status_code == 201, resp.content
    cid = resp.json()["id"]
    # Invisible to a non-member: the same 404 as an absent compartment.
    outsider = t.api_client(om["decider"])
    hidden = outsider.get(f"/api/v1/compartments/{cid}/members")
    absent = outsider.get("/api/v1/compartments/999999/members")
    assert hidden.status_code == absent.status_code == 404
    assert cid not in [c["id"] for c in outsider.get("/api/v1/compartments").json()["results"]]
    change = officer.post(
        f"/api/v1/compartments/{cid}/membership-changes",
        {"user": om["analyst"].pk, "change": "add", "reason": "Senior analist voor het beeld"},
    ).json()
    url = f"/api/v1/compartments/{cid}/membership-changes/{change['id']}/decisions"
    assert officer.post(url, {"outcome": "approved"}).status_code == 403
    resp = second.post(url, {"outcome": "approved"})
    assert resp.status_code == 201 and resp.json()["status"] == "applied"
    members = {
        m["user"] for m in officer.get(f"/api/v1/compartments/{cid}/members").json()["results"]
    }
    assert om["analyst"].pk in members


def test_the_pages_offer_the_forms_to_the_owning_side_only(om) -> None:
    from django.test import Client
    from django.urls import reverse

    from weerstand.core.tests.test_views_a11y import check

    c = _open(om)
    officer = Client()
    t.login(officer, om["officer"])
    body = officer.get(reverse("policy:compartment", args=[c.pk])).content.decode()
    assert "form-compartment-propose" in body and check(body) == []
    outsider = Client()
    t.login(outsider, om["analyst"])
    assert outsider.get(reverse("policy:compartment", args=[c.pk])).status_code == 404
    resp = officer.post(
        reverse("policy:compartment-propose", args=[c.pk]),
        {
            "propose-user": om["analyst"].pk,
            "propose-change": "add",
            "propose-reason": "Senior analist voor het beeld",
        },
    )
    assert resp.status_code == 302
    change = c.changes.get()
    second = Client()
    t.login(second, om["second"])
    body = second.get(reverse("policy:compartment", args=[c.pk])).content.decode()
    assert f"form-decide-{change.pk}" in body
    second.post(
        reverse("policy:compartment-decide", args=[c.pk, change.pk]),
        {f"d{change.pk}-outcome": "approved"},
    )
    assert CompartmentMembership.objects.filter(compartment=c, user=om["analyst"]).exists()
