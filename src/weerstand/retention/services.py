"""Every change in the retention app: rules, legal holds, the retention run and its signed
report, and access requests. Pages, API and the scheduled job all come here.

The retention run (`apply_retention`) is system work: it reads with the base managers, acts
on each expired object in a transaction of its own (a failure leaves that one object as it
was and the rest of the run goes on), and writes one audit record per object that names the
object by type and id only. See docs/architecture.md, "Retention and the audit chain".
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction, AuditPayload
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.retention import signing, types
from weerstand.retention.models import (
    AccessException,
    AccessRequest,
    AccessRequestItem,
    AccessRequestStatus,
    CountedFrom,
    DestructionReport,
    HoldKind,
    ItemDecision,
    LegalHold,
    RetentionAction,
    RetentionRule,
)

RULE_FIELDS = ("object_type", "legal_basis", "period_days", "counted_from", "action", "active")
MAX_PERIOD_DAYS = 365 * 100
MAX_TEXT = 4000


def _require(actor: Any, resource: Resource, action: Action, what: str) -> None:
    engine.require_principal(actor)
    if not engine.can(actor, resource, action):
        raise NotPermitted(f"U mag {what} niet.")


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and expected != obj.version:
        raise ConcurrencyConflict(
            f"Versie {expected} is verouderd; de huidige versie is {obj.version}."
        )


# --- retention rules --------------------------------------------------------------------------


def _clean_rule(values: dict[str, Any]) -> dict[str, Any]:
    from weerstand.information.models import LegalBasis

    problems: list[InvalidParam] = []
    kinds = types.governed_types()
    kind = kinds.get(values.get("object_type") or "")
    if kind is None:
        problems.append(InvalidParam("object_type", "unknown", "Kies een soort object."))
    basis = (values.get("legal_basis") or "").strip()
    if basis and not LegalBasis.objects.filter(code=basis).exists():
        problems.append(InvalidParam("legal_basis", "unknown", "Deze grondslag bestaat niet."))
    period = values.get("period_days")
    if (
        isinstance(period, bool)
        or not isinstance(period, int)
        or not 0 <= period <= MAX_PERIOD_DAYS
    ):
        problems.append(
            InvalidParam("period_days", "invalid", "Geef een termijn van 0 tot 36500 dagen.")
        )
    counted = values.get("counted_from")
    if counted not in CountedFrom.values or (kind and counted not in kind.counts_from):
        problems.append(
            InvalidParam(
                "counted_from", "invalid", "Dit vertrekpunt past niet bij dit soort object."
            )
        )
    action = values.get("action")
    allowed = set()
    if kind and kind.destroy is not None:
        allowed.add(RetentionAction.DESTROY)
    if kind and kind.anonymise is not None:
        allowed.add(RetentionAction.ANONYMISE)
    if action not in allowed:
        problems.append(
            InvalidParam("action", "invalid", "Deze handeling kan niet voor dit soort object.")
        )
    if problems:
        raise ValidationFailed("De bewaarregel is niet compleet.", invalid_params=problems)
    return {
        "object_type": values["object_type"],
        "legal_basis": basis,
        "period_days": period,
        "counted_from": counted,
        "action": action,
        "active": bool(values.get("active", True)),
        "note": (values.get("note") or "").strip()[:MAX_TEXT],
    }


def _duplicate(object_type: str, basis: str, exclude: int | None = None) -> None:
    qs = RetentionRule.objects.filter(object_type=object_type, legal_basis=basis)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ValidationFailed(
            "Voor dit soort object en deze grondslag bestaat al een bewaarregel.",
            invalid_params=[InvalidParam("legal_basis", "duplicate", "Er is al een regel.")],
        )


def create_rule(actor: Any, values: dict[str, Any]) -> RetentionRule:
    _require(actor, Resource.RETENTION_RULE, Action.CREATE, "geen bewaarregels vastleggen")
    clean = _clean_rule(values)
    with transaction.atomic():
        _duplicate(clean["object_type"], clean["legal_basis"])
        rule = RetentionRule.objects.create(**clean)
        audit.record(
            AuditAction.CREATE,
            rule,
            changes=audit.field_changes({}, {k: clean[k] for k in RULE_FIELDS}),
            actor=actor,
        )
    return rule


def update_rule(
    actor: Any, rule_id: int, values: dict[str, Any], *, expected_version: int | None = None
) -> RetentionRule:
    with transaction.atomic():
        rule = engine.get_for(
            RetentionRule.objects.select_for_update(), actor, Action.CHANGE, pk=rule_id
        )
        _check_version(rule, expected_version)
        merged = {name: getattr(rule, name) for name in (*RULE_FIELDS, "note")}
        merged.update({k: v for k, v in values.items() if k in merged})
        clean = _clean_rule(merged)
        _duplicate(clean["object_type"], clean["legal_basis"], exclude=rule.pk)
        before = {name: getattr(rule, name) for name in RULE_FIELDS}
        for name, value in clean.items():
            setattr(rule, name, value)
        rule.version = F("version") + 1
        rule.save()
        rule.refresh_from_db()
        audit.record(
            AuditAction.UPDATE,
            rule,
            changes=audit.field_changes(before, {k: clean[k] for k in RULE_FIELDS}),
            actor=actor,
        )
    return rule


def delete_rule(actor: Any, rule_id: int, *, expected_version: int | None = None) -> None:
    with transaction.atomic():
        rule = engine.get_for(
            RetentionRule.objects.select_for_update(), actor, Action.CHANGE, pk=rule_id
        )
        _check_version(rule, expected_version)
        audit.record(
            AuditAction.DELETE,
            rule,
            changes=audit.field_changes({k: getattr(rule, k) for k in RULE_FIELDS}, {}),
            actor=actor,
        )
        rule.delete()


# --- legal holds ----------------------------------------------------------------------------


def place_hold(
    actor: Any,
    *,
    kind: str,
    reason: str,
    case_id: int | None = None,
    object_type: str = "",
    object_id: int | None = None,
) -> LegalHold:
    """Hold a whole case (everything linked to it) or one object of a governed type."""
    from weerstand.cases.models import Case

    _require(actor, Resource.LEGAL_HOLD, Action.CREATE, "geen bewaarplicht opleggen")
    problems = []
    if kind not in HoldKind.values:
        problems.append(InvalidParam("kind", "invalid", "Kies een soort bewaarplicht."))
    reason = (reason or "").strip()
    if not reason:
        problems.append(InvalidParam("reason", "required", "Geef de reden."))
    if (case_id is None) == (not object_type and object_id is None):
        problems.append(
            InvalidParam("case", "invalid", "Kies een casus, of een soort object met nummer.")
        )
    elif case_id is not None and not Case._base_manager.filter(pk=case_id).exists():
        # The privacy officer may not read cases: the number is checked, nothing is shown.
        problems.append(InvalidParam("case", "unknown", "Deze casus bestaat niet."))
    elif case_id is None and (
        object_type not in types.governed_types() or not isinstance(object_id, int)
    ):
        problems.append(
            InvalidParam("object_type", "invalid", "Kies een soort object en een nummer.")
        )
    if problems:
        raise ValidationFailed("De bewaarplicht is niet compleet.", invalid_params=problems)
    with transaction.atomic():
        hold = LegalHold.objects.create(
            case_id=case_id,
            object_type="" if case_id is not None else object_type,
            object_id=None if case_id is not None else object_id,
            kind=kind,
            reason=reason[:MAX_TEXT],
            placed_by=actor,
        )
        # The reason stays in the hold (the privacy officer's words about why), not in the log.
        audit.record(
            AuditAction.CREATE,
            hold,
            changes={
                "kind": [None, kind],
                "case": [None, case_id],
                "object": [None, f"{object_type}:{object_id}" if case_id is None else None],
            },
            actor=actor,
        )
    return hold


def lift_hold(actor: Any, hold_id: int, reason: str) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Geef de reden van opheffen.",
            invalid_params=[InvalidParam("reason", "required", "Geef de reden.")],
        )
    with transaction.atomic():
        hold = engine.get_for(
            LegalHold.objects.select_for_update(), actor, Action.CHANGE, pk=hold_id
        )
        if hold.lifted_at is not None:
            raise InvalidTransition("Deze bewaarplicht is al opgeheven.")
        hold.lifted_at = timezone.now()
        hold.lifted_by = actor
        hold.lift_reason = reason[:MAX_TEXT]
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.record(AuditAction.TRANSITION, hold, changes={"lifted": [False, True]}, actor=actor)
    return hold


def _holds_in_force() -> tuple[dict[tuple[str, int], list[LegalHold]], dict[int, list[LegalHold]]]:
    by_object: dict[tuple[str, int], list[LegalHold]] = {}
    by_case: dict[int, list[LegalHold]] = {}
    for hold in LegalHold._base_manager.filter(lifted_at__isnull=True).order_by("pk"):
        if hold.case_id is not None:
            by_case.setdefault(hold.case_id, []).append(hold)
        elif hold.object_id is not None:
            by_object.setdefault((hold.object_type, hold.object_id), []).append(hold)
    return by_object, by_case


# --- the retention run ----------------------------------------------------------------------


def _rule_for(
    rules: dict[tuple[str, str], RetentionRule], object_type: str, basis: str
) -> RetentionRule | None:
    return rules.get((object_type, basis)) or rules.get((object_type, ""))


def expired(
    now: datetime | None = None,
) -> Iterable[tuple[types.ObjectType, types.Candidate, RetentionRule, date, date]]:
    """(type, candidate, rule, start, expiry) of every object whose period has passed."""
    today = timezone.localdate(now or timezone.now())
    rules = {
        (r.object_type, r.legal_basis): r
        for r in RetentionRule._base_manager.filter(active=True).order_by("pk")
    }
    for code, kind in sorted(types.governed_types().items()):
        assert kind.candidates is not None
        for candidate in kind.candidates():
            rule = _rule_for(rules, code, candidate.legal_basis)
            if rule is None:
                continue
            start = candidate.dates.get(rule.counted_from)
            if start is None:
                continue
            expiry = rule.expires_on(start)
            if expiry <= today:
                yield kind, candidate, rule, start, expiry


def _item(
    kind: types.ObjectType,
    candidate: types.Candidate,
    rule: RetentionRule,
    start: date,
    expiry: date,
    outcome: str,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "objectType": kind.code,
        "objectId": candidate.object_id,
        "outcome": outcome,
        "rule": rule.pk,
        "legalBasis": candidate.legal_basis,
        "countedFrom": rule.counted_from,
        "periodDays": rule.period_days,
        "startedOn": start.isoformat(),
        "expiredOn": expiry.isoformat(),
        **extra,
    }


OUTCOMES = ("destroyed", "anonymised", "withheld", "deferred")


def apply_retention(now: datetime | None = None) -> DestructionReport | None:
    """Destroy or anonymise what has expired, skip what a hold covers, and write one signed
    report of the run (none when there was nothing to report). Safe to repeat: what is gone
    is no longer a candidate, an anonymised person neither."""
    run_at = timezone.now()
    as_of = now or run_at
    by_object, by_case = _holds_in_force()
    items: list[dict[str, Any]] = []
    for kind, candidate, rule, start, expiry in list(expired(as_of)):
        holds = list(by_object.get((kind.code, candidate.object_id), []))
        for case_id in candidate.case_ids:
            holds += by_case.get(case_id, [])
        if holds:
            items.append(
                _item(
                    kind,
                    candidate,
                    rule,
                    start,
                    expiry,
                    "withheld",
                    holds=sorted({h.pk for h in holds}),
                    holdKinds=sorted({h.kind for h in holds}),
                )
            )
            continue
        destroying = rule.action == RetentionAction.DESTROY
        act = kind.destroy if destroying else kind.anonymise
        if act is None:
            continue
        try:
            with transaction.atomic():
                trace = kind.audit_trace(candidate.object_id) if kind.audit_trace else None
                # A type may keep the row and erase its content instead (a signal that a
                # review cites): its destroy then says "anonymised".
                done = act(candidate.object_id) or ("destroyed" if destroying else "anonymised")
                seqs = audit_seqs(trace) if trace else []
                audit.record(
                    AuditAction.DELETE if done == "destroyed" else AuditAction.UPDATE,
                    object_type=_audit_type(kind.code),
                    object_id=candidate.object_id,
                    object_repr=f"{kind.code} {candidate.object_id}",
                    changes={"retention": [None, done]},
                    reason=f"bewaartermijn verstreken (bewaarregel {rule.pk})",
                )
                audit.erase_payloads(
                    seqs,
                    rule_id=rule.pk,
                    object_type=_audit_type(kind.code),
                    object_id=candidate.object_id,
                )
        except ObjectDoesNotExist:
            continue  # gone meanwhile (a concurrent run): nothing left to do or report
        except types.Blocked as exc:
            items.append(
                _item(kind, candidate, rule, start, expiry, "deferred", blockedBy=str(exc))
            )
            continue
        items.append(_item(kind, candidate, rule, start, expiry, done))
    if not items:
        return None
    key_id, signature = signing.sign(run_at, as_of, items)
    with transaction.atomic():
        report = DestructionReport.objects.create(
            run_at=run_at,
            as_of=as_of,
            items=items,
            destroyed_count=sum(i["outcome"] in ("destroyed", "anonymised") for i in items),
            withheld_count=sum(i["outcome"] == "withheld" for i in items),
            key_id=key_id,
            signature=signature,
        )
        audit.record(
            AuditAction.CREATE,
            report,
            changes={
                "destroyed": [None, report.destroyed_count],
                "withheld": [None, report.withheld_count],
            },
        )
    return report


def audit_seqs(trace: types.AuditTrace) -> list[int]:
    """Seqs of the format-2 records whose payload must go with the object (see AuditTrace)."""
    about = Q()
    for object_type, object_id in trace.objects:
        about |= Q(record__object_type=object_type, record__object_id=object_id)
    for term in trace.terms:
        about |= Q(object_repr__icontains=term) | Q(reason__icontains=term)
        about |= Q(changes__icontains=term)
    if not about:
        return []
    return list(AuditPayload.objects.filter(about).values_list("record_id", flat=True))


def _audit_type(code: str) -> str:
    """The model label the rest of the trail uses for this kind (so the search index's audit
    hook drops the entry of a destroyed product, and 'who touched this' lines up)."""
    return {
        "threat_product": "information.threatproduct",
        "person": "registry.person",
        "signal": "signals.signal",
        "case_file": "cases.case",
    }.get(code, code)


def run_job(now: datetime) -> int:
    report = apply_retention(now)
    return report.destroyed_count if report else 0


def verify_report(report: DestructionReport) -> bool:
    return signing.verify(report)


# --- access requests --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def create_access_request(actor: Any, person_id: int, received_on: date) -> AccessRequest:
    """A person's request to see what is recorded about them; answered within a month."""
    from weerstand.registry.models import Person

    _require(actor, Resource.ACCESS_REQUEST, Action.CREATE, "geen inzageverzoeken vastleggen")
    if not isinstance(person_id, int) or not Person._base_manager.filter(pk=person_id).exists():
        raise ValidationFailed(
            "Deze persoon staat niet in het register.",
            invalid_params=[InvalidParam("person", "unknown", "Onbekend persoonsnummer.")],
        )
    if received_on > timezone.localdate():
        raise ValidationFailed(
            "Een verzoek kan niet in de toekomst ontvangen zijn.",
            invalid_params=[InvalidParam("received_on", "future", "Datum ligt in de toekomst.")],
        )
    with transaction.atomic():
        request = AccessRequest.objects.create(
            person_id=person_id,
            received_on=received_on,
            deadline=add_months(received_on, 1),
            created_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            request,
            changes={"person": [None, person_id], "received_on": [None, received_on.isoformat()]},
            actor=actor,
        )
    return request


