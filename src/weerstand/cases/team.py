"""The case team: who has need-to-know on a case, managed by its owner.

Membership of the team is what opens a case to a colleague (the team is the case's own
compartment in the access policy), so every change here goes through the owner, names a reason,
lands on the case's timeline, is audited in the same transaction, and tells the person
concerned. A removal takes effect at once: the policy reads memberships on every request.

Rules (their one home is `cases.rules`):
- only an owner of the case (who may change it) adds, removes or changes members;
- a member holds a function its roles allow (`rules.TEAM_FUNCTIONS`), within clearance, and
  inside the case's restricting compartment if it has one;
- a case is never left without an owner: the last owner can only hand over.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from weerstand.accounts.models import User
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.cases import rules
from weerstand.cases.models import Case, CaseEvent
from weerstand.core.errors import InvalidParam, NotPermitted, ValidationFailed, require_reason
from weerstand.core.locks import serialise
from weerstand.policy import engine
from weerstand.policy.models import Alert, CompartmentMembership, MemberFunction
from weerstand.policy.table import Action

MIN_REASON = 5


def _reason(reason: str) -> str:
    return require_reason(
        reason,
        minimum=MIN_REASON,
        message="Geef de reden van deze wijziging in het casusteam (minimaal 5 tekens).",
    )


def _managed_case(actor: Any, case_id: int) -> Case:
    """The case (404 when hidden), locked, if the actor may manage its team."""
    engine.require_principal(actor)
    case = engine.get_for(Case.objects.select_for_update(), actor, Action.VIEW, pk=case_id)
    if not rules.may_manage_team(actor, case):
        raise NotPermitted("Alleen de eigenaar van de casus beheert het casusteam.")
    serialise(f"case-team-{case.pk}")
    return case


def _membership(case: Case, membership_id: Any) -> CompartmentMembership:
    pk = _int_or_none(membership_id)
    found = (
        None
        if pk is None
        else CompartmentMembership.objects.select_related("user", "user__organisation")
        .filter(compartment=case.team_id, pk=pk)
        .first()
    )
    if found is None:
        raise ValidationFailed(
            "Dit teamlid bestaat niet (meer) in deze casus.",
            invalid_params=[InvalidParam("memberId", "does-not-exist", "Onbekend teamlid.")],
        )
    return found


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_function(user: Any, case: Case, function: str, field: str = "function") -> None:
    refusal = rules.team_refusal(user, case, function)
    if refusal is not None:
        raise ValidationFailed(
            refusal, invalid_params=[InvalidParam(field, "not-allowed", refusal)]
        )


def _owners(case: Case) -> QuerySet[CompartmentMembership]:
    return CompartmentMembership.objects.filter(
        compartment=case.team_id, function=MemberFunction.OWNER
    )


def _label(function: str) -> str:
    return str(dict(MemberFunction.choices).get(function, function))


def _record(actor: Any, case: Case, kind: str, text: str, reason: str, change: list[Any]) -> None:
    CaseEvent.objects.create(
        case=case, actor=actor, actor_name=actor.display_name, kind=kind, reason=f"{text}: {reason}"
    )
    audit.record(AuditAction.UPDATE, case, changes={"team": change}, reason=reason, actor=actor)


def _tell(user: Any, case: Case | None, message: str) -> None:
    Alert.objects.create(recipient=user, case=case, message=message)


def add_member(
    actor: Any, case_id: int, user_id: Any, *, function: str | None = None, reason: str
) -> CompartmentMembership:
    """Add a colleague to the case team with a function; they are told at once."""
    with transaction.atomic():
        case = _managed_case(actor, case_id)
        reason = _reason(reason)
        user_pk = _int_or_none(user_id)
        user = (
            None
            if user_pk is None
            else User.objects.filter(pk=user_pk).select_related("organisation").first()
        )
        if user is None:
            raise ValidationFailed(
                "Deze gebruiker bestaat niet.",
                invalid_params=[InvalidParam("user", "does-not-exist", "Onbekende gebruiker.")],
            )
        function = function or rules.default_function(user) or ""
        _check_function(user, case, function)
        if CompartmentMembership.objects.filter(compartment=case.team_id, user=user).exists():
            raise ValidationFailed(
                f"{user.display_name} is al lid van het casusteam.",
                invalid_params=[InvalidParam("user", "already-member", "Al lid.")],
            )
        membership = CompartmentMembership.objects.create(
            compartment=case.team, user=user, function=function, added_by=actor
        )
        _record(
            actor,
            case,
            "team_added",
            f"{user.display_name} ({user.organisation}) toegevoegd als {_label(function)}",
            reason,
            [None, f"+{user.username}:{function}"],
        )
        _tell(
            user,
            case,
            f"U bent toegevoegd aan het casusteam van {case.reference} als {_label(function)} "
            f"door {actor.display_name}.",
        )
    return membership


def remove_member(actor: Any, case_id: int, membership_id: Any, *, reason: str) -> None:
    """Withdraw need-to-know; it stops for every page, list, search and export at once."""
    with transaction.atomic():
        case = _managed_case(actor, case_id)
        reason = _reason(reason)
        membership = _membership(case, membership_id)
        if membership.function == MemberFunction.OWNER and _owners(case).count() == 1:
            raise ValidationFailed(
                "Een casus houdt altijd een eigenaar: draag het eigenaarschap eerst over.",
                invalid_params=[InvalidParam("memberId", "last-owner", "Laatste eigenaar.")],
            )
        user = membership.user
        membership.delete()
        _record(
            actor,
            case,
            "team_removed",
            f"{user.display_name} ({user.organisation}) uit het casusteam gehaald",
            reason,
            [f"{user.username}:{membership.function}", None],
        )
        # No link to the case: the person can no longer open it.
        _tell(
            user,
            None,
            f"U bent uit het casusteam van {case.reference} gehaald door {actor.display_name}.",
        )


def change_function(
    actor: Any, case_id: int, membership_id: Any, *, function: str, reason: str
) -> CompartmentMembership:
    """Give a member another function; the last owner cannot step down this way."""
    with transaction.atomic():
        case = _managed_case(actor, case_id)
        reason = _reason(reason)
        membership = _membership(case, membership_id)
        _check_function(membership.user, case, function)
        before = membership.function
        if before == function:
            return membership
        if before == MemberFunction.OWNER and _owners(case).count() == 1:
            raise ValidationFailed(
                "Een casus houdt altijd een eigenaar: draag het eigenaarschap over.",
                invalid_params=[InvalidParam("function", "last-owner", "Laatste eigenaar.")],
            )
        membership.function = function
        membership.save(update_fields=["function"])
        user = membership.user
        _record(
            actor,
            case,
            "team_function",
            f"{user.display_name}: {_label(before)} wordt {_label(function)}",
            reason,
            [f"{user.username}:{before}", f"{user.username}:{function}"],
        )
        _tell(
            user,
            case,
            f"Uw functie in het casusteam van {case.reference} is nu {_label(function)} "
            f"(door {actor.display_name}).",
        )
    return membership


def hand_over(actor: Any, case_id: int, membership_id: Any, *, reason: str) -> None:
    """Make another member the owner and step down to analyst, in one change."""
    with transaction.atomic():
        case = _managed_case(actor, case_id)
        reason = _reason(reason)
        target = _membership(case, membership_id)
        if target.user_id == actor.pk:
            raise ValidationFailed(
                "Kies een ander teamlid als nieuwe eigenaar.",
                invalid_params=[InvalidParam("memberId", "self", "Niet uzelf.")],
            )
        _check_function(target.user, case, MemberFunction.OWNER, field="memberId")
        mine = CompartmentMembership.objects.get(compartment=case.team_id, user=actor)
        stepping_down = (
            MemberFunction.ANALYST
            if rules.team_refusal(actor, case, MemberFunction.ANALYST) is None
            else MemberFunction.MEMBER
        )
        CompartmentMembership.objects.filter(pk=target.pk).update(function=MemberFunction.OWNER)
        CompartmentMembership.objects.filter(pk=mine.pk).update(function=stepping_down)
        _record(
            actor,
            case,
            "owner_handover",
            f"Eigenaarschap overgedragen aan {target.user.display_name}",
            reason,
            [f"{actor.username}:owner", f"{target.user.username}:owner"],
        )
        _tell(
            target.user,
            case,
            f"U bent nu eigenaar van casus {case.reference} (overgedragen door "
            f"{actor.display_name}).",
        )


# --- reading ---------------------------------------------------------------------------------


def members(user: Any, case: Case) -> QuerySet[CompartmentMembership]:
    """The team of a case (a case team is visible to whoever may view the case, see the
    compartment rule of the policy); empty for anyone else."""
    visible = engine.visible_compartments(user).filter(pk=case.team_id)
    return (
        CompartmentMembership.objects.filter(compartment__in=visible)
        .select_related("user", "user__organisation", "added_by")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def candidates(actor: Any, case: Case, function: str) -> list[Any]:
    """Users the owner could add with `function` (for the form and the API): eligible by role,
    clearance and compartment, active, and not in the team yet."""
    if not rules.may_manage_team(actor, case) or function not in rules.TEAM_FUNCTIONS:
        return []
    in_team = CompartmentMembership.objects.filter(compartment=case.team_id).values("user")
    users = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=rules.TEAM_FUNCTIONS[function]
        )
        .exclude(pk__in=in_team)
        .select_related("organisation")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    return [u for u in users if rules.team_refusal(u, case, function) is None]
