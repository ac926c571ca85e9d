"""The contact services without HTTP: who names the contact person, who logs a message, the
history, immutability, and the differences the log marks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import CaseEvent
from weerstand.contact import rules, selectors, services
from weerstand.contact.models import Communication, ContactPersonChange
from weerstand.contact.tests import world as wb
from weerstand.core.errors import ConcurrencyConflict, NotPermitted, ValidationFailed
from weerstand.policy.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> wb.CaseWorld:
    return wb.build()


def test_owner_names_contact_person_with_history_timeline_audit_and_alerts(w: wb.CaseWorld) -> None:
    record = wb.assign(w)
    assert (record.contact, record.deputy, record.version) == (w.expert, w.deputy, 1)
    (change,) = ContactPersonChange.objects.filter(case=w.case)
    assert change.ends_at is None and change.reason == "Vaste stem vanaf de start"
    assert CaseEvent.objects.filter(case=w.case, kind="contact_person").exists()
    assert Alert.objects.filter(recipient=w.expert, case=w.case).exists()
    assert Alert.objects.filter(recipient=w.deputy, case=w.case).exists()
    audit = t.last_audit(object_type="contact.contactperson")
    assert audit.reason == "Vaste stem vanaf de start"
    assert "Op vrijdag" not in str(audit.changes)  # the note is not in the trail

    # A change: the history says who was contact person when.
    other = t.user("analyst")
    from weerstand.policy.models import CompartmentMembership

    CompartmentMembership.objects.create(compartment=w.case.team, user=other)
    services.assign(
        w.owner,
        w.case.pk,
        services.Assignment(contact=other.pk, contact_phone="070 111 2222"),
        reason="Expert met verlof",
        expected_version=1,
    )
    rows = selectors.history(w.owner, w.case)
    assert [r.contact for r in rows] == [other, w.expert]
    assert rows[1].ends_at == rows[0].starts_at


def test_only_the_owner_names_and_only_team_speakers_can_be_named(w: wb.CaseWorld) -> None:
    data = services.Assignment(contact=w.expert.pk, contact_phone="070 751 5050")
    for actor in (w.deputy, w.expert, w.decider):
        with pytest.raises(NotPermitted):
            services.assign(actor, w.case.pk, data, reason="Ik wijs mezelf aan")
    with pytest.raises(Http404):
        services.assign(t.user("analyst"), w.case.pk, data, reason="Buiten het team")
    outsider = t.user("resilience_expert")
    for who in (w.police, w.planner, outsider):
        with pytest.raises(ValidationFailed):
            services.assign(
                w.owner,
                w.case.pk,
                services.Assignment(contact=who.pk, contact_phone="070 751 5050"),
                reason="Niet geschikt",
            )
    with pytest.raises(ValidationFailed):
        services.assign(
            w.owner,
            w.case.pk,
            services.Assignment(contact=w.expert.pk, contact_phone="bel me", deputy=w.expert.pk),
            reason="Zelfde persoon",
        )
    wb.assign(w)
    with pytest.raises(ConcurrencyConflict):
        services.assign(w.owner, w.case.pk, data, reason="Verouderd", expected_version=0)


def test_only_contact_person_or_deputy_log_messages(w: wb.CaseWorld) -> None:
    msg = services.Message(
        recipient=w.protectee_link.pk, text="Camera komt dinsdag.", channel="phone"
    )
    # No contact person yet: the owner speaks for the case.
    first = services.record_message(w.owner, w.case.pk, msg)
    assert first.speaking_as == "owner"
    wb.assign(w)
    with pytest.raises(NotPermitted):
        services.record_message(w.owner, w.case.pk, msg)
    for actor in (w.police, w.planner, w.decider):
        with pytest.raises(NotPermitted):
            services.record_message(actor, w.case.pk, msg)
    assert services.record_message(w.expert, w.case.pk, msg).speaking_as == "contact"
    assert services.record_message(w.deputy, w.case.pk, msg).speaking_as == "deputy"
    assert Communication.objects.filter(case=w.case).count() == 3
    audit = t.last_audit(object_type="contact.communication")
    assert "Camera" not in str(audit.changes)


def test_messages_are_checked_and_never_changed(w: wb.CaseWorld) -> None:
    wb.assign(w)
    other = wb.build("B")
    with pytest.raises(ValidationFailed):  # another case's person is unknown here
        wb.tell(w, other.protectee_link, "Verkeerde casus")
    with pytest.raises(ValidationFailed):
        wb.tell(w, w.protectee_link, "Later", told_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationFailed):
        wb.tell(w, w.protectee_link, "Over een ander", corrects=999999)
    m = wb.tell(w, w.protectee_link, "Camera komt dinsdag.")
    m.text = "gewijzigd"
    with pytest.raises(RuntimeError):
        m.save()
    with pytest.raises(RuntimeError):
        m.delete()
    fix = wb.tell(w, w.protectee_link, "Camera komt woensdag.", corrects=m.pk)
    assert fix.corrects == m


def test_log_marks_differing_latest_messages_per_topic(w: wb.CaseWorld) -> None:
    wb.assign(w)
    a = wb.tell(w, w.protectee_link, "De camera komt dinsdag.")
    b = wb.tell(w, w.partner_link, "De camera komt woensdag.")
    wb.tell(w, w.employer_link, "Bel bij vragen de contactpersoon.", topic="contact")
    wb.tell(w, w.employer_link, "Geen onderwerp, niet vergeleken.", topic="")
    log = selectors.case_log(w.owner, w.case)
    assert log.differing == {a.pk, b.pk}
    assert any("Kerkhof" in name for name in log.told_otherwise[a.pk])
    assert [len(r.messages) for r in log.recipients if r.link_id == w.employer_link.pk] == [2]
    # A correction to the partner that says the same as to the protectee: no mark any more.
    wb.tell(w, w.partner_link, "De camera komt dinsdag!", corrects=b.pk)
    assert selectors.case_log(w.owner, w.case).differing == set()


def test_who_sees_the_log_and_the_contact_person(w: wb.CaseWorld) -> None:
    wb.assign(w, note="NOTITIE")
    mine = wb.tell(w, w.partner_link, "Voor de partner.")
    wb.tell(w, w.protectee_link, "Voor de beveiligde persoon.")
    inspector = t.user("inspector")
    for reader in (w.owner, w.expert, w.deputy, w.decider, inspector):
        assert Communication.objects.visible_to(reader).filter(case=w.case).count() == 2
        assert selectors.contact_for(reader, w.case) is not None
    for outsider in (w.police, w.planner, t.user("analyst"), wb.build("C").tbp):
        assert not Communication.objects.visible_to(outsider).exists()
        assert selectors.contact_for(outsider, w.case) is None
    # Portal: only their own messages; the contact person only where shared.
    assert list(selectors.own_messages(w.partner)) == [mine]
    assert [c.case_id for c in selectors.portal_contacts(w.partner)] == [w.case.pk]
    assert [c.case_id for c in selectors.portal_contacts(w.tbp)] == [w.case.pk]
    assert selectors.portal_contacts(w.employer) == []  # nothing shared with the employer
    assert not selectors.own_messages(w.employer).exists()
    assert rules.is_portal_reader(w.tbp) and not rules.is_portal_reader(w.owner)
