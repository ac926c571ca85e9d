"""The learning app's rows of the access-policy table (merged into policy.table.GRANTS).

Evaluations and post-incident reviews are case content. The case team reads them (team
scope): the NCTV roles of the team write the sections, complete them and assign actions
(`change`); every team member, partners included, adds a contribution (`create`: the
partners' view). The NCTV quality function reads and writes all of them (`all`), the
inspectorate reads them (`all`, audited). Both `all` grants stay within clearance and
outside restricting compartments the user is not a member of. Nobody else: not the
mayor, not portal users, not the system administrator.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T = Scope.ALL, Scope.TEAM
E, IR = Resource.EVALUATION, Resource.INCIDENT_REVIEW
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

NCTV_WRITERS = (Role.ANALYST, Role.SENIOR_ANALYST, Role.DECISION_MAKER, Role.RESILIENCE_EXPERT)
PARTNERS = (
    Role.LCC_COORDINATOR,
    Role.POLICE_LIAISON,
    Role.KMAR_LIAISON,
    Role.UNIT_PLANNER,
    Role.INTELLIGENCE_LIAISON,
    Role.OM_OFFICER,
)

_WRITER = {(R, a): (T,) for R in (E, IR) for a in (V, C, N)}
_PARTNER = {(R, a): (T,) for R in (E, IR) for a in (V, N)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    **{role: dict(_WRITER) for role in NCTV_WRITERS},
    **{role: dict(_PARTNER) for role in PARTNERS},
    Role.QUALITY_OFFICER: {(R, a): (A,) for R in (E, IR) for a in (V, C, N)},
    Role.INSPECTOR: {(E, V): (A,), (IR, V): (A,)},
}

NOTES: list[str] = [
    "Evaluations and post-incident reviews (the learning app):",
    "",
    "- An **evaluation** opens when a decision that ends or materially changes protection",
    "  comes in force; a **post-incident review** opens for every incident signal. Both are",
    "  case content: the NCTV roles of the case team write the sections, complete them and",
    "  assign actions (`change`); every team member, partners included, adds a",
    "  contribution (`create`). The NCTV quality function reads and writes all of them",
    "  (`all`), inspectors read them (`all`); both within clearance and never inside a",
    "  restricting compartment they are not a member of. A review of an incident signal not",
    "  yet linked to a case is reached only through `all`, within the signal's",
    "  classification. Contributions, actions, lessons and their links to a method template",
    "  or catalogue version are visible exactly when their evaluation or review is.",
    "  Completed is final (409); a correction is an appended contribution.",
    "",
]
