"""The versions of a demo threat picture: through the workflow's services, or loaded.

`through` writes one version through the services up to a given status (draft, challenge,
challenged, answered, senior check, finalised); `recalibrated` writes a recalibration through
them; `load` writes a finalised version of a case that has been running for months directly,
with everything the workflow would have given it (the demo shows the services' rules on the
versions written through them, and stays fast). `people` chooses author and challenger among
the analysts who may see the case, and brings them into the team through its owner.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from weerstand.assessments import services
from weerstand.assessments.demo_data import SCENARIO_TEXT
from weerstand.assessments.models import Assessment


def load(
    seeder: Any,
    case: Any,
    author: Any,
    challenger: Any,
    rng: random.Random,
    previous: Assessment | None = None,
) -> Assessment:
    """A finalised version of a case that has been running for months, written directly.

    It has everything the workflow would have given it (factors, citations, gaps, scenarios,
    assumptions, an answered challenge, the senior check when complex) and one audit record
    saying it was loaded; the services' own rules are shown by the versions written `through`
    them.
    """
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction
    from weerstand.cases.models import CaseEvent
    from weerstand.information.models import ThreatProduct

    level = {"critical": 4, "serious": 3}.get(case.severity, 2)
    if previous is not None:
        level = max(1, (previous.threat_level or 3) - 1)
    content = _content(seeder, case, author, rng, level)
    number = (previous.number + 1) if previous else 1
    products = {
        p.pk: p
        for p in ThreatProduct.objects.filter(pk__in=[i["product"] for i in content["products"]])
    }
    classification = max([case.classification, *(p.classification for p in products.values())])
    fields = {k: content[k] for k in Assessment.EDITABLE_FIELDS if k in content}
    a = Assessment.objects.create(
        case=case,
        number=number,
        status="draft",
        author=author,
        template=services.template_in_force(case.phenomenon),
        classification=classification,
        previous=previous,
        **fields,
    )
    services._sync_factors(a)
    from weerstand.assessments.models import (
        AchEvidence,
        AchHypothesis,
        AchRating,
        AssessmentGap,
        Assumption,
        Challenge,
        ChallengePoint,
        FactorJudgement,
        ProductCitation,
        Scenario,
        ScenarioTrigger,
        SignalCitation,
    )
    from weerstand.signals.models import Signal

    judgements = list(FactorJudgement.objects.filter(assessment=a))
    for j in judgements:
        j.judgement = rng.choice(("present", "partly", "absent", "unknown"))
    FactorJudgement.objects.bulk_update(judgements, ["judgement"])
    ProductCitation.objects.bulk_create(
        ProductCitation(
            assessment=a,
            product=products[i["product"]],
            grading=products[i["product"]].grading,
            note=i["note"],
        )
        for i in content["products"]
    )
    signals = {
        s.pk: s for s in Signal.objects.filter(pk__in=[i["signal"] for i in content["signals"]])
    }
    SignalCitation.objects.bulk_create(
        SignalCitation(
            assessment=a,
            signal=signals[i["signal"]],
            grading=signals[i["signal"]].grading,
            note=i["note"],
        )
        for i in content["signals"]
    )
    AssessmentGap.objects.bulk_create(
        AssessmentGap(
            assessment=a,
            gap_id=g.get("gap"),
            description=g.get("description", ""),
            consequence=g["consequence"],
        )
        for g in content["gaps"]
    )
    for n, item in enumerate(content["scenarios"]):
        sc = Scenario.objects.create(
            assessment=a, order=n, **{k: v for k, v in item.items() if k != "triggers"}
        )
        ScenarioTrigger.objects.bulk_create(
            ScenarioTrigger(scenario=sc, **t) for t in item["triggers"]
        )
    Assumption.objects.bulk_create(Assumption(assessment=a, **m) for m in content["assumptions"])
    data = _challenge(case)
    ch = Challenge.objects.create(
        assessment=a,
        challenger=challenger,
        summary=data.summary,
        recorded_at=seeder.now,
        answered_at=seeder.now,
    )
    hyps = AchHypothesis.objects.bulk_create(
        AchHypothesis(challenge=ch, order=n, label=h) for n, h in enumerate(data.hypotheses)
    )
    evs = AchEvidence.objects.bulk_create(
        AchEvidence(challenge=ch, order=n, label=e) for n, e in enumerate(data.evidence)
    )
    AchRating.objects.bulk_create(
        AchRating(hypothesis=h, evidence=e, rating=data.ratings[i][k])
        for i, h in enumerate(hyps)
        for k, e in enumerate(evs)
    )
    ChallengePoint.objects.bulk_create(
        ChallengePoint(
            challenge=ch,
            order=n,
            kind=kind,
            text=text,
            position="agree",
            answer="Eens; aangevuld in het oordeel.",
            answered_at=seeder.now,
        )
        for n, (kind, text) in enumerate(
            [("blind_spot", t) for t in data.blind_spots]
            + [("disagreement", t) for t in data.disagreements]
        )
    )
    is_complex, reasons = services.complexity(a)
    senior = seeder.users["senior-analist"] if is_complex else None
    if senior is not None:
        _join(seeder, _Owned(case), senior)
    next_date = seeder.today + timedelta(days=services.AssessmentRules.current().days_for(level))
    Assessment.objects.filter(pk=a.pk).update(
        status="finalised",
        is_complex=is_complex,
        complexity_reasons=reasons,
        senior_checked_by=senior,
        senior_checked_at=seeder.now if senior else None,
        senior_check_note="Extra controle: navolgbaar en onderbouwd." if senior else "",
        finalised_at=seeder.now,
        finalised_by=author,
        next_recalibration=next_date,
    )
    if previous is not None:
        Assessment.objects.filter(pk=previous.pk).update(status="superseded")
    CaseEvent.objects.create(
        case=case,
        actor=author,
        actor_name=author.display_name,
        kind="assessment_finalised",
        reason=f"Dreigingsbeeld versie {number} vastgesteld: dreigingsniveau {level}.",
    )
    a.refresh_from_db()
    audit.record(
        AuditAction.CREATE,
        a,
        changes={"status": [None, "finalised"], "number": [None, number]},
        reason="demodata: vastgesteld dreigingsbeeld van een lopende casus geladen",
        actor=author,
    )
    return a


def people(seeder: Any, state: Any) -> tuple[Any, Any | None]:
    """Author and challenger among the analysts who can see the case.

    The author is the owning analyst; a senior owner hands the pen to an analyst, so that the
    extra check of a complex case stays independent. A case in a restricting compartment
    (crown witness, shielded investigation) is only written by members of that compartment:
    when no second analyst is a member, the version waits for its challenge.
    """
    from weerstand.policy.models import CompartmentMembership

    case = state.case
    restricted = case.restricted_compartment_id
    writers = [
        seeder.users[n]
        for n in ("analist", "analist2", "senior-analist")
        if not restricted
        or CompartmentMembership.objects.filter(
            compartment=restricted, user=seeder.users[n]
        ).exists()
    ]
    by_name = {u.username: u for u in writers}
    preferred = state.owner if state.owner in ("analist", "analist2") else "analist"
    author = by_name.get(preferred) or writers[0]
    others = [u for u in writers if u.pk != author.pk and u.username != "senior-analist"]
    others += [u for u in writers if u.pk != author.pk and u not in others]
    challenger = others[0] if others else None
    for user in (author, challenger):
        _join(seeder, state, user)
    return author, challenger


def _join(seeder: Any, state: Any, user: Any | None) -> None:
    """Add an analyst to the case team through the owner (as the case service requires)."""
    from weerstand.cases.services import add_team_member

    owner = seeder.users.get(state.owner)
    case = state.case
    if user is None or owner is None or services.is_team_member(user, case):
        return
    add_team_member(
        owner,
        case.pk,
        user,
        reason="Analist toegevoegd voor het dreigingsbeeld en de tegenspraak daarop.",
    )


def ensure_source(seeder: Any, case: Any, author: Any) -> None:
    """A product to cite: the information demo's, or one recorded here by the analyst on behalf
    of the partner that delivered it outside the system."""
    from weerstand.information import services as information
    from weerstand.information.models import ThreatProduct

    if ThreatProduct.objects.visible_to(author).filter(case_links__case=case.pk).exists():
        return
    intel = case.phenomenon in ("terrorism", "state_actors")
    code = "aivd" if intel else "politie"
    originator = seeder.orgs.get(code) or next(
        o for o in seeder.orgs.values() if o.kind == ("aivd" if intel else "police")
    )
    information.create_product(
        author,
        information.ProductData(
            title=(
                "Dreigingsinschatting AIVD ten behoeve van B&B"
                if intel
                else "Politiële dreigingsinschatting (Wpg)"
            ),
            legal_basis="wiv-64" if intel else "wpg-16",
            reliability="B",
            credibility=2,
            originator=originator,
            classification=min(case.classification, 2),
            summary="Aanwijzingen voor een voortdurende dreiging tegen de persoon.",
            phenomenon=case.phenomenon,
            received_at=seeder.now - timedelta(days=120),
            cases=[case],
        ),
    )


def _content(seeder: Any, case: Any, author: Any, rng: random.Random, level: int) -> dict:
    from weerstand.gaps.models import Gap
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

    today = seeder.today
    title, who, intent, capability, opportunity, trigger = SCENARIO_TEXT[case.phenomenon]
    products = list(
        ThreatProduct.objects.visible_to(author)
        .filter(case_links__case=case.pk)
        .exclude(status="withdrawn")[:3]
    )
    signals = list(
        Signal.objects.visible_to(author).filter(case=case.pk).exclude(status="dismissed")[:2]
    )
    gaps = list(Gap.objects.visible_to(author).filter(case=case.pk)[:2])
    gap_items = [
        {"gap": g.pk, "consequence": "Het oordeel blijft op dit punt voorzichtig."} for g in gaps
    ]
    if not gap_items:
        gap_items = [
            {
                "description": "Onbekend is of het netwerk de huidige verblijfplaats kent.",
                "consequence": "Het scenario op de woning is niet uit te sluiten.",
            }
        ]
    return {
        "summary": (
            f"Op basis van de geciteerde producten en zachte informatie is de dreiging tegen de "
            f"persoon reëel en gericht. De fenomeenkennis ({case.get_phenomenon_display()}) en "
            f"de scenario's hieronder leiden tot dreigingsniveau {level}."
        ),
        "threat_level": level,
        "recommended_resistance": min(4, max(1, level - 1)),
        "person_resilience": (
            "De persoon is alert, volgt adviezen op en heeft een weerbaarheidsgesprek gehad."
        ),
        "employer_measures": (
            "De werkgever heeft toegangscontrole en een aanspreekpunt beveiliging."
        ),
        "measures_in_place": "Alertering bij de eenheid en een doorrijadres.",
        "measures_effectiveness": "Effectief op de werkplek; beperkt onderweg en rond de woning.",
        "residual_risk": (
            "Restrisico onderweg tussen woning en werk en bij onaangekondigde bezoeken."
        ),
        "products": [{"product": p.pk, "note": "Kern van het oordeel."} for p in products],
        "signals": [{"signal": s.pk, "note": "Zachte informatie."} for s in signals],
        "gaps": gap_items,
        "scenarios": [
            {
                "title": title,
                "actor": who,
                "intent": intent,
                "capability": capability,
                "opportunity": opportunity,
                "likelihood": ("unlikely", "realistic_possibility", "likely")[min(2, level // 2)],
                "impact": "fatal",
                "triggers": [
                    {
                        "description": trigger,
                        "expected_on": today + timedelta(days=rng.randint(20, 120)),
                    }
                ],
            },
            {
                "title": "Intimidatie van naasten",
                "actor": who,
                "intent": "Druk zetten via de omgeving",
                "capability": "Kan naasten vinden via sociale media",
                "opportunity": "Naasten zonder eigen beveiliging",
                "likelihood": "likely",
                "impact": "serious",
                "triggers": [],
            },
        ],
        "assumptions": [
            {
                "statement": "De dader(s) kennen het huidige woonadres niet.",
                "basis": "Geen aanwijzingen in de geciteerde producten en signalen.",
                "confidence": "moderate",
                "disproved_if": "Waarneming of signaal bij de woning.",
                "review_by": today + timedelta(days=rng.randint(20, 90)),
            },
            {
                "statement": "Het netwerk heeft op dit moment geen reden tot escalatie.",
                "basis": "Inschatting van de partner.",
                "confidence": "low",
                "disproved_if": "Nieuwe aanhoudingen of een publicatie.",
                "review_by": today + timedelta(days=rng.randint(30, 120)),
            },
        ],
    }


def through(
    seeder: Any,
    case: Any,
    author: Any,
    challenger: Any | None,
    target: str,
    rng: random.Random,
    *,
    disagree: bool = False,
    reason: str = "Eerste integrale dreigingsinschatting.",
) -> Assessment:
    """One version, written through the services up to `target`."""
    level = {"critical": 4, "serious": 3}.get(case.severity, 2)
    a = services.start_version(author, case.pk, reason=reason)
    a = services.update_assessment(
        author, a.pk, _content(seeder, case, author, rng, level), expected_version=a.version
    )
    if target == "draft":
        return a
    a = services.submit_for_challenge(author, a.pk)
    if target == "challenge" or challenger is None:
        return a  # no second analyst with access: the version waits for its challenge
    services.record_challenge(challenger, a.pk, _challenge(case))
    if target == "challenged":
        return a
    a = Assessment.objects.get(pk=a.pk)
    position = "disagree" if disagree else "agree"
    answers = {
        p.pk: (
            position if n == 0 else "agree",
            "Meegewogen; het niveau blijft staan omdat de producten geen concrete aanwijzing "
            "voor het alternatief bevatten."
            if n == 0
            else "Eens; aangevuld in het oordeel.",
        )
        for n, p in enumerate(a.challenge.points.all())
    }
    a = services.answer_challenge(author, a.pk, answers)
    if target == "answered":
        return a
    if a.is_complex or target == "senior_check":
        _join(seeder, _Owned(case), seeder.users["senior-analist"])
        a = services.request_senior_check(author, a.pk)
        if target == "senior_check":
            return a
        a = services.record_senior_check(
            seeder.users["senior-analist"],
            a.pk,
            note="Extra controle: scenario's en aannames navolgbaar, niveau onderbouwd.",
        )
    return services.finalise(author, a.pk)


class _Owned:
    """The bit of the seeder's case state `_join` needs: the case and its owner's name."""

    def __init__(self, case: Any) -> None:
        from weerstand.policy.models import CompartmentMembership

        self.case = case
        self.owner = (
            CompartmentMembership.objects.filter(compartment=case.team_id, function="owner")
            .values_list("user__username", flat=True)
            .first()
            or ""
        )


def _challenge(case: Any) -> services.ChallengeData:
    return services.ChallengeData(
        summary="De dreiging is serieus, maar de alternatieve verklaring is onvoldoende gewogen.",
        hypotheses=[
            "Gerichte dreiging tegen de persoon",
            "Algemene intimidatie zonder intentie tot geweld",
            "Dreiging gericht op een naaste",
        ],
        evidence=[
            "Geciteerd product",
            "Zachte informatie van de persoon",
            "Ontbreken van verkenning",
        ],
        ratings=[["CC", "C", "I"], ["I", "N", "C"], ["N", "C", "N"]],
        blind_spots=["De rol van naasten als doelwit is niet apart gewogen."],
        disagreements=["Het dreigingsniveau is te hoog gezien het ontbreken van verkenning."],
    )


def recalibrated(
    seeder: Any, case: Any, author: Any, challenger: Any, rng: random.Random
) -> Assessment:
    """A second version: the first is superseded, the level moves one step down."""
    a = services.start_version(author, case.pk, reason="Periodieke herijking.")
    level = max(1, (a.threat_level or 3) - 1)
    a = services.update_assessment(
        author,
        a.pk,
        {
            "threat_level": level,
            "summary": f"Na herijking: geen nieuwe aanwijzingen; dreigingsniveau {level}.",
        },
        expected_version=a.version,
    )
    services.submit_for_challenge(author, a.pk)
    services.record_challenge(challenger, a.pk, _challenge(case))
    a = Assessment.objects.get(pk=a.pk)
    services.answer_challenge(
        author, a.pk, {p.pk: ("agree", "Eens.") for p in a.challenge.points.all()}
    )
    a = Assessment.objects.get(pk=a.pk)
    if a.is_complex:
        _join(seeder, _Owned(case), seeder.users["senior-analist"])
        services.request_senior_check(author, a.pk)
        services.record_senior_check(
            seeder.users["senior-analist"], a.pk, note="Herijking gecontroleerd."
        )
    return services.finalise(author, a.pk)
