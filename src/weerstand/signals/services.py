"""Domain services for soft information. Every write is audited in the same transaction.

Rules that live here and nowhere else:
- anyone with `signal:create` can record a signal; protectees, relatives and employers only
  about their own case;
- every new signal gets a triage deadline (shorter for threats and incidents) and lands in
  the analysts' queue; `escalate_overdue` escalates what is left lying, exactly once;
- triage is one decision by one analyst: a second, concurrent decision is refused, never
  silently applied on top;
- a signal linked to an active case advises re-assessment of that case.
Time is passed in (`now`) so deadlines can be tested without waiting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.accounts.roles import Classification, Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.conf.env import config_int
from weerstand.core import context
from weerstand.core.errors import (
    ConcurrencyConflict,
    InvalidParam,
    NotPermitted,
    ValidationFailed,
    VersionMismatch,
)
from weerstand.core.references import next_reference
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource
from weerstand.signals.models import (
    URGENT_KINDS,
    Certainty,
    Credibility,
    Reliability,
    ReporterKind,
    Signal,
    SignalEntity,
    SignalKind,
    SignalStatus,
)

PORTAL_ROLES = {
    Role.PROTECTEE: ReporterKind.PROTECTEE,
    Role.RELATIVE: ReporterKind.RELATIVE,
    Role.EMPLOYER: ReporterKind.EMPLOYER,
}
ANALYSIS_ROLES = (Role.ANALYST, Role.SENIOR_ANALYST)
ACTIVE_CASE_STATES = ("assessment", "decision", "protection_active", "recalibration")
MAX_TEXT = 4000


class AlreadyTriaged(VersionMismatch):
    """Another analyst decided first: 409, nothing changed."""

    code = "already-triaged"
    title = "Dit signaal is al beoordeeld"


# --- configuration --------------------------------------------------------------------------


def _configured_hours() -> tuple[int, int]:
    """(normal, urgent) triage hours, read per call so a changed setting applies at once."""
    normal = config_int(
        "SIGNAL_TRIAGE_HOURS", 24, help="Uren waarbinnen een nieuw signaal beoordeeld moet zijn."
    )
    urgent = config_int(
        "SIGNAL_TRIAGE_URGENT_HOURS",
        4,
        help="Uren waarbinnen een signaal van soort bedreiging of incident beoordeeld moet zijn.",
    )
    return normal, urgent


def check_configuration() -> None:
    """Read the settings once at start-up: registers them for the environment documentation
    and refuses to start on a value that is not a whole number of hours."""
    normal, urgent = _configured_hours()
    if normal < 1 or urgent < 1:
        raise ValueError("SIGNAL_TRIAGE_HOURS en SIGNAL_TRIAGE_URGENT_HOURS moeten >= 1 zijn.")


def triage_hours(kind: str) -> int:
    """Hours an analyst has to triage a signal of this kind."""
    normal, urgent = _configured_hours()
    return urgent if kind in URGENT_KINDS else normal


def default_grading(certainty: str, reporter_kind: str) -> tuple[str, int]:
    """'How sure' in plain words → Admiralty grading; analysts may regrade at triage.

    An officer is usually a reliable source (B), a person from the protectee's circle fairly
    reliable (C) because fear and closeness colour observations. Hearsay has an unknown
    original source (F) and cannot be judged yet (6).
    """
    if certainty == Certainty.HEARSAY:
        return Reliability.F, Credibility.CANNOT_JUDGE
    reliability = Reliability.B if reporter_kind == ReporterKind.OFFICER else Reliability.C
    credibility = {
        Certainty.SEEN_MYSELF: Credibility.PROBABLY_TRUE,
        Certainty.FAIRLY_SURE: Credibility.POSSIBLY_TRUE,
        Certainty.NOT_SURE: Credibility.DOUBTFUL,
    }.get(Certainty(certainty), Credibility.CANNOT_JUDGE)
    return reliability, int(credibility)


# --- who reports ----------------------------------------------------------------------------


def reporter_kind(user: Any) -> str:
    """Officer, unless the user only holds portal roles (protectee, relative, employer)."""
    roles = set(user.role_codes)
    portal = roles & set(PORTAL_ROLES)
    if portal and not (roles - set(PORTAL_ROLES)):
        return PORTAL_ROLES[Role(sorted(portal)[0])]
    return ReporterKind.OFFICER


def portal_cases(user: Any) -> list[Any]:
    """The cases a portal user belongs to: as protectee, as relative or employer contact in
    the case, or as a relative of the protectee. Newest running case first.

    System use: the portal user never sees these cases, only reports about them.
    """
    from weerstand.cases.models import Case, CasePerson, CasePersonRole
    from weerstand.registry.models import PersonRelation

    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    via_case = CasePerson.objects.filter(
        person=person_id,
        role__in=(
            CasePersonRole.PROTECTEE,
            CasePersonRole.RELATIVE,
            CasePersonRole.EMPLOYER_CONTACT,
        ),
    ).values("case_id")
    protectees = PersonRelation.objects.filter(related=person_id).values("person_id")
    kind = reporter_kind(user)
    rule = Q(protectee=person_id) | Q(pk__in=via_case)
    if kind == ReporterKind.RELATIVE:
        rule |= Q(protectee__in=protectees)
    return list(Case.objects.filter(rule).exclude(state="ended").order_by("-referred_at", "-pk"))


def reportable_cases(user: Any) -> QuerySet:
    """Cases an officer may name in a signal: exactly the cases they may view."""
    from weerstand.cases.models import Case

    if not engine.can(user, Resource.CASE, Action.VIEW):
        return Case.objects.none()
    return Case.objects.visible_to(user, Action.VIEW).order_by("-referred_at", "-pk")


# --- recording ------------------------------------------------------------------------------


@dataclass
class SignalData:
    what: str
    happened_at: datetime
    kind: str = SignalKind.OBSERVATION
    certainty: str = Certainty.FAIRLY_SURE
    noticed_by: str = ""
    case_id: int | None = None
    subject: str = ""
    reliability: str = ""  # empty: derived from `certainty`
    credibility: int | None = None
    classification: int | None = None
    phones: list[str] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)


def _validate(data: SignalData, now: datetime) -> list[InvalidParam]:
    errors = []
    what = (data.what or "").strip()
    if len(what) < 5:
        errors.append(InvalidParam("what", "required", "Beschrijf kort wat er gebeurde."))
    elif len(what) > MAX_TEXT:
        errors.append(InvalidParam("what", "too-long", f"Hoogstens {MAX_TEXT} tekens."))
    if data.kind not in SignalKind.values:
        errors.append(InvalidParam("kind", "invalid-choice", "Onbekende soort."))
    if data.certainty not in Certainty.values:
        errors.append(InvalidParam("certainty", "invalid-choice", "Onbekende keuze."))
    if data.happened_at is None:
        errors.append(InvalidParam("happened_at", "required", "Wanneer gebeurde het?"))
    elif timezone.is_naive(data.happened_at):
        errors.append(InvalidParam("happened_at", "invalid", "Tijd zonder tijdzone."))
    elif data.happened_at > now + timedelta(minutes=5):
        errors.append(InvalidParam("happened_at", "future", "Dit tijdstip ligt in de toekomst."))
    if data.reliability and data.reliability not in Reliability.values:
        errors.append(InvalidParam("reliability", "invalid-choice", "Kies A tot en met F."))
    if data.credibility is not None and data.credibility not in Credibility.values:
        errors.append(InvalidParam("credibility", "invalid-choice", "Kies 1 tot en met 6."))
    for name in ("noticed_by", "subject"):
        if len(getattr(data, name) or "") > MAX_TEXT:
            errors.append(InvalidParam(name, "too-long", f"Hoogstens {MAX_TEXT} tekens."))
    return errors


def _resolve_case(actor: Any, kind: str, case_id: int | None) -> Any:
    """The case the signal is about: a visible case (officers) or the reporter's own case
    (portal). An unknown and a forbidden case are refused with the same words."""
    from weerstand.cases.models import Case

    unknown = ValidationFailed(
        "Deze casus bestaat niet of u kunt er niet over melden.",
        invalid_params=[InvalidParam("case", "does-not-exist", "Onbekende casus.")],
    )
    if kind != ReporterKind.OFFICER:
        own = portal_cases(actor)
        if case_id is None:
            return own[0] if own else None
        match = [c for c in own if c.pk == case_id]
        if not match:
            raise unknown
        return match[0]
    if case_id is None:
        return None
    try:
        return engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
    except Http404 as exc:
        raise unknown from exc


def record_signal(actor: Any, data: SignalData, *, now: datetime | None = None) -> Signal:
    """Record a signal; it lands in the analysis queue with a triage deadline."""
    engine.require_principal(actor)
    if not engine.can(actor, Resource.SIGNAL, Action.CREATE):
        raise NotPermitted("U mag geen signalen melden.")
    now = now or timezone.now()
    errors = _validate(data, now)
    if errors:
        raise ValidationFailed("Het signaal is niet volledig.", invalid_params=errors)
    kind = reporter_kind(actor)
    classification: int = Classification.DEPV
    if data.classification is not None:
        if kind != ReporterKind.OFFICER:
            raise ValidationFailed("U kunt geen rubricering kiezen.")
        if data.classification not in Classification.values:
            raise ValidationFailed(
                "Onbekende rubricering.",
                invalid_params=[InvalidParam("classification", "invalid-choice", "Onbekend.")],
            )
        if data.classification > actor.clearance:
            raise ValidationFailed(
                "De rubricering is hoger dan uw screeningsniveau.",
                invalid_params=[InvalidParam("classification", "too-high", "Boven uw niveau.")],
            )
        classification = data.classification
    reliability, credibility = default_grading(data.certainty, kind)
    if kind == ReporterKind.OFFICER:  # officers may grade their own source themselves
        reliability = data.reliability or reliability
        credibility = data.credibility or credibility
    with transaction.atomic():
        case = _resolve_case(actor, kind, data.case_id)
        signal = Signal.objects.create(
            reference=next_reference(Signal, "SIG", 5, year=now.year),
            case=case,
            subject=(data.subject or "").strip(),
            reported_by=actor,
            reporter_kind=kind,
            kind=data.kind,
            what=data.what.strip(),
            happened_at=data.happened_at,
            noticed_by=(data.noticed_by or "").strip(),
            certainty=data.certainty,
            reliability=reliability,
            credibility=credibility,
            classification=classification,
            triage_deadline=now + timedelta(hours=triage_hours(data.kind)),
            created_at=now,
        )
        entities = _link_entities(actor, signal, data)
        audit.record(
            AuditAction.CREATE,
            signal,
            changes={
                "status": [None, SignalStatus.NEW],
                "kind": [None, data.kind],
                "grading": [None, signal.grading],
                "case": [None, case.pk if case else None],
                "what": [None, "x"],
                "entities": [None, len(entities)],
            },
            actor=actor,
        )
        if case is not None:
            _advise(case, signal, actor, reason=f"Nieuw signaal {signal.reference}")
    return signal


def _link_entities(actor: Any, signal: Signal, data: SignalData) -> list[SignalEntity]:
    from weerstand.information import services as information

    wanted = [
        *(("phone", v) for v in data.phones),
        *(("vehicle", v) for v in data.vehicles),
        *(("address", v) for v in data.addresses),
    ]
    links = []
    seen: set[int] = set()
    for kind, value in wanted:
        value = (value or "").strip()
        if not value:
            continue
        entity = information.find_or_create_entity(kind, value, actor)
        if entity.pk in seen:
            continue
        seen.add(entity.pk)
        links.append(SignalEntity.objects.create(signal=signal, entity=entity))
    return links


def _advise(case: Any, signal: Signal, actor: Any, *, reason: str) -> None:
    from weerstand.information import services as information

    information.advise_reassessment(
        case, reason=reason, source_type="signal", source_id=signal.pk, actor=actor
    )


# --- triage ---------------------------------------------------------------------------------


class Decision:
    LINK = "link"
    DISMISS = "dismiss"
    TRIAGE = "triage"
    ALL = (LINK, DISMISS, TRIAGE)


_TARGET = {
    Decision.LINK: SignalStatus.LINKED,
    Decision.DISMISS: SignalStatus.DISMISSED,
    Decision.TRIAGE: SignalStatus.TRIAGED,
}


def _validate_triage(decision: str, note: str, reliability: str, credibility: int | None) -> str:
    if decision not in Decision.ALL:
        raise ValidationFailed(
            "Onbekende beslissing.",
            invalid_params=[InvalidParam("decision", "invalid-choice", "link/dismiss/triage.")],
        )
    note = (note or "").strip()
    if decision in (Decision.DISMISS, Decision.TRIAGE) and len(note) < 5:
        raise ValidationFailed(
            "Een toelichting is verplicht (minimaal 5 tekens).",
            invalid_params=[InvalidParam("note", "required", "Geef een toelichting.")],
        )
    if len(note) > MAX_TEXT:
        raise ValidationFailed(
            "De toelichting is te lang.",
            invalid_params=[InvalidParam("note", "too-long", f"Hoogstens {MAX_TEXT} tekens.")],
        )
    if reliability and reliability not in Reliability.values:
        raise ValidationFailed(
            "Onbekende betrouwbaarheid.",
            invalid_params=[InvalidParam("reliability", "invalid-choice", "Kies A tot en met F.")],
        )
    if credibility is not None and credibility not in Credibility.values:
        raise ValidationFailed(
            "Onbekende geloofwaardigheid.",
            invalid_params=[InvalidParam("credibility", "invalid-choice", "Kies 1 tot en met 6.")],
        )
    return note


def triage_signal(
    actor: Any,
    signal_id: int,
    *,
    decision: str,
    note: str = "",
    case_id: int | None = None,
    reliability: str = "",
    credibility: int | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Signal:
    """One analyst's decision on a signal: link to a case, dismiss (with reason) or mark
    triaged (with a note). A new signal can be decided once; a triaged one can still be
    linked to a case later. Concurrent decisions: the first wins, the second gets 409."""
    engine.require_principal(actor)
    now = now or timezone.now()
    with transaction.atomic():
        signal = engine.get_for(
            Signal.objects.select_for_update(of=("self",)), actor, Action.VIEW, pk=signal_id
        )
        if not engine.can(actor, Resource.SIGNAL, Action.CHANGE, signal):
            raise NotPermitted("Alleen de dreigingsanalysefunctie beoordeelt signalen.")
        note = _validate_triage(decision, note, reliability, credibility)
        decidable = signal.status == SignalStatus.NEW or (
            signal.status == SignalStatus.TRIAGED and decision == Decision.LINK
        )
        if not decidable:
            by = signal.triaged_by.display_name if signal.triaged_by else "een collega"
            when = timezone.localtime(signal.triaged_at).strftime("%d-%m-%Y %H:%M")
            raise AlreadyTriaged(
                f"Dit signaal is al beoordeeld door {by} op {when} "
                f"({signal.get_status_display()}). Er is niets veranderd."
            )
        if expected_version is not None and expected_version != signal.version:
            raise ConcurrencyConflict(
                f"Versie {expected_version} is verouderd; de huidige versie is {signal.version}."
            )
        case = None
        if decision == Decision.LINK:
            case = _case_for_link(actor, case_id)
        updates: dict[str, Any] = {
            "status": _TARGET[decision],
            "triaged_at": now,
            "triaged_by": actor,
        }
        if note:
            updates["triage_note"] = note
        if case is not None:
            updates["case"] = case
        if reliability:
            updates["reliability"] = reliability
        if credibility is not None:
            updates["credibility"] = credibility
        before = {
            "status": signal.status,
            "case": signal.case_id,
            "triage_note": signal.triage_note,
            "reliability": signal.reliability,
            "credibility": signal.credibility,
        }
        changed = Signal.objects.filter(pk=signal.pk, version=signal.version).update(
            version=F("version") + 1, **updates
        )
        if changed != 1:  # cannot happen under the row lock; refuse rather than guess
            raise AlreadyTriaged("Dit signaal is intussen door iemand anders beoordeeld.")
        signal.refresh_from_db()
        after = {
            "status": signal.status,
            "case": signal.case_id,
            "triage_note": signal.triage_note,
            "reliability": signal.reliability,
            "credibility": signal.credibility,
        }
        audit.record(
            AuditAction.UPDATE,
            signal,
            changes=audit.field_changes(before, after, secret_fields={"triage_note"}),
            reason=f"beoordeling: {decision}",
            actor=actor,
        )
        if case is not None:
            _advise(case, signal, actor, reason=f"Signaal {signal.reference} gekoppeld")
    return signal


def _case_for_link(actor: Any, case_id: int | None) -> Any:
    from weerstand.cases.models import Case

    if case_id is None:
        raise ValidationFailed(
            "Kies de casus waaraan het signaal wordt gekoppeld.",
            invalid_params=[InvalidParam("case", "required", "Kies een casus.")],
        )
    try:
        return engine.get_for(Case.objects.all(), actor, Action.VIEW, pk=case_id)
    except Http404 as exc:
        raise ValidationFailed(
            "Deze casus bestaat niet of u mag hem niet zien.",
            invalid_params=[InvalidParam("case", "does-not-exist", "Onbekende casus.")],
        ) from exc


# --- deadlines and escalation ---------------------------------------------------------------


def overdue(qs: QuerySet, now: datetime | None = None) -> QuerySet:
    """New signals past their triage deadline (apply to an already scoped queryset)."""
    return qs.filter(status=SignalStatus.NEW, triage_deadline__lt=now or timezone.now())


def _recipients(signal: Signal, candidates: Iterable[Any]) -> list[Any]:
    """Only those who may see the signal are told about it (the alert names it)."""
    return [u for u in candidates if Signal.objects.visible_to(u).filter(pk=signal.pk).exists()]


def _users_with(*roles: str) -> list[Any]:
    from weerstand.accounts.models import User

    return list(
        User.objects.filter(is_active=True, role_assignments__role__in=roles)
        .distinct()
        .order_by("pk")
    )


def system_context() -> Any:
    """Escalation is done by the system, also when a page view triggers it lazily: the audit
    record names "systeem" (with the triggering request's id), not the reader of the page."""
    ctx = context.current()
    return context.use(context.RequestContext(request_id=ctx.request_id, channel="system"))


def _compartment_people(signal: Signal) -> list[Any]:
    """Members of the case's restricting compartment and case team (for the last resort)."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case

    if signal.case_id is None:
        return []
    case = Case.objects.filter(pk=signal.case_id).values("team_id", "restricted_compartment_id")
    row = case.first()
    if row is None:
        return []
    compartments = [c for c in (row["restricted_compartment_id"], row["team_id"]) if c]
    return list(
        User.objects.filter(is_active=True, memberships__compartment__in=compartments)
        .distinct()
        .order_by("pk")
    )


def _alert_compartment(signal: Signal, now: datetime) -> list[Any]:
    """Last resort: no analyst may see the signal (a compartment without an analyst in it).
    Those in the case's compartments who may see the case are told that the case has an
    untriaged signal and that an analyst must be added; neither its content nor reference."""
    from weerstand.cases.models import Case
    from weerstand.policy.models import Alert

    people = [
        u
        for u in _compartment_people(signal)
        if Case.objects.visible_to(u).filter(pk=signal.case_id).exists()
    ]
    if not people:
        return []
    reference = Case.objects.filter(pk=signal.case_id).values_list("reference", flat=True)[0]
    for user in people:
        Alert.objects.create(
            recipient=user,
            case=None,
            message=(
                f"Over casus {reference} is een signaal binnengekomen dat niemand van de "
                "dreigingsanalysefunctie mag inzien: er zit geen analist in het compartiment. "
                "Voeg een analist toe zodat het signaal beoordeeld kan worden."
            ),
            created_at=now,
        )
    return people


def escalate_overdue_signals(*, now: datetime | None = None) -> list[Signal]:
    """Mark every overdue, not yet escalated signal as escalated and alert senior analysts
    (or, when none may see the signal, the analysts who may; failing those, the case's
    compartment members are told to add an analyst). Idempotent: a signal is escalated once;
    running again changes and sends nothing."""
    from weerstand.policy.models import Alert

    now = now or timezone.now()
    done: list[Signal] = []
    with system_context(), transaction.atomic():
        due = list(
            overdue(Signal.objects.select_for_update(of=("self",)), now)
            .filter(escalated_at__isnull=True)
            .order_by("triage_deadline", "pk")
        )
        if not due:
            return done
        seniors = _users_with(Role.SENIOR_ANALYST)
        analysts = _users_with(Role.ANALYST)
        for signal in due:
            if (
                Signal.objects.filter(pk=signal.pk, escalated_at__isnull=True).update(
                    escalated_at=now
                )
                != 1
            ):
                continue
            signal.escalated_at = now
            recipients = _recipients(signal, seniors) or _recipients(signal, analysts)
            deadline = timezone.localtime(signal.triage_deadline).strftime("%d-%m-%Y %H:%M")
            for user in recipients:
                Alert.objects.create(
                    recipient=user,
                    case=None,
                    message=(
                        f"Signaal {signal.reference} ({signal.get_kind_display().lower()}) is "
                        f"niet beoordeeld vóór de termijn ({deadline}). Beoordeel het nu."
                    ),
                    created_at=now,
                )
            if not recipients:
                recipients = _alert_compartment(signal, now)
            audit.record(
                AuditAction.UPDATE,
                signal,
                changes={"escalated_at": [None, now.isoformat()], "alerts": len(recipients)},
                reason="termijn voor beoordeling verstreken",
                actor=None,
            )
            done.append(signal)
    return done


def queue_counts(user: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Counts for the start page, within need-to-know (the same rule as the queue)."""
    now = now or timezone.now()
    visible = Signal.objects.visible_to(user, Action.VIEW)
    new = visible.filter(status=SignalStatus.NEW)
    return {
        "new": new.count(),
        "overdue": overdue(visible, now).count(),
        "escalated": overdue(visible, now).filter(escalated_at__isnull=False).count(),
    }
