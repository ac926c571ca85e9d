"""The access policy as a table: which role may do what, on which scope.

This table is the single source for `docs/access-policy.md` (`weerstand policy-table`), and a
test fails when the document and the code drift. On top of every scope below, the engine always
applies: clearance >= classification and membership of any restricting compartment (crown
witness, shielded investigation); see `policy.engine` for the full list.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    # That a person is covered by the witness protection programme, and by which (never the
    # new identity or location: those stay with the programme)
    PROGRAMME_COVER = "programme_cover"
    LIMITATIVE_ENTRY = "limitative_entry"
    LOCAL_HANDOVER = "local_handover"  # a case handed to a mayor or chief prosecutor
    CASE_AUDIT = "case_audit"  # who looked at a case and when
    AGGREGATES = "aggregates"
    ACCOUNTS = "accounts"  # user and configuration management
    ACCESS_CHANGE = "access_change"  # four-eyes requests to grant access or reset credentials
    JOB_HEALTH = "job_health"  # the scheduled jobs' runs: names, times, counts (no case data)
    BREAK_GLASS = "break_glass"
    COMPARTMENT = "compartment"  # restricting compartments: crown-witness, shielded investigation
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
    # The protected person at the centre (issue 15)
    CONTACT_PERSON = "contact_person"  # the fixed contact person of a case and the deputy
    COMMUNICATION = "communication"  # what was told to the protectee, relatives or employer
    RESILIENCE_CONVERSATION = "resilience_conversation"  # three phases, notes, follow-ups
    BUDDY_MATCH = "buddy_match"  # a former protectee matched with consent of both
    MODULE = "module"  # digital resilience modules (content as data, versioned)
    MODULE_ASSIGNMENT = "module_assignment"  # a module assigned to a person, with progress
    EXPERIENCE_QUESTIONNAIRE = "experience_questionnaire"  # how the person experienced it
    EMPLOYER_MEASURE = "employer_measure"  # what the employer is expected to do, followed up
    # Crown-witness trajectories and consultation with prosecution (issue 16)
    TRAJECTORY = "trajectory"  # a crown-witness trajectory, its circle of persons, its dates
    CONSULTATION = "consultation"  # protection and prosecution consult on a case
    TRAJECTORY_WEIGHING = "trajectory_weighing"  # the OM's integrated weighing, contributions
    TRAJECTORY_REVIEW = "trajectory_review"  # the independent review of weighing and agreement
    # A trajectory's title, status, date and the shape of its circle (relation, coverage),
    # without its description or any person's identity: what an independent reviewer needs.
    TRAJECTORY_OUTLINE = "trajectory_outline"
    # Hit/no-hit between shielded investigations and protection cases (issue 17)
    SHIELDED_INVESTIGATION = "shielded_investigation"  # its title and compartment
    SELECTOR = "selector"  # an investigation's selectors (label and kind; the value is never kept)
    CASE_SELECTOR = "case_selector"  # a protection case's selectors (label and kind)
    HIT = "hit"  # an investigation selector equal to a case selector, for the coordinator
    SHARING_DECISION = "sharing_decision"  # the coordinator's decision to share a hit, or not
    # Retention, legal holds, destruction and access requests (issue 18)
    RETENTION_RULE = "retention_rule"  # how long an object type under a legal basis is kept
    LEGAL_HOLD = "legal_hold"  # an inquiry, objection, litigation or inspection holds a case/object
    DESTRUCTION_REPORT = "destruction_report"  # signed report of a retention run (references only)
    ACCESS_REQUEST = "access_request"  # a person's request to see what is recorded about them
    # The learning system (issue 18): evaluations and post-incident reviews with their
    # contributions, actions and lessons (case content)
    EVALUATION = "evaluation"  # when protection ends or changes materially
    INCIDENT_REVIEW = "incident_review"  # after every incident signal
    # The NCTV's quality monitor (issue 18): national indicators per period, counts only; its
    # drill-down lists cases only through the case policy (`visible_to`)
    QUALITY_MONITOR = "quality_monitor"
    # Oversight and advice (issue 18)
    INSPECTION_EXPORT = "inspection_export"  # a signed package of one case for the inspectorate
    ADVICE = "advice"  # the advisory body's advice and themes, and the NCTV's responses


class Action(StrEnum):
    VIEW = "view"
    CHANGE = "change"
    CREATE = "create"
    USE = "use"


GrantTable = dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]]

# The kernel's own row of the table: who may break the glass. Every other grant belongs to the
# domain app that owns the resource (`<app>/grants.py`), contributed through its AppConfig
# (`core.extensions`) and merged here once the app registry is ready (`register_grants`).
_BREAK_GLASS_ROLES = (
    Role.ANALYST,
    Role.SENIOR_ANALYST,
    Role.DECISION_MAKER,
    Role.LCC_COORDINATOR,
    Role.POLICE_LIAISON,
    Role.KMAR_LIAISON,
)
GRANTS: GrantTable = {role: {} for role in Role}
for _role in _BREAK_GLASS_ROLES:
    GRANTS[_role][(Resource.BREAK_GLASS, Action.USE)] = (Scope.ALL,)
# Restricting compartments: members see theirs (`team` = the compartments one is in); the
# owning sides open them and propose or approve membership changes (`policy.compartments`
# says which side owns which kind, and asks for a second person of that side).
_COMPARTMENT_MEMBERS = (
    Role.ANALYST,
    Role.SENIOR_ANALYST,
    Role.DECISION_MAKER,
    Role.LCC_COORDINATOR,
    Role.POLICE_LIAISON,
    Role.KMAR_LIAISON,
    Role.INTELLIGENCE_LIAISON,
    Role.UNIT_PLANNER,
    Role.OM_OFFICER,
    Role.INFORMATION_COORDINATOR,
    Role.RESILIENCE_EXPERT,
    Role.INSPECTOR,
)
for _role in _COMPARTMENT_MEMBERS:
    GRANTS[_role][(Resource.COMPARTMENT, Action.VIEW)] = (Scope.TEAM,)
for _role in (Role.OM_OFFICER, Role.INFORMATION_COORDINATOR):
    GRANTS[_role][(Resource.COMPARTMENT, Action.CREATE)] = (Scope.ALL,)
    GRANTS[_role][(Resource.COMPARTMENT, Action.CHANGE)] = (Scope.TEAM,)
APP_NOTES: list[str] = []
_SOURCES: set[str] = set()


def register_grants(source: str, grants: GrantTable, notes: Sequence[str] = ()) -> None:
    """Merge one app's grants. A role granted the same (resource, action) twice is a
    programming error, not a silent override; registering the same source again is a no-op."""
    if source in _SOURCES:
        return
    for role, rows in grants.items():
        mine = GRANTS.setdefault(Role(role), {})
        clash = set(mine) & set(rows)
        if clash:
            raise RuntimeError(f"{source} grants {role} {sorted(clash)} a second time")
    for role, rows in grants.items():
        GRANTS[Role(role)].update(rows)
    APP_NOTES.extend(notes)
    _SOURCES.add(source)


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
    """The table as Markdown for docs/access-policy.md (with the apps' own sections)."""
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
        "- **Contact fields and programme cover** (`person_contact`, `programme_cover`) need",
        "  their own grant on a case the person is in; the programme cover (only *that* a person",
        "  is covered by the witness protection programme and by which, never the new identity",
        "  or location) only through a visible crown-witness case.",
        "- **Break-glass** (an active, unexpired grant, roles with `break_glass:use`) adds *view*",
        "  of that one case and its persons. Never change, never contact fields or programme",
        "  cover, and never past clearance or a restricting compartment. The grant and its",
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
    from weerstand.core.extensions import contributions

    for _app, contributed in contributions():
        for section in contributed.policy_doc:
            lines += ["", *section()]
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
