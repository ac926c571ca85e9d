"""What the coordinator decides about a hit: share, or not (issue 17, the coordinator's side).

Only an information coordinator who is a member of the hit's investigation decides. `share`
delivers a threat-information product through the information app's own intake (legal basis
of provision checked there), then links it to the hit's case through the one path a hit
justifies (`information.services.link_for_shared_hit`): the coordinator still never reads the
case. `not_share` records reasons and a date to reconsider; the `remind-hit-reconsideration`
job alerts the coordinator when it passes. Decisions are append-only; the hit's status
follows the latest one. A shared hit is final (the product can get new versions or be
withdrawn in the information app).

Every decision is audited without a case id: the case's own trail (read by its team) must
not show the hit, only the product once it is linked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, InvalidTransition, NotPermitted, ValidationFailed
from weerstand.information import services as information
from weerstand.information.models import Handling
from weerstand.matching.models import Hit, HitStatus, SharingDecision, SharingOutcome
from weerstand.policy import engine
from weerstand.policy.models import Alert
from weerstand.policy.table import Action, Resource

MIN_REASONS = 10


@dataclass
class ShareData:
    """A product for the case: what the coordinator may tell, under which basis."""

    title: str
    summary: str
    legal_basis: Any
    handling: str = Handling.NONE
    reliability: str = "B"
    credibility: int = 2
    classification: int = 1
    body: str = ""
    reasons: str = ""


@dataclass
class NotShareData:
    reasons: str
    reconsider_on: date | None = None


def get_hit(actor: Any, hit_id: Any, action: str = Action.VIEW) -> Hit:
    """The hit if the actor may see it (coordinator of its investigation, or inspector);
    404 like an absent one otherwise."""
    engine.require_principal(actor)
    return engine.get_for(
        Hit.objects.select_related("investigation", "investigation_selector"),
        actor,
        action,
        pk=hit_id,
    )


def decisions_of(actor: Any, hit: Hit) -> QuerySet[SharingDecision]:
    return (
        SharingDecision.objects.visible_to(actor)
        .filter(hit=hit)
        .select_related("legal_basis", "product", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def default_reconsider_on(today: date | None = None) -> date:
    return (today or timezone.localdate()) + timedelta(days=settings.MATCHING_RECONSIDER_DAYS)


def _locked_hit_to_decide(actor: Any, hit_id: Any) -> Hit:
    hit = get_hit(actor, hit_id)
    if not engine.can(actor, Resource.SHARING_DECISION, Action.CREATE):
        raise NotPermitted(_("Alleen de informatiecoördinator van het onderzoek besluit."))
    hit = Hit._base_manager.select_for_update().select_related("investigation").get(pk=hit.pk)
    if hit.status == HitStatus.SHARED:
        raise InvalidTransition(_("Deze hit is al gedeeld; dat besluit is definitief."))
    return hit


def _required_reasons(reasons: str, name: str = "reasons") -> str:
    reasons = (reasons or "").strip()
    if len(reasons) < MIN_REASONS:
        raise ValidationFailed(
            _("Motiveer het besluit (minimaal %(n)d tekens).") % {"n": MIN_REASONS},
            invalid_params=[InvalidParam(name, "required", _("Geef de motivering."))],
        )
    return reasons


def _set_status(hit: Hit, status: str) -> None:
    Hit._base_manager.filter(pk=hit.pk).update(status=status)
    hit.status = status


def share(actor: Any, hit_id: Any, data: ShareData) -> SharingDecision:
    """Deliver a product to the hit's case and record the decision to share."""
    engine.require_principal(actor)
    with transaction.atomic():
        hit = _locked_hit_to_decide(actor, hit_id)
        product = information.create_product(
            actor,
            information.ProductData(
                title=data.title,
                legal_basis=data.legal_basis,
                reliability=data.reliability,
                credibility=data.credibility,
                classification=data.classification,
                handling=data.handling,
                summary=data.summary,
                body=data.body,
            ),
        )
        information.link_for_shared_hit(actor, product, hit.case_id, hit_id=hit.pk)
        decision = SharingDecision.objects.create(
            hit=hit,
            outcome=SharingOutcome.SHARE,
            reasons=(data.reasons or "").strip(),
            legal_basis=product.legal_basis,
            handling=product.handling,
            product=product,
            decided_by=actor,
        )
        before = hit.status
        _set_status(hit, HitStatus.SHARED)
        _audit(actor, decision, before)
    return decision


