"""The accounts app's row of the access-policy table: who manages accounts (no case content)."""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, GrantTable, Resource, Scope

GRANTS: GrantTable = {
    Role.SYSTEM_ADMIN: {(Resource.ACCOUNTS, Action.CHANGE): (Scope.ALL,)},
}
NOTES: list[str] = []
