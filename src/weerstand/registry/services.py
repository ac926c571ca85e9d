"""Domain services for the person registry. Every write is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.policy import engine, probing
from weerstand.policy.table import Action, Resource
from weerstand.registry.models import Person, ProgrammeCover

PROGRAMME_MAX: int = ProgrammeCover._meta.get_field("programme").max_length or 100
MIN_COVER_REASON = 10


@dataclass
class PersonData:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    home_address: str = ""
    phone_numbers: str = ""
    classification: int = Classification.DEPV


def create_person(actor: Any, data: PersonData) -> Person:
    """Register a new person, as part of a referral.

    A person only becomes visible through a case, so whoever may refer a case may register
    the person it is about; the audit record says which secret fields were filled, never
    their contents.
    """
    engine.require_principal(actor)
    if not engine.can(actor, Resource.CASE, Action.CREATE):
        raise NotPermitted("U mag geen personen registreren.")
    errors = []
    first, last = (data.first_name or "").strip(), (data.last_name or "").strip()
    if not first:
        errors.append(InvalidParam("first_name", "required", "Vul de voornaam in."))
    if not last:
        errors.append(InvalidParam("last_name", "required", "Vul de achternaam in."))
    if data.date_of_birth and data.date_of_birth > timezone.localdate():
        errors.append(
            InvalidParam("date_of_birth", "in-future", "De geboortedatum ligt in de toekomst.")
        )
    if errors:
        raise ValidationFailed("De persoonsgegevens zijn niet volledig.", invalid_params=errors)
    if data.classification > actor.clearance:
        raise ValidationFailed(
            "De rubricering is hoger dan uw screeningsniveau.",
            invalid_params=[InvalidParam("classification", "too-high", "Boven uw niveau.")],
        )
    values = {
        "first_name": first,
        "last_name": last,
        "date_of_birth": data.date_of_birth,
        "home_address": (data.home_address or "").strip(),
        "phone_numbers": (data.phone_numbers or "").strip(),
        "classification": data.classification,
    }
    with transaction.atomic():
        person = Person.objects.create(**values)
        audit.record(
            AuditAction.CREATE,
            person,
            changes=audit.field_changes(
                {}, {k: v for k, v in values.items() if v not in ("", None)}, Person.SECRET_FIELDS
            ),
            actor=actor,
        )
    return person


# --- witness-protection programme cover ----------------------------------------------------
# Weerstand records only *that* a person is covered by the witness protection programme and
# *by which* programme, with the reason; the new identity and location stay with the programme.


def read_programme_cover(user: Any, person_id: Any) -> ProgrammeCover:
    """The cover of one person, audited; 404 when absent or not granted, alike."""
    cover = engine.get_for(
        ProgrammeCover.objects.select_related("person", "recorded_by"),
        user,
        Action.VIEW,
        person_id=person_id,
    )
    audit.record(AuditAction.READ, cover, actor=user)
    return cover


def _person_for_cover_change(actor: Any, person_id: Any) -> Person:
    """The person whose cover the actor may record: 404 for hidden persons and for persons
    outside the actor's crown-witness reach alike, so a refusal says nothing about the cover."""
    engine.require_principal(actor)
    person: Person = engine.get_for(Person.objects.all(), actor, Action.VIEW, pk=person_id)
    if not engine.can(actor, Resource.PROGRAMME_COVER, Action.CHANGE, person):
        probing.not_found(ProgrammeCover, actor, Action.CHANGE, {"person_id": person.pk})
        raise Http404("Niet gevonden")
    return person


def _check_version(expected: int | None, current: int | None) -> None:
    if expected is not None and expected != current:
        shown = current if current is not None else "geen (er is geen dekking vastgelegd)"
        raise ConcurrencyConflict(f"Versie {expected} is verouderd; de huidige versie is {shown}.")


def record_programme_cover(
    actor: Any,
    person_id: Any,
    programme: str,
    reason: str,
    expected_version: int | None = None,
) -> ProgrammeCover:
    """Record (or correct) that the person is covered by a witness protection programme.

    Only the programme's name and the reason are kept; the audit record masks the reason.
    """
    person = _person_for_cover_change(actor, person_id)
    programme = (programme or "").strip()
    errors = []
    if not programme:
        errors.append(InvalidParam("programme", "required", "Noem het programma."))
    elif len(programme) > PROGRAMME_MAX:
        errors.append(InvalidParam("programme", "too-long", f"Maximaal {PROGRAMME_MAX} tekens."))
    if errors:
        raise ValidationFailed("De dekking is niet volledig.", invalid_params=errors)
    reason = require_reason(
        reason,
        minimum=MIN_COVER_REASON,
        hint="Onderbouw waarom deze persoon onder het programma valt.",
    )
    with transaction.atomic():
        cover = ProgrammeCover.objects.select_for_update().filter(person=person).first()
        if cover is None:
            _check_version(expected_version, None)
            cover = ProgrammeCover.objects.create(
                person=person, programme=programme, reason=reason, recorded_by=actor
            )
            audit.record(
                AuditAction.CREATE,
                cover,
                changes=audit.field_changes(
                    {}, {"programme": programme, "reason": reason}, model=ProgrammeCover
                ),
                actor=actor,
            )
            return cover
        _check_version(expected_version, cover.version)
        before = {"programme": cover.programme, "reason": cover.reason}
        after = {"programme": programme, "reason": reason}
        cover.programme, cover.reason = programme, reason
        cover.recorded_by, cover.recorded_at = actor, timezone.now()
        cover.version += 1
        cover.save()
        audit.record(
            AuditAction.UPDATE,
            cover,
            changes=audit.field_changes(before, after, model=ProgrammeCover),
            actor=actor,
        )
    return cover


def end_programme_cover(
    actor: Any, person_id: Any, reason: str, expected_version: int | None = None
) -> None:
    """The person is no longer covered by the programme: the record goes, the audit trail
    keeps that it ended, when, by whom and why."""
    person = _person_for_cover_change(actor, person_id)
    reason = require_reason(reason, minimum=MIN_COVER_REASON)
    with transaction.atomic():
        cover = ProgrammeCover.objects.select_for_update().filter(person=person).first()
        if cover is None:
            probing.not_found(ProgrammeCover, actor, Action.CHANGE, {"person_id": person.pk})
            raise Http404("Niet gevonden")
        _check_version(expected_version, cover.version)
        audit.record(
            AuditAction.DELETE,
            cover,
            changes={"programme": cover.programme},
            reason=reason,
            actor=actor,
        )
        cover.delete()
