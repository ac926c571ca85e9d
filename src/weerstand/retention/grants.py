"""The retention app's rows of the access-policy table (merged into policy.table.GRANTS).

The privacy officer (functionaris gegevensbescherming) manages retention rules, legal holds
and access requests, and reads the destruction reports. The inspectorate reads reports and
holds (oversight of what was destroyed and what was kept, and why). Nobody else gets a row.
None of these rows carries the content of what they govern: reports, holds and access-request
items name objects by type, id and a non-content reference.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A = Scope.ALL
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE
RR, LH = Resource.RETENTION_RULE, Resource.LEGAL_HOLD
DR, AR = Resource.DESTRUCTION_REPORT, Resource.ACCESS_REQUEST

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.PRIVACY_OFFICER: {
        (RR, V): (A,),
        (RR, N): (A,),
        (RR, C): (A,),
        (LH, V): (A,),
        (LH, N): (A,),
        (LH, C): (A,),
        (DR, V): (A,),
        (AR, V): (A,),
        (AR, N): (A,),
        (AR, C): (A,),
    },
    Role.INSPECTOR: {(LH, V): (A,), (DR, V): (A,), (AR, V): (A,)},
}

NOTES: list[str] = [
    "Retention, legal holds, destruction and access requests (the retention app):",
    "",
    "- **Retention rules** (`retention_rule`: per object type and legal basis, a period",
    "  counted from the closing of the case, the end of protection or the product's date, and",
    "  destroy or anonymise) are kept by the privacy officer; every change is audited.",
    "- **Legal holds** (`legal_hold`: inquiry, objection, litigation, inspection, on a case",
    "  or one object) are placed and lifted by the privacy officer and read by inspectors;",
    "  a held object is never destroyed.",
    "- **Destruction reports** (`destruction_report`) are written by the scheduled job",
    "  `apply-retention`, signed with the audit key, and read by the privacy officer and",
    "  inspectors. They list objects by type, id, rule, legal basis and dates, never content.",
    "- **Access requests** (`access_request`: a person's request to see what is recorded about",
    "  them, with a decision per item and the legal exception when withheld) are handled by the",
    "  privacy officer and read by inspectors. Items are references (type, id, kenmerk).",
    "",
]
