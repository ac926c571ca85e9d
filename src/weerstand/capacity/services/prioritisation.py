"""Prioritisation: when officers are short, the coordinator confirms the displacement choices
of a plan with a reason; each affected case's contact person (else its owner) then gets a task
to inform the protected person (when, how much short, and by which rule; never other names)
within a deadline. Completing the task logs what was told in the case's communication log;
an overdue task is escalated to the case owner once (a job)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.capacity import rules
from weerstand.capacity.models import (
    InformTask,
    PlanRun,
    PrioritisationConfirmation,
    PriorityRule,
    Shortage,
    TaskStatus,
)
from weerstand.contact import services as contact_services
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy.table import Action

# How long the contact person has to inform the protected person (setting
# `INFORM_TASK_HOURS`): a shortfall is often days away, a day is enough to call.
DEFAULT_INFORM_TASK_HOURS = 24


def inform_task_hours() -> int:
    return int(getattr(settings, "INFORM_TASK_HOURS", DEFAULT_INFORM_TASK_HOURS))


def require_reason(reason: str, name: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationFailed(
            _("Een motivering is verplicht (minimaal 5 tekens)."),
            invalid_params=[InvalidParam(name, "required", _("Geef een motivering op."))],
        )
    return reason


def task_summary(reference: str, shortages: Sequence[Shortage]) -> str:
    """What the case owner tells the protected person: when, how much short, and why.

    Never the names of officers nor of other protected persons: only this assignment.
    """
    rules = {str(PriorityRule(s.priority_rule).label) for s in shortages}
    dates = sorted({s.date for s in shortages})
    missing = sum(s.missing for s in shortages)
    when = (
        dates[0].strftime("%d-%m-%Y")
        if len(dates) == 1
        else f"{dates[0]:%d-%m-%Y} t/m {dates[-1]:%d-%m-%Y}"
    )
    return _(
        "Informeer de beschermde persoon over minder beveiliging bij opdracht %(ref)s: "
        "%(shifts)s dienst(en) met in totaal %(missing)s beveiliger(s) te weinig, %(when)s. "
        "Regel: %(rules)s."
    ) % {
        "ref": reference,
        "shifts": len(shortages),
        "missing": missing,
        "when": when,
        "rules": "; ".join(sorted(rules)),
    }


def confirm_prioritisation(actor: Any, run_id: int, reason: str) -> PrioritisationConfirmation:
    """The coordinator confirms the run's displacement choices with a reason (once per run);
    each affected case's owner then gets a task to inform the protected person."""
    from weerstand.policy.models import CompartmentMembership

    engine.require_principal(actor)
    if not rules.may_coordinate(actor):
        raise NotPermitted(_("Alleen het LCC bevestigt de prioritering."))
    reason = require_reason(reason)
    with transaction.atomic():
        run = engine.get_for(PlanRun.objects.select_for_update(), actor, Action.CHANGE, pk=run_id)
        if PrioritisationConfirmation.objects.filter(run=run).exists():
            raise ValidationFailed(_("De prioritering van dit plan is al bevestigd."))
        shortages = list(Shortage.objects.filter(run=run).select_related("case").order_by("pk"))
        if not shortages:
            raise ValidationFailed(_("Dit plan heeft geen tekorten; er valt niets te bevestigen."))
        confirmation = PrioritisationConfirmation.objects.create(
            run=run, confirmed_by=actor, reason=reason
        )
        by_case: dict[int, list[Shortage]] = defaultdict(list)
        for s in shortages:
            by_case[s.case_id].append(s)
        tasks = []
        deadline = timezone.now() + timedelta(hours=inform_task_hours())
        for case_id, rows in sorted(by_case.items()):
            case = rows[0].case
            owner = (
                CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
                .order_by("pk")
                .values_list("user_id", flat=True)
                .first()
            )
            contact = contact_services.current(case)
            assignee = contact.contact_id if contact is not None else owner
            per_assignment: dict[str, list[Shortage]] = defaultdict(list)
            for s in rows:
                per_assignment[s.assignment_reference].append(s)
            summary = "\n".join(task_summary(ref, group) for ref, group in per_assignment.items())
            tasks.append(
                InformTask(
                    case_id=case_id,
                    assignee_id=assignee,
                    run=run,
                    summary=summary,
                    deadline=deadline,
                )
            )
        created = InformTask.objects.bulk_create(tasks)
        PrioritisationConfirmation.objects.filter(pk=confirmation.pk).update(
            tasks_created=len(created)
        )
        confirmation.tasks_created = len(created)
        audit.record(
            AuditAction.CREATE,
            confirmation,
            changes={"shortages": [None, len(shortages)], "tasks": [None, len(created)]},
            reason=reason,
            actor=actor,
        )
        for task in InformTask.objects.filter(run=run):
            audit.record(
                AuditAction.CREATE,
                task,
                changes={
                    "assignee": [None, task.assignee_id],
                    "status": [None, task.status],
                    "deadline": [None, task.deadline.isoformat() if task.deadline else None],
                },
                actor=actor,
            )
    return confirmation


