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
from weerstand.rights.services.addressing import address_letters
from weerstand.rights.services.common import MIN_REASON, check_version, require_text

# What a decision asks of the people at home and of the employer (optional, shareable).
ASK_FIELDS = ("household_text", "household_text_en", "employer_text", "employer_text_en")


def save_letter_text(
    actor: Any,
    decision_id: int,
    *,
    shareable_reason: str,
    shareable_reason_en: str = "",
    expected_version: int | None = None,
    asks: dict[str, str] | None = None,
) -> LetterText:
    """The decision-maker writes the 'why' for the person, apart from the reasoning, and
    (`asks`, optional) what the decision asks of the people at home and of the employer.
    A taken decision that now asks something of them sends its letters to them too."""
    unknown = set(asks or {}) - set(ASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown letter text fields: {sorted(unknown)}")
    extra = {k: (v or "").strip() for k, v in (asks or {}).items()}
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
                **extra,
            )
            audit.record(
                AuditAction.CREATE,
                text,
                changes={
                    "shareable_reason": [None, "…"],
                    "shareable_reason_en": [None, "…"],
                    **{k: [None, "…"] for k, v in extra.items() if v},
                },
                actor=actor,
            )
            if any(extra.values()):
                address_letters(decision)
            return text
        check_version(expected_version, text.version)
        before = {"shareable_reason": text.shareable_reason, "en": text.shareable_reason_en}
        before.update({k: getattr(text, k) for k in extra})
        LetterText.objects.filter(pk=text.pk).update(
            shareable_reason=reason,
            shareable_reason_en=shareable_reason_en.strip(),
            updated_by=actor,
            updated_at=timezone.now(),
            version=F("version") + 1,
            **extra,
        )
        text.refresh_from_db()
        if any(extra.values()):
            address_letters(decision)
        audit.record(
            AuditAction.UPDATE,
            text,
            changes=audit.field_changes(
                before,
                {
                    "shareable_reason": text.shareable_reason,
                    "en": text.shareable_reason_en,
                    **{k: getattr(text, k) for k in extra},
                },
            ),
            actor=actor,
        )
    return text


def _letter_reason(what: str, kind: str, lang: str) -> str:
    """The audit reason in words ("besluitbrief, PDF, Engels"), not "(pdf, en)": the audit
    trail is read by people (the inspector, the team)."""
    how = {"pdf": "PDF", "html": "bekeken op het scherm"}.get(kind, kind)
    language = {"nl": "Nederlands", "en": "Engels"}.get(lang, lang)
    return f"{what}, {how}, {language}"


def audit_letter(actor: Any, decision: Any, *, lang: str, kind: str) -> None:
    """Every view and download of a letter leaves a record (who, which, which language)."""
    audit.record(
        AuditAction.EXPORT if kind == "pdf" else AuditAction.READ,
        decision,
        reason=_letter_reason("besluitbrief", kind, lang),
        actor=actor,
    )


def read_addressed_letter(
    actor: Any, letter_id: int, *, lang: str = "nl", kind: str = "html"
) -> Any:
    """Open a letter addressed to a person concerned: through the policy (404 for hidden and
    absent alike), audited on every read; the addressee's first read marks it read."""
    from weerstand.rights.models import AddressedLetter

    engine.require_principal(actor)
    with transaction.atomic():
        letter = engine.get_for(
            AddressedLetter.objects.select_related("decision", "decision__case", "person"),
            actor,
            Action.VIEW,
            pk=letter_id,
        )
        first = letter.read_at is None and letter.person_id == getattr(actor, "person_id", None)
        if first:
            now = timezone.now()
            AddressedLetter.objects.filter(pk=letter.pk, read_at__isnull=True).update(
                read_at=now, read_by=actor
            )
            letter.read_at, letter.read_by = now, actor
        audit.record(
            AuditAction.READ,
            letter,
            changes={"lang": lang, "kind": kind, **({"read_at": [None, "nu"]} if first else {})},
            reason="brief gelezen door de geadresseerde" if first else "brief ingezien",
            actor=actor,
        )
    return letter
