"""The matching app's rows of the access-policy table (merged into policy.table.GRANTS).

Every grant but the inspectorate's is `team` scope. For a shielded investigation and its
selectors that means a member of the investigation's restricting compartment; for a case's
selectors, a member of the case team (and of its restricting compartment, if it has one); for
a hit, an information coordinator who is a member of the investigation. The inspectorate has
`all` on hits and sharing decisions only: oversight of what was matched and decided, not of
what either side holds.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

T, A = Scope.TEAM, Scope.ALL
R = Resource
V, N = Action.VIEW, Action.CREATE

_INVESTIGATION = {
    (R.SHIELDED_INVESTIGATION, V): (T,),
    (R.SHIELDED_INVESTIGATION, N): (T,),
    (R.SELECTOR, V): (T,),
    (R.SELECTOR, N): (T,),
}
_CASE_TEAM = {(R.CASE_SELECTOR, V): (T,), (R.CASE_SELECTOR, N): (T,)}

_DECIDE = {(R.SHARING_DECISION, V): (T,), (R.SHARING_DECISION, N): (T,)}
# Oversight: every hit and every decision, without the labels of either side (see NOTES).
_OVERSIGHT = {(R.HIT, V): (A,), (R.SHARING_DECISION, V): (A,)}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.INFORMATION_COORDINATOR: {**_INVESTIGATION, (R.HIT, V): (T,), **_DECIDE},
    Role.INSPECTOR: dict(_OVERSIGHT),
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
    "- A `sharing_decision` is the coordinator's decision on a hit (scope `team` = a",
    "  coordinator who is a member of the investigation): `share` delivers a threat-",
    "  information product to the hit's case, linked through a dedicated, audited path",
    "  justified by the hit (the coordinator still cannot read the case); from then on the",
    "  case team sees the product like any delivered product, and its re-assessment advice.",
    "  `not_share` records reasons and a date to reconsider; a job reminds the coordinator",
    "  when it passes, and a later decision may still share. Decisions are append-only.",
    "- Inspectors (`all` on `hit` and `sharing_decision`, view only, every read audited)",
    "  oversee what was matched and decided: each hit's number, investigation number,",
    "  selector kind, status and dates, and each decision's outcome, reasons, legal basis,",
    "  handling, product reference and reconsider date. Not the selector labels of either",
    "  side, nor the digests, the case, its persons or its NCTV contact, nor the shielded",
    "  investigation itself (they hold no grant on `shielded_investigation` or `selector`):",
    "  as with restricting compartments elsewhere, oversight stops at the compartment's",
    "  content. The product itself follows the information app's rules.",
]
