"""The framework of rights and obligations: versioned text, a new version from a date on,
corrections only before it is in force (people acknowledge exactly that text), and the
portal user's 'Ik heb dit gelezen'."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.rights import rules
from weerstand.rights.models import FrameworkAcknowledgement, FrameworkVersion
from weerstand.rights.selectors import framework_in_force
from weerstand.rights.services.common import check_version


@dataclass
class FrameworkData:
    title: str
    effective_from: date
    person_text: str
    employer_text: str
    state_text: str
    person_text_en: str = ""
    employer_text_en: str = ""
    state_text_en: str = ""
    objection_address: str = ""
    change_note: str = ""


def _validate_framework(data: FrameworkData, *, today: date) -> None:
    errors = []
    for name in ("title", "person_text", "employer_text", "state_text"):
        if len((getattr(data, name) or "").strip()) < 5:
            errors.append(InvalidParam(name, "required", "Dit veld is verplicht."))
    if data.effective_from is None or data.effective_from < today:
        errors.append(
            InvalidParam(
                "effective_from",
                "in-the-past",
                "Een nieuwe versie gaat vandaag of later in; de geschiedenis blijft zoals hij was.",
            )
        )
    if errors:
        raise ValidationFailed("De versie van het kader is niet volledig.", invalid_params=errors)


def publish_framework(actor: Any, data: FrameworkData) -> FrameworkVersion:
    """Add a version. It replaces the one in force on its own date; it never rewrites history."""
    engine.require_principal(actor)
    if not rules.may_manage_framework(actor):
        raise NotPermitted("U mag het kader van rechten en plichten niet wijzigen.")
    today = timezone.localdate()
    _validate_framework(data, today=today)
    with transaction.atomic():
        serialise("rights-framework")
        if FrameworkVersion.objects.filter(effective_from=data.effective_from).exists():
            raise ValidationFailed(
                "Op die datum gaat al een versie in.",
                invalid_params=[InvalidParam("effective_from", "taken", "Kies een andere datum.")],
            )
        last = FrameworkVersion.objects.order_by("-number").values_list("number", flat=True)
        number = (last.first() or 0) + 1
        fw = FrameworkVersion.objects.create(
            number=number, created_by=actor, **{k: v for k, v in vars(data).items()}
        )
        audit.record(
            AuditAction.CREATE,
            fw,
            changes={"number": [None, number], "effective_from": [None, str(fw.effective_from)]},
            actor=actor,
        )
    return fw


def update_framework(
    actor: Any, framework_id: int, changes: dict[str, Any], *, expected_version: int | None
) -> FrameworkVersion:
    """Correct a version that is not yet in force; once in force the text is frozen, because
    people acknowledged exactly that text."""
    engine.require_principal(actor)
    unknown = set(changes) - set(FrameworkVersion.EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(
            "Deze velden zijn niet te wijzigen.",
            invalid_params=[
                InvalidParam(n, "read-only", "Niet wijzigbaar.") for n in sorted(unknown)
            ],
        )
    today = timezone.localdate()
    with transaction.atomic():
        fw = engine.get_for(
            FrameworkVersion.objects.select_for_update(), actor, Action.CHANGE, pk=framework_id
        )
        check_version(expected_version, fw.version)
        if fw.effective_from <= today:
            raise InvalidTransition(
                "Deze versie is al van kracht en kan niet meer veranderen. Maak een nieuwe versie."
            )
        before = {k: getattr(fw, k) for k in changes}
        merged = FrameworkData(
            **{f.name: changes.get(f.name, getattr(fw, f.name)) for f in fields(FrameworkData)}
        )
        _validate_framework(merged, today=today)
        if (
            "effective_from" in changes
            and FrameworkVersion.objects.filter(effective_from=changes["effective_from"])
            .exclude(pk=fw.pk)
            .exists()
        ):
            raise ValidationFailed(
                "Op die datum gaat al een versie in.",
                invalid_params=[InvalidParam("effective_from", "taken", "Kies een andere datum.")],
            )
        FrameworkVersion.objects.filter(pk=fw.pk).update(version=F("version") + 1, **changes)
        fw.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            fw,
            changes=audit.field_changes(before, {k: getattr(fw, k) for k in changes}),
            actor=actor,
        )
    return fw


def acknowledge_framework(actor: Any, framework_id: int) -> FrameworkAcknowledgement:
    """'Ik heb dit gelezen' for the version in force; acknowledging twice changes nothing."""
    engine.require_principal(actor)
    if not rules.may_acknowledge_framework(actor):
        raise NotPermitted("Alleen de persoon zelf, een naaste of de werkgever bevestigt dit.")
    with transaction.atomic():
        fw = engine.get_for(FrameworkVersion.objects.all(), actor, Action.VIEW, pk=framework_id)
        current = framework_in_force()
        if current is None or current.pk != fw.pk:
            raise InvalidTransition("U kunt alleen de versie bevestigen die nu geldt.")
        ack, created = FrameworkAcknowledgement.objects.get_or_create(
            framework=fw, user=actor, defaults={"person_id": actor.person_id}
        )
        if created:
            audit.record(
                AuditAction.CREATE,
                ack,
                changes={"framework": [None, fw.number]},
                reason="kader rechten en plichten gelezen",
                actor=actor,
            )
    return ack