def notice_facts(shortages: Sequence[Shortage]) -> dict[str, Any]:
    """What the protectee's notice may say: the period, how many shifts and officers short.
    Never officer names, other protected persons, assignments or rules."""
    dates = sorted({s.date for s in shortages})
    return {
        "period_start": dates[0] if dates else None,
        "period_end": dates[-1] if dates else None,
        "details": {
            "shifts": len(shortages),
            "missing": sum(s.missing for s in shortages),
            "days": len(dates),
        },
    }


def complete_task(
    actor: Any, task_id: int, note: str, *, channel: str = "phone", told: str = ""
) -> InformTask:
    """The contact person records that (and how) the protected person was informed: what was
    told (`told`, else the note) goes into the case's communication log, in the same
    transaction, so the protectee's portal shows the notice."""
    from weerstand.cases.models import Case
    from weerstand.contact.models import Topic

    note = require_reason(note, "note")
    with transaction.atomic():
        task = engine.get_for(
            InformTask.objects.select_for_update(), actor, Action.CHANGE, pk=task_id
        )
        if task.status == TaskStatus.DONE:
            raise ValidationFailed(_("Deze taak is al afgerond."))
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=task.case_id)
        link = contact_services.protectee_link(case)
        if link is None:
            raise ValidationFailed(_("Deze casus heeft geen beveiligde persoon om te informeren."))
        shortages = list(Shortage.objects.filter(run=task.run_id, case=case.pk).order_by("date"))
        facts = notice_facts(shortages)
        message = contact_services.record_for_task(
            actor,
            case,
            contact_services.Message(
                recipient=link.pk,
                text=(told or note).strip(),
                channel=channel,
                topic=Topic.CAPACITY,
                period_start=facts["period_start"],
                period_end=facts["period_end"],
                details=facts["details"],
            ),
        )
        InformTask.objects.filter(pk=task.pk).update(
            status=TaskStatus.DONE,
            note=note,
            done_at=timezone.now(),
            done_by=actor,
            communication=message,
        )
        task.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            task,
            changes={"status": ["open", "done"], "communication": [None, message.pk]},
            actor=actor,
        )
    return task


def escalate_overdue_tasks(now: datetime | None = None) -> list[InformTask]:
    """Open tasks past their deadline: the case owners are told once (system, idempotent
    through `escalated_at`; never run by a page view). The alert names the case reference
    only: the owners see the case."""
    from weerstand.core import context
    from weerstand.policy.models import Alert, CompartmentMembership

    now = now or timezone.now()
    done: list[InformTask] = []
    system = context.RequestContext(request_id=context.current().request_id, channel="system")
    with context.use(system), transaction.atomic():
        overdue = (
            InformTask.objects.select_for_update()
            .filter(status=TaskStatus.OPEN, escalated_at__isnull=True, deadline__lt=now)
            .select_related("case")
            .order_by("deadline", "pk")
        )
        for task in overdue:
            owners = CompartmentMembership.objects.filter(
                compartment=task.case.team_id, function="owner"
            ).values_list("user_id", flat=True)
            for owner in owners:
                Alert.objects.create(
                    recipient_id=owner,
                    case=task.case,
                    message=_(
                        "De beschermde persoon van casus %(ref)s is nog niet geïnformeerd over "
                        "minder beveiliging (termijn verstreken)."
                    )
                    % {"ref": task.case.reference},
                )
            InformTask.objects.filter(pk=task.pk).update(escalated_at=now)
            audit.record(
                AuditAction.UPDATE,
                task,
                changes={"escalated_at": [None, now.isoformat()], "owners": list(owners)},
                reason="termijn om te informeren verstreken",
            )
            done.append(task)
    return done


def follow_contact_person(case: Any, contact_id: int) -> int:
    """Open inform tasks of the case move to its (new) contact person, who alone may log what
    was told (called in the contact service's transaction, which audits the change)."""
    return (
        InformTask.objects.filter(case=getattr(case, "pk", case), status=TaskStatus.OPEN)
        .exclude(assignee=contact_id)
        .update(assignee=contact_id)
    )
