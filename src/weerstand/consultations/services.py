"""Every write of a consultation, each audited in the same transaction.

Rules that live here and nowhere else:
- a case touches a running investigation when it came from the OM (transfer), sits in a
  shielded-investigation compartment, or the case team linked it to an investigation;
- only case team members of either side record a consultation, with at least one
  participant of each side, all of them members of the case team with the grant;
- a consultation is never changed; a correction is a new one naming the earlier one (of
  the same case); only a follow-up action is marked done, once, by whoever may change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.consultations import rules
from weerstand.consultations.grants import INVESTIGATION_ROLES, PROTECTION_ROLES
from weerstand.consultations.models import (
    CaseInvestigationLink,
    Consultation,
    FollowUp,
    Interest,
    Participant,
    Side,
)
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy import engine
from weerstand.policy.table import Action

MAX_TEXT = 4000


def _invalid(name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, invalid_params=[InvalidParam(name, "invalid", message)])


def _text(value: str, name: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise _invalid(name, "Dit veld is verplicht.")
    if len(value) > limit:
        raise _invalid(name, f"Maximaal {limit} tekens.")
    return value


def _case(actor: Any, case_id: int) -> Any:
    from weerstand.cases.models import Case

    return engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)


def touches_investigation(case: Any) -> bool:
    """Does this case touch a running investigation (so a consultation is required)?"""
    from weerstand.cases.models import Origin
    from weerstand.policy.models import CompartmentKind

    if case.origin == Origin.OM_TRANSFER:
        return True
    comp = case.restricted_compartment
    if comp is not None and comp.kind == CompartmentKind.SHIELDED_INVESTIGATION:
        return True
    return CaseInvestigationLink.objects.filter(case=case.pk).exists()


def side_of(user: Any) -> str | None:
    """The side a user speaks for, by role (investigation roles first: an OM officer is
    never the protection side)."""
    codes = set(user.role_codes)
    if codes & {str(r) for r in INVESTIGATION_ROLES}:
        return Side.INVESTIGATION
    if codes & {str(r) for r in PROTECTION_ROLES}:
        return Side.PROTECTION
    return None


def link_investigation(
    actor: Any, case_id: int, *, om_office: str, investigation_name: str
) -> CaseInvestigationLink:
    """The case team records that the case touches a running investigation."""
    with transaction.atomic():
        case = _case(actor, case_id)
        if not rules.may_record(actor, case):
            raise NotPermitted("Alleen het casusteam van beveiliging of opsporing legt dit vast.")
        link = CaseInvestigationLink.objects.create(
            case=case,
            om_office=_text(om_office, "omOffice", limit=200),
            investigation_name=_text(investigation_name, "investigationName", limit=200),
            created_by=actor,
        )
        audit.record(AuditAction.CREATE, link, case_id=case.pk, changes={"om_office": om_office})
    return link


@dataclass
class FollowUpData:
    description: str
    owner_id: int
    due_on: date


@dataclass
class ConsultationData:
    held_at: datetime
    participant_ids: list[int]
    interests: str
    protection_interest: str
    investigation_interest: str
    sharing_agreement: str
    timing_agreement: str
    key_date: date | None = None
    key_date_event: str = ""
    corrects_id: int | None = None
    follow_ups: list[FollowUpData] = field(default_factory=list)


def _team_user(case: Any, user_id: int, name: str) -> Any:
    from weerstand.accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not rules.may_read(user, case):
        raise _invalid(name, "Alleen leden van het casusteam van beide kanten.")
    return user


def record_consultation(actor: Any, case_id: int, data: ConsultationData) -> Consultation:
    with transaction.atomic():
        case = _case(actor, case_id)
        if not rules.may_record(actor, case):
            raise NotPermitted("Alleen het casusteam van beveiliging of opsporing legt dit vast.")
        if data.interests not in Interest.values:
            raise _invalid("interests", "Onbekende keuze.")
        if data.held_at > timezone.now():
            raise _invalid("heldAt", "Een overleg wordt vastgelegd nadat het is gehouden.")
        people = []
        ids = list(dict.fromkeys([*data.participant_ids, actor.pk]))
        for uid in ids:
            user = _team_user(case, uid, "participants")
            side = side_of(user)
            if side is None:  # an inspector reads, but takes no part for either side
                raise _invalid("participants", "Alleen deelnemers van een van beide kanten.")
            people.append((user, side))
        sides = {s for _u, s in people}
        if not {Side.PROTECTION, Side.INVESTIGATION} <= sides:
            raise _invalid("participants", "Er neemt iemand van beide kanten deel.")
        corrects = None
        if data.corrects_id is not None:
            corrects = (
                Consultation.objects.visible_to(actor)
                .filter(pk=data.corrects_id, case=case.pk)
                .first()
            )
            if corrects is None:
                raise _invalid("corrects", "Geen eerder overleg van deze casus.")
        key_event = _text(data.key_date_event, "keyDateEvent", required=False, limit=200)
        if data.key_date is not None and not key_event:
            raise _invalid("keyDateEvent", "Zeg wat er op die datum gebeurt.")
        c = Consultation.objects.create(
            case=case,
            held_at=data.held_at,
            interests=data.interests,
            protection_interest=_text(data.protection_interest, "protectionInterest"),
            investigation_interest=_text(data.investigation_interest, "investigationInterest"),
            sharing_agreement=_text(data.sharing_agreement, "sharingAgreement"),
            timing_agreement=_text(data.timing_agreement, "timingAgreement"),
            key_date=data.key_date,
            key_date_event=key_event,
            corrects=corrects,
            recorded_by=actor,
        )
        for user, side in people:
            Participant.objects.create(consultation=c, case=case, user=user, side=side)
        for i, f in enumerate(data.follow_ups):
            FollowUp.objects.create(
                consultation=c,
                case=case,
                description=_text(f.description, f"followUps[{i}].description"),
                owner=_team_user(case, f.owner_id, f"followUps[{i}].owner"),
                due_on=f.due_on,
            )
        audit.record(
            AuditAction.CREATE,
            c,
            case_id=case.pk,
            changes={
                "participants": [u.pk for u, _s in people],
                "follow_ups": len(data.follow_ups),
                "corrects": data.corrects_id,
            },
        )
    return c


def complete_follow_up(
    actor: Any, consultation_id: int, follow_up_id: int, *, expected_version: int | None = None
) -> FollowUp:
    """Mark one action done: the only change a recorded consultation allows."""
    with transaction.atomic():
        c = engine.get_for(Consultation.objects.all(), actor, Action.VIEW, pk=consultation_id)
        f = engine.get_for(
            FollowUp.objects.select_for_update().filter(consultation=c.pk),
            actor,
            Action.VIEW,
            pk=follow_up_id,
        )
        if not engine.can(actor, "consultation", Action.CHANGE, f):
            raise NotPermitted("Alleen het casusteam van beide kanten meldt een actie als gedaan.")
        if expected_version is not None and expected_version != f.version:
            raise ConcurrencyConflict("De actie is intussen gewijzigd.")
        if f.done_at is not None:
            raise InvalidTransition("Deze actie is al gedaan.")
        f.done_at = timezone.now()
        f.done_by = actor
        f.version += 1
        f.save(update_fields=["done_at", "done_by", "version"])
        audit.record(AuditAction.UPDATE, f, case_id=c.case_id, changes={"done": True})
    return f


def read(actor: Any, consultation_id: int) -> Consultation:
    """One consultation, audited as read; 404 for hidden and absent alike."""
    c = engine.get_for(
        Consultation.objects.select_related("case", "recorded_by"),
        actor,
        Action.VIEW,
        pk=consultation_id,
    )
    audit.record(AuditAction.READ, c, case_id=c.case_id)
    return c
