"""Reporting soft information: by an officer about a case they may see, or through the
portal by the protectee, a relative or the employer about their own case (which the service
finds from the account; the portal user never sees the case). Every new signal gets a triage
deadline, shorter for threats and incidents, and lands in the analysts' queue; one linked to
an active case advises re-assessment of that case."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from weerstand.accounts.roles import Classification
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.conf.env import config_int
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed
from weerstand.core.references import next_reference
from weerstand.policy import engine
from weerstand.policy.table import Action
from weerstand.signals import rules
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
from weerstand.signals.services.common import MAX_TEXT

# Soft information is about a current threat; an earlier moment is a typing error (a year
# 0390), and such a moment cannot even be written back as a valid ISO 8601 time in the
# Netherlands' zone (local mean time had an offset in seconds until 1937).
EARLIEST_HAPPENED_AT = datetime(1950, 1, 1, tzinfo=UTC)

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


# --- the reporter's own case -----------------------------------------------------------------


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
        # A partner, child, parent or sibling is a relative too (each their own link role).
        role__in=(
            CasePersonRole.PROTECTEE,
            CasePersonRole.PARTNER,
            CasePersonRole.CHILD,
            CasePersonRole.PARENT,
            CasePersonRole.SIBLING,
            CasePersonRole.RELATIVE,
            CasePersonRole.EMPLOYER_CONTACT,
        ),
    ).values("case_id")
    protectees = PersonRelation.objects.filter(related=person_id).values("person_id")
    kind = rules.reporter_kind(user)
    rule = Q(protectee=person_id) | Q(pk__in=via_case)
    if kind == ReporterKind.RELATIVE:
        rule |= Q(protectee__in=protectees)
    return list(Case.objects.filter(rule).exclude(state="ended").order_by("-referred_at", "-pk"))


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
    elif data.happened_at < EARLIEST_HAPPENED_AT:
        errors.append(
            InvalidParam("happened_at", "too-early", "Dit tijdstip ligt te ver in het verleden.")
        )
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
    if not rules.may_report(actor):
        raise NotPermitted("U mag geen signalen melden.")
    now = now or timezone.now()
    errors = _validate(data, now)
    if errors:
        raise ValidationFailed("Het signaal is niet volledig.", invalid_params=errors)
    kind = rules.reporter_kind(actor)
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
            advise(case, signal, actor, reason=f"Nieuw signaal {signal.reference}")
        open_review(signal)
    return signal


def open_review(signal: Signal) -> None:
    """Every incident signal gets a post-incident review (the learning app), in the same
    transaction; the job `open-incident-reviews` catches any that are missing."""
    from weerstand.learning import services as learning

    learning.open_incident_review(signal)


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


def advise(case: Any, signal: Signal, actor: Any, *, reason: str) -> None:
    from weerstand.information import services as information

    information.advise_reassessment(
        case, reason=reason, source_type="signal", source_id=signal.pk, actor=actor
    )
