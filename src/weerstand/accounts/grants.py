"""The accounts app's row of the access-policy table: who manages accounts (no case content),
and who sees and decides the four-eyes requests that widen access (`accounts.access_changes`).
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

AC = Resource.ACCESS_CHANGE
GRANTS: GrantTable = {
    Role.SYSTEM_ADMIN: {
        (Resource.ACCOUNTS, Action.CHANGE): (Scope.ALL,),
        # Whether the scheduled jobs run (escalations, decisions in force, checkpoints).
        (Resource.JOB_HEALTH, Action.VIEW): (Scope.ALL,),
        (AC, Action.VIEW): (Scope.ALL,),
        (AC, Action.CREATE): (Scope.ALL,),
        (AC, Action.CHANGE): (Scope.ALL,),
    },
    # The second person for the accounts of their own organisation; sees no case content.
    Role.SECURITY_OFFICER: {
        (AC, Action.VIEW): (Scope.ORGANISATION,),
        (AC, Action.CHANGE): (Scope.ORGANISATION,),
    },
    # Oversight: every grant and credential reset, who asked and who approved.
    Role.INSPECTOR: {(AC, Action.VIEW): (Scope.ALL,)},
}
NOTES: list[str] = [
    "- **Access changes need four eyes.** Granting a role, raising a clearance, creating an",
    "  account with a role or clearance, and resetting a password or authenticator are",
    "  requests (`access_change`) that take effect only when a second person approves:",
    "  another system administrator, or a security officer of the account's organisation;",
    "  never the requester and never the account itself. Enrolment goes to the person by a",
    "  one-time link in their own mailbox. Inspectors see every request; security officers",
    "  those about their organisation's accounts (`organisation`).",
]
