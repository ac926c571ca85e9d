"""The employer's own expected measures (e.g. access control at the reception): recorded by
the case team's analysts for one employer contact of a case, seen and confirmed by that
employer contact in the portal, and followed up when overdue (the case owner is alerted,
once per due date, by the `follow-up-employer-measures` job)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.rights import rules
from weerstand.rights.models import EmployerMeasure, EmployerMeasureStatus
from weerstand.rights.services.common import alert, check_version, require_text

NEW_MEASURE_ALERT = (
    "Er staat een nieuwe maatregel voor uw bedrijf klaar. U ziet hem op uw startpagina."
)


@dataclass
class EmployerMeasureData:
    contact: int  # the registry person linked to the case as employer contact
    title: str
    due_on: date
    description: str = ""


def _case_for_change(actor: Any, case_id: int) -> Any:
    from weerstand.cases.models import Case

    engine.require_principal(actor)
    case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
    if not rules.may_manage_employer_measures(actor, case):
        raise NotPermitted(
            "Alleen analisten van het casusteam leggen maatregelen van de werkgever vast."
        )
    return case


def _employer_contact(case: Any, person_id: Any) -> int:
    from weerstand.cases.models import CasePerson

    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        pk = 0
    if not CasePerson.objects.filter(case=case.pk, person=pk, role="employer_contact").exists():
        raise ValidationFailed(
            "Kies de contactpersoon van de werkgever in deze casus.",
            invalid_params=[
                InvalidParam("contact", "not-employer-contact", "Geen contactpersoon werkgever.")
            ],
        )
    return pk


def _due(value: Any, *, today: date) -> date:
    if not isinstance(value, date):
        raise ValidationFailed(
            "Geef de datum waarop de maatregel klaar moet zijn.",
            invalid_params=[InvalidParam("due_on", "required", "Datum verplicht.")],
        )
    if value < today:
        raise ValidationFailed(
            "De datum ligt in het verleden.",
            invalid_params=[InvalidParam("due_on", "in-the-past", "Vandaag of later.")],
        )
    return value


def record_measure(actor: Any, case_id: int, data: EmployerMeasureData) -> EmployerMeasure:
    """The case team records what the employer is expected to do; the employer is alerted."""
    from weerstand.accounts.models import User

    today = timezone.localdate()
    with transaction.atomic():
        case = _case_for_change(actor, case_id)
        contact = _employer_contact(case, data.contact)
        title = require_text(data.title, "title", "Beschrijf de maatregel kort.", 3)
        measure = EmployerMeasure.objects.create(
            case=case,
            contact_id=contact,
            title=title[:200],
            description=(data.description or "").strip(),
            due_on=_due(data.due_on, today=today),
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            measure,
            changes={
                "title": [None, measure.title],
                "due_on": [None, str(measure.due_on)],
                "contact": [None, contact],
                "description": [None, "…"],
            },
            actor=actor,
        )
        alert(User.objects.filter(person=contact, is_active=True), NEW_MEASURE_ALERT, None)
    return measure


def update_measure(
    actor: Any, measure_id: int, changes: dict[str, Any], *, expected_version: int | None
) -> EmployerMeasure:
    """Change title, explanation, due date or status (cancel, reopen) of a measure."""
    unknown = set(changes) - set(EmployerMeasure.EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Deze velden zijn niet te wijzigen.",
            invalid_params=[
                InvalidParam(n, "read-only", "Niet wijzigbaar.") for n in sorted(unknown)
            ],
        )
    if not changes:
        raise ValidationFailed("Er is niets te wijzigen.")
    engine.require_principal(actor)
    today = timezone.localdate()
    with transaction.atomic():
        measure = engine.get_for(
            EmployerMeasure.objects.select_for_update(), actor, Action.VIEW, pk=measure_id
        )
        if not rules.may_manage_employer_measures(actor, measure.case_id):
            raise NotPermitted("Alleen analisten van het casusteam wijzigen deze maatregel.")
        check_version(expected_version, measure.version)
        if "title" in changes:
            changes["title"] = require_text(changes["title"], "title", "Beschrijf de maatregel.", 3)
        if "due_on" in changes and changes["due_on"] != measure.due_on:
            changes["due_on"] = _due(changes["due_on"], today=today)
            changes["escalated_at"] = None  # a new due date: follow up again if missed
        if "status" in changes and changes["status"] not in EmployerMeasureStatus.values:
            raise ValidationFailed(
                "Onbekende status.",
                invalid_params=[InvalidParam("status", "invalid-choice", "Onbekende status.")],
            )
        before = {k: getattr(measure, k) for k in changes}
        for k, v in changes.items():
            setattr(measure, k, v)
        measure.version = F("version") + 1
        measure.save(update_fields=[*changes, "version"])
        measure.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            measure,
            changes=audit.field_changes(
                before, {k: getattr(measure, k) for k in changes}, model=EmployerMeasure
            ),
            actor=actor,
        )
    return measure


def confirm_measure(
    actor: Any, measure_id: int, *, note: str = "", expected_version: int | None = None
) -> EmployerMeasure:
    """The employer contact says the measure is done (with what was done, optional); the
    case owners are told."""
    from weerstand.rights.services.common import case_owners

    engine.require_principal(actor)
    with transaction.atomic():
        measure = engine.get_for(
            EmployerMeasure.objects.select_for_update(), actor, Action.VIEW, pk=measure_id
        )
        if not rules.may_confirm_employer_measure(actor, measure):
            raise NotPermitted("Alleen de werkgever voor wie de maatregel is, bevestigt hem.")
        check_version(expected_version, measure.version)
        if measure.status != EmployerMeasureStatus.OPEN:
            raise InvalidTransition("Deze maatregel staat niet meer open.")
        now = timezone.now()
        EmployerMeasure.objects.filter(pk=measure.pk).update(
            status=EmployerMeasureStatus.DONE,
            confirmed_at=now,
            confirmed_by=actor,
            confirmation_note=(note or "").strip(),
            version=F("version") + 1,
        )
        measure.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            measure,
            changes={"status": [EmployerMeasureStatus.OPEN, EmployerMeasureStatus.DONE]},
            reason="bevestigd door de werkgever",
            actor=actor,
        )
        alert(
            case_owners(measure.case_id),
            f"De werkgever heeft bevestigd dat de maatregel '{measure.title}' klaar is.",
            measure.case_id,
        )
    return measure


def follow_up_overdue(today: date | None = None) -> int:
    """Alert the case owners about employer measures past their due date, once per due
    date (idempotent through `escalated_at`). A system job: never run by a page view."""
    from weerstand.rights.services.common import case_owners

    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        overdue = EmployerMeasure.objects.select_for_update().filter(
            status=EmployerMeasureStatus.OPEN, escalated_at__isnull=True, due_on__lt=today
        )
        for measure in overdue:
            EmployerMeasure.objects.filter(pk=measure.pk).update(escalated_at=timezone.now())
            alert(
                case_owners(measure.case_id),
                f"De werkgever heeft de maatregel '{measure.title}' nog niet bevestigd; die "
                f"moest op {measure.due_on:%d-%m-%Y} klaar zijn. Neem contact op met de werkgever.",
                measure.case_id,
            )
            audit.record(
                AuditAction.UPDATE,
                measure,
                changes={"escalated_at": [None, today.isoformat()]},
                reason="maatregel werkgever over de datum",
            )
            count += 1
    return count
