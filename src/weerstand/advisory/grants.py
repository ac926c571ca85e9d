"""The advisory app's rows of the access-policy table.

The advisory body writes its advice and themes and reads the NCTV's responses; the NCTV's
quality function responds (`change`); the inspectorate reads. Nobody here sees a case: the
aggregates come through the `aggregates` grant (cases app) and the disclosure control.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

A = Scope.ALL
ADV = Resource.ADVICE
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

GRANTS: GrantTable = {
    Role.ADVISORY_BODY: {(ADV, V): (A,), (ADV, N): (A,)},
    Role.QUALITY_OFFICER: {(ADV, V): (A,), (ADV, C): (A,)},
    Role.INSPECTOR: {(ADV, V): (A,)},
}
NOTES: list[str] = [
    "- **Advisory aggregates** are published per calendar quarter and year only, national,"
    " with counts 1..9 suppressed and complementary suppression checked against every"
    " additive relation of everything published (`advisory.disclosure`,"
    " `docs/advisory-aggregates.md`). **Advice** (`advice`): the advisory body records its"
    " advice and themes; the NCTV's quality function responds; inspectors read.",
]
