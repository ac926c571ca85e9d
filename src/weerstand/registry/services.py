"""Domain services for the person registry. Every write is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.registry.models import Person


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
