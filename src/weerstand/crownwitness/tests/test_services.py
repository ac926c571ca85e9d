"""Services of crown-witness trajectories, without HTTP: opening, four-eyes membership,
the planned date with its history, status, and the circle with its coverage rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from weerstand import testing as t
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.crownwitness import services
from weerstand.crownwitness.models import CirclePerson, PlannedDateChange, Trajectory
from weerstand.crownwitness.tests.helpers import (
    add_member,
    add_weerstand_person,
    open_trajectory,
    remove_member,
)
from weerstand.policy import compartments
from weerstand.policy.models import ChangeKind, CompartmentKind
from weerstand.registry.services import PersonData

pytestmark = pytest.mark.django_db


def test_om_opens_trajectory_in_own_compartment() -> None:
    s = open_trajectory()
    tr = s.trajectory
    assert tr.compartment.kind == CompartmentKind.CROWN_WITNESS
    assert tr.status == "considered"
    assert set(tr.compartment.memberships.values_list("user", flat=True)) == {s.om.pk, s.om2.pk}
    assert t.last_audit(object_type="crownwitness.trajectory").action == AuditAction.CREATE


def test_only_om_opens() -> None:
    analyst, om2 = t.user("analyst"), t.user("om_officer")
    with pytest.raises(NotPermitted):
        services.open_trajectory(
            analyst, services.TrajectoryData(title="X traject", co_owner=om2.pk, reason="r" * 12)
        )


def test_co_owner_must_be_a_second_om_officer() -> None:
    om, analyst = t.user("om_officer"), t.user("analyst")
    with pytest.raises(ValidationFailed):
        services.open_trajectory(
            om, services.TrajectoryData(title="X traject", co_owner=analyst.pk, reason="r" * 12)
        )
    with pytest.raises(ValidationFailed):
        services.open_trajectory(
            om, services.TrajectoryData(title="X traject", co_owner=om.pk, reason="r" * 12)
        )


def test_linked_to_witness_case_only_when_visible() -> None:
    om, om2 = t.user("om_officer"), t.user("om_officer")
    referrer = t.user("analyst")
    hidden = t.case(referrer)
    with pytest.raises(ValidationFailed):
        services.open_trajectory(
            om,
            services.TrajectoryData(
                title="X traject", co_owner=om2.pk, case=hidden.pk, reason="r" * 12
            ),
        )
    own = t.case(referrer, team=(om,))
    tr = services.open_trajectory(
        om,
        services.TrajectoryData(title="X traject", co_owner=om2.pk, case=own.pk, reason="r" * 12),
    )
    assert tr.case_id == own.pk


def test_membership_needs_second_om_person() -> None:
    s = open_trajectory()
    analyst = t.user("analyst")
    change = compartments.propose(
        s.om,
        s.trajectory.compartment_id,
        analyst.pk,
        kind=ChangeKind.ADD,
        reason="Nodig voor analyse",
    )
    with pytest.raises(NotPermitted):
        compartments.decide(s.om, change.pk, approve=True)
    assert not services.trajectories_for(analyst).exists()
    compartments.decide(s.om2, change.pk, approve=True)
    assert services.trajectories_for(analyst).filter(pk=s.trajectory.pk).exists()


def test_removed_member_loses_access_at_once() -> None:
    s = open_trajectory()
    lcc = t.user("lcc_coordinator")
    add_member(s, lcc)
    add_weerstand_person(s)
    assert services.circle_for(lcc, s.trajectory).count() == 1
    remove_member(s, lcc)
    assert not services.trajectories_for(lcc).exists()
    assert services.circle_for(lcc, s.trajectory).count() == 0
    with pytest.raises(Http404):
        services.get_trajectory(lcc, s.trajectory.pk)


def test_inspector_sees_nothing_unless_member() -> None:
    s = open_trajectory()
    inspector = t.user("inspector")
    assert not services.trajectories_for(inspector).exists()
    add_member(s, inspector)
    assert services.trajectories_for(inspector).exists()


def test_planned_date_needs_reason_and_keeps_history() -> None:
    s = open_trajectory()
    with pytest.raises(ValidationFailed):
        services.set_planned_date(s.om, s.trajectory.pk, date(2027, 3, 1), reason="kort")
    tr = services.set_planned_date(
        s.om, s.trajectory.pk, date(2027, 3, 1), reason="Eerste zitting gepland"
    )
    tr = services.set_planned_date(
        s.om, tr.pk, date(2027, 4, 1), reason="Zitting is verplaatst", expected_version=tr.version
    )
    assert tr.planned_date == date(2027, 4, 1)
    history = list(PlannedDateChange.objects.filter(trajectory=tr).order_by("pk"))
    assert [(h.old_date, h.new_date) for h in history] == [
        (None, date(2027, 3, 1)),
        (date(2027, 3, 1), date(2027, 4, 1)),
    ]
    assert t.last_audit(object_type="crownwitness.trajectory").reason == "Zitting is verplaatst"
    with pytest.raises(ConcurrencyConflict):
        services.set_planned_date(
            s.om, tr.pk, date(2027, 5, 1), reason="Nog een keer verzet", expected_version=1
        )


def test_only_om_member_changes() -> None:
    s = open_trajectory()
    analyst = t.user("analyst")
    add_member(s, analyst)
    with pytest.raises(NotPermitted):
        services.set_planned_date(analyst, s.trajectory.pk, date(2027, 3, 1), reason="r" * 12)
    outsider = t.user("om_officer")
    with pytest.raises(Http404):
        services.set_planned_date(outsider, s.trajectory.pk, date(2027, 3, 1), reason="r" * 12)


def test_status_transitions() -> None:
    s = open_trajectory()
    with pytest.raises(InvalidTransition):
        services.change_status(s.om, s.trajectory.pk, "published", reason="Bekendmaken nu")
    services.change_status(s.om, s.trajectory.pk, "running", reason="Afspraken voorbereiden")
    tr = services.change_status(s.om, s.trajectory.pk, "stopped", reason="Weging: stoppen")
    assert tr.status == "stopped"
    with pytest.raises(InvalidTransition):
        services.change_status(s.om, tr.pk, "running", reason="Toch weer door")


def test_circle_person_weerstand_and_late_flag() -> None:
    s = open_trajectory()
    early = add_weerstand_person(s)
    assert early.added_late is False
    assert early.person.first_name == "Jan"
    services.set_planned_date(s.om, s.trajectory.pk, date(2027, 3, 1), reason="Zitting gepland")
    late = add_weerstand_person(s, "Piet", "Vertrouwd")
    assert late.added_late is True
    assert t.last_audit(object_type="crownwitness.circleperson").action == AuditAction.CREATE


def test_programme_cover_records_only_that_and_which() -> None:
    s = open_trajectory()
    data = services.CircleData(
        relation="partner",
        coverage="programme",
        new_person=PersonData(first_name="Ria", last_name="Partner"),
        reason="Kring in kaart brengen",
    )
    with pytest.raises(ValidationFailed):
        services.add_person(s.om, s.trajectory.pk, data)
    data.programme = "Getuigenbescherming"
    data.coverage_reason = "Gaat met de getuige het programma in."
    entry = services.add_person(s.om, s.trajectory.pk, data)
    assert entry.programme == "Getuigenbescherming"
    fields = {f.name for f in CirclePerson._meta.get_fields()}
    assert not fields & {"identity", "new_identity", "location", "address"}


def test_existing_person_must_be_visible_and_once() -> None:
    s = open_trajectory()
    hidden = t.person("Ver", "Borgen")
    with pytest.raises(ValidationFailed):
        services.add_person(
            s.om,
            s.trajectory.pk,
            services.CircleData(
                relation="child", coverage="weerstand", person=hidden.pk, reason="Kring compleet"
            ),
        )
    c = t.case(t.user("analyst"), team=(s.om,))
    services.add_person(
        s.om,
        s.trajectory.pk,
        services.CircleData(
            relation="child",
            coverage="weerstand",
            person=c.protectee_id,
            protection_case=c.pk,
            reason="Kring compleet maken",
        ),
    )
    with pytest.raises(ValidationFailed):
        services.add_person(
            s.om,
            s.trajectory.pk,
            services.CircleData(
                relation="child",
                coverage="weerstand",
                person=c.protectee_id,
                reason="Nog eens erbij",
            ),
        )


def test_trajectory_description_is_encrypted_secret() -> None:
    assert "description" in Trajectory.SECRET_FIELDS
