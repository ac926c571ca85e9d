"""Prioritisation: when officers are short, the coordinator confirms the displacement choices
of a plan with a reason; each affected case's owner then gets a task to inform the protected
person (when, how much short, and by which rule; never other names)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

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
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy.table import Action


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
        for case_id, rows in sorted(by_case.items()):
            case = rows[0].case
            owner = (
                CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
                .order_by("pk")
                .values_list("user_id", flat=True)
                .first()
            )
            per_assignment: dict[str, list[Shortage]] = defaultdict(list)
            for s in rows:
                per_assignment[s.assignment_reference].append(s)
            summary = "\n".join(task_summary(ref, group) for ref, group in per_assignment.items())
            tasks.append(InformTask(case_id=case_id, assignee_id=owner, run=run, summary=summary))
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
                changes={"assignee": [None, task.assignee_id], "status": [None, task.status]},
                actor=actor,
            )
    return confirmation


def complete_task(actor: Any, task_id: int, note: str) -> InformTask:
    """The case owner records that (and how) the protected person was informed."""
    note = require_reason(note, "note")
    with transaction.atomic():
        task = engine.get_for(
            InformTask.objects.select_for_update(), actor, Action.CHANGE, pk=task_id
        )
        if task.status == TaskStatus.DONE:
            raise ValidationFailed(_("Deze taak is al afgerond."))
        InformTask.objects.filter(pk=task.pk).update(
            status=TaskStatus.DONE, note=note, done_at=timezone.now(), done_by=actor
        )
        task.refresh_from_db()
        audit.record(AuditAction.UPDATE, task, changes={"status": ["open", "done"]}, actor=actor)
    return task
