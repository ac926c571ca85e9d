"""Every change of the contact app: naming the contact person and deputy, and logging what
was told to a person concerned.

Rules (their one home is `contact.rules`):
- only the case owner names or changes the contact person and deputy, with a reason; both
  are NCTV officials with a speaking role in the case team (so they can see the case);
- only the contact person or the deputy (or, while nobody is named, the case owner) logs a
  message, to a person concerned of that very case;
- a logged message is never changed or removed: a correction is a new message naming it.

Each change is audited in the same transaction; a change of contact person is on the case
timeline (names only, never what was told) and told to the people named.

When the contact person or the deputy leaves the case team (by whatever path removes the
membership), the owners are warned at once, on the timeline and in the audit; until the
owner names someone else the case shows the warning, and if nobody named can still speak,
the owner speaks for the case, so the protectee always has someone to reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.accounts.models import User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseEvent, CasePerson
from weerstand.contact import rules
from weerstand.contact.models import (
    Channel,
    Communication,
    ContactPerson,
    ContactPersonChange,
    Topic,
)
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.models import Alert
from weerstand.policy.table import Action

MAX_TEXT = 4000
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,30}$")
# A message may be logged a little after it was told, never before (clock skew allowed).
FUTURE_SLACK = timedelta(minutes=5)
NOT_A_SPEAKER = (
    "Alleen de vaste contactpersoon of de vervanger legt berichten aan betrokkenen vast."
)


def current(case: Any) -> ContactPerson | None:
    """The case's contact person record. System read: callers have read the case through
    the policy and decide what of it to show."""
    return (
        ContactPerson.objects.filter(case=getattr(case, "pk", case))
        .select_related("contact__organisation", "deputy__organisation")
        .first()
    )


def warnings(case: Any, record: ContactPerson | None) -> list[str]:
    """What the owner must fix: a named contact person or deputy who can no longer speak."""
    gone = rules.unreachable(case, record)
    out = []
    if "contact" in gone:
        out.append(
            "De vaste contactpersoon kan niet meer namens de casus spreken (niet meer in het "
            "casusteam of zonder passende rol). Wijs een nieuwe contactpersoon aan."
        )
    if "deputy" in gone:
        out.append(
            "De vervanger kan niet meer namens de casus spreken (niet meer in het casusteam "
            "of zonder passende rol). Wijs een nieuwe vervanger aan of laat het veld leeg."
        )
    return out


def member_left(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A case-team membership was removed (`post_delete`, so every path is covered: the team
    service, the admin, a command). If the member is the case's contact person or deputy,
    the owners are told, the timeline says so and the audit records it, in the removal's
    transaction."""
    from weerstand.core import context
    from weerstand.policy.models import CompartmentMembership, MemberFunction

    case = Case.objects.filter(team=instance.compartment_id).first()
    if case is None:
        return
    record = ContactPerson.objects.filter(case=case).first()
    if record is None or instance.user_id not in (record.contact_id, record.deputy_id):
        return
    role = "contact" if record.contact_id == instance.user_id else "deputy"
    what = "vaste contactpersoon" if role == "contact" else "vervanger"
    user = User.objects.filter(pk=instance.user_id).first()
    name = user.display_name if user is not None else f"#{instance.user_id}"
    actor = context.current().user
    text = f"De {what} {name} is uit het casusteam gehaald"
    CaseEvent.objects.create(
        case=case,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "display_name", "") or "systeem",
        kind="contact_person",
        reason=f"{text}; wijs een nieuwe {what} aan.",
    )
    owners = CompartmentMembership.objects.filter(
        compartment=case.team_id, function=MemberFunction.OWNER
    ).exclude(user=instance.user_id)
    for owner_id in owners.values_list("user", flat=True):
        Alert.objects.create(
            recipient_id=owner_id,
            case=case,
            message=f"{text} van casus {case.reference}. Wijs een nieuwe {what} aan.",
        )
    audit.record(
        AuditAction.UPDATE,
        record,
        changes={"left_team": {role: instance.user_id}},
        reason=text,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _user(value: Any, name: str) -> User:
    pk = _int(value)
    found = (
        None if pk is None else User.objects.select_related("organisation").filter(pk=pk).first()
    )
    if found is None:
        raise ValidationFailed(
            "Deze gebruiker bestaat niet.",
            invalid_params=[InvalidParam(name, "does-not-exist", "Onbekende gebruiker.")],
        )
    return found


def _speaker(user: User, case: Case, name: str) -> None:
    refusal = rules.speaker_refusal(user, case)
    if refusal is not None:
        raise ValidationFailed(refusal, invalid_params=[InvalidParam(name, "not-allowed", refusal)])


def _phone(value: str, name: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value and not required:
        return ""
    if not PHONE.match(value):
        raise ValidationFailed(
            "Geef een telefoonnummer voor werk, bijvoorbeeld 070 751 5050.",
            invalid_params=[InvalidParam(name, "invalid", "Ongeldig telefoonnummer.")],
        )
    return value


@dataclass
class Assignment:
    """What the owner names: contact person, deputy, their work phones, a team note."""

    contact: Any
    contact_phone: str
    deputy: Any = None
    deputy_phone: str = ""
    note: str = ""


def assign(
    actor: Any,
    case_id: int,
    data: Assignment,
    *,
    reason: str,
    expected_version: int | None = None,
) -> ContactPerson:
    """Name (or change) the case's contact person and deputy. `expected_version` is the
    version the caller saw (0: none named yet); a stale one is a 412 and changes nothing."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
        if not rules.may_assign(actor, case):
            raise NotPermitted("Alleen de eigenaar van de casus wijst de vaste contactpersoon aan.")
        serialise(f"contact-person-{case.pk}")
        record = current(case)
        seen = record.version if record is not None else 0
        if expected_version is not None and expected_version != seen:
            raise ConcurrencyConflict(
                "De contactpersoon is intussen gewijzigd; laad de pagina opnieuw."
            )
        reason = require_reason(
            reason, message="Geef de reden van deze aanwijzing (minimaal 5 tekens)."
        )
        contact = _user(data.contact, "contact")
        _speaker(contact, case, "contact")
        deputy = None
        if data.deputy not in (None, ""):
            deputy = _user(data.deputy, "deputy")
            if deputy.pk == contact.pk:
                raise ValidationFailed(
                    "De vervanger is iemand anders dan de contactpersoon.",
                    invalid_params=[InvalidParam("deputy", "same", "Kies een ander.")],
                )
            _speaker(deputy, case, "deputy")
        contact_phone = _phone(data.contact_phone, "contactPhone", required=True)
        deputy_phone = _phone(data.deputy_phone, "deputyPhone", required=False)
        if deputy is None and deputy_phone:
            raise ValidationFailed(
                "Een telefoonnummer voor de vervanger hoort bij een vervanger.",
                invalid_params=[InvalidParam("deputyPhone", "no-deputy", "Geen vervanger.")],
            )
        note = (data.note or "").strip()[:MAX_TEXT]
        now = timezone.now()
        before = {"contact": record.contact_id, "deputy": record.deputy_id} if record else None
        after = {"contact": contact.pk, "deputy": deputy.pk if deputy else None}
        people_changed = before != after
        if record is None:
            record = ContactPerson.objects.create(
                case=case,
                contact=contact,
                contact_phone=contact_phone,
                deputy=deputy,
                deputy_phone=deputy_phone,
                note=note,
                since=now,
                updated_by=actor,
            )
        else:
            record.contact, record.deputy = contact, deputy
            record.contact_phone, record.deputy_phone, record.note = (
                contact_phone,
                deputy_phone,
                note,
            )
            if people_changed:
                record.since = now
            record.updated_by = actor
            record.version = seen + 1
            record.save()
        if people_changed:
            from weerstand.capacity.services.prioritisation import follow_contact_person

            # Open tasks to inform the protectee move with the contact person.
            follow_contact_person(case, contact.pk)
            ContactPersonChange.objects.filter(case=case, ends_at__isnull=True).update(ends_at=now)
            ContactPersonChange.objects.create(
                case=case,
                contact=contact,
                deputy=deputy,
                starts_at=now,
                reason=reason,
                changed_by=actor,
            )
            text = f"Vaste contactpersoon: {contact.display_name}" + (
                f", vervanger {deputy.display_name}" if deputy else ""
            )
            CaseEvent.objects.create(
                case=case,
                actor=actor,
                actor_name=actor.display_name,
                kind="contact_person",
                reason=f"{text}: {reason}",
            )
            for user, what in ((contact, "vaste contactpersoon"), (deputy, "vervanger")):
                if user is not None and (before is None or user.pk not in before.values()):
                    Alert.objects.create(
                        recipient=user,
                        case=case,
                        message=(
                            f"U bent {what} van casus {case.reference} "
                            f"(aangewezen door {actor.display_name})."
                        ),
                    )
        audit.record(
            AuditAction.CREATE if before is None else AuditAction.UPDATE,
            record,
            changes={
                "contact": [before and before["contact"], contact.pk],
                "deputy": [before and before["deputy"], after["deputy"]],
                "version": [seen, record.version],
            },
            reason=reason,
            actor=actor,
        )
    return record


@dataclass
class Message:
    """One message told to a person concerned (the recipient is a CasePerson of the case)."""

    recipient: Any
    text: str
    channel: str
    topic: str = ""
    told_at: datetime | None = None
    corrects: Any = None
    period_start: date | None = None
    period_end: date | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _recipient(case: Case, value: Any) -> CasePerson:
    pk = _int(value)
    # The persons of a case the speaker may see (they see the case): a system read limited
    # to this case, so an id of another case's person is simply unknown here.
    found = (
        None
        if pk is None
        else CasePerson.objects.filter(case=case.pk, pk=pk, role__in=rules.RECIPIENT_ROLES).first()
    )
    if found is None:
        raise ValidationFailed(
            "Kies een betrokken persoon van deze casus (de beveiligde persoon, een naaste of "
            "de werkgever).",
            invalid_params=[InvalidParam("recipient", "does-not-exist", "Onbekende ontvanger.")],
        )
    return found


def record_message(actor: Any, case_id: int, msg: Message) -> Communication:
    """Log what the contact person (or deputy) told a person concerned."""
    engine.require_principal(actor)
    with transaction.atomic():
        case = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        as_whom = rules.speaking_as(actor, case, current(case))
        if as_whom is None:
            raise NotPermitted(NOT_A_SPEAKER)
        return _write(actor, case, as_whom, msg)


def _write(actor: Any, case: Case, as_whom: str, msg: Message) -> Communication:
    recipient = _recipient(case, msg.recipient)
    text = (msg.text or "").strip()
    if len(text) < 3 or len(text) > MAX_TEXT:
        raise ValidationFailed(
            "Schrijf kort op wat u hebt verteld (3 tot 4000 tekens).",
            invalid_params=[InvalidParam("text", "length", "3 tot 4000 tekens.")],
        )
    if msg.channel not in Channel.values:
        raise ValidationFailed(
            "Kies hoe u het hebt verteld.",
            invalid_params=[InvalidParam("channel", "invalid-choice", "Onbekend kanaal.")],
        )
    if msg.topic and msg.topic not in Topic.values:
        raise ValidationFailed(
            "Onbekend onderwerp.",
            invalid_params=[InvalidParam("topic", "invalid-choice", "Onbekend onderwerp.")],
        )
    now = timezone.now()
    told_at = msg.told_at or now
    if told_at > now + FUTURE_SLACK:
        raise ValidationFailed(
            "Een bericht wordt vastgelegd nadat het is verteld, niet vooraf.",
            invalid_params=[InvalidParam("toldAt", "future", "Ligt in de toekomst.")],
        )
    corrects = None
    if msg.corrects not in (None, ""):
        pk = _int(msg.corrects)
        corrects = None if pk is None else Communication.objects.filter(case=case.pk, pk=pk).first()
        if corrects is None:
            raise ValidationFailed(
                "Een correctie verwijst naar een eerder bericht in deze casus.",
                invalid_params=[InvalidParam("corrects", "does-not-exist", "Onbekend bericht.")],
            )
    comm = Communication.objects.create(
        case=case,
        recipient=recipient,
        recipient_person_id=recipient.person_id,
        recipient_role=recipient.role,
        told_by=actor,
        told_by_name=actor.display_name,
        speaking_as=as_whom,
        told_at=told_at,
        channel=msg.channel,
        topic=msg.topic or "",
        text=text,
        corrects=corrects,
        period_start=msg.period_start,
        period_end=msg.period_end,
        details=dict(msg.details or {}),
    )
    audit.record(
        AuditAction.CREATE,
        comm,
        changes={
            "recipient": [None, recipient.pk],
            "channel": [None, comm.channel],
            "topic": [None, comm.topic],
            "corrects": [None, corrects.pk if corrects else None],
        },
        actor=actor,
    )
    return comm


def record_for_task(actor: Any, case: Case, msg: Message) -> Communication:
    """Log the message that completes another app's task (a capacity shortfall told to the
    protectee), inside the caller's transaction. The caller has read the case through the
    policy; the speaking rule is the same as for any message."""
    as_whom = rules.speaking_as(actor, case, current(case))
    if as_whom is None:
        raise NotPermitted(NOT_A_SPEAKER)
    return _write(actor, case, as_whom, msg)


def protectee_link(case: Case) -> CasePerson | None:
    """The case's own protectee link (every case gets one when it is opened)."""
    return (
        CasePerson.objects.filter(case=case.pk, person=case.protectee_id, role="protectee")
        .order_by("pk")
        .first()
    )
