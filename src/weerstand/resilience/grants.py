"""The resilience app's rows of the access-policy table (merged into policy.table.GRANTS).

Resilience conversations and buddy matches are care for the person, not operational
information: the resilience expert of the case team plans and writes them; the NCTV's own
case team (analysts, decision-makers) reads them; partners without that need (police and
KMar liaisons, unit planners, the LCC, the OM, mayors, intelligence liaisons, information
coordinators) get nothing, even as team members. The inspectorate reads them like every
other piece of case content (assessments, decisions, gaps: `all` within clearance and
restricting compartments, every read audited). The protectee and relatives reach their own
conversations (`self`: the plan only, never the notes); a protectee, and a former protectee
acting as buddy, reach their own buddy matches (`self`).
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, S = Scope.ALL, Scope.TEAM, Scope.SELF
R = Resource
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_TEAM_READ = {
    (R.RESILIENCE_CONVERSATION, V): (T,),
    (R.BUDDY_MATCH, V): (T,),
}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.RESILIENCE_EXPERT: {
        (R.RESILIENCE_CONVERSATION, V): (T,),
        (R.RESILIENCE_CONVERSATION, N): (T,),
        (R.RESILIENCE_CONVERSATION, C): (T,),
        (R.BUDDY_MATCH, V): (T,),
        (R.BUDDY_MATCH, N): (T,),
        (R.BUDDY_MATCH, C): (T,),
    },
    Role.ANALYST: dict(_TEAM_READ),
    Role.SENIOR_ANALYST: dict(_TEAM_READ),
    Role.DECISION_MAKER: dict(_TEAM_READ),
    Role.INSPECTOR: {(R.RESILIENCE_CONVERSATION, V): (A,), (R.BUDDY_MATCH, V): (A,)},
    Role.PROTECTEE: {
        (R.RESILIENCE_CONVERSATION, V): (S,),
        (R.BUDDY_MATCH, V): (S,),
        (R.BUDDY_MATCH, C): (S,),
    },
    Role.RELATIVE: {(R.RESILIENCE_CONVERSATION, V): (S,)},
}

NOTES: list[str] = [
    "Resilience care (the resilience app):",
    "",
    "- **Resilience conversations** (`resilience_conversation`: impact, consolidation and",
    "  end phase, with notes and follow-ups) are planned and written by the resilience",
    "  expert who holds that function in the case team; the NCTV case team (analysts,",
    "  decision-makers) reads them. Liaisons, planners, the LCC, the OM, mayors and other",
    "  partners get nothing, even as team members: they have no need. Inspectors read them",
    "  like other case content (`all`, within clearance and restricting compartments,",
    "  audited). Scope `self` = the portal user's own conversations (protectee or",
    "  relative): date, time, phase and the expert's name only, never the notes or",
    "  follow-ups of anyone. A stop or scale-down decision in force opens an end-phase",
    "  conversation to be planned for the protectee.",
    "- **Buddy matches** (`buddy_match`): proposed by the case's resilience expert, active",
    "  only after both the protectee and the buddy (a former protectee, with their own",
    "  portal account) consented; either withdraws; it ends on its end date. Scope `self`",
    "  = matches where the portal user is the protectee or the buddy. The buddy sees only",
    "  what the protectee chose to share (first name, how to reach them, a short message),",
    "  nothing of the case; those texts are not shown to staff either. Staff see the",
    "  buddy's first name only: who was once protected is not the case team's to know.",
    "",
]
