"""Recalibration (herijking): a finalised picture is re-assessed periodically, and sooner when
something happens that may change it.

Here: the next recalibration date that follows from the threat level (configurable intervals
in `AssessmentRules`), putting it on the case when a version is finalised, resolving the
case's open re-assessment advice with the new picture, and `due_info`: why a picture is due
now (its date, an expired assumption, a trigger moment near, open advice, new products or
incident signals), computed per user from policy-scoped reads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.assessments.models import (
    Assessment,
    AssessmentRules,
    Assumption,
    ProductCitation,
    ScenarioTrigger,
)
from weerstand.assessments.services._common import DUE_SOON_DAYS, case_event
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases.models import Case
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def next_recalibration_date(threat_level: int, today: date | None = None) -> date:
    """When a picture finalised today must be recalibrated at the latest."""
    today = today or timezone.localdate()
    return today + timedelta(days=AssessmentRules.current().days_for(threat_level))


def recalibration_limit(case: Any, today: date | None = None) -> date:
    """The latest date the case's next recalibration may be set to by hand: the date derived
    from the threat level of the picture in force (as `finalise` put it there). Until a picture
    has set a level, the case counts as being at the highest one: the shortest interval from
    today. A date by hand may only come earlier (`cases.selectors.recalibration_limit`).

    A system read, unscoped on purpose: only the date leaves this function.
    """
    from weerstand.assessments.levels import ThreatLevel
    from weerstand.assessments.models import AssessmentStatus

    in_force = (
        Assessment.objects.filter(case=getattr(case, "pk", case), status=AssessmentStatus.FINALISED)
        .order_by("-number")
        .first()
    )
    if in_force is not None and in_force.next_recalibration is not None:
        return in_force.next_recalibration
    if in_force is not None and in_force.threat_level is not None:
        start = timezone.localdate(in_force.finalised_at) if in_force.finalised_at else None
        return next_recalibration_date(in_force.threat_level, start)
    return next_recalibration_date(max(ThreatLevel.values), today)


def schedule(actor: Any, a: Assessment, next_date: date) -> Case:
    """Put the next recalibration date of a just finalised version on its case (audited, and
    as an entry on the case's timeline). The caller holds the transaction."""
    case = Case.objects.select_for_update().get(pk=a.case_id)
    before = case.next_recalibration
    Case.objects.filter(pk=case.pk).update(
        next_recalibration=next_date, version=F("version") + 1, updated_at=timezone.now()
    )
    audit.record(
        AuditAction.UPDATE,
        case,
        changes={"next_recalibration": [str(before) if before else None, str(next_date)]},
        reason=f"dreigingsbeeld {a.reference} vastgesteld",
        actor=actor,
    )
    case_event(
        case,
        actor,
        "assessment_finalised",
        f"Dreigingsbeeld versie {a.number} vastgesteld: dreigingsniveau {a.threat_level}, "
        f"herijking uiterlijk {next_date.isoformat()}.",
    )
    return case


def resolve_advice(case: Case, actor: Any, a: Assessment) -> None:
    """A new picture answers the open re-assessment advice of the case."""
    from weerstand.information import services as information

    if information.open_advice(case).exists():
        information.resolve_advice(
            case, actor=actor, resolution=f"Nieuw dreigingsbeeld {a.reference} vastgesteld."
        )


@dataclass
class DueInfo:
    assessment: Assessment | None
    reasons: list[str]
    overdue: bool

    @property
    def due(self) -> bool:
        return bool(self.reasons)


def due_info(
    user: Any, case: Case, current: Assessment | None, today: date | None = None
) -> DueInfo:
    """Why a case's assessment must be recalibrated now, read with the user's own eyes.

    `current` is the latest finalised version as the user may see it. Every source (products,
    signals, advice) is read through `visible_to(user)`, so a reason never reveals a row the
    user may not see.
    """
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    today = today or timezone.localdate()
    rules = AssessmentRules.current()
    reasons: list[str] = []
    overdue = False
    if current is None:
        return DueInfo(None, [_("nog geen vastgesteld dreigingsbeeld")], False)
    if current.next_recalibration:
        if current.next_recalibration < today:
            overdue = True
            reasons.append(
                _("herijkingstermijn verstreken (%(d)s)")
                % {"d": f"{current.next_recalibration:%d-%m-%Y}"}
            )
        elif current.next_recalibration <= today + timedelta(days=DUE_SOON_DAYS):
            reasons.append(
                _("herijking uiterlijk %(d)s") % {"d": f"{current.next_recalibration:%d-%m-%Y}"}
            )
    for m in Assumption.objects.filter(assessment=current.pk, review_by__lt=today):
        reasons.append(_("aanname verlopen op %(d)s") % {"d": f"{m.review_by:%d-%m-%Y}"})
    window = today + timedelta(days=rules.trigger_window_days)
    for t in ScenarioTrigger.objects.filter(
        scenario__assessment=current.pk, expected_on__gte=today, expected_on__lte=window
    ):
        reasons.append(
            _("triggermoment %(d)s: %(what)s")
            % {"d": f"{t.expected_on:%d-%m-%Y}", "what": t.description}
        )
    if engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW):
        # The advice is case content for readers of threat information (the case is visible).
        from weerstand.information import services as information

        for adv in information.open_advice(case)[:5]:
            # Source kind and date only: the advice text may name a product the user
            # cannot see.
            reasons.append(
                _("advies herbeoordeling (%(source)s, %(d)s)")
                % {
                    "source": adv.source_type,
                    "d": f"{timezone.localtime(adv.created_at):%d-%m-%Y}",
                }
            )
    since = current.finalised_at or current.created_at
    cited = ProductCitation.objects.filter(assessment=current.pk).values("product_id")
    new_products = (
        ThreatProduct.objects.visible_to(user, Action.VIEW)
        .filter(case_links__case=case.pk, received_at__gt=since)
        .exclude(pk__in=cited)
        .exclude(status="withdrawn")
        .count()
    )
    if new_products:
        reasons.append(_("%(n)s nieuw(e) product(en) sinds vaststelling") % {"n": new_products})
    incidents = (
        Signal.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk, kind="incident", created_at__gt=since)
        .exclude(status="dismissed")
        .count()
    )
    if incidents:
        reasons.append(_("%(n)s incident(en) gemeld sinds vaststelling") % {"n": incidents})
    return DueInfo(current, reasons, overdue)
