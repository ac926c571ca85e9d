"""The access policy as a table: which role may do what, on which scope.

This table is the single source for `docs/access-policy.md` (`weerstand policy-table`), and a
test fails when the document and the code drift. On top of every scope below, the engine always
applies: clearance >= classification and membership of any restricting compartment (crown
witness, shielded investigation); see `policy.engine` for the full list.
"""

from __future__ import annotations

from enum import StrEnum

from weerstand.accounts.roles import Role


class Scope(StrEnum):
    """How far a grant reaches. Anything not granted is denied."""

    ALL = "all"  # every object within clearance and compartments
    TEAM = "team"  # objects of cases whose team the user is a member of
    INTAKE = "intake"  # cases still in referral or triage (the analysts' intake queue)
    OWNER = "owner"  # cases the user owns (team function 'owner')
    ORGANISATION = "organisation"  # objects owned by the user's own organisation
    AGGREGATE = "aggregate"  # counts only, never rows
    SELF = "self"  # rows about the portal user's own person (protectee, relative, employer)


class Resource(StrEnum):
    CASE = "case"
    PERSON = "person"
    PERSON_CONTACT = "person_contact"  # home address, phone numbers (encrypted fields)
    PROTECTED_IDENTITY = "protected_identity"  # witness-protection identity
    LIMITATIVE_ENTRY = "limitative_entry"
    CASE_AUDIT = "case_audit"  # who looked at a case and when
    AGGREGATES = "aggregates"
    ACCOUNTS = "accounts"  # user and configuration management
    BREAK_GLASS = "break_glass"
    # Information intake (issue: threat information and soft signals)
    THREAT_PRODUCT = "threat_product"  # partner products, their versions and attachments
    SIGNAL = "signal"  # soft information, graded, in the analysts' triage queue
    GAP = "gap"  # what we do not know that matters, per case
    RFI = "rfi"  # request for information to a partner
    ENTITY = "entity"  # phone numbers, vehicles, addresses, organisations linked to information
    # The integrated threat picture
    ASSESSMENT = "assessment"
    # The authority's decision and its execution
    CATALOGUE = "catalogue"  # phenomena, measures, packages (configuration)
    DECISION = "decision"
    SECURITY_ASSIGNMENT = "security_assignment"
    LOCAL_NOTIFICATION = "local_notification"
    DECISION_LETTER = "decision_letter"  # the letter to the person (shareable content only)
    OBJECTION = "objection"
    RIGHTS_FRAMEWORK = "rights_framework"
    # Capacity and the operational picture
    CAPACITY = "capacity"  # units, officers, availability
    CAPACITY_PLAN = "capacity_plan"


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    CREATE = "create"
    USE = "use"


A, T, INT, OWN, G, AGG = (
    Scope.ALL,
    Scope.TEAM,
    Scope.INTAKE,
    Scope.OWNER,
    Scope.ORGANISATION,
    Scope.AGGREGATE,
)
R = Resource
V, C, N, U = Action.VIEW, Action.CHANGE, Action.CREATE, Action.USE

