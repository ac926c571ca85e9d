"""Execution of approved decisions: assignments, local notices, coming into force.

Timing: a decision governs from its effective date E. When it is approved (or needs no
approval) its security assignments are written with `starts_on = E`, and the assignments of the
decision it replaces get `ends_on = E - 1`: nothing stops before the replacement is approved,
and there is no day without cover. `apply_decisions(on)` (daily, idempotent, and right away when
E is today) puts decisions in force, moves the case's state and closes ended assignments.
Local authorities get a `LocalNotification` that holds only the permitted fields.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseState
from weerstand.catalogue.models import Measure
from weerstand.core import extensions as ext
from weerstand.core.errors import InvalidTransition, NotPermitted, ValidationFailed
from weerstand.decisions.models import (
    LIVE_STATUSES,
    OPEN_ASSIGNMENT_STATUSES,
    PROTECTION_TYPES,
    AssignmentStatus,
    Decision,
    DecisionStatus,
    LocalNotification,
    NotificationKind,
    NotificationResponse,
    SecurityAssignment,
)
from weerstand.decisions.services.common import T, _next_reference
from weerstand.organisations.models import Organisation

# Hours to acknowledge an assignment, per required resistance (level 4: within 4 hours).
DEFAULT_ACKNOWLEDGE_HOURS = {1: 24, 2: 24, 3: 24, 4: 4}
# Hours after the acknowledgement deadline by which the assignment must be staffed.
DEFAULT_STAFFING_HOURS = {1: 72, 2: 48, 3: 24, 4: 8}
DEFAULT_LCC_CONTACT = "Landelijk Coördinatiecentrum (LCC), 24/7 bereikbaar via de LCC-meldkamer"


def acknowledge_hours(level: int) -> int:
    configured = getattr(settings, "DECISIONS_ACKNOWLEDGE_HOURS", None) or {}
    return int(configured.get(level, DEFAULT_ACKNOWLEDGE_HOURS.get(level, 24)))


def staffing_hours(level: int) -> int:
    configured = getattr(settings, "DECISIONS_STAFFING_HOURS", None) or {}
    return int(configured.get(level, DEFAULT_STAFFING_HOURS.get(level, 48)))


def lcc_contact() -> str:
    return str(getattr(settings, "DECISIONS_LCC_CONTACT", DEFAULT_LCC_CONTACT))


def executor_for(measure: Measure, preferred: Organisation | None) -> Organisation | None:
    """The organisation that executes a measure: the preferred one if the measure allows its
    kind, otherwise the first national organisation of the measure's first allowed kind."""
    kinds = list(measure.executing_kinds or [])
    if preferred is not None and preferred.kind in kinds:
        return preferred
    for kind in kinds:
        org = Organisation.objects.filter(kind=kind, parent__isnull=True).order_by("code").first()
        if org is not None:
            return org
    return None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _schedule(decision: Decision, actor: Any) -> None:
    """Write the assignments and notices of an approved decision; end its predecessor's
    assignments the day before it takes effect. Called inside the caller's transaction."""
    now = timezone.now()
    effective = decision.effective_date
    if decision.status != DecisionStatus.APPROVED:
        Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.APPROVED)
        decision.status = DecisionStatus.APPROVED
    for hook in ext.decision_approved_hooks():
        hook(decision)  # e.g. the letters go out (rights), in this same transaction
    previous = decision.supersedes
    ending: list[SecurityAssignment] = []
    if previous is not None:
        last_day = effective - timedelta(days=1)
        for a in SecurityAssignment.objects.filter(
            decision=previous.pk, status__in=OPEN_ASSIGNMENT_STATUSES
        ).select_related("measure"):
            if a.ends_on is not None and a.ends_on <= last_day:
                continue
            SecurityAssignment.objects.filter(pk=a.pk).update(
                ends_on=last_day, version=F("version") + 1
            )
            audit.record(
                AuditAction.UPDATE,
                a,
                changes={"ends_on": [str(a.ends_on) if a.ends_on else None, str(last_day)]},
                reason=f"vervangen door besluit {decision.reference}",
                actor=actor,
            )
            _notify_end(a, last_day)
            ending.append(a)
    if decision.decision_type == T.STOP:
        _inform_stop(decision, ending, effective - timedelta(days=1))
        return
    if decision.decision_type not in PROTECTION_TYPES:
        return  # admission and "no measures" decisions assign nothing
    level = decision.required_resistance or 1
    threat = getattr(decision.assessment, "threat_level", None) or 0
    ack = now + timedelta(hours=acknowledge_hours(level))
    staffed = max(ack + timedelta(hours=staffing_hours(level)), _start_of(effective))
    for measure in decision.measures.all().order_by("code"):
        org = executor_for(measure, decision.preferred_executor)
        if org is None:  # checked at decision time; a catalogue change could still cause it
            raise ValidationFailed(f"Geen uitvoerende organisatie voor {measure.name}.")
        assignment = SecurityAssignment.objects.create(
            reference=_next_reference(SecurityAssignment, "BO", 5),
            decision=decision,
            case_id=decision.case_id,
            measure=measure,
            executing_organisation=org,
            officers=measure.officers,
            qualifications=list(measure.qualifications),
            start_hour=measure.start_hour,
            end_hour=measure.end_hour,
            weekdays=list(measure.weekdays),
            mixed_team_allowed=measure.mixed_team_allowed,
            starts_on=effective,
            ends_on=None,
            priority=level * 10 + int(threat),
            acknowledge_before=ack,
            staffed_before=staffed,
        )
        audit.record(
            AuditAction.CREATE,
            assignment,
            changes={
                "measure": [None, measure.code],
                "executing_organisation": [None, org.code],
                "starts_on": [None, str(effective)],
                "acknowledge_before": [None, ack.isoformat()],
            },
            reason=f"besluit {decision.reference}",
            actor=actor,
        )
        _notify_new(decision, assignment, measure)


