"""The start page: what needs the user today, counts that lead to full lists, then alerts.

Each work item, count and panel is built by the app that owns its content, from
`visible_to(user)`, and audits what it shows; the kernel only orders and arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import (
    WorkItem,
    panels_for,
    work_counts_for,
    work_items_for,
)
from weerstand.policy import engine

LIST_LIMIT = 20
# The start page shows this many jobs; the rest is one link away ("alle N taken").
WORK_LIMIT = 10
PER_KIND = 3  # items of one kind on the start page's short list


def visible_alerts(user: Any) -> QuerySet:
    """The user's own alerts, re-checked against the policy (the kernel's alert rule):
    someone who left a case team does not keep reading about it."""
    from weerstand.policy.models import Alert

    return engine.scope(Alert.objects.all(), user)


def unread_alert_count(user: Any) -> int:
    return visible_alerts(user).filter(read_at__isnull=True).count()


def mark_alert_read(user: Any, alert_id: int) -> None:
    """The recipient acknowledges an alert; acknowledging a break-glass notice is audited."""
    with transaction.atomic():
        alert = visible_alerts(user).select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise Http404("Niet gevonden")
        if alert.read_at is not None:
            return
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        audit.record(
            AuditAction.UPDATE,
            alert,
            object_repr=f"melding {alert.pk}",
            case_id=alert.case_id,
            changes={"read_at": [None, alert.read_at.isoformat()]},
            reason="melding gelezen",
            actor=user,
        )


def audit_work(object_type: str, ids: list[int], what: str, user: Any) -> None:
    """One LIST record for the rows a work list or count shows (as the panels did)."""
    if ids:
        audit.record(
            AuditAction.LIST,
            object_type=object_type,
            object_repr=f"startpagina: {len(ids)} {what}",
            changes={"ids": sorted(ids)},
            actor=user,
        )


def mark_all_alerts_read(user: Any) -> int:
    """The recipient acknowledges every unread alert they may still see, in one audited step.

    Only the user's own alerts, re-checked against the policy like `mark_alert_read`; returns
    how many were marked."""
    with transaction.atomic():
        alerts = list(visible_alerts(user).select_for_update().filter(read_at__isnull=True))
        if not alerts:
            return 0
        now = timezone.now()
        for alert in alerts:
            alert.read_at = now
            alert.save(update_fields=["read_at"])
            audit.record(
                AuditAction.UPDATE,
                alert,
                object_repr=f"melding {alert.pk}",
                case_id=alert.case_id,
                changes={"read_at": [None, now.isoformat()]},
                reason="alle meldingen gelezen",
                actor=user,
            )
        return len(alerts)


@dataclass(frozen=True)
class ShownWork:
    """A work item as the start page shows it: with its deadline in words."""

    item: WorkItem
    due: datetime | None
    overdue: bool
    due_words: str


def _as_moment(deadline: date | datetime | None) -> datetime | None:
    """A date counts until the end of that day; a datetime is the moment itself."""
    if deadline is None:
        return None
    if isinstance(deadline, datetime):
        return deadline if timezone.is_aware(deadline) else timezone.make_aware(deadline)
    return timezone.make_aware(datetime.combine(deadline, time.max))


def deadline_words(deadline: date | datetime | None, now: datetime | None = None) -> str:
    """A deadline in words: "vandaag", "morgen", "over 3 dagen", "3 dagen te laat"."""
    if deadline is None:
        return _("geen termijn")
    now = now or timezone.now()
    today = timezone.localdate(now)
    moment = _as_moment(deadline)
    assert moment is not None
    day = timezone.localdate(moment)
    days = (day - today).days
    if days < 0:
        return ngettext("%(n)d dag te laat", "%(n)d dagen te laat", -days) % {"n": -days}
    if days == 0:
        return _("vandaag, te laat") if moment < now else _("vandaag")
    if days == 1:
        return _("morgen")
    return ngettext("over %(n)d dag", "over %(n)d dagen", days) % {"n": days}


def ordered_work(user: Any, now: datetime | None = None) -> list[ShownWork]:
    """The user's work items, overdue first, then by deadline; those without one last."""
    now = now or timezone.now()
    shown = []
    for item in work_items_for(user):
        due = _as_moment(item.deadline)
        shown.append(
            ShownWork(item, due, due is not None and due < now, deadline_words(item.deadline, now))
        )
    far = timezone.make_aware(datetime.max.replace(year=9000))
    shown.sort(key=lambda w: (w.due is None, w.due or far, not w.item.priority, str(w.item.title)))
    return shown


def _kind(item: WorkItem) -> str:
    if item.kind:
        return item.kind
    try:
        return resolve(urlsplit(item.url).path).view_name
    except Resolver404:
        return item.url


def top_of(work: list[ShownWork], limit: int = WORK_LIMIT) -> list[ShownWork]:
    """The start page's short list: in deadline order, but at most `PER_KIND` of one kind, so
    thirty late assignments do not push a decision that waits for this user off the screen
    (the rest are on the full list, behind "Alle N taken")."""
    top: list[ShownWork] = []
    per_kind: dict[str, int] = {}
    for shown in work:
        kind = _kind(shown.item)
        if per_kind.get(kind, 0) < PER_KIND:
            top.append(shown)
            per_kind[kind] = per_kind.get(kind, 0) + 1
        if len(top) == limit:
            break
    return top


def dashboard_for(user: Any) -> dict[str, Any]:
    work = ordered_work(user)
    unread = visible_alerts(user).filter(read_at__isnull=True)
    return {
        "today": timezone.localdate(),
        "work": top_of(work),
        "work_total": len(work),
        "counts": work_counts_for(user),
        "alerts": list(unread.select_related("case")[:LIST_LIMIT]),
        "alert_count": unread.count(),
        "panels": panels_for(user),
    }
