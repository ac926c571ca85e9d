"""No enumeration: limits on registering selectors, and an alert on unusual registration.

Matching is the only lookup there is, and registering a selector never says whether it
matched; what remains is someone registering values by the hundred and waiting for hits. So
registration is limited per user (over both sides) and per investigation, counted from the
stored selectors themselves (a refused registration stores nothing and counts nothing), and
a burst within the bulk window, or reaching a limit, alerts the owners of the compartment the
selectors went into: once per window, so a burst is one alert and not a flood.

The limits are settings (`MATCHING_*`); the refusal is a 429 problem in the API and a form
error on the pages, and it says nothing of the value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import DomainError
from weerstand.core.locks import serialise
from weerstand.matching.models import Selector, SelectorSide, SelectorSource
from weerstand.policy.models import Alert, CompartmentMembership, MemberFunction


class SelectorLimitReached(DomainError):
    status = 429
    code = "selector-limit-reached"
    title = "Te veel selectors in korte tijd"


@dataclass(frozen=True)
class Where:
    """Where a selector goes: an investigation (its compartment) or a case (its team)."""

    compartment_id: int
    name: str
    investigation_id: int | None = None


def where_investigation(investigation: Any) -> Where:
    return Where(
        investigation.compartment_id,
        _("afgeschermd onderzoek '%(t)s'") % {"t": investigation.title},
        investigation.pk,
    )


def where_case(case: Any) -> Where:
    return Where(case.team_id, _("casus %(ref)s") % {"ref": case.reference})


def _registered(since: datetime) -> Any:
    return Selector._base_manager.filter(source=SelectorSource.REGISTERED, created_at__gte=since)


def admit(actor: Any, where: Where, *, now: datetime | None = None) -> None:
    """Refuse a registration beyond the limits (inside the registering transaction, which
    this serialises per user so two requests cannot both take the last place)."""
    now = now or timezone.now()
    serialise(f"selector-limit:{actor.pk}")
    per_user = settings.MATCHING_SELECTORS_PER_USER_HOUR
    if _registered(now - timedelta(hours=1)).filter(registered_by=actor).count() >= per_user:
        raise SelectorLimitReached(
            _(
                "U heeft het maximum van %(n)d selectors per uur bereikt. Probeer het later "
                "opnieuw; de eigenaren van het compartiment zijn geïnformeerd."
            )
            % {"n": per_user}
        )
    if where.investigation_id is not None:
        serialise(f"selector-limit-investigation:{where.investigation_id}")
        per_day = settings.MATCHING_SELECTORS_PER_INVESTIGATION_DAY
        count = (
            _registered(now - timedelta(days=1))
            .filter(side=SelectorSide.INVESTIGATION, investigation_id=where.investigation_id)
            .count()
        )
        if count >= per_day:
            raise SelectorLimitReached(
                _(
                    "Dit onderzoek heeft het maximum van %(n)d selectors per dag bereikt. "
                    "Probeer het morgen opnieuw; de eigenaren zijn geïnformeerd."
                )
                % {"n": per_day}
            )


def is_bulk(actor: Any, *, now: datetime | None = None) -> bool:
    """Has the actor registered more than the bulk threshold within the bulk window?"""
    now = now or timezone.now()
    window = timedelta(minutes=settings.MATCHING_BULK_WINDOW_MINUTES)
    count = _registered(now - window).filter(registered_by=actor).count()
    return count > settings.MATCHING_BULK_THRESHOLD


def alert_owners(actor: Any, where: Where, why: str, *, now: datetime | None = None) -> int:
    """Tell the compartment's owners of an unusual registration, once per bulk window.

    The alert names the registrant and the place, never a value or a label. Returns how
    many owners were alerted (0 when this window already had its alert)."""
    now = now or timezone.now()
    window = timedelta(minutes=settings.MATCHING_BULK_WINDOW_MINUTES)
    message = _(
        "Ongebruikelijke registratie van selectors door %(who)s in %(where)s (%(why)s). "
        "Ga na of dit klopt."
    ) % {"who": getattr(actor, "display_name", "") or actor.pk, "where": where.name, "why": why}
    prefix = message.split(" (", 1)[0]
    owners = list(
        CompartmentMembership.objects.filter(
            compartment_id=where.compartment_id, function=MemberFunction.OWNER
        )
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for membership in owners:
        already = Alert.objects.filter(
            recipient=membership.user,
            message__startswith=prefix,
            created_at__gte=now - window,
        ).exists()
        if already:
            continue
        Alert.objects.create(recipient=membership.user, message=message, created_at=now)
        sent += 1
    if sent:
        audit.record(
            AuditAction.CREATE,
            object_type="policy.alert",
            object_repr=f"signaal ongebruikelijke registratie selectors ({sent} eigenaren)",
            changes={"compartment": where.compartment_id, "registrant": actor.pk, "why": why},
        )
    return sent


def why_limit() -> str:
    return _("limiet bereikt")


def why_bulk() -> str:
    return _("meer dan %(n)d in %(m)d minuten") % {
        "n": settings.MATCHING_BULK_THRESHOLD,
        "m": settings.MATCHING_BULK_WINDOW_MINUTES,
    }