def _notify_new(decision: Decision, assignment: SecurityAssignment, measure: Measure) -> None:
    recipients = []
    if measure.notifies_mayor and decision.municipality_id:
        recipients.append(decision.municipality_id)
    if measure.notifies_prosecutor and decision.prosecutor_office_id:
        recipients.append(decision.prosecutor_office_id)
    for org_id in recipients:
        n = LocalNotification.objects.create(
            recipient_id=org_id,
            kind=NotificationKind.NEW,
            response=NotificationResponse.PENDING,
            measure_name=measure.name,
            municipality=decision.municipality.name if decision.municipality else "",
            starts_on=assignment.starts_on,
            ends_on=assignment.ends_on,
            contact_point=lcc_contact(),
            source_assignment=assignment,
        )
        audit.record(
            AuditAction.CREATE,
            n,
            changes={k: [None, str(v)] for k, v in n.content().items()},
            reason="bericht aan lokaal gezag",
        )


def _inform_stop(decision: Decision, ending: list[SecurityAssignment], last_day: date) -> None:
    """A stop is told to everyone who carries the protection: the executing organisations'
    liaisons and planners (per assignment), the mayor and the chief prosecutor of the decision
    it ends (the permitted notice fields only), and the OM office that ran measures before
    the take-over. No threat content, no person: a reference, a measure, a date."""
    from weerstand.accounts.models import User
    from weerstand.policy.models import Alert

    previous = decision.supersedes
    told: set[int] = set(
        LocalNotification.objects.filter(
            source_assignment__in=[a.pk for a in ending], kind=NotificationKind.CHANGED
        ).values_list("recipient_id", flat=True)
    )
    # A first decision supersedes none: then there is no mayor or prosecutor of a previous one.
    offices = (previous.municipality_id, previous.prosecutor_office_id) if previous else ()
    for org_id in offices:
        if org_id is None or org_id in told or not ending:
            continue
        told.add(org_id)
        first = ending[0]
        n = LocalNotification.objects.create(
            recipient_id=org_id,
            kind=NotificationKind.ENDED,
            measure_name=", ".join(sorted({a.measure.name for a in ending})),
            municipality=previous.municipality.name if previous and previous.municipality else "",
            starts_on=min(a.starts_on for a in ending),
            ends_on=last_day,
            contact_point=lcc_contact(),
            source_assignment=first,
        )
        audit.record(
            AuditAction.CREATE,
            n,
            changes={k: [None, str(v)] for k, v in n.content().items()},
            reason=f"bericht aan lokaal gezag: beëindiging ({decision.reference})",
        )
    for a in ending:
        recipients = User.objects.filter(
            is_active=True,
            organisation=a.executing_organisation_id,
            role_assignments__role__in=("police_liaison", "kmar_liaison", "unit_planner"),
        ).distinct()
        for user in recipients:
            Alert.objects.create(
                recipient=user,
                case=None,
                message=(
                    f"Beveiligingsopdracht {a.reference} ({a.measure.name}) eindigt: de laatste "
                    f"dag is {last_day:%d-%m-%Y} (besluit {decision.reference})."
                ),
            )
    case = decision.case
    if case.interim_authority_id:
        for user in User.objects.filter(
            is_active=True,
            organisation=case.interim_authority_id,
            role_assignments__role="om_officer",
        ).distinct():
            Alert.objects.create(
                recipient=user,
                case=None,
                message=(
                    f"De beveiliging in casus {case.reference}, eerder door uw parket "
                    f"overgedragen, eindigt na {last_day:%d-%m-%Y} (besluit {decision.reference})."
                ),
            )


