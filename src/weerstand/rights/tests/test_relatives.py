"""Letters to relatives and the employer, their objection route, 'Uw brieven' with an alert
and read marking: a brand-new case carried through a start decision."""

from __future__ import annotations

import pytest
from django.http import Http404

from weerstand.audit.models import AuditRecord
from weerstand.core.errors import NotPermitted
from weerstand.policy.models import Alert
from weerstand.rights import letter, rules, services
from weerstand.rights.models import AddressedLetter, LetterKind, Objection
from weerstand.rights.tests import relatives_builders as rb

pytestmark = pytest.mark.django_db


def test_a_taken_decision_sends_letters_to_the_protectee_partner_and_employer() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    letters = {x.person_id: x for x in AddressedLetter.objects.filter(decision=d)}
    assert set(letters) == {rw.protectee.pk, rw.partner.pk, rw.employer.pk}
    assert letters[rw.protectee.pk].kind == LetterKind.PROTECTEE
    household = letters[rw.partner.pk]
    assert household.kind == LetterKind.HOUSEHOLD and household.may_object
    assert "cameratoezicht" in household.measure_codes
    employer = letters[rw.employer.pk]
    assert employer.kind == LetterKind.EMPLOYER
    assert employer.measure_codes == ["beveiligd-vervoer"]
    # Each addressee with an account is told, without any reference in the message.
    for u in (rw.protectee_user, rw.partner_user, rw.employer_user):
        messages = list(Alert.objects.filter(recipient=u).values_list("message", flat=True))
        assert any("nieuwe brief" in m for m in messages)
        assert not any(d.reference in m for m in messages)
    # Idempotent: a second call sends nothing more.
    assert services.address_letters(d) == []


def test_the_relatives_letter_holds_only_what_concerns_them() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    household = AddressedLetter.objects.get(decision=d, person=rw.partner)
    text = letter.build_addressed(household).plain_text()
    assert rb.PARTNER_ASK in text
    assert "camera" in text.lower()
    assert "bezwaar" in text.lower()
    assert d.reference not in text
    assert d.reasoning not in text
    assert "De dreiging tegen u is ernstig" not in text  # the protectee's own 'why'
    assert rw.protectee.last_name not in text
    assert rb.EMPLOYER_ASK not in text
    en = letter.build_addressed(household, "en").plain_text()
    assert "cameras at your home" in en
    pdf = letter.render_pdf(letter.build_addressed(household))
    assert pdf.startswith(b"%PDF")


def test_no_letter_without_the_letters_share_or_anything_that_concerns_them() -> None:
    rw = rb.linked_case(
        partner_shares=["own_measures"],  # no letters
        employer_shares=["letters"],  # letters, but no measures nor expectations to share
    )
    d = rb.decide_start(rw)
    persons = set(AddressedLetter.objects.filter(decision=d).values_list("person_id", flat=True))
    assert persons == {rw.protectee.pk}


def test_letters_are_reached_by_the_addressee_and_the_team_only() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    household = AddressedLetter.objects.get(decision=d, person=rw.partner)
    to_protectee = AddressedLetter.objects.get(decision=d, person=rw.protectee)
    # the addressee reads it; the first read marks it read and is audited
    read = services.read_addressed_letter(rw.partner_user, household.pk)
    assert read.read_at is not None and read.read_by == rw.partner_user
    assert AuditRecord.objects.filter(
        object_type="rights.addressedletter", object_id=str(household.pk), action="read"
    ).exists()
    # the case team reads it without marking it read for the addressee
    services.read_addressed_letter(rw.w.dm1, to_protectee.pk)
    assert AddressedLetter.objects.get(pk=to_protectee.pk).read_at is None
    # the protectee and the employer do not reach the partner's letter
    for u in (rw.protectee_user, rw.employer_user):
        with pytest.raises(Http404):
            services.read_addressed_letter(u, household.pk)
    # the partner does not reach the protectee's letter, by either path
    with pytest.raises(Http404):
        services.read_addressed_letter(rw.partner_user, to_protectee.pk)
    with pytest.raises(Http404):
        rules.get_letter_decision(rw.partner_user, d.pk)


def test_a_relative_with_measures_at_home_may_object_and_only_they_see_it() -> None:
    rw = rb.linked_case()
    d = rb.decide_start(rw)
    objection = services.lodge_objection(
        rw.partner_user, d.pk, services.ObjectionData(grounds="De camera's kijken in onze tuin.")
    )
    assert objection.channel == "portal" and objection.objector_person_id == rw.partner.pk
    assert Objection.objects.visible_to(rw.partner_user).filter(pk=objection.pk).exists()
    assert not Objection.objects.visible_to(rw.protectee_user).filter(pk=objection.pk).exists()
    assert not Objection.objects.visible_to(rw.employer_user).filter(pk=objection.pk).exists()
    # Objecting does not open the protectee's letter to the relative.
    assert not rules.letter_decisions(rw.partner_user).filter(pk=d.pk).exists()
    # The protectee's own objection stays theirs.
    own = services.lodge_objection(
        rw.protectee_user, d.pk, services.ObjectionData(grounds="Ik wil meer beveiliging.")
    )
    assert Objection.objects.visible_to(rw.protectee_user).filter(pk=own.pk).exists()
    assert not Objection.objects.visible_to(rw.partner_user).filter(pk=own.pk).exists()


def test_a_relative_without_a_letter_cannot_object() -> None:
    rw = rb.linked_case(partner_shares=["own_measures"])  # no letters: no letter, no route
    d = rb.decide_start(rw)
    with pytest.raises((Http404, NotPermitted)):
        services.lodge_objection(
            rw.partner_user, d.pk, services.ObjectionData(grounds="Ik ben het er niet mee eens.")
        )


def test_a_stop_tells_the_partner_which_measures_at_home_stop() -> None:
    from django.utils import timezone

    from weerstand.decisions.models import Decision

    rw = rb.linked_case()
    start = rb.decide_start(rw)
    # set-up: the stop written directly (the stop flow is the decisions app's)
    stop = Decision.objects.create(
        reference="BS-T-STOP",
        case=rw.case,
        assessment=start.assessment,
        decision_type="stop",
        reasoning="De dreiging is weg.",
        effective_date=timezone.localdate(),
        status="approved",
        decided_by=rw.w.dm1,
        approved_by=rw.w.dm2,
        approved_at=timezone.now(),
        supersedes=start,
    )
    sent = {x.person_id: x for x in services.address_letters(stop)}
    assert rw.partner.pk in sent and rw.protectee.pk in sent
    text = letter.build_addressed(sent[rw.partner.pk]).plain_text()
    assert "Deze maatregelen bij uw huis stoppen:" in text and "camera" in text.lower()
