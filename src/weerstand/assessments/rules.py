"""The assessments app's rules: which versions a user sees (the row rule of `assessment`,
contributed through AssessmentsConfig), and who may do what with a threat picture (action
checks). The services ask the action checks before every change; pages and the API ask the
same functions only to decide what to offer, never instead of the service: only analysts of
the case team write, the challenger never edits the version he challenged, the author never
challenges or senior-checks his own version.

An assessment is reachable through its case: the case must be visible to the user (clearance,
restricting compartments such as a crown-witness trajectory, team or other scope) AND within
the scope the table grants for assessments. On top of that the assessment's own
classification must be within clearance (it can be higher than the case's when it cites a
higher-classified product), and roles that do not write assessments see only finalised and
superseded versions: a draft is the analysts' work in progress, not a basis for a decision.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.assessments.models import (
    EDITABLE_STATUSES,
    FINAL_STATUSES,
    Assessment,
    AssessmentStatus,
    Challenge,
)
from weerstand.cases.models import Case
from weerstand.core.errors import NotPermitted
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.models import CompartmentMembership
from weerstand.policy.table import Action, Resource, scopes_for

NOTHING = Q(pk__in=[])
FINAL = ("finalised", "superseded")
# Roles that see work in progress: the writers, and oversight (every inspector read is audited).
SEES_DRAFTS = frozenset({Role.ANALYST, Role.SENIOR_ANALYST, Role.INSPECTOR})


def assessment_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return NOTHING
    if not scopes_for(p.roles, Resource.ASSESSMENT, action):
        return NOTHING
    # reach_q: the case is visible and within the assessment grant's scope (no break-glass:
    # break-glass is for reaching a person in an emergency, not for reading the analysis).
    q = engine.reach_q(p, Resource.ASSESSMENT, action, "case__")
    q &= Q(classification__lte=p.clearance)
    if not (p.roles & {r.value for r in SEES_DRAFTS}):
        q &= Q(status__in=FINAL)
    return q


def sees_drafts(user: Any) -> bool:
    return bool(set(user.role_codes) & {r.value for r in SEES_DRAFTS})


RULES = (RowRule("assessment", assessment_q, ("assessments.assessment",)),)


# --------------------------------------------------------------------------- action checks

WRITER_ROLES = (Role.ANALYST, Role.SENIOR_ANALYST)
DRAFTABLE_CASE_STATES = ("assessment", "decision", "protection_active", "recalibration")


def challenger_id(a: Any) -> int | None:
    """Who challenged this version (None while nobody has): they never edit it themselves."""
    return Challenge.objects.filter(assessment=a.pk).values_list("challenger_id", flat=True).first()


def is_team_member(user: Any, case: Case) -> bool:
    return CompartmentMembership.objects.filter(compartment=case.team_id, user=user.pk).exists()


def may_write_assessments(user: Any) -> bool:
    """An analyst or senior analyst: the people who draft and recalibrate pictures at all
    (of the cases whose team they are in), and who work with the method templates."""
    return user.has_role(*WRITER_ROLES) and engine.can(user, Resource.ASSESSMENT, Action.CREATE)


def is_writer(user: Any, case: Case) -> bool:
    """An analyst (or senior) of the case team: the only people who write assessments."""
    return may_write_assessments(user) and is_team_member(user, case)


def may_start_version(user: Any, case: Case) -> bool:
    """Whether to offer a new version: a writer of the team, a case state that takes a
    picture, and no open version among those the user sees (`start_version` decides again,
    over every version)."""
    return (
        is_writer(user, case)
        and case.state in DRAFTABLE_CASE_STATES
        and not Assessment.objects.visible_to(user, Action.VIEW)
        .filter(case=case.pk)
        .exclude(status__in=FINAL_STATUSES)
        .exists()
    )


def may_edit_methods(user: Any) -> bool:
    """Senior analysts own the method: only they write a new template version."""
    return bool(user.has_role(Role.SENIOR_ANALYST))


def can_edit(user: Any, a: Assessment) -> bool:
    return (
        a.status in EDITABLE_STATUSES
        and is_writer(user, a.case)
        and user.pk != challenger_id(a)
        and engine.can(user, Resource.ASSESSMENT, Action.CHANGE, a)
    )


def allowed_actions(user: Any, a: Assessment) -> set[str]:
    """Which workflow steps the UI may offer this user now (the services decide again)."""
    out: set[str] = set()
    if not is_writer(user, a.case) or not engine.can(user, Resource.ASSESSMENT, Action.CHANGE, a):
        return out
    author = user.pk == a.author_id
    challenge = Challenge.objects.filter(assessment=a.pk).first()
    if can_edit(user, a):
        out.add("edit")
    if a.status == AssessmentStatus.DRAFT and user.pk != (challenge and challenge.challenger_id):
        out.add("submit")
    if a.status == AssessmentStatus.CHALLENGE and not author and challenge is None:
        out.add("challenge")
    if a.status == AssessmentStatus.CHALLENGE and author and challenge is not None:
        out.add("answer")
    if a.status == AssessmentStatus.ANSWERED and author:
        out.add("request_senior_check")
    if (
        a.status == AssessmentStatus.SENIOR_CHECK
        and not author
        and user.has_role(Role.SENIOR_ANALYST)
        and a.senior_checked_by_id is None
    ):
        out.add("senior_check")
    if author and (
        a.status == AssessmentStatus.ANSWERED
        or (a.status == AssessmentStatus.SENIOR_CHECK and a.senior_checked_by_id)
    ):
        out.add("finalise")
    return out


def require_writer(actor: Any, a: Assessment) -> None:
    if not is_writer(actor, a.case) or not engine.can(actor, Resource.ASSESSMENT, Action.CHANGE, a):
        raise NotPermitted("Alleen analisten van het casusteam werken aan een dreigingsbeeld.")


# --- what the threat picture puts under the case ---------------------------------------------


def classification_floor(case: Any) -> int | None:
    """The highest classification of any version of the case's picture: the case is never
    classified below what its picture says (`cases.selectors.classification_floor`).

    A system read, unscoped on purpose: only the level leaves this function, never a row.
    """
    from django.db.models import Max

    case_pk = getattr(case, "pk", case)
    found = Assessment.objects.filter(case=case_pk).aggregate(top=Max("classification"))["top"]
    return None if found is None else int(found)
