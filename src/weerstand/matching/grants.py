"""The matching app's rows of the access-policy table (merged into policy.table.GRANTS).

Every grant is `team` scope. For a shielded investigation and its selectors that means a member
of the investigation's restricting compartment; for a case's selectors, a member of the case
team (and of its restricting compartment, if it has one); for a hit, an information coordinator
who is a member of the investigation. Nobody has an `all` scope here, inspectors included.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

T = Scope.TEAM
R = Resource
V, N = Action.VIEW, Action.CREATE

_INVESTIGATION = {
    (R.SHIELDED_INVESTIGATION, V): (T,),
    (R.SHIELDED_INVESTIGATION, N): (T,),
    (R.SELECTOR, V): (T,),
    (R.SELECTOR, N): (T,),
}
_CASE_TEAM = {(R.CASE_SELECTOR, V): (T,), (R.CASE_SELECTOR, N): (T,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.INFORMATION_COORDINATOR: {**_INVESTIGATION, (R.HIT, V): (T,)},
    Role.OM_OFFICER: dict(_INVESTIGATION),
    Role.ANALYST: dict(_CASE_TEAM),
    Role.SENIOR_ANALYST: dict(_CASE_TEAM),
    Role.DECISION_MAKER: dict(_CASE_TEAM),
}

NOTES: list[str] = [
    "Hit/no-hit with shielded investigations (the matching app):",
    "",
    "- A shielded investigation is a restricting compartment (kind shielded_investigation),",
    "  opened by an information coordinator or an OM officer with a co-owner of that side;",
    "  one of the two is an information coordinator. Scope `team` on",
    "  `shielded_investigation` and `selector` = members of that compartment.",
    "- Selectors are kept only as keyed hashes (HMAC-SHA256, a key per selector kind derived",
    "  from the field keys) with a kind and a short label; nobody can read a value back.",
    "- Scope `team` on `case_selector` = members of the case team (and of the case's",
    "  restricting compartment, if any). Case selectors are also derived from the case's",
    "  persons by a job.",
    "- A `hit` is visible only to the information coordinators who are members of the",
    "  investigation: the label of their own selector and the case's NCTV contact, never",
    "  the case, its persons or its other selectors. The case team learns nothing of it.",
]
