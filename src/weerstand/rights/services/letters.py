"""The decision letter's shareable text: the decision-maker writes the 'why' for the person,
apart from the reasoning; every view and download of a letter is audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.rights import rules
from weerstand.rights.models import LetterText
from weerstand.rights.services.common import MIN_REASON, check_version, require_text


def save_letter_text(
    actor: Any,
    decision_id: int,
    *,
    shareable_reason: str,
    shareable_reason_en: str = "",
    expected_version: int | None = None,
) -> LetterText:
    """The decision-maker writes the 'why' for the person, apart from the reasoning."""
    engine.require_principal(actor)
    reason = require_text(
        shareable_reason, "shareable_reason", "Schrijf een uitleg voor de persoon.", MIN_REASON
    )
    with transaction.atomic():
        decision = rules.get_letter_decision(actor, decision_id, Action.CHANGE)
        text = LetterText.objects.select_for_update().filter(decision=decision).first()
        if text is None:
            text = LetterText.objects.create(
                decision=decision,
                shareable_reason=reason,
                shareable_reason_en=shareable_reason_en.strip(),
                updated_by=actor,
            )
            audit.record(
                AuditAction.CREATE,
                text,
                changes={"shareable_reason": [None, "…"], "shareable_reason_en": [None, "…"]},
                actor=actor,
            )
            return text
        check_version(expected_version, text.version)
        before = {"shareable_reason": text.shareable_reason, "en": text.shareable_reason_en}
        LetterText.objects.filter(pk=text.pk).update(
            shareable_reason=reason,
            shareable_reason_en=shareable_reason_en.strip(),
            updated_by=actor,
            updated_at=timezone.now(),
            version=F("version") + 1,
        )
        text.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            text,
            changes=audit.field_changes(
                before, {"shareable_reason": text.shareable_reason, "en": text.shareable_reason_en}
            ),
            actor=actor,
        )
    return text


def audit_letter(actor: Any, decision: Any, *, lang: str, kind: str) -> None:
    """Every view and download of a letter leaves a record (who, which, which language)."""
    audit.record(
        AuditAction.EXPORT if kind == "pdf" else AuditAction.READ,
        decision,
        reason=f"besluitbrief ({kind}, {lang})",
        actor=actor,
    )
