"""An independent oracle of the access policy, for tests only.

It answers "may this user see that object?" in plain Python over facts loaded from the
database, reading only the GRANTS table and the documented rules (docs/access-policy.md). It
deliberately shares no code with `policy.engine`: when the two disagree, one of them is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from weerstand.policy.table import GRANTS

INTAKE = ("referral", "triage")
RESTRICTING = ("crown_witness", "shielded_investigation")


def grants(roles: frozenset[str], resource: str, action: str) -> set[str]:
    """Union of the scopes (as strings) the roles' table rows give for (resource, action)."""
    out: set[str] = set()
    for role, rows in GRANTS.items():
        if role.value in roles:
            for (res, act), scopes in rows.items():
                if res.value == resource and act.value == action:
                    out.update(s.value for s in scopes)
    return out


@dataclass
class U:
    pk: int
    roles: frozenset[str]
    clearance: int
    org: int | None
    active: bool = True
    member_of: set[int] = field(default_factory=set)
    owner_of: set[int] = field(default_factory=set)
    break_glass: set[int] = field(default_factory=set)  # case ids with an active grant


@dataclass
class C:
    pk: int
    classification: int
    state: str
    team: int
    restricted: int | None
    restricted_kind: str | None


@dataclass
class P:
    pk: int
    classification: int
    cases: set[int]
    employer: int | None


@dataclass
class L:
    pk: int
    owner: int
    classification: int


@dataclass
class Comp:
    pk: int
    kind: str


@dataclass
class BG:
    pk: int
    user: int
    case: int