def _notify_end(assignment: SecurityAssignment, last_day: date) -> None:
    """Tell the same local authorities the new end date, with the same permitted fields."""
    for old in LocalNotification.objects.filter(source_assignment=assignment.pk):
        n = LocalNotification.objects.create(
            recipient_id=old.recipient_id,
            kind=NotificationKind.CHANGED,
            measure_name=old.measure_name,
            municipality=old.municipality,
            starts_on=old.starts_on,
            ends_on=last_day,
            contact_point=old.contact_point,
            source_assignment=assignment,
        )
        audit.record(
            AuditAction.CREATE,
            n,
            changes={"ends_on": [None, str(last_day)]},
            reason="bericht aan lokaal gezag: einddatum",
        )


CASE_TRANSITION_FOR: dict[str, tuple[tuple[CaseState, ...], str]] = {
    T.DESIGNATE: ((CaseState.DESIGNATION,), "route_national"),
    T.REFUSE: ((CaseState.DESIGNATION,), "reject_referral"),  # or route_local: see _case_step
    T.START: ((CaseState.DECISION,), "activate_protection"),
    T.NO_MEASURES: ((CaseState.DECISION,), "decide_no_measures"),
    T.CONTINUE: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.ADJUST: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.SCALE_DOWN: ((CaseState.RECALIBRATION,), "continue_protection"),
    T.STOP: ((CaseState.PROTECTION_ACTIVE, CaseState.RECALIBRATION), "end_protection"),
}


