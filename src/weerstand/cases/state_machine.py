"""The case life cycle in one place: states, transitions, and who owns each transition.

referral → triage → national domain (assessment → decision → protection active ⇄
recalibration → ended) or local domain (handed to the named mayor / chief prosecutor).
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


_ANALYSTS = (Role.ANALYST, Role.SENIOR_ANALYST)
_DECIDERS = (Role.DECISION_MAKER,)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("start_triage", (S.REFERRAL,), S.TRIAGE, _ANALYSTS, "Triage starten", True),
        Transition(
            "route_national", (S.TRIAGE,), S.ASSESSMENT, _ANALYSTS, "Naar het rijksdomein", True
        ),
        Transition(
            "route_local", (S.TRIAGE,), S.LOCAL_DOMAIN, _ANALYSTS, "Naar het lokale domein", True
        ),
        Transition(
            "reject_referral", (S.TRIAGE,), S.ENDED, _ANALYSTS, "Aanmelding afsluiten", True
        ),
        Transition("return_to_triage", (S.LOCAL_DOMAIN,), S.TRIAGE, _ANALYSTS, "Terug naar triage"),
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
        ),
        Transition(
            "decide_no_measures", (S.DECISION,), S.ENDED, _DECIDERS, "Besluit: geen maatregelen"
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
        ),
        Transition(
            "end_protection",
            (S.PROTECTION_ACTIVE, S.RECALIBRATION),
            S.ENDED,
            _DECIDERS,
            "Beveiliging beëindigen",
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
        "| transition | from | to | roles | reason required |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSITIONS.values():
        lines.append(
            f"| {t.name} | {', '.join(s.value for s in t.sources)} | {t.target.value} | "
            f"{', '.join(r.value for r in t.roles)} | yes |"
        )
    return lines
