"""The workflow of a threat picture: draft → challenge → answered → (senior check when
complex) → finalised. Each step is one function that checks who may take it, in which status,
against which version, and audits the transition in the same transaction.

Rules enforced here, not in the pages: the author never challenges or senior-checks his own
version; the challenge is recorded once per version by another analyst of the team; the author
answers every point and what stays disputed is kept for the decision-maker; a version without
an answered challenge, or a complex one without the senior check, is never finalised; a
finalised version never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from weerstand.accounts.roles import Role
from weerstand.assessments.models import (
    AchEvidence,
    AchHypothesis,
    AchRating,
    Assessment,
    AssessmentGap,
    AssessmentRules,
    AssessmentStatus,
    Assumption,
    Challenge,
    ChallengePoint,
    Consistency,
    PointKind,
    Position,
    ProductCitation,
    Scenario,
    SignalCitation,
)
from weerstand.assessments.rules import require_writer
from weerstand.assessments.services import recalibration
from weerstand.assessments.services._common import (
    bump,
    check_version,
    clean_text,
    locked,
    require_status,
)
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    DomainError,
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
)
from weerstand.core.locks import serialise


def completeness_problems(a: Assessment) -> list[InvalidParam]:
    """What a version needs before it can be challenged or finalised."""
    out = []
    if not a.threat_level:
        out.append(InvalidParam("threatLevel", "required", "Kies een dreigingsniveau."))
    if not a.recommended_resistance:
        out.append(InvalidParam("recommendedResistance", "required", "Kies de weerstand."))
    if len(clean_text(a.summary)) < 5:
        out.append(InvalidParam("summary", "required", "Schrijf het integrale oordeel."))
    if len(clean_text(a.residual_risk)) < 5:
        out.append(InvalidParam("residualRisk", "required", "Beschrijf het restrisico."))
    if not Scenario.objects.filter(assessment=a.pk).exists():
        out.append(InvalidParam("scenarios", "required", "Minimaal één scenario."))
    if not Assumption.objects.filter(assessment=a.pk).exists():
        out.append(InvalidParam("assumptions", "required", "Minimaal één kernaanname."))
    if not (
        ProductCitation.objects.filter(assessment=a.pk).exists()
        or SignalCitation.objects.filter(assessment=a.pk).exists()
    ):
        out.append(InvalidParam("products", "required", "Citeer de informatie waarop het rust."))
    has_gaps = AssessmentGap.objects.filter(assessment=a.pk).exists()
    if has_gaps and a.no_gaps:
        out.append(InvalidParam("noGaps", "contradiction", "Leemten vermeld én 'geen leemten'."))
    if not has_gaps and not (a.no_gaps and len(clean_text(a.no_gaps_reason)) >= 5):
        out.append(
            InvalidParam(
                "gaps",
                "required",
                "Noem de resterende leemten, of verklaar met onderbouwing dat er geen zijn.",
            )
        )
    return out


def _transition(actor: Any, a: Assessment, to: str, reason: str, **updates: Any) -> Assessment:
    before = a.status
    a = bump(a, status=to, **updates)
    audit.record(
        AuditAction.TRANSITION,
        a,
        changes={"status": [before, to]} | {k: [None, str(v)] for k, v in updates.items()},
        reason=reason,
        actor=actor,
    )
    return a


def submission_refusal(actor: Any, a: Assessment) -> DomainError | None:
    """Why `actor` cannot submit `a` for challenge now, known before the button is pressed;
    None when it can. `submit_for_challenge` raises exactly this, and the picture's page shows
    its `invalid_params` as the checklist of what is still needed (the button stays disabled
    until it is empty). A stale version is the only refusal left to the moment of submitting.
    """
    try:
        require_writer(actor, a)
        require_status(a, AssessmentStatus.DRAFT, what="Indienen voor tegenspraak")
    except DomainError as exc:
        return exc
    problems = completeness_problems(a)
    if problems:
        return ValidationFailed(
            "Het concept is nog niet volledig genoeg voor tegenspraak.",
            invalid_params=problems,
        )
    return None


def submit_for_challenge(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    """The draft is complete: another analyst of the team may now challenge it."""
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        require_status(a, AssessmentStatus.DRAFT, what="Indienen voor tegenspraak")
        check_version(a, expected_version)
        refused = submission_refusal(actor, a)
        if refused is not None:
            raise refused
        return _transition(actor, a, AssessmentStatus.CHALLENGE, "ingediend voor tegenspraak")


@dataclass
class ChallengeData:
    summary: str
    hypotheses: list[str]
    evidence: list[str]
    # ratings[h][e]: rating of evidence e against hypothesis h (CC/C/N/I/II)
    ratings: list[list[str]]
    blind_spots: list[str] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)


def record_challenge(actor: Any, pk: int, data: ChallengeData) -> Challenge:
    """Structured contradiction: an ACH matrix, blind spots and points of disagreement.

    Recorded by another analyst of the case team than the author, once per version.
    """
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        if actor.pk == a.author_id:
            raise NotPermitted("De auteur kan zijn eigen dreigingsbeeld niet tegenspreken.")
        require_status(a, AssessmentStatus.CHALLENGE, what="Tegenspraak vastleggen")
        if Challenge.objects.filter(assessment=a.pk).exists():
            raise InvalidTransition("Voor deze versie is de tegenspraak al vastgelegd.")
        _validate_challenge(data)
        challenge = Challenge.objects.create(
            assessment=a, challenger=actor, summary=clean_text(data.summary)
        )
        hyps = [
            AchHypothesis.objects.create(challenge=challenge, order=n, label=clean_text(h)[:300])
            for n, h in enumerate(data.hypotheses)
        ]
        evs = [
            AchEvidence.objects.create(challenge=challenge, order=n, label=clean_text(e)[:300])
            for n, e in enumerate(data.evidence)
        ]
        AchRating.objects.bulk_create(
            AchRating(hypothesis=h, evidence=e, rating=data.ratings[i][j])
            for i, h in enumerate(hyps)
            for j, e in enumerate(evs)
        )
        order = 0
        for kind, texts in (
            (PointKind.ALTERNATIVE, data.alternatives),
            (PointKind.BLIND_SPOT, data.blind_spots),
            (PointKind.DISAGREEMENT, data.disagreements),
        ):
            for text in texts:
                if clean_text(text):
                    ChallengePoint.objects.create(
                        challenge=challenge, order=order, kind=kind, text=clean_text(text)
                    )
                    order += 1
        bump(a)
        audit.record(
            AuditAction.CREATE,
            object_type="assessments.challenge",
            object_id=challenge.pk,
            object_repr=f"tegenspraak op {a.reference}",
            case_id=a.case_id,
            changes={
                "hypotheses": len(hyps),
                "evidence": len(evs),
                "points": order,
            },
            actor=actor,
        )
    return challenge


def _validate_challenge(data: ChallengeData) -> None:
    errors = []
    hyps = [clean_text(h) for h in data.hypotheses]
    evs = [clean_text(e) for e in data.evidence]
    if len(clean_text(data.summary)) < 5:
        errors.append(InvalidParam("summary", "required", "Vat de tegenspraak samen."))
    if len(hyps) < 2 or not all(hyps):
        errors.append(
            InvalidParam("hypotheses", "too-few", "Minimaal twee concurrerende hypothesen.")
        )
    if len(evs) < 1 or not all(evs):
        errors.append(InvalidParam("evidence", "too-few", "Minimaal één bewijsstuk."))
    if len(data.ratings) != len(hyps) or any(len(row) != len(evs) for row in data.ratings):
        errors.append(InvalidParam("ratings", "shape", "Beoordeel elke cel van de matrix."))
    elif any(r not in Consistency.values for row in data.ratings for r in row):
        errors.append(InvalidParam("ratings", "invalid-choice", "Gebruik CC, C, N, I of II."))
    if errors:
        raise ValidationFailed("De tegenspraak is niet volledig.", invalid_params=errors)


def answer_challenge(
    actor: Any, pk: int, answers: dict[int, tuple[str, str]], *, expected_version: int | None = None
) -> Assessment:
    """The author answers every point; what stays disputed is kept for the decision-maker."""
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        if actor.pk != a.author_id:
            raise NotPermitted("Alleen de auteur beantwoordt de tegenspraak.")
        require_status(a, AssessmentStatus.CHALLENGE, what="Tegenspraak beantwoorden")
        check_version(a, expected_version)
        challenge = Challenge.objects.filter(assessment=a.pk).first()
        if challenge is None:
            raise InvalidTransition("Er is nog geen tegenspraak vastgelegd.")
        points = list(ChallengePoint.objects.filter(challenge=challenge).order_by("order", "pk"))
        errors = []
        for point in points:
            position, text = answers.get(point.pk, ("", ""))
            if position not in Position.values:
                errors.append(InvalidParam(f"answers[{point.pk}]", "required", "Kies een positie."))
            elif position != Position.AGREE and len(clean_text(text)) < 5:
                errors.append(
                    InvalidParam(f"answers[{point.pk}]", "required", "Licht uw positie toe.")
                )
        unknown = set(answers) - {p.pk for p in points}
        if unknown:
            errors.append(InvalidParam("answers", "unknown-point", "Onbekend punt."))
        if errors:
            raise ValidationFailed("Beantwoord elk punt van de tegenspraak.", invalid_params=errors)
        now = timezone.now()
        disputed = []
        for point in points:
            position, text = answers[point.pk]
            point.position, point.answer, point.answered_at = position, clean_text(text), now
            if position != Position.AGREE:
                disputed.append(
                    f"{point.get_kind_display()}: {point.text}\n"
                    f"{Position(position).label} - {clean_text(text)}"
                )
        ChallengePoint.objects.bulk_update(points, ["position", "answer", "answered_at"])
        Challenge.objects.filter(pk=challenge.pk).update(answered_at=now)
        is_complex, reasons = complexity(a)
        return _transition(
            actor,
            a,
            AssessmentStatus.ANSWERED,
            "tegenspraak beantwoord",
            unresolved_disagreement="\n\n".join(str(d) for d in disputed),
            is_complex=is_complex,
            complexity_reasons=reasons,
        )


def request_senior_check(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        require_status(a, AssessmentStatus.ANSWERED, what="Seniorcontrole aanvragen")
        check_version(a, expected_version)
        is_complex, reasons = complexity(a)
        return _transition(
            actor,
            a,
            AssessmentStatus.SENIOR_CHECK,
            "seniorcontrole aangevraagd",
            is_complex=is_complex,
            complexity_reasons=reasons,
        )


def record_senior_check(actor: Any, pk: int, *, note: str) -> Assessment:
    """The extra check on a complex case, by a senior analyst who is not the author."""
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        if not actor.has_role(Role.SENIOR_ANALYST):
            raise NotPermitted("Alleen een senior analist voert de extra controle uit.")
        if actor.pk == a.author_id:
            raise NotPermitted("De auteur kan zijn eigen dreigingsbeeld niet controleren.")
        require_status(a, AssessmentStatus.SENIOR_CHECK, what="Seniorcontrole vastleggen")
        if a.senior_checked_by_id:
            raise InvalidTransition("De seniorcontrole is al vastgelegd.")
        if len(clean_text(note)) < 5:
            raise ValidationFailed(
                "Leg de bevindingen van de controle vast.",
                invalid_params=[InvalidParam("note", "required", "Minimaal 5 tekens.")],
            )
        a = bump(
            a,
            senior_checked_by=actor,
            senior_checked_at=timezone.now(),
            senior_check_note=clean_text(note),
        )
        audit.record(
            AuditAction.UPDATE,
            a,
            changes={"senior_checked_by": [None, actor.pk], "senior_check_note": "***"},
            reason="seniorcontrole",
            actor=actor,
        )
        return a


def finalise(actor: Any, pk: int, *, expected_version: int | None = None) -> Assessment:
    """Fix the version: it becomes the one in force, the previous one is superseded, the next
    recalibration date follows from the threat level, and open re-assessment advice is
    resolved."""
    with transaction.atomic():
        a = locked(actor, pk)
        require_writer(actor, a)
        if actor.pk != a.author_id:
            raise NotPermitted("De auteur stelt het dreigingsbeeld vast.")
        require_status(
            a, AssessmentStatus.ANSWERED, AssessmentStatus.SENIOR_CHECK, what="Vaststellen"
        )
        check_version(a, expected_version)
        challenge = Challenge.objects.filter(assessment=a.pk).first()
        if challenge is None or challenge.answered_at is None:
            raise InvalidTransition("Zonder beantwoorde tegenspraak kan niet worden vastgesteld.")
        problems = completeness_problems(a)
        # completeness_problems names a missing threat level; said again so that the
        # recalibration date below can never be computed without one.
        if problems or a.threat_level is None:
            raise ValidationFailed("Het dreigingsbeeld is niet volledig.", invalid_params=problems)
        is_complex, reasons = complexity(a)
        if is_complex and a.senior_checked_by_id is None:
            raise InvalidTransition(
                "Dit is een complexe casus ("
                + "; ".join(reasons)
                + "): eerst de extra controle door een senior analist."
            )
        serialise(f"assessment-case-{a.case_id}")
        next_date = recalibration.next_recalibration_date(a.threat_level)
        _supersede_previous(actor, a)
        a = _transition(
            actor,
            a,
            AssessmentStatus.FINALISED,
            "vastgesteld",
            finalised_at=timezone.now(),
            finalised_by=actor,
            next_recalibration=next_date,
            is_complex=is_complex,
            complexity_reasons=reasons,
        )
        case = recalibration.schedule(actor, a, next_date)
        recalibration.resolve_advice(case, actor, a)
    return a


def _supersede_previous(actor: Any, a: Assessment) -> None:
    """The version in force so far steps back: superseded, audited one by one."""
    superseded = list(
        Assessment.objects.filter(case=a.case_id, status=AssessmentStatus.FINALISED)
        .exclude(pk=a.pk)
        .values_list("pk", flat=True)
    )
    Assessment.objects.filter(pk__in=superseded).update(status=AssessmentStatus.SUPERSEDED)
    for old in superseded:
        audit.record(
            AuditAction.TRANSITION,
            object_type="assessments.assessment",
            object_id=old,
            object_repr=f"dreigingsbeeld {old}",
            case_id=a.case_id,
            changes={"status": ["finalised", "superseded"], "superseded_by": a.pk},
            actor=actor,
        )


# --------------------------------------------------------------------------- complexity


def complexity(a: Assessment) -> tuple[bool, list[str]]:
    """Whether the configured criteria make this a complex case, and which ones fire."""
    from weerstand.signals.models import Signal

    rules = AssessmentRules.current()
    case = a.case
    reasons: list[str] = []
    if rules.complex_crown_witness and case.restricted_compartment_id:
        from weerstand.policy.models import Compartment

        if Compartment.objects.filter(
            pk=case.restricted_compartment_id, kind="crown_witness"
        ).exists():
            reasons.append("kroongetuigetraject")
    if a.threat_level and a.threat_level >= rules.complex_min_threat_level:
        reasons.append(f"dreigingsniveau {a.threat_level}")
    if rules.complex_multiple_phenomena:
        phenomena = set(
            ProductCitation.objects.filter(assessment=a.pk)
            .exclude(product__phenomenon="")
            .values_list("product__phenomenon", flat=True)
        )
        phenomena.add(case.phenomenon)
        if len(phenomena) > 1:
            reasons.append("meerdere fenomenen")
    if rules.complex_incident_days:
        since = timezone.now() - timedelta(days=rules.complex_incident_days)
        if (
            Signal.objects.filter(case=case.pk, kind="incident", happened_at__gte=since)
            .exclude(status="dismissed")
            .exists()
        ):
            reasons.append(f"incident in de laatste {rules.complex_incident_days} dagen")
    return bool(reasons), reasons


def decision_readiness(case: Any) -> str | None:
    """Why the case cannot be submitted to the authority yet, or None when it can.

    A decision rests on a finalised threat picture: the latest version of the case's
    assessment must be finalised (a newer draft means the picture is being reworked). The
    cases app asks this as a guard on `submit_for_decision` (see AssessmentsConfig).
    """
    latest = Assessment.objects.filter(case=getattr(case, "pk", case)).order_by("-number").first()
    if latest is None:
        return "Leg pas voor aan het gezag als er een vastgesteld dreigingsbeeld is."
    if latest.status != AssessmentStatus.FINALISED:
        return (
            "Leg pas voor aan het gezag als het dreigingsbeeld is vastgesteld (versie "
            f"{latest.number} is nog '{latest.get_status_display()}')."
        )
    return None