class Oracle:
    """Facts snapshot + the rules. Build it after the world is set up; it does not refresh."""

    def __init__(self, now: datetime | None = None) -> None:
        from weerstand.accounts.models import RoleAssignment, User
        from weerstand.cases.models import Case, CasePerson
        from weerstand.policy.models import BreakGlassGrant, Compartment, CompartmentMembership
        from weerstand.registry.models import LimitativeEntry, Person

        now = now or timezone.now()
        comps = {
            c["pk"]: Comp(c["pk"], c["kind"])
            for c in Compartment._base_manager.values("pk", "kind")
        }
        self.compartments = comps
        self.users: dict[int, U] = {
            u["pk"]: U(u["pk"], frozenset(), u["clearance"], u["organisation_id"], u["is_active"])
            for u in User._base_manager.values("pk", "clearance", "organisation_id", "is_active")
        }
        roles: dict[int, set[str]] = {}
        for ra in RoleAssignment._base_manager.values("user_id", "role"):
            roles.setdefault(ra["user_id"], set()).add(ra["role"])
        for pk, u in self.users.items():
            u.roles = frozenset(roles.get(pk, ()))
        for m in CompartmentMembership._base_manager.values(
            "user_id", "compartment_id", "function"
        ):
            u = self.users[m["user_id"]]
            u.member_of.add(m["compartment_id"])
            if m["function"] == "owner":
                u.owner_of.add(m["compartment_id"])
        self.grants_bg: dict[int, BG] = {}
        for g in BreakGlassGrant._base_manager.values(
            "pk", "user_id", "case_id", "granted_at", "expires_at"
        ):
            self.grants_bg[g["pk"]] = BG(g["pk"], g["user_id"], g["case_id"])
            if g["granted_at"] <= now < g["expires_at"]:
                self.users[g["user_id"]].break_glass.add(g["case_id"])
        self.cases: dict[int, C] = {}
        for c in Case._base_manager.values(
            "pk", "classification", "state", "team_id", "restricted_compartment_id"
        ):
            r = c["restricted_compartment_id"]
            self.cases[c["pk"]] = C(
                c["pk"],
                c["classification"],
                c["state"],
                c["team_id"],
                r,
                comps[r].kind if r else None,
            )
        self.persons: dict[int, P] = {
            p["pk"]: P(p["pk"], p["classification"], set(), p["employer_id"])
            for p in Person._base_manager.values("pk", "classification", "employer_id")
        }
        self.case_persons: dict[int, tuple[int, int]] = {}
        for cp in CasePerson._base_manager.values("pk", "case_id", "person_id"):
            self.persons[cp["person_id"]].cases.add(cp["case_id"])
            self.case_persons[cp["pk"]] = (cp["case_id"], cp["person_id"])
        self.limitative_entries = {
            e["pk"]: L(e["pk"], e["owner_id"], e["classification"])
            for e in LimitativeEntry._base_manager.values("pk", "owner_id", "classification")
        }

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _reach(u: U, c: C, scopes: set[str]) -> bool:
        return (
            "all" in scopes
            or ("team" in scopes and c.team in u.member_of)
            or ("intake" in scopes and c.state in INTAKE)
            or ("owner" in scopes and c.team in u.owner_of)
        )

    @staticmethod
    def _always(u: U, c: C) -> bool:
        """Clearance and restricting compartment: binding for every role."""
        return c.classification <= u.clearance and (
            c.restricted is None or c.restricted in u.member_of
        )

    def _bg(self, u: U, c: C) -> bool:
        return c.pk in u.break_glass and bool(grants(u.roles, "break_glass", "use"))

    # --- the rules -------------------------------------------------------------------------

    def case(self, u: U, c: C, action: str = "view") -> bool:
        if not u.active or action not in ("view", "change"):
            return False
        ok = self._reach(u, c, grants(u.roles, "case", action))
        if action == "view" and self._bg(u, c):
            ok = True
        return ok and self._always(u, c)

    def person(self, u: U, p: P, action: str = "view") -> bool:
        scopes = grants(u.roles, "person", action)
        if not u.active or not scopes or p.classification > u.clearance:
            return False
        for cid in p.cases:
            c = self.cases[cid]
            reach = self._reach(u, c, scopes) or (action == "view" and self._bg(u, c))
            if reach and self.case(u, c, "view"):
                return True
        return False

    def case_person(self, u: U, cp_pk: int, action: str = "view") -> bool:
        """A relation needs both ends; changing it needs change on both ends."""
        cid, pid = self.case_persons[cp_pk]
        return self.case(u, self.cases[cid], action) and self.person(u, self.persons[pid], action)

    def _field(
        self, u: U, p: P, resource: str, kind: str | None = None, action: str = "view"
    ) -> bool:
        scopes = grants(u.roles, resource, action)
        if not scopes or not self.person(u, p):
            return False
        return any(
            self.case(u, self.cases[cid])
            and self._reach(u, self.cases[cid], scopes)
            and (kind is None or self.cases[cid].restricted_kind == kind)
            for cid in p.cases
        )

    def contact(self, u: U, p: P) -> bool:
        return self._field(u, p, "person_contact")

    def programme_cover(self, u: U, p: P, action: str = "view") -> bool:
        """That (and by which programme) the person is covered by witness protection: only
        through a visible crown-witness case the `programme_cover` grant reaches."""
        return self._field(u, p, "programme_cover", "crown_witness", action)

    def employer(self, u: U, employer_pk: int) -> bool:
        return any(self.person(u, p) for p in self.persons.values() if p.employer == employer_pk)

    def limitative(self, u: U, e: L) -> bool:
        scopes = grants(u.roles, "limitative_entry", "view")
        if not u.active or e.classification > u.clearance:
            return False
        return "all" in scopes or ("organisation" in scopes and u.org == e.owner)

    def case_audit(self, u: U, c: C) -> bool:
        return self.case(u, c) and self._reach(u, c, grants(u.roles, "case_audit", "view"))

    def compartment(self, u: U, comp_pk: int) -> bool:
        if not u.active:
            return False
        if comp_pk in u.member_of:
            return True
        if self.compartments[comp_pk].kind != "case_team":
            return False
        return any(c.team == comp_pk and self.case(u, c) for c in self.cases.values())

    def break_glass_grant(self, u: U, g: BG) -> bool:
        return u.active and (g.user == u.pk or self.case_audit(u, self.cases[g.case]))

    # --- sets, for comparing with querysets ------------------------------------------------

    def visible(self, u: U, kind: str, action: str = "view") -> set[int]:
        if kind == "case":
            return {c.pk for c in self.cases.values() if self.case(u, c, action)}
        if kind == "person":
            return {p.pk for p in self.persons.values() if self.person(u, p, action)}
        if kind == "case_person":
            return {pk for pk in self.case_persons if self.case_person(u, pk, action)}
        if kind == "limitative_entry":
            return {
                e.pk
                for e in self.limitative_entries.values()
                if action == "view" and self.limitative(u, e)
            }
        if kind == "employer":
            emps = {p.employer for p in self.persons.values() if p.employer}
            return {e for e in emps if self._employer_action(u, e, action)}
        raise KeyError(kind)

    def _employer_action(self, u: U, employer_pk: int, action: str) -> bool:
        return any(
            self.person(u, p, action) for p in self.persons.values() if p.employer == employer_pk
        )


def user_facts(oracle: Oracle, user: Any) -> U:
    return oracle.users[user.pk]
