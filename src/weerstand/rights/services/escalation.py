"""Escalation of objections past their due date: the appeal body and the case's
decision-makers are told, once per due date (an extension makes a new one)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.rights.models import OPEN_STATUSES, Objection
from weerstand.rights.services.common import alert, appeal_officers_for, case_decision_makers


def escalate_overdue(today: date | None = None) -> int:
    """Alert the appeal body and the case's decision-makers about objections past their due
    date; each is escalated once per due date. Returns the number escalated."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        overdue = (
            Objection.objects.select_for_update()
            .filter(status__in=OPEN_STATUSES, escalated_at__isnull=True)
            .select_related("decision")
        )
        for objection in overdue:
            if not objection.is_overdue(today):
                continue
            Objection.objects.filter(pk=objection.pk).update(escalated_at=timezone.now())
            due = f"{objection.due_date:%d-%m-%Y}"
            alert(
                appeal_officers_for(objection),
                f"Beslistermijn verstreken: bezwaar {objection.reference} had uiterlijk op {due} "
                "beslist moeten zijn.",
                None,
            )
            alert(
                case_decision_makers(objection.case_id),
                f"De bezwaarcommissie heeft bezwaar {objection.reference} tegen besluit "
                f"{objection.decision.reference} niet binnen de termijn ({due}) beslist.",
                objection.case_id,
            )
            audit.record(
                AuditAction.UPDATE,
                objection,
                changes={"escalated_at": [None, today.isoformat()]},
                reason="beslistermijn bezwaar verstreken",
            )
            count += 1
    return count