def _open_request(actor: Any, request_id: int, expected_version: int | None) -> AccessRequest:
    request = engine.get_for(
        AccessRequest.objects.select_for_update(), actor, Action.CHANGE, pk=request_id
    )
    _check_version(request, expected_version)
    if request.status != AccessRequestStatus.RECEIVED:
        raise InvalidTransition("Dit inzageverzoek is al afgehandeld.")
    return request


def _bump(request: AccessRequest, fields: list[str]) -> None:
    request.version = F("version") + 1
    request.save(update_fields=[*fields, "version"])
    request.refresh_from_db()


def extend_deadline(
    actor: Any, request_id: int, reason: str, *, expected_version: int | None = None
) -> AccessRequest:
    """Once, with a reason (AVG art. 12(3): by at most two further months)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Geef de reden van verlenging.",
            invalid_params=[InvalidParam("reason", "required", "Geef de reden.")],
        )
    with transaction.atomic():
        request = _open_request(actor, request_id, expected_version)
        if request.extended:
            raise InvalidTransition("De termijn is al eens verlengd.")
        before = request.deadline
        request.deadline = add_months(request.deadline, 2)
        request.extended = True
        request.extension_reason = reason[:MAX_TEXT]
        _bump(request, ["deadline", "extended", "extension_reason"])
        audit.record(
            AuditAction.UPDATE,
            request,
            changes={"deadline": [before.isoformat(), request.deadline.isoformat()]},
            actor=actor,
        )
    return request


def collect_items(
    actor: Any, request_id: int, *, expected_version: int | None = None
) -> list[AccessRequestItem]:
    """Gather the objects recorded about the person, as references (type, id, kenmerk), from
    every registered object type. Repeating adds only what is new."""
    with transaction.atomic():
        request = _open_request(actor, request_id, expected_version)
        have = set(
            AccessRequestItem._base_manager.filter(request=request).values_list(
                "object_type", "object_id"
            )
        )
        added = []
        for code, kind in sorted(types.all_types().items()):
            if kind.about_person is None:
                continue
            for ref in kind.about_person(request.person_id):
                if (code, ref.object_id) in have:
                    continue
                added.append(
                    AccessRequestItem.objects.create(
                        request=request,
                        object_type=code,
                        object_id=ref.object_id,
                        reference=ref.reference[:120],
                    )
                )
        _bump(request, [])
        audit.record(
            AuditAction.UPDATE, request, changes={"items_added": [None, len(added)]}, actor=actor
        )
    return added


def decide_item(
    actor: Any,
    item_id: int,
    decision: str,
    *,
    exception: str = "",
    reason: str = "",
) -> AccessRequestItem:
    """Disclose, or withhold under a named legal exception with a reason."""
    reason = (reason or "").strip()
    problems = []
    if decision not in (ItemDecision.DISCLOSE, ItemDecision.WITHHOLD):
        problems.append(InvalidParam("decision", "invalid", "Kies verstrekken of weigeren."))
    if decision == ItemDecision.WITHHOLD:
        if exception not in AccessException.values:
            problems.append(
                InvalidParam("exception", "required", "Kies de wettelijke uitzondering.")
            )
        if not reason:
            problems.append(InvalidParam("reason", "required", "Motiveer de weigering."))
    elif exception:
        problems.append(
            InvalidParam("exception", "invalid", "Een uitzondering hoort alleen bij weigeren.")
        )
    if problems:
        raise ValidationFailed("Het besluit is niet compleet.", invalid_params=problems)
    with transaction.atomic():
        item = engine.get_for(
            AccessRequestItem.objects.select_for_update(), actor, Action.CHANGE, pk=item_id
        )
        request = _open_request(actor, item.request_id, None)
        before = item.decision
        item.decision = decision
        item.exception = exception if decision == ItemDecision.WITHHOLD else ""
        item.reason = reason[:MAX_TEXT]
        item.decided_at = timezone.now()
        item.decided_by = actor
        item.save()
        _bump(request, [])
        audit.record(
            AuditAction.UPDATE,
            item,
            changes={"decision": [before, decision], "exception": [None, item.exception or None]},
            actor=actor,
        )
    return item


def response_summary(items: list[AccessRequestItem]) -> str:
    """What the person is told: how many items were disclosed, how many withheld and under
    which exceptions; never what a withheld item is."""
    disclosed = [i for i in items if i.decision == ItemDecision.DISCLOSE]
    withheld = [i for i in items if i.decision == ItemDecision.WITHHOLD]
    lines = [f"Verstrekt: {len(disclosed)} onderdelen."]
    lines += [f"- {i.reference}" for i in disclosed]
    lines.append(f"Niet verstrekt: {len(withheld)} onderdelen.")
    counts: dict[str, int] = {}
    for item in withheld:
        counts[item.exception] = counts.get(item.exception, 0) + 1
    for code, count in sorted(counts.items()):
        lines.append(f"- {AccessException(code).label}: {count}")
    return "\n".join(lines)


def complete_request(
    actor: Any, request_id: int, *, expected_version: int | None = None
) -> AccessRequest:
    with transaction.atomic():
        request = _open_request(actor, request_id, expected_version)
        items = list(AccessRequestItem._base_manager.filter(request=request).order_by("pk"))
        pending = [i for i in items if i.decision == ItemDecision.PENDING]
        if pending:
            raise InvalidTransition(
                f"Nog {len(pending)} onderdelen zonder besluit; beslis eerst over alle onderdelen."
            )
        request.summary = response_summary(items)
        request.status = AccessRequestStatus.COMPLETED
        request.completed_at = timezone.now()
        _bump(request, ["summary", "status", "completed_at"])
        audit.record(
            AuditAction.TRANSITION,
            request,
            changes={"status": [AccessRequestStatus.RECEIVED, AccessRequestStatus.COMPLETED]},
            actor=actor,
        )
    return request
