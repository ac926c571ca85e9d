"""Re-assessment advice: new information on an active case asks its analysts to look again.

The advice names its source for those who may read it; the case timeline only says that
advice was given, because every case viewer reads the timeline.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.errors import InvalidTransition, NotPermitted
from weerstand.core.locks import serialise
from weerstand.information import rules
from weerstand.information.models import ProductCase, ReassessmentAdvice, ThreatProduct
from weerstand.information.selectors import open_advice
from weerstand.information.services.common import ACTIVE_CASE_STATES, invalid
from weerstand.policy import engine
from weerstand.policy.table import Action


def advise_reassessment(
    case: Case, *, reason: str, source_type: str, source_id: int | None, actor: Any
) -> ReassessmentAdvice | None:
    """Mark an active case "re-assessment advised" with the reason (no-op otherwise).

    The same source advising the same case twice while the first is open gives the open one.
    """
    state = Case.objects.filter(pk=case.pk).values_list("state", flat=True).first()
    if state not in ACTIVE_CASE_STATES:
        return None
    with transaction.atomic():
        serialise(f"reassessment-advice:{case.pk}")
        existing = ReassessmentAdvice.objects.filter(
            case=case.pk, source_type=source_type, source_id=source_id, resolved_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        advice = ReassessmentAdvice.objects.create(
            case_id=case.pk,
            reason=reason[:2000],
            source_type=source_type,
            source_id=source_id,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        # The timeline is read by every case viewer; the reason (which may name a product
        # under a handling restriction) stays in the advice, shown to product readers only.
        CaseEvent.objects.create(
            case_id=case.pk,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_name=getattr(actor, "display_name", "") or "systeem",
            kind="reassessment_advised",
            reason=_("Herbeoordeling geadviseerd op grond van nieuwe informatie."),
        )
        audit.record(
            AuditAction.CREATE,
            advice,
            changes={"source_type": [None, source_type], "source_id": [None, source_id]},
            actor=actor,
        )
    return advice


def advise_linked(product: ThreatProduct, reason: str, actor: Any) -> None:
    """Advise re-assessment on every active linked case. The reason names no product: the
    advice is read by case analysts who may not be cleared for this product; the product
    itself is shown next to the advice only to those who may see it."""
    case_ids = ProductCase.objects.filter(product=product).values_list("case_id", flat=True)
    for case in Case.objects.filter(pk__in=list(case_ids)).order_by("pk"):
        advise_reassessment(
            case, reason=reason, source_type="product", source_id=product.pk, actor=actor
        )


def resolve_advice(case: Case | int, *, actor: Any, resolution: str) -> int:
    """Close all open advice of a case with what was done; needs change on the case."""
    engine.require_principal(actor)
    resolution = (resolution or "").strip()
    if len(resolution) < 5:
        raise invalid(
            _("Geef aan wat er met het advies is gedaan (minimaal 5 tekens)."),
            "resolution",
            "required",
            _("Verplicht."),
        )
    case_id = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        case_obj = engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
        if not rules.may_resolve_advice(actor, case_obj):
            raise NotPermitted(_("U kunt het advies bij deze casus niet afhandelen."))
        advice = list(open_advice(case_id).select_for_update())
        if not advice:
            raise InvalidTransition(_("Er is geen openstaand advies bij deze casus."))
        now = timezone.now()
        ReassessmentAdvice.objects.filter(pk__in=[a.pk for a in advice]).update(
            resolved_at=now, resolved_by=actor, resolution=resolution
        )
        CaseEvent.objects.create(
            case_id=case_id,
            actor=actor,
            actor_name=actor.display_name,
            kind="reassessment_advice_resolved",
            reason=resolution,
        )
        for a in advice:
            audit.record(
                AuditAction.UPDATE,
                a,
                changes={"resolved": [False, True]},
                reason=resolution,
                actor=actor,
            )
    return len(advice)
