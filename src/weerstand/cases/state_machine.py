"""The case life cycle in one place: states, transitions, and who owns each transition.

referral → triage → (the analysts advise) → designation by the authority → national domain
(assessment → decision → protection active ⇄ recalibration → ended), or refused (ended), or
handed to the local domain (the named mayor / chief prosecutor).

Every step that carries the authority's power (admission, refusal, start, no measures, change,
end) is an *authority* transition: only the decision service takes it, when a reasoned,
four-eyes decision on the case takes effect. Called any other way it is refused with a 409
that names the decision needed (`authority` is that decision in words).
"""

from __future__ import annotations

from dataclasses import dataclass

from weerstand.accounts.roles import Role
from weerstand.cases.models import CaseState as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[S, ...]
    target: S
    roles: tuple[Role, ...]
    label: str
    # Team membership is required unless the case is in the analysts' intake queue.
    intake: bool = False
    # The decision of the authority that takes this step (None: a plain step of the team).
    authority: str | None = None


_ANALYSTS = (Role.ANALYST, Role.SENIOR_ANALYST)
_DECIDERS = (Role.DECISION_MAKER,)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("start_triage", (S.REFERRAL,), S.TRIAGE, _ANALYSTS, "Triage starten", True),
        Transition(
            "advise_authority",
            (S.TRIAGE,),
            S.DESIGNATION,
            _ANALYSTS,
            "Advies aan het gezag",
            True,
        ),
        Transition(
            "return_to_triage",
            (S.DESIGNATION, S.LOCAL_DOMAIN),
            S.TRIAGE,
            (*_ANALYSTS, *_DECIDERS),
            "Terug naar triage",
        ),
        Transition(
            "route_national",
            (S.DESIGNATION,),
            S.ASSESSMENT,
            _DECIDERS,
            "Aangewezen: naar het rijksdomein",
            authority="een besluit tot aanwijzing",
        ),
        Transition(
            "route_local",
            (S.DESIGNATION,),
            S.LOCAL_DOMAIN,
            _DECIDERS,
            "Niet aangewezen: naar het lokale domein",
            authority="een besluit tot weigering van de aanwijzing, met overdracht",
        ),
        Transition(
            "reject_referral",
            (S.DESIGNATION,),
            S.ENDED,
            _DECIDERS,
            "Niet aangewezen",
            authority="een besluit tot weigering van de aanwijzing",
        ),
        Transition(
            "submit_for_decision", (S.ASSESSMENT,), S.DECISION, _ANALYSTS, "Voorleggen aan gezag"
        ),
        Transition(
            "return_to_assessment", (S.DECISION,), S.ASSESSMENT, _DECIDERS, "Terug naar analyse"
        ),
        Transition(
            "activate_protection",
            (S.DECISION,),
            S.PROTECTION_ACTIVE,
            _DECIDERS,
            "Beveiliging starten",
            authority="een startbesluit",
        ),
        Transition(
            "decide_no_measures",
            (S.DECISION,),
            S.ENDED,
            _DECIDERS,
            "Besluit: geen maatregelen",
            authority="een besluit 'geen maatregelen'",
        ),
        Transition(
            "start_recalibration",
            (S.PROTECTION_ACTIVE,),
            S.RECALIBRATION,
            (*_ANALYSTS, *_DECIDERS),
            "Herijking starten",
        ),
        Transition(
            "continue_protection",
            (S.RECALIBRATION,),
            S.PROTECTION_ACTIVE,
            _DECIDERS,
            "Beveiliging voortzetten",
            authority="een besluit tot voortzetten, aanpassen of afschalen",
        ),
        Transition(
            "end_protection",
            (S.PROTECTION_ACTIVE, S.RECALIBRATION),
            S.ENDED,
            _DECIDERS,
            "Beveiliging beëindigen",
            authority="een besluit tot beëindiging",
        ),
    )
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def policy_doc() -> list[str]:
    """The transitions as a section of docs/access-policy.md."""
    lines = [
        "## Case transitions",
        "",
        "Each transition also requires that the user can view the case (team or intake scope).",
        "",
        "Steps marked with a decision are taken only by the decision service, when that",
        "reasoned four-eyes decision of the authority takes effect; called directly they are",
        "refused (409) with the name of the decision needed.",
        "",
        "| transition | from | to | roles | taken by |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSITIONS.values():
        lines.append(
            f"| {t.name} | {', '.join(s.value for s in t.sources)} | {t.target.value} | "
            f"{', '.join(r.value for r in t.roles)} | {t.authority or 'the team, with a reason'} |"
        )
    return lines
