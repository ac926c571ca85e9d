"""The inspection app's row of the access-policy table: the signed export of one case.

Only the inspectorate exports, and only what it may read anyway: the package is assembled
through the policy as the inspector (`case`, `decision`, `assessment`, `case_audit` grants),
so a case in a restricting compartment the inspector is not a member of is as absent here
as everywhere else.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

GRANTS: GrantTable = {
    Role.INSPECTOR: {(Resource.INSPECTION_EXPORT, Action.VIEW): (Scope.ALL,)},
}
NOTES: list[str] = [
    "- **Inspection export** (`inspection_export`): an inspector downloads one case as a signed"
    " package (timeline, decisions, assessments, team and the case's audit records, reads"
    " included), assembled through the policy as the inspector, after the audit chain was"
    " verified up to the newest signed checkpoint. Every export is audited.",
]
