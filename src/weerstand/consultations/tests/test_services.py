"""Consultation services: who records, what is required, never edited, always audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from weerstand import testing as t
from weerstand.audit.models import AuditRecord
from weerstand.consultations import services
from weerstand.consultations.models import Consultation, FollowUp, Participant, Side
from weerstand.consultations.tests import builders as b
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.policy.models import CompartmentMembership

pytestmark = pytest.mark.django_db


def test_both_sides_record_and_it_is_audited() -> None:
    w = b.world()
    c = services.record_consultation(w.om, w.case.pk, b.data(w))
    sides = dict(Participant.objects.filter(consultation=c).values_list("user_id", "side"))
    assert sides == {w.analyst.pk: Side.PROTECTION, w.om.pk: Side.INVESTIGATION}
    assert FollowUp.objects.filter(consultation=c).count() == 1
    assert AuditRecord.objects.filter(
        action="create", object_type__icontains="consultation", case_id=w.case.pk
    ).exists()


def test_one_side_alone_is_refused() -> None:
    w = b.world()
    with pytest.raises(ValidationFailed):
        services.record_consultation(w.analyst, w.case.pk, b.data(w, participant_ids=[]))


def test_partners_without_need_and_outsiders_cannot_record() -> None:
    w = b.world()
    with pytest.raises(NotPermitted):
        services.record_consultation(w.planner, w.case.pk, b.data(w))
    with pytest.raises(Http404):  # the case itself is hidden
        services.record_consultation(w.outsider_om, w.case.pk, b.data(w))
    # A participant who may not read consultations of the case is refused.
    with pytest.raises(ValidationFailed):
        services.record_consultation(
            w.analyst, w.case.pk, b.data(w, participant_ids=[w.om.pk, w.planner.pk])
        )


def test_future_meeting_and_date_without_event_are_refused() -> None:
    w = b.world()
    with pytest.raises(ValidationFailed):
        services.record_consultation(
            w.analyst, w.case.pk, b.data(w, held_at=timezone.now() + timedelta(days=1))
        )
    with pytest.raises(ValidationFailed):
        services.record_consultation(w.analyst, w.case.pk, b.data(w, key_date_event=""))


def test_a_correction_is_a_new_consultation_of_the_same_case() -> None:
    w = b.world()
    first = services.record_consultation(w.analyst, w.case.pk, b.data(w))
    second = services.record_consultation(w.om, w.case.pk, b.data(w, corrects_id=first.pk))
    assert second.corrects_id == first.pk and Consultation.objects.count() == 2
    other = t.case(w.analyst, owner=w.analyst, team=(w.om,))
    with pytest.raises(ValidationFailed):
        services.record_consultation(w.analyst, other.pk, b.data(w, corrects_id=first.pk))


def test_follow_up_completed_once() -> None:
    w = b.world()
    c = services.record_consultation(w.analyst, w.case.pk, b.data(w))
    f = FollowUp.objects.filter(consultation=c).get()
    done = services.complete_follow_up(w.police, c.pk, f.pk)
    assert done.done_at is not None and done.done_by_id == w.police.pk and done.version == 2
    with pytest.raises(InvalidTransition):
        services.complete_follow_up(w.om, c.pk, f.pk)


def test_touches_investigation_by_transfer_compartment_or_link() -> None:
    w = b.world()
    assert not services.touches_investigation(w.case)
    services.link_investigation(
        w.om, w.case.pk, om_office="Parket Midden-Nederland", investigation_name="Onderzoek Eik"
    )
    assert services.touches_investigation(w.case)
    other = t.case(w.analyst, owner=w.analyst)
    t.restrict(other, kind="shielded_investigation", members=(w.analyst,))
    assert services.touches_investigation(other)


def test_removed_member_loses_access() -> None:
    w = b.world()
    c = services.record_consultation(w.analyst, w.case.pk, b.data(w))
    assert Consultation.objects.visible_to(w.om).filter(pk=c.pk).exists()
    CompartmentMembership.objects.filter(compartment=w.case.team, user=w.om).delete()
    om = type(w.om).objects.get(pk=w.om.pk)
    assert not Consultation.objects.visible_to(om).filter(pk=c.pk).exists()


@pytest.mark.slow
def test_demo_records_one_consultation_on_an_om_transfer(seeded_demo: dict[str, object]) -> None:
    c = Consultation.objects.get()
    assert c.case.origin == "om_transfer"
    assert {p.side for p in Participant.objects.filter(consultation=c)} == {
        Side.PROTECTION,
        Side.INVESTIGATION,
    }
