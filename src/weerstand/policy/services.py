"""Break-glass access: emergency reading of a case outside one's team."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.policy import engine
from weerstand.policy.models import Alert, BreakGlassGrant, CompartmentMembership
from weerstand.policy.table import Action, Resource


def break_glass(
    actor: Any, case_reference: str, *, reason: str, minutes: int = 60
) -> BreakGlassGrant:
    """Grant the actor time-limited read access to one case, alert its owners, mark the trail.

    The case is looked up without revealing whether it exists to someone who may not break
    glass at all; clearance and restricting compartments still apply through the engine.
    """
    engine.require_principal(actor)
    if not engine.can(actor, Resource.BREAK_GLASS, Action.USE):
        raise NotPermitted("Uw rol kent geen noodtoegang.")
    reason = (reason or "").strip()
    if len(reason) < 20:
        raise ValidationFailed(
            "Noodtoegang vraagt een concrete reden (minimaal 20 tekens).",
            invalid_params=[InvalidParam("reason", "too-short", "Licht de noodsituatie toe.")],
        )
    if not 1 <= minutes <= engine.BREAK_GLASS_MAX.total_seconds() // 60:
        raise ValidationFailed("Noodtoegang duurt minimaal 1 minuut en maximaal 4 uur.")
    # The kernel knows the case model only by name (`engine.case_model()`), so it reads the
    # columns it needs; the grant's own foreign key then hands out the typed case.
    found = (
        engine.case_model()
        ._default_manager.filter(reference=case_reference, classification__lte=actor.clearance)
        .values_list("pk", "team_id", "restricted_compartment_id")
        .first()
    )
    if found is None:
        raise Http404("Niet gevonden")
    case_pk, team_id, restricted_id = found
    if (
        restricted_id
        and not CompartmentMembership.objects.filter(compartment=restricted_id, user=actor).exists()
    ):
        raise Http404("Niet gevonden")
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor,
            case_id=case_pk,
            reason=reason,
            expires_at=timezone.now() + timedelta(minutes=minutes),
        )
        case = grant.case
        owners = CompartmentMembership.objects.filter(compartment=team_id, function="owner")
        for m in owners.select_related("user"):
            Alert.objects.create(
                recipient=m.user,
                case=case,
                message=(
                    f"Noodtoegang tot {case.reference} door {actor.display_name} "
                    f"({actor.organisation}) tot "
                    f"{timezone.localtime(grant.expires_at):%d-%m-%Y %H:%M}: {reason}"
                ),
            )
        audit.record(
            AuditAction.BREAK_GLASS,
            case,
            reason=reason,
            break_glass=True,
            changes={"expires_at": [None, grant.expires_at.isoformat()]},
            actor=actor,
        )
    return grant


def review_break_glass(actor: Any, grant_id: int, *, note: str) -> BreakGlassGrant:
    """Inspectors and case owners mark a break-glass use as reviewed.

    An absent grant and one the actor may not review answer the same (404); nobody reviews
    their own emergency access.
    """
    engine.require_principal(actor)
    with transaction.atomic():
        grant = BreakGlassGrant.objects.select_for_update().filter(pk=grant_id).first()
        if grant is None or not engine.can(actor, Resource.CASE_AUDIT, Action.VIEW, grant.case):
            raise Http404("Niet gevonden")
        if grant.user == actor:
            raise NotPermitted("U kunt uw eigen noodtoegang niet beoordelen.")
        grant.reviewed_at = timezone.now()
        grant.reviewed_by = actor
        grant.review_note = note
        grant.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        audit.record(
            AuditAction.UPDATE, grant.case, reason=f"noodtoegang beoordeeld: {note}", actor=actor
        )
    return grant
