"""Probing leaves a trace: refused reads and writes are audited, and a pattern raises an alert.

Not-yours looks like not-there: a hidden object answers exactly like an absent one. That must
not make feeling around invisible. The places that know "refused" tell this module:

- `engine.get_for` and `PolicyQuerySet.get` (after `visible_to`): a single object that was
  not found. One query on that failure path (never on the success path) asks whether the id
  exists at all, and the record says `hidden` or `absent`.
- the API's exception handler, `core.forms.submit_form` / `perform`, and the declared-needs
  checks: a refused write (403, or a write to a resource the actor has no grant for).

Absent ids are recorded as well, as `denied_read` with result `absent`: enumerating ids hits
mostly absent ones, and doing the same work (one existence query, one insert) for hidden and
absent ids keeps the two answers alike in timing too.

What is recorded, and what is not: the actor, the token's public prefix when the request
used one, the object's type and id, whether it was hidden or absent, the method and path.
Never the object's text (`object_repr` stays empty: the object is not even loaded) and never
its case (`case_id` stays empty), so the record does not show up in a case's access log for
the case's owner; only who reads the whole trail (inspectors, with database access) sees it.

During a request the records wait in the request context and are written by
`core.middleware.RequestIdMiddleware` once the response is built (`flush`): outside the
view's transaction, so the rollback of a refused write cannot take its trace away, and
without touching the response. Outside a request (commands, jobs, tests calling services)
they are written at once.

The detector runs inline, in the same transaction as the record and under the audit
chain's lock, so concurrent refusals cannot raise two alerts: when one actor reaches
`PROBE_ALERT_THRESHOLD` refusals within `PROBE_ALERT_WINDOW_MINUTES`, and no alert about
that actor was raised within the window, one alert goes to every active system
administrator and inspector (not to the actor). Counting per user also catches a token:
every token belongs to one user, so a token's refusals are a subset of its user's.
Recipients: the system administrators can act at once (revoke the token, block the
account) and see no case content; the inspectors oversee access to every case. The alert
names the actor, the count and the token, never an object.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditRecord
from weerstand.core import context

logger = logging.getLogger(__name__)

REFUSALS = (AuditAction.DENIED_READ, AuditAction.DENIED_WRITE)
MAX_PER_REQUEST = 10  # one page cannot flood the trail; the first few say enough
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Refusal:
    actor: Any
    action: str
    object_type: str
    object_id: str
    result: str  # hidden, absent, refused
    reason: str = ""


# --- what the access helpers call --------------------------------------------------------


def _is_write(action: str) -> bool:
    """A change: a policy action other than view, or a request with an unsafe method.
    Outside a request (no method) a refused action without a policy action is a write."""
    method = context.current().method
    if str(action) not in ("view", ""):
        return True
    if not method:
        return not action
    return method not in SAFE_METHODS


def not_found(model: type[models.Model], user: Any, action: str, lookup: dict[str, Any]) -> None:
    """A single-object lookup through the policy found nothing: hidden or absent?"""
    try:
        with transaction.atomic():  # a savepoint: a failing check cannot break the caller's
            exists = bool(lookup) and model._base_manager.filter(**lookup).exists()
    except (ValueError, TypeError, LookupError, ArithmeticError):
        exists = False  # a malformed id: nothing can exist under it
    except Exception:  # a trace must never change the answer
        logger.exception("probing: existence check failed for %s", model._meta.label_lower)
        exists = False
    pk = lookup.get("pk", lookup.get("id", ""))
    object_id = str(pk) if pk != "" else ",".join(f"{k}={v}" for k, v in sorted(lookup.items()))
    _add(
        Refusal(
            actor=user,
            action=AuditAction.DENIED_WRITE if _is_write(action) else AuditAction.DENIED_READ,
            object_type=model._meta.label_lower,
            object_id=object_id[:64],
            result="hidden" if exists else "absent",
        )
    )


def action_refused(user: Any = None, reason: str = "") -> None:
    """An action was refused (403, or a write without any grant): about the object the
    request last read through the policy, else only the path. A write (or a refusal outside
    a request) is a `denied_write`; a refused read (a 403 on GET) a `denied_read`."""
    ctx = context.current()
    user = user if user is not None else ctx.user
    if user is None or not getattr(user, "is_authenticated", False):
        return  # no principal: the 401 and the sign-in throttle deal with that
    object_type, object_id = ctx.subject or ("", "")
    _add(
        Refusal(
            actor=user,
            action=AuditAction.DENIED_WRITE if _is_write("") else AuditAction.DENIED_READ,
            object_type=object_type,
            object_id=object_id,
            result="refused",
            reason=str(reason)[:500],
        )
    )


def note_subject(obj: models.Model) -> None:
    """Remember what the request is about (no query): a later refused write names it."""
    context.current().subject = (obj._meta.label_lower, str(obj.pk))


def _add(refusal: Refusal) -> None:
    ctx = context.current()
    if not getattr(refusal.actor, "is_authenticated", False):
        # The engine also takes a `Principal` (plain facts): the request's user is that user.
        pk = getattr(refusal.actor, "pk", None)
        if pk is None or getattr(ctx.user, "pk", None) != pk:
            return
        refusal = replace(refusal, actor=ctx.user)
    if not ctx.deferred:
        _write(ctx, [refusal])
        return
    key = (refusal.action, refusal.object_type, refusal.object_id)
    known = {(r.action, r.object_type, r.object_id) for r in ctx.refusals}
    if key not in known and len(ctx.refusals) < MAX_PER_REQUEST:
        ctx.refusals.append(refusal)


# --- writing and detecting ---------------------------------------------------------------


def flush(ctx: context.RequestContext) -> None:
    """Write the refusals a request collected (called after its response was built).

    Never raises: a failing trace must not turn a 404 into a 500, which would tell a
    hidden object from an absent one. A failure is logged as an error instead.
    """
    pending, ctx.refusals = ctx.refusals, []
    try:
        _write(ctx, pending)
    except Exception:  # see the docstring
        logger.exception("probing: could not audit %d refusal(s)", len(pending))


def _write(ctx: context.RequestContext, refusals: list[Refusal]) -> None:
    for refusal in refusals:
        changes: dict[str, Any] = {}
        if ctx.method:
            changes["request"] = f"{ctx.method} {ctx.path}"
        if ctx.token:
            changes["token"] = ctx.token
        with transaction.atomic():
            rec = audit.record(
                refusal.action,
                object_type=refusal.object_type,
                object_id=refusal.object_id,
                changes=changes,
                result=refusal.result,
                reason=refusal.reason,
                actor=refusal.actor,
            )
            _detect(refusal.actor, rec, ctx.token)


def _detect(actor: Any, rec: AuditRecord, token: str) -> None:
    """Raise one alert when `actor` crosses the threshold within the window.

    Runs inside the transaction that holds the audit chain's lock (taken by the record just
    written), so two refusals at the same moment cannot both see "no alert yet".
    """
    threshold = settings.PROBE_ALERT_THRESHOLD
    if threshold <= 0:
        return
    since = rec.created_at - timedelta(minutes=settings.PROBE_ALERT_WINDOW_MINUTES)
    count = AuditRecord.objects.filter(
        actor_id=actor.pk, action__in=REFUSALS, created_at__gte=since
    ).count()
    if count < threshold:
        return
    already = AuditRecord.objects.filter(
        actor_id=actor.pk, action=AuditAction.PROBE_ALERT, created_at__gte=since
    ).exists()
    if already:
        return
    _raise_alert(actor, count, token)


def recipients(actor: Any) -> models.QuerySet:
    """Who is told: active system administrators and inspectors, never the actor."""
    from weerstand.accounts.models import User
    from weerstand.accounts.roles import Role

    return (
        User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.SYSTEM_ADMIN, Role.INSPECTOR]
        )
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("pk")
    )


def _raise_alert(actor: Any, count: int, token: str) -> None:
    from weerstand.policy.models import Alert

    minutes = settings.PROBE_ALERT_WINDOW_MINUTES
    via = f" via API-token {token}" if token else ""
    message = (
        f"Mogelijk aftasten: {actor.display_name} ({actor.username}){via} kreeg {count} "
        f"weigeringen (verborgen of onbekende objecten, geweigerde wijzigingen) binnen "
        f"{minutes} minuten. Zie het audittrail; overweeg het token in te trekken of het "
        f"account te blokkeren."
    )
    told = list(recipients(actor))
    Alert.objects.bulk_create([Alert(recipient=u, case=None, message=message) for u in told])
    # Attributed to the actor whose refusals raised it, so the detector finds it by actor.
    audit.record(
        AuditAction.PROBE_ALERT,
        object_type="accounts.user",
        object_id=actor.pk,
        object_repr=f"gebruiker {actor.username}",
        changes={"refusals": count, "minutes": minutes, "token": token, "told": len(told)},
        result="alert",
        actor=actor,
    )