def apply_decisions(on: date | None = None, *, only: int | None = None) -> dict[str, int]:
    """Bring decisions and assignments in line with the date `on` (idempotent).

    - approved decisions with effective date <= on come in force; the one they replace is
      superseded (or ended, for a stop), and the case's state follows;
    - acknowledged assignments whose start has come become active;
    - assignments past their end date are closed (ended, or superseded when replaced).
    """
    on = on or timezone.localdate()
    counts = {"decisions": 0, "activated": 0, "closed": 0}
    due = Decision.objects.filter(status=DecisionStatus.APPROVED, effective_date__lte=on)
    if only is not None:
        due = due.filter(pk=only)
    for decision_pk in due.order_by("effective_date", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            decision = (
                Decision.objects.select_for_update(of=("self",))
                .select_related("case", "supersedes", "decided_by", "approved_by")
                .get(pk=decision_pk)
            )
            if decision.status != DecisionStatus.APPROVED:
                continue  # applied meanwhile
            _put_in_force(decision)
            counts["decisions"] += 1
    with transaction.atomic():
        case_filter = Q(case__in=Decision.objects.filter(pk=only).values("case")) if only else Q()
        to_activate = SecurityAssignment.objects.filter(
            case_filter,
            status=AssignmentStatus.ACKNOWLEDGED,
            starts_on__lte=on,
            decision__status=DecisionStatus.IN_FORCE,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        for a in to_activate.select_for_update(of=("self",)):
            SecurityAssignment.objects.filter(pk=a.pk).update(status=AssignmentStatus.ACTIVE)
            audit.record(
                AuditAction.TRANSITION,
                a,
                changes={"status": [a.status, AssignmentStatus.ACTIVE]},
                reason=f"startdatum {on}",
            )
            counts["activated"] += 1
        to_close = SecurityAssignment.objects.filter(
            case_filter, status__in=OPEN_ASSIGNMENT_STATUSES, ends_on__lt=on
        ).select_related("decision")
        for a in to_close.select_for_update(of=("self",)):
            target = (
                AssignmentStatus.SUPERSEDED
                if a.decision.status == DecisionStatus.SUPERSEDED
                else AssignmentStatus.ENDED
            )
            SecurityAssignment.objects.filter(pk=a.pk).update(status=target)
            audit.record(
                AuditAction.TRANSITION,
                a,
                changes={"status": [a.status, target]},
                reason=f"einddatum {a.ends_on} verstreken",
            )
            counts["closed"] += 1
    return counts


def _put_in_force(decision: Decision) -> None:
    on = decision.effective_date
    Decision.objects.filter(pk=decision.pk).update(
        status=DecisionStatus.IN_FORCE, in_force_since=on, version=F("version") + 1
    )
    audit.record(
        AuditAction.TRANSITION,
        decision,
        changes={"status": [DecisionStatus.APPROVED, DecisionStatus.IN_FORCE]},
        reason=f"ingangsdatum {on}",
    )
    previous = decision.supersedes
    if previous is not None and previous.status in LIVE_STATUSES:
        target = (
            DecisionStatus.ENDED if decision.decision_type == T.STOP else DecisionStatus.SUPERSEDED
        )
        Decision.objects.filter(pk=previous.pk).update(
            status=target, ended_on=on - timedelta(days=1), version=F("version") + 1
        )
        audit.record(
            AuditAction.TRANSITION,
            previous,
            changes={"status": [previous.status, target]},
            reason=f"vervangen door besluit {decision.reference}",
        )
    if decision.decision_type == T.STOP:
        Decision.objects.filter(pk=decision.pk).update(ended_on=on)
    _follow_case(decision)
    decision.refresh_from_db()
    for hook in ext.decision_in_force_hooks():
        hook(decision)


def _follow_case(decision: Decision) -> None:
    """Move the case along the life cycle (cases.state_machine), as the deciding person, with
    the decision as the authority that carries the step."""
    from weerstand.cases.services import transition_case

    sources, name = CASE_TRANSITION_FOR[decision.decision_type]
    if decision.decision_type == T.REFUSE and decision.hand_over_to_id:
        name = "route_local"
    case = Case.objects.get(pk=decision.case_id)
    if case.state not in sources:
        return
    reason = f"Besluit {decision.reference} ({decision.get_decision_type_display()}) van kracht."
    last_error: Exception | None = None
    for actor in (decision.approved_by, decision.decided_by):
        if actor is None:
            continue
        try:
            with transaction.atomic():
                transition_case(
                    actor,
                    case.pk,
                    name,
                    reason=reason,
                    authority=decision,
                    local_authority=decision.hand_over_to,
                )
            return
        except (NotPermitted, InvalidTransition) as exc:  # e.g. left the case team since
            last_error = exc
    audit.record(
        AuditAction.TRANSITION,
        case,
        result="refused",
        reason=f"casusstatus niet bijgewerkt na {decision.reference}: {last_error}",
    )
