"""Builders for the assessment tests: a case with a team, products, and a full draft."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.assessments import services
from weerstand.assessments.models import Assessment, FactorGroup, MethodTemplate, TemplateFactor

_seq = itertools.count(1)


@dataclass
class World:
    author: Any
    challenger: Any
    senior: Any
    decider: Any
    inspector: Any
    outsider: Any
    case: Any
    product: Any


def template(phenomenon: str = "organised_crime") -> MethodTemplate:
    existing = MethodTemplate.objects.filter(phenomenon=phenomenon).first()
    if existing is not None:
        return existing
    tpl = MethodTemplate.objects.create(phenomenon=phenomenon, version=1, name="Sjabloon")
    TemplateFactor.objects.create(template=tpl, code="motief", label="Motief", order=1)
    TemplateFactor.objects.create(
        template=tpl, code="lekken", label="Lekken", group=FactorGroup.WARNING_BEHAVIOUR, order=2
    )
    return tpl


def product(case: Any, *, classification: int = 1, phenomenon: str = "", title: str = "") -> Any:
    from weerstand.information.legal_bases import ensure_default_legal_bases
    from weerstand.information.models import ProductCase, ThreatProduct

    bases = ensure_default_legal_bases()
    n = next(_seq)
    p = ThreatProduct.objects.create(
        reference=f"TP-T-{n:05d}",
        originator=t.org("police", code="politie-test"),
        legal_basis=bases["wpg-16"],
        classification=classification,
        title=title or f"Dreigingsproduct {n}",
        summary="Samenvatting",
        reliability="B",
        credibility=2,
        phenomenon=phenomenon,
    )
    ProductCase.objects.create(product=p, case=case)
    return p


def world(*, state: str = "assessment", severity: str = "serious") -> World:
    template()
    author = t.user("analyst")
    challenger = t.user("analyst")
    senior = t.user("senior_analyst")
    decider = t.user("decision_maker")
    inspector = t.user("inspector")
    outsider = t.user("analyst")
    case = t.case(
        author,
        team=(challenger, senior, decider),
        owner=author,
        state=state,
        severity=severity,
    )
    return World(author, challenger, senior, decider, inspector, outsider, case, product(case))


def full_content(w: World, *, level: int = 3, review_in_days: int = 60) -> dict[str, Any]:
    return {
        "summary": "Concrete dreiging vanuit het netwerk na de verklaring.",
        "threat_level": level,
        "recommended_resistance": 2,
        "person_resilience": "Redelijk weerbaar, volgt adviezen op.",
        "employer_measures": "Werkgever heeft toegangscontrole.",
        "measures_in_place": "Alertering bij de eenheid.",
        "measures_effectiveness": "Beperkt effectief buiten kantoortijd.",
        "residual_risk": "Restrisico op de route naar huis.",
        "products": [{"product": w.product.pk, "note": "Kernproduct"}],
        "gaps": [
            {"description": "Onbekend of het netwerk het woonadres kent.", "consequence": "x"}
        ],
        "scenarios": [
            {
                "title": "Aanslag op de route",
                "actor": "Uitvoerders uit het netwerk",
                "intent": "Wraak voor de verklaring",
                "capability": "Beschikt over vuurwapens",
                "opportunity": "Vaste route",
                "likelihood": "realistic_possibility",
                "impact": "fatal",
                "triggers": [
                    {
                        "description": "Inhoudelijke behandeling",
                        "expected_on": timezone.localdate() + timedelta(days=90),
                    }
                ],
            }
        ],
        "assumptions": [
            {
                "statement": "Het netwerk kent het woonadres niet.",
                "basis": "Geen aanwijzingen in de producten.",
                "confidence": "moderate",
                "disproved_if": "Waarneming bij de woning.",
                "review_by": timezone.localdate() + timedelta(days=review_in_days),
            }
        ],
    }


def drafted(w: World, **kwargs: Any) -> Assessment:
    a = services.start_version(w.author, w.case.pk)
    return services.update_assessment(
        w.author, a.pk, full_content(w, **kwargs), expected_version=a.version
    )


def challenge_data(points: bool = True) -> services.ChallengeData:
    return services.ChallengeData(
        summary="Alternatieven onvoldoende gewogen.",
        hypotheses=["Gerichte dreiging vanuit het netwerk", "Bluf zonder intentie"],
        evidence=["Tapgesprek", "Waarneming bij kantoor"],
        ratings=[["CC", "C"], ["I", "II"]],
        blind_spots=["Rol van de ex-partner niet onderzocht."] if points else [],
        disagreements=["Niveau 3 is te laag gezien de wapens."] if points else [],
    )


def challenged(w: World, **kwargs: Any) -> Assessment:
    a = drafted(w, **kwargs)
    services.submit_for_challenge(w.author, a.pk)
    services.record_challenge(w.challenger, a.pk, challenge_data())
    return Assessment.objects.get(pk=a.pk)


def answered(w: World, position: str = "agree", **kwargs: Any) -> Assessment:
    a = challenged(w, **kwargs)
    points = a.challenge.points.all()
    return services.answer_challenge(
        w.author, a.pk, {p.pk: (position, "Toegelicht antwoord.") for p in points}
    )


def finalised(w: World, position: str = "agree", **kwargs: Any) -> Assessment:
    a = answered(w, position, **kwargs)
    if a.is_complex:
        services.request_senior_check(w.author, a.pk)
        services.record_senior_check(w.senior, a.pk, note="Gecontroleerd en akkoord.")
    return services.finalise(w.author, a.pk)
