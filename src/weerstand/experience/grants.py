"""The experience app's rows of the access-policy table (merged into policy.table.GRANTS).

The answers are part of the case's evaluation: the NCTV roles of the case team read them
(team scope), the person reads and answers their own invitation (self scope). Nobody else
reads a row: not partners' liaisons, not the inspectorate, not analysts outside the team.
The quality monitor gets aggregates only (`experience.selectors.aggregate_scores`, asked
with the existing `aggregates:view` grant), never below the minimum group size and never
the free text.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

T, S = Scope.TEAM, Scope.SELF
R = Resource.EXPERIENCE_QUESTIONNAIRE
V, C = Action.VIEW, Action.CHANGE

_TEAM = {(R, V): (T,)}
_SELF = {(R, V): (S,), (R, C): (S,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: dict(_TEAM),
    Role.SENIOR_ANALYST: dict(_TEAM),
    Role.DECISION_MAKER: dict(_TEAM),
    Role.RESILIENCE_EXPERT: dict(_TEAM),
    Role.PROTECTEE: dict(_SELF),
    Role.RELATIVE: dict(_SELF),
}

NOTES: list[str] = [
    "Experience questionnaires (the experience app):",
    "",
    "- When protection ends or changes materially (a stop, scale-down or adjust decision",
    "  comes in force) the protectee and relatives with a portal account are invited.",
    "- Scope `self` = the invitations of the portal user's own registry person (answer",
    "  once, or decline). The NCTV roles of the case team read the answers (team scope);",
    "  nobody else reads a row, inspectors included. Outside the team only aggregates over",
    "  all cases (`aggregates` grant), suppressed below 5 answers, never the free text.",
    "",
]
