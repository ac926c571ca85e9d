"""Demo data of the gaps app (called by core.demo.seed after the cases exist).

Gaps on several cases in the assessment phase, recorded by their owning analysts, and
requests for information to the police, the AIVD and the OM: open ones, one overdue (and
escalated), one answered with a threat product, and one gap accepted as unknown.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from weerstand.gaps import services

SEED = 20230331

GAPS = [
    (
        "Onbekend of de opdrachtgever van de bedreiging nog vastzit of inmiddels vrij is.",
        "Bepaalt of de dreiging acuut is of vooral op termijn speelt.",
        (
            "politie",
            "wpg-16",
            "Is de vermoedelijke opdrachtgever op dit moment gedetineerd, en zo ja tot wanneer?",
        ),
    ),
    (
        "Geen zicht op contacten van de dader met personen in het buitenland.",
        "Statelijke betrokkenheid zou een ander pakket maatregelen vragen.",
        (
            "aivd",
            "wiv-64",
            "Zijn er aanwijzingen voor buitenlandse betrokkenheid bij de "
            "dreiging tegen betrokkene?",
        ),
    ),
    (
        "Onduidelijk of het OM een kroongetuigentraject overweegt waarin betrokkene een rol "
        "speelt.",
        "Maatregelen moeten operationeel zijn op het moment dat een deal openbaar wordt.",
        (
            "om-landelijk",
            "wjsg-39f",
            "Speelt betrokkene een rol in een lopend of voorgenomen "
            "traject met een kroongetuige, en wanneer wordt dat openbaar?",
        ),
    ),
    (
        "Niet bekend hoe de dader aan het woonadres van betrokkene is gekomen.",
        "Een lek in de directe omgeving verandert de inschatting van de weerstand.",
        (
            "politie",
            "wpg-16",
            "Is uit het onderzoek bekend via welke weg het woonadres bij de "
            "dader terecht is gekomen?",
        ),
    ),
    (
        "Geen informatie over eerdere geweldsdelicten van de verdachte.",
        "Geweldsverleden weegt zwaar in de dreigingsinschatting.",
        None,
    ),
]


def _analyst(seeder: Any, username: str) -> Any:
    user = seeder.users.get(username)
    if user is not None and user.has_role("analyst", "senior_analyst"):
        return user
    return None


def seed(seeder: Any) -> dict[str, Any]:
    from weerstand.information.legal_bases import ensure_default_legal_bases
    from weerstand.information.models import LegalBasis

    ensure_default_legal_bases()
    rng = random.Random(SEED)
    now = seeder.now
    bases = {b.code: b for b in LegalBasis.objects.all()}
    targets = [
        s
        for s in seeder.cases
        # Cases that stay in assessment: the gaps are still open when the demo is used.
        if s.planned_state == "assessment"
        and s.case.restricted_compartment_id is None
        and _analyst(seeder, s.owner) is not None
    ][:4]
    gaps = requests = 0
    answered = None
    overdue = None
    for n, state in enumerate(targets):
        analyst = _analyst(seeder, state.owner)
        for description, why, rfi in GAPS[n % 2 :: 2][: 1 + n % 3] or GAPS[:1]:
            gap = services.record_gap(
                analyst, state.case.pk, description=description, why_it_matters=why
            )
            gaps += 1
            if rfi is None:
                continue
            org_code, basis_code, question = rfi
            if org_code not in seeder.orgs or basis_code not in bases:
                continue
            sent = now - timedelta(days=rng.randint(2, 25))
            due = sent.date() + timedelta(days=14)
            request = services.request_information(
                analyst,
                gap.pk,
                services.RequestData(
                    addressee_id=seeder.orgs[org_code].pk,
                    legal_basis_id=bases[basis_code].pk,
                    question=question,
                    due_date=due,
                ),
                now=sent,
            )
            requests += 1
            if due < seeder.today and overdue is None:
                overdue = request
            elif answered is None and org_code == "politie" and "politie" in seeder.users:
                answered = services.answer_request(
                    seeder.users["politie"],
                    request.pk,
                    services.AnswerData(
                        title="Antwoord op informatieverzoek: detentiestatus",
                        summary=(
                            "De vermoedelijke opdrachtgever is drie weken geleden voorwaardelijk "
                            "vrijgelaten en heeft een meldplicht bij de reclassering."
                        ),
                        reliability="A",
                        credibility=2,
                        classification=1,
                    ),
                    now=sent + timedelta(days=3),
                )
    if targets:  # one gap the team accepts as unknowable, named as an assumption
        first = targets[0]
        description, why, _ = GAPS[4]
        gap = services.record_gap(
            _analyst(seeder, first.owner),
            first.case.pk,
            description=description,
            why_it_matters=why,
        )
        services.accept_gap(
            _analyst(seeder, first.owner),
            gap.pk,
            note="Niet te achterhalen binnen redelijke termijn; als aanname benoemd.",
        )
        gaps += 1
    escalated = services.escalate_overdue_requests(now=now)
    return {
        "gaps": gaps,
        "information_requests": requests,
        "information_requests_answered": 1 if answered else 0,
        "information_requests_escalated": len(escalated),
    }
