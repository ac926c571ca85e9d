"""The catalogue app's rows of the access-policy table (merged into policy.table.GRANTS)."""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {}
NOTES: list[str] = []