_OPERATIONAL_READ = {
    (R.CASE, V): (T,),
    (R.PERSON, V): (T,),
}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.ANALYST: {
        (R.CASE, V): (T, INT),
        (R.CASE, C): (T,),
        (R.CASE, N): (A,),
        (R.PERSON, V): (T, INT),
        (R.PERSON, C): (T,),
        (R.PERSON_CONTACT, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (A,),
        (R.CASE_AUDIT, V): (OWN,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.SENIOR_ANALYST: {
        (R.CASE, V): (T, INT),
        (R.CASE, C): (T,),
        (R.CASE, N): (A,),
        (R.PERSON, V): (T, INT),
        (R.PERSON, C): (T,),
        (R.PERSON_CONTACT, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (A,),
        (R.CASE_AUDIT, V): (OWN,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.DECISION_MAKER: {
        (R.CASE, V): (T,),
        (R.PERSON, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (A,),
        (R.CASE_AUDIT, V): (OWN,),
        (R.AGGREGATES, V): (AGG,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.LCC_COORDINATOR: {
        **_OPERATIONAL_READ,
        (R.CASE, N): (A,),
        (R.PERSON_CONTACT, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (A,),
        (R.AGGREGATES, V): (AGG,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.POLICE_LIAISON: {
        **_OPERATIONAL_READ,
        (R.CASE, N): (A,),
        (R.PERSON_CONTACT, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (G,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.KMAR_LIAISON: {
        **_OPERATIONAL_READ,
        (R.CASE, N): (A,),
        (R.PERSON_CONTACT, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (G,),
        (R.BREAK_GLASS, U): (A,),
    },
    Role.UNIT_PLANNER: {
        **_OPERATIONAL_READ,
        (R.PERSON_CONTACT, V): (T,),
    },
    Role.INTELLIGENCE_LIAISON: {
        (R.CASE, V): (T,),
        (R.CASE, N): (A,),
    },
    Role.OM_OFFICER: {
        (R.CASE, V): (T,),
        (R.CASE, N): (A,),
        (R.PERSON, V): (T,),
        (R.PROTECTED_IDENTITY, V): (T,),
        (R.LIMITATIVE_ENTRY, V): (G,),
    },
    Role.MAYOR: {
        (R.CASE, N): (A,),
        (R.LIMITATIVE_ENTRY, V): (G,),
    },
    Role.INFORMATION_COORDINATOR: {
        (R.CASE, V): (T,),
        (R.CASE, N): (A,),
    },
    Role.RESILIENCE_EXPERT: {
        (R.CASE, V): (T,),
        (R.PERSON, V): (T,),
    },
    Role.PROTECTEE: {},
    Role.RELATIVE: {},
    Role.EMPLOYER: {},
    Role.INSPECTOR: {
        (R.CASE, V): (A,),
        (R.PERSON, V): (A,),
        (R.PERSON_CONTACT, V): (A,),
        (R.LIMITATIVE_ENTRY, V): (A,),
        (R.CASE_AUDIT, V): (A,),
        (R.AGGREGATES, V): (AGG,),
    },
    Role.ADVISORY_BODY: {
        (R.AGGREGATES, V): (AGG,),
    },
    Role.SYSTEM_ADMIN: {
        (R.ACCOUNTS, C): (A,),
    },
}

# Each domain app keeps its own grants in `weerstand.<app>.grants` (a GRANTS dict of the same
# shape, and NOTES: lines for the document). They are merged here, once, at import; a role
# granted the same (resource, action) twice is a programming error, not a silent override.
APP_GRANT_MODULES = (
    "weerstand.information.grants",
    "weerstand.signals.grants",
    "weerstand.gaps.grants",
    "weerstand.assessments.grants",
    "weerstand.catalogue.grants",
    "weerstand.decisions.grants",
    "weerstand.rights.grants",
    "weerstand.capacity.grants",
)
APP_NOTES: list[str] = []


def _merge_app_grants() -> None:
    import importlib

    for name in APP_GRANT_MODULES:
        module = importlib.import_module(name)
        for role, grants in getattr(module, "GRANTS", {}).items():
            mine = GRANTS.setdefault(Role(role), {})
            clash = set(mine) & set(grants)
            if clash:
                raise RuntimeError(f"{name} grants {role} {sorted(clash)} a second time")
            mine.update(grants)
        APP_NOTES.extend(getattr(module, "NOTES", ()))


_merge_app_grants()

# Resources whose scopes include every object within clearance for these roles, but whose
# reads are always audited: the inspector's oversight reads.
ALWAYS_AUDITED_ROLES = frozenset({Role.INSPECTOR})


def scopes_for(roles: frozenset[str], resource: Resource, action: Action) -> frozenset[Scope]:
    """The union of scopes the user's roles grant for one resource and action."""
    out: set[Scope] = set()
    for role in roles:
        out.update(GRANTS.get(Role(role), {}).get((resource, action), ()))
    return frozenset(out)


def render_markdown() -> str:
    """The table as Markdown for docs/access-policy.md."""
    from weerstand.cases.state_machine import TRANSITIONS

    pairs = sorted(
        {key for grants in GRANTS.values() for key in grants}, key=lambda k: (k[0], k[1])
    )
    lines = [
        "# Access policy",
        "",
        "Generated from `src/weerstand/policy/table.py` by `weerstand policy-table`; a test fails",
        "when this file and the code differ. Do not edit by hand.",
        "",
        "Deny by default: an empty cell means no access. On top of every grant the engine",
        "always requires clearance >= the object's classification, membership of every",
        "restricting compartment (crown-witness trajectory, shielded investigation) the object",
        "is in. Objects a user may not see answer exactly like absent ones (404). Without an",
        "authenticated principal the engine raises an error; it never returns an unfiltered",
        "list. Django's superuser and staff flags grant nothing.",
        "",
        "Rules that hold for every role:",
        "",
        "- **Restricting compartments bind inspectors too.** Inspectors read everything within",
        "  their clearance, *except* cases in a restricting compartment (crown witness, shielded",
        "  investigation) they are not a member of, and the persons reachable only through such",
        "  cases. Oversight of a compartment is arranged by making the inspector a member, which",
        "  is itself visible to the compartment's members.",
        "- **Persons are reached through cases.** A person is visible when the person's",
        "  classification is within clearance and the person is in at least one case the user",
        "  may view within the person grant. Employers are visible through a visible employee.",
        "- **Relations need both ends.** A case-person or person-person relation is visible only",
        "  when both ends are visible; timeline entries are visible exactly when their case is.",
        "- **Contact fields and protected identities** (`person_contact`, `protected_identity`)",
        "  need their own grant on a case the person is in; the protected identity only through",
        "  a visible crown-witness case.",
        "- **Break-glass** (an active, unexpired grant, roles with `break_glass:use`) adds *view*",
        "  of that one case and its persons. Never change, never contact fields or protected",
        "  identities, and never past clearance or a restricting compartment. The grant and its",
        "  reason are visible to the user who used it and to those who may read the case's",
        "  audit trail (`case_audit`).",
        "- **Compartments**: the name and members of a restricting compartment are visible to its",
        "  members only; a case team to whoever may view the case.",
        "",
        "Scopes: `all` = every object within clearance; `team` = cases whose case team the user",
        "is in; `intake` = cases in referral or triage; `owner` = cases the user owns;",
        "`organisation` = objects owned by the user's organisation; `aggregate` = counts only",
        "(cells under the disclosure threshold suppressed).",
        "",
        *([*APP_NOTES, ""] if APP_NOTES else []),
        "## Resources",
        "",
        "| role | " + " | ".join(f"{r.value}:{a.value}" for r, a in pairs) + " |",
        "|---|" + "---|" * len(pairs),
    ]
    for role in Role:
        grants = GRANTS.get(role, {})
        cells = [",".join(s.value for s in grants.get(pair, ())) for pair in pairs]
        lines.append(f"| {role.value} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Case transitions",
        "",
        "Each transition also requires that the user can view the case (team or intake scope).",
        "",
        "| transition | from | to | roles | reason required |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSITIONS.values():
        lines.append(
            f"| {t.name} | {', '.join(s.value for s in t.sources)} | {t.target.value} | "
            f"{', '.join(r.value for r in t.roles)} | yes |"
        )
    lines += [
        "",
        "## Segregation of duties",
        "",
        "- System administrators manage accounts and configuration; they hold no case grants.",
        "- Inspectors read everything within clearance (restricting compartments only as a"
        " member), every read is audited, and they change nothing.",
        "- The advisory body sees aggregates only.",
        "- The analyst who writes an assessment cannot decide on it; the decision-maker cannot"
        " edit it (enforced in the assessment and decision services).",
        "- Break-glass access needs a reason, lasts at most 4 hours, alerts the case owner at once"
        " and is marked in the audit trail for review.",
        "",
    ]
    return "\n".join(lines)
