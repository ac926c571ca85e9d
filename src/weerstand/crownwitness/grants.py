"""The crownwitness app's rows of the access-policy table (merged into policy.table.GRANTS).

Every grant is `team` scope, which for a trajectory means: a member of its restricting
compartment. Without membership no role sees anything, inspectors included.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.crownwitness.models import ExpertKind
from weerstand.policy.table import Action, Resource, Scope

T = Scope.TEAM
R = Resource
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

# Members who take part: the trajectory itself, its weighing (versions and contributions)
# and the independent reviews.
_READ = {
    (R.TRAJECTORY, V): (T,),
    (R.TRAJECTORY_WEIGHING, V): (T,),
    (R.TRAJECTORY_REVIEW, V): (T,),
}
_CONTRIBUTE = {**_READ, (R.TRAJECTORY_WEIGHING, N): (T,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.OM_OFFICER: {
        **_READ,
        (R.TRAJECTORY, N): (T,),
        (R.TRAJECTORY, C): (T,),
        (R.TRAJECTORY_WEIGHING, C): (T,),
    },
    Role.ANALYST: dict(_CONTRIBUTE),
    Role.SENIOR_ANALYST: dict(_CONTRIBUTE),
    Role.DECISION_MAKER: dict(_CONTRIBUTE),
    Role.LCC_COORDINATOR: dict(_CONTRIBUTE),
    Role.INSPECTOR: dict(_READ),
    # Outside investigation and prosecution: the outline (no description, no identities),
    # the weighing and contributions, and the reviews, which they record.
    Role.INDEPENDENT_REVIEWER: {
        (R.TRAJECTORY_OUTLINE, V): (T,),
        (R.TRAJECTORY_WEIGHING, V): (T,),
        (R.TRAJECTORY_REVIEW, V): (T,),
        (R.TRAJECTORY_REVIEW, N): (T,),
    },
}

# Which expertise each contributing role brings to the weighing. Ethics is open to every
# contributor: the ethical consequences of measures are not one profession's domain.
CONTRIBUTES: dict[str, tuple[str, ...]] = {
    Role.ANALYST.value: (ExpertKind.SAFETY, ExpertKind.ETHICS),
    Role.SENIOR_ANALYST.value: (ExpertKind.SAFETY, ExpertKind.ETHICS),
    Role.LCC_COORDINATOR.value: (ExpertKind.PROTECTION, ExpertKind.ETHICS),
    Role.DECISION_MAKER.value: (ExpertKind.PROTECTION, ExpertKind.ETHICS),
}

NOTES: list[str] = [
    "Crown-witness trajectories (the crownwitness app):",
    "",
    "- Scope `team` on `trajectory` = members of the trajectory's own restricting",
    "  compartment (kind crown_witness). The OM opens a trajectory (create) with a second",
    "  OM officer as co-owner and changes its date, status and circle (change); NCTV",
    "  analysts and decision-makers and the LCC coordinator read it when they are members.",
    "- Inspectors read a trajectory only as members; nobody has an `all` scope here.",
    "- Membership changes are proposed by one OM member and take effect only when a second",
    "  OM member approves (`policy.compartments`). A removed member loses access at once.",
    "- The integrated weighing (`trajectory_weighing`): the OM records versions (change);",
    "  members contribute expertise (create): NCTV analysts and senior analysts on safety",
    "  (threat), the LCC coordinator and decision-makers on protection, and each of them on",
    "  ethics, which is no single profession's domain. The OM does not contribute: it weighs.",
    "  Every member with a trajectory grant (inspectors included) reads the versions.",
    "- The independent review (`trajectory_review`): only the independent reviewer records",
    "  one (create), as a member, never an OM officer, a member of the witness's case team",
    "  or someone who recorded or contributed to the weighing. OM, NCTV, LCC and inspector",
    "  members read reviews.",
    "- The reviewer sees no trajectory row itself: only `trajectory_outline` (title,",
    "  status, planned date, and per circle person the relation and coverage), never the",
    "  description or a person's name.",
    "",
]