def not_share(actor: Any, hit_id: Any, data: NotShareData) -> SharingDecision:
    """Record the decision not to share, with reasons and a date to reconsider."""
    engine.require_principal(actor)
    reasons = _required_reasons(data.reasons)
    today = timezone.localdate()
    reconsider_on = data.reconsider_on or default_reconsider_on(today)
    if reconsider_on <= today:
        raise ValidationFailed(
            _("De heroverwegingsdatum ligt in de toekomst."),
            invalid_params=[
                InvalidParam("reconsiderOn", "not-in-future", _("Kies een latere datum."))
            ],
        )
    with transaction.atomic():
        hit = _locked_hit_to_decide(actor, hit_id)
        decision = SharingDecision.objects.create(
            hit=hit,
            outcome=SharingOutcome.NOT_SHARE,
            reasons=reasons,
            reconsider_on=reconsider_on,
            decided_by=actor,
        )
        before = hit.status
        _set_status(hit, HitStatus.NOT_SHARED)
        _audit(actor, decision, before)
    return decision


def _audit(actor: Any, decision: SharingDecision, before: str) -> None:
    # No case id: the case's trail is read by its team, who must not learn of the hit.
    audit.record(
        AuditAction.CREATE,
        decision,
        case_id=None,
        changes={
            "hit": [None, decision.hit_id],
            "outcome": [None, decision.outcome],
            "hit_status": [before, decision.hit.status],
            "product": [None, decision.product.reference if decision.product else None],
            "reconsider_on": [None, str(decision.reconsider_on or "")],
            "reasons": audit.SECRET_MARK,
        },
        actor=actor,
    )


# --- the reminder job ----------------------------------------------------------------------


def remind_reconsideration(now: datetime | None = None) -> int:
    """Alert the investigation's coordinators of each latest `not_share` decision whose
    reconsider date has passed, once (the decision is marked). Idempotent."""
    from weerstand.matching.services import _coordinators

    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        SharingDecision._base_manager.filter(
            outcome=SharingOutcome.NOT_SHARE,
            reconsider_on__lte=today,
            reminded_at__isnull=True,
            hit__status=HitStatus.NOT_SHARED,
        )
        .select_related("hit__investigation")
        .order_by("pk")
    )
    sent = 0
    for decision in due:
        latest = (
            SharingDecision._base_manager.filter(hit_id=decision.hit_id)
            .order_by("-decided_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        with transaction.atomic():
            marked = SharingDecision._base_manager.filter(
                pk=decision.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not marked or latest != decision.pk:
                continue  # another run took it, or a later decision replaced it
            investigation = decision.hit.investigation
            for coordinator in _coordinators(investigation):
                Alert.objects.create(
                    recipient=coordinator,
                    message=_(
                        "Heroverweeg het besluit om hit %(hit)d van afgeschermd onderzoek "
                        "'%(title)s' niet te delen (heroverwegen op %(date)s)."
                    )
                    % {
                        "hit": decision.hit_id,
                        "title": investigation.title,
                        "date": decision.reconsider_on.strftime("%d-%m-%Y")
                        if decision.reconsider_on
                        else "",
                    },
                    created_at=now,
                )
            audit.record(
                AuditAction.UPDATE,
                decision,
                case_id=None,
                changes={"reminded_at": [None, now.isoformat()]},
            )
            sent += 1
    return sent


def hits_waiting(actor: Any) -> QuerySet[Hit]:
    """Hits the actor (a coordinator) still has to decide, or to reconsider."""
    if not engine.can(actor, Resource.SHARING_DECISION, Action.CREATE):
        return Hit.objects.none()
    return (
        Hit.objects.visible_to(actor)
        .filter(status=HitStatus.NEW)
        .select_related("investigation", "investigation_selector")
        .order_by("created_at", "pk")
    )


def decides(actor: Any) -> bool:
    """Does the actor decide on hits (a coordinator), rather than oversee them?"""
    return engine.can(actor, Resource.SHARING_DECISION, Action.CREATE)
