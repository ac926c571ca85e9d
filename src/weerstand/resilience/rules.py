"""Row rules and action checks of the resilience app.

Row rules (registered through `ResilienceConfig.contribute`):

- `resilience_conversation`: the staff scopes of the grant through the case
  (`engine.reach_q`: team, or all for inspectors; clearance and restricting compartments
  always), and scope `self`: the portal user's own conversations (`person` is the account's
  registry person), once planned; never a conversation about someone else.
- `resilience_notes` and `resilience_follow_up`: the staff scopes only. No portal user ever
  reaches them, not even about their own conversation.
- `buddy_match`: the staff scopes through the protectee's case, and `self`: matches where the
  account's person is the protectee or the buddy. What the buddy is *shown* of a match is
  `BuddyMatch.shared_with_buddy` (views and API ask `side_of`).

Action checks below are asked by the services first (which refuse) and by pages and the API
only to decide what to offer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.table import Action, Resource, Scope, scopes_for

RC = Resource.RESILIENCE_CONVERSATION
BM = Resource.BUDDY_MATCH
EXPERT_FUNCTION = "resilience_expert"


def own_person_ids(p: engine.Principal) -> QuerySet:
    """The registry person of the portal account, as a subquery (empty for staff)."""
    from weerstand.accounts.models import User

    return User.objects.filter(pk=p.pk, person__isnull=False, is_active=True).values("person_id")


def _staff(scopes: frozenset[Scope]) -> frozenset[Scope]:
    return frozenset(scopes - {Scope.SELF})


def _staff_q(p: engine.Principal, resource: Resource, action: Action, prefix: str) -> Q:
    scopes = scopes_for(p.roles, resource, action)
    if not _staff(scopes):
        return NOTHING
    return engine.reach_q(p, resource, action, prefix)


def conversation_q(user: Any, action: str = Action.VIEW) -> Q:
    from weerstand.resilience.models import ConversationStatus

    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    q = _staff_q(p, RC, action, "case__")
    if action == Action.VIEW and Scope.SELF in scopes_for(p.roles, RC, action):
        q |= Q(person__in=own_person_ids(p)) & ~Q(status=ConversationStatus.TO_PLAN)
    return q


def notes_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    return _staff_q(p, RC, action, "conversation__case__")


def follow_up_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    return _staff_q(p, RC, action, "case__")


def buddy_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    q = _staff_q(p, BM, action, "case__")
    if Scope.SELF in scopes_for(p.roles, BM, action):
        own = own_person_ids(p)
        q |= Q(protectee__in=own) | Q(buddy__in=own)
    return q


def volunteer_q(user: Any, action: str = Action.VIEW) -> Q:
    """Available buddies: seen by whoever may propose a match (resilience experts)."""
    p = engine.principal(user)
    if Action(action) != Action.VIEW or not scopes_for(p.roles, BM, Action.CREATE):
        return NOTHING
    return Q(active=True)


RULES = (
    RowRule("resilience_conversation", conversation_q, ("resilience.resilienceconversation",)),
    RowRule("resilience_notes", notes_q, ("resilience.conversationnotes",)),
    RowRule("resilience_follow_up", follow_up_q, ("resilience.followup",)),
    RowRule("buddy_match", buddy_q, ("resilience.buddymatch",)),
    RowRule("buddy_volunteer", volunteer_q, ("resilience.buddyvolunteer",)),
)


# --- action checks ---------------------------------------------------------------------------


def is_staff_reader(user: Any, resource: Resource = RC) -> bool:
    """Reads conversations (or matches) as case team or inspector, not as the person."""
    return bool(_staff(scopes_for(user.role_codes, resource, Action.VIEW)))


def is_case_expert(user: Any, case: Any) -> bool:
    """The resilience expert of this case: the role, the team function, and the grant's reach."""
    from weerstand.policy.models import CompartmentMembership

    if not user.has_role(Role.RESILIENCE_EXPERT):
        return False
    member = CompartmentMembership.objects.filter(
        compartment=case.team_id, user=user.pk, function=EXPERT_FUNCTION
    ).exists()
    return member and engine.reaches(user, case, RC, Action.CREATE)


def plan_refusal(user: Any, case: Any) -> str | None:
    """Why `user` may not plan conversations (or propose a buddy) in this case; None if so."""
    if not is_case_expert(user, case):
        return "Alleen de expert weerbaarheid van het casusteam plant weerbaarheidsgesprekken."
    return None


def may_plan(user: Any, case: Any) -> bool:
    return plan_refusal(user, case) is None


def may_change_conversation(user: Any, conversation: Any) -> bool:
    return engine.can(user, RC, Action.CHANGE, conversation) and is_case_expert(
        user, conversation.case
    )


def may_complete_follow_up(user: Any, follow_up: Any) -> bool:
    """The owner of the follow-up, or the case's resilience expert."""
    return follow_up.owner_id == user.pk or is_case_expert(user, follow_up.case)


def may_propose_buddy(user: Any, case: Any) -> bool:
    return is_case_expert(user, case) and engine.reaches(user, case, BM, Action.CREATE)


def side_of(user: Any, match: Any) -> str | None:
    """'protectee' or 'buddy' for the portal user in this match; None for staff/others."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    if match.protectee_id == person_id:
        return "protectee"
    if match.buddy_id == person_id:
        return "buddy"
    return None


def buddy_refusal(buddy: Any, protectee_id: int) -> str | None:
    """Why this person cannot be a buddy; None when they can. A buddy is a former
    protectee: protectee of an ended case, of no running case, with an active portal
    account of their own (to give consent), and not the protectee themselves."""
    from weerstand.accounts.models import User
    from weerstand.cases.models import Case

    if buddy.pk == protectee_id:
        return "Een buddy is iemand anders dan de beschermde persoon zelf."
    cases = Case.objects.filter(protectee=buddy.pk)
    if not cases.filter(state="ended").exists() or cases.exclude(state="ended").exists():
        return "Een buddy is iemand van wie de eigen beveiliging is beëindigd."
    if not User.objects.filter(person=buddy.pk, is_active=True).exists():
        return "De buddy heeft geen eigen portaalaccount om toestemming te geven."
    return None
