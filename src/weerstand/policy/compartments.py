"""Restricting compartments (crown-witness trajectory, shielded investigation): who is in them.

A restricting compartment closes every case inside it to everyone who is not a member,
inspectors included. So its membership is guarded twice over: it is created by the side that
owns that kind of compartment (the OM for a crown-witness trajectory; the OM or the
information coordinator for a shielded investigation), and every change of its membership is
a proposal by one member of that side that takes effect only when a *second* member of that
side approves it. Every step is audited; the person added or removed is told.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.accounts.models import User
from weerstand.accounts.roles import Role
from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.errors import (
    InvalidParam,
    InvalidTransition,
    NotPermitted,
    ValidationFailed,
    require_reason,
)
from weerstand.policy import engine
from weerstand.policy.models import (
    Alert,
    ChangeKind,
    ChangeStatus,
    Compartment,
    CompartmentChange,
    CompartmentKind,
    CompartmentMembership,
    MemberFunction,
)

# The side that owns each kind of restricting compartment.
OWNING_ROLES: dict[str, tuple[Role, ...]] = {
    CompartmentKind.CROWN_WITNESS: (Role.OM_OFFICER,),
    CompartmentKind.SHIELDED_INVESTIGATION: (Role.OM_OFFICER, Role.INFORMATION_COORDINATOR),
}
MIN_REASON = 10


def _reason(reason: str, name: str = "reason") -> str:
    return require_reason(reason, name=name, minimum=MIN_REASON)


def may_create(actor: Any, kind: str) -> bool:
    return kind in OWNING_ROLES and actor.has_role(*OWNING_ROLES[kind])


def is_owning_member(user: Any, compartment: Compartment) -> bool:
    """A member of the compartment who holds a role of its owning side."""
    roles = OWNING_ROLES.get(compartment.kind, ())
    return (
        bool(roles)
        and user.has_role(*roles)
        and (CompartmentMembership.objects.filter(compartment=compartment, user=user.pk).exists())
    )


def _owning_members(compartment: Compartment) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        memberships__compartment=compartment,
        role_assignments__role__in=OWNING_ROLES.get(compartment.kind, ()),
    ).distinct()


def _visible(actor: Any, compartment_id: Any) -> Compartment:
    """The compartment if the actor may see it (its members), else 404 like an absent one."""
    return engine.get_for(
        Compartment.objects.exclude(kind=CompartmentKind.CASE_TEAM),
        actor,
        "view",
        pk=compartment_id,
    )


def create(actor: Any, kind: str, name: str, *, reason: str, co_owner: Any) -> Compartment:
    """Open a restricting compartment with its creator and a co-owner of the same side.

    Two owning-side members from the start, so every later change of membership can have a
    second person's approval; an empty compartment closes nothing and opens nothing yet.
    """
    engine.require_principal(actor)
    if kind not in OWNING_ROLES:
        raise ValidationFailed(
            "Kies een kroongetuigetraject of een afgeschermd onderzoek.",
            invalid_params=[InvalidParam("kind", "invalid-choice", "Onbekende soort.")],
        )
    if not may_create(actor, kind):
        raise NotPermitted("Alleen de eigenaar van dit soort compartiment opent het.")
    name = (name or "").strip()
    if len(name) < 3:
        raise ValidationFailed(
            "Geef het compartiment een naam.",
            invalid_params=[InvalidParam("name", "required", "Minimaal 3 tekens.")],
        )
    reason = _reason(reason)
    if (
        co_owner is None
        or co_owner.pk == actor.pk
        or not co_owner.is_active
        or not co_owner.has_role(*OWNING_ROLES[kind])
    ):
        raise ValidationFailed(
            "Noem een tweede persoon van de eigenaarskant als mede-eigenaar.",
            invalid_params=[InvalidParam("coOwner", "required", "Een tweede eigenaar.")],
        )
    with transaction.atomic():
        compartment = Compartment.objects.create(kind=kind, name=name)
        for owner in (actor, co_owner):
            CompartmentMembership.objects.create(
                compartment=compartment, user=owner, function=MemberFunction.OWNER, added_by=actor
            )
        Alert.objects.create(
            recipient=co_owner,
            message=f"U bent mede-eigenaar van het afgeschermde compartiment '{name}'.",
        )
        audit.record(
            AuditAction.CREATE,
            compartment,
            object_repr=f"compartiment {compartment.pk}",
            changes={
                "kind": [None, kind],
                "members": [None, [actor.username, co_owner.username]],
            },
            reason=reason,
            actor=actor,
        )
    return compartment


def propose(
    actor: Any,
    compartment_id: Any,
    user_id: Any,
    *,
    kind: str,
    reason: str,
    function: str = MemberFunction.MEMBER,
) -> CompartmentChange:
    """Propose to add someone to, or remove someone from, a restricting compartment."""
    engine.require_principal(actor)
    with transaction.atomic():
        compartment = _visible(actor, compartment_id)
        if not is_owning_member(actor, compartment):
            raise NotPermitted("Alleen leden van de eigenaarskant stellen wijzigingen voor.")
        reason = _reason(reason)
        if kind not in ChangeKind.values:
            raise ValidationFailed(
                "Kies toevoegen of verwijderen.",
                invalid_params=[InvalidParam("change", "invalid-choice", "Onbekend.")],
            )
        if function not in (MemberFunction.MEMBER, MemberFunction.OWNER, MemberFunction.OVERSIGHT):
            raise ValidationFailed(
                "Kies lid, eigenaar of toezicht.",
                invalid_params=[InvalidParam("function", "invalid-choice", "Onbekend.")],
            )
        user_pk = _int(user_id)
        user = None if user_pk is None else User.objects.filter(pk=user_pk, is_active=True).first()
        if user is None:
            raise ValidationFailed(
                "Deze gebruiker bestaat niet (of is niet actief).",
                invalid_params=[InvalidParam("user", "does-not-exist", "Onbekend.")],
            )
        member = CompartmentMembership.objects.filter(compartment=compartment, user=user).exists()
        if kind == ChangeKind.ADD and member:
            raise ValidationFailed(
                f"{user.display_name} is al lid.",
                invalid_params=[InvalidParam("user", "already-member", "Al lid.")],
            )
        if kind == ChangeKind.REMOVE and not member:
            raise ValidationFailed(
                f"{user.display_name} is geen lid.",
                invalid_params=[InvalidParam("user", "not-a-member", "Geen lid.")],
            )
        if CompartmentChange.objects.filter(
            compartment=compartment, user=user, status=ChangeStatus.PENDING
        ).exists():
            raise InvalidTransition("Voor deze persoon wacht al een wijziging op akkoord.")
        change = CompartmentChange.objects.create(
            compartment=compartment,
            user=user,
            kind=kind,
            function=function,
            reason=reason,
            proposed_by=actor,
        )
        audit.record(
            AuditAction.CREATE,
            change,
            changes={"kind": [None, kind], "user": [None, user.username]},
            reason=reason,
            actor=actor,
        )
        for other in _owning_members(compartment).exclude(pk=actor.pk):
            Alert.objects.create(
                recipient=other,
                message=(
                    f"Wijziging in compartiment '{compartment.name}' wacht op uw akkoord "
                    f"(voorgesteld door {actor.display_name})."
                ),
            )
    return change


def decide(actor: Any, change_id: Any, *, approve: bool, reason: str = "") -> CompartmentChange:
    """The second person of the owning side approves (the change takes effect) or refuses."""
    engine.require_principal(actor)
    with transaction.atomic():
        change_pk = _int(change_id)
        change = (
            None
            if change_pk is None
            else CompartmentChange.objects.select_for_update()
            .select_related("compartment", "user")
            .filter(pk=change_pk, compartment__in=engine.visible_compartments(actor))
            .first()
        )
        if change is None:
            raise Http404("Niet gevonden")
        compartment = change.compartment
        if not is_owning_member(actor, compartment):
            raise NotPermitted("Alleen leden van de eigenaarskant beoordelen wijzigingen.")
        if change.proposed_by_id == actor.pk:
            raise NotPermitted("Vier ogen: een tweede persoon van de eigenaarskant beslist.")
        if change.status != ChangeStatus.PENDING:
            raise InvalidTransition("Over deze wijziging is al beslist.")
        if not approve:
            reason = _reason(reason)
        if approve:
            _apply(change)
        CompartmentChange.objects.filter(pk=change.pk).update(
            status=ChangeStatus.APPLIED if approve else ChangeStatus.REJECTED,
            decided_by=actor,
            decided_at=timezone.now(),
            decision_reason=(reason or "").strip(),
        )
        change.refresh_from_db()
        audit.record(
            AuditAction.TRANSITION,
            change,
            changes={"status": [ChangeStatus.PENDING, change.status]},
            reason=(reason or "akkoord (vier ogen)").strip(),
            actor=actor,
        )
    return change


def _apply(change: CompartmentChange) -> None:
    compartment, user = change.compartment, change.user
    if change.kind == ChangeKind.ADD:
        CompartmentMembership.objects.create(
            compartment=compartment,
            user=user,
            function=change.function,
            added_by=change.proposed_by,
        )
        Alert.objects.create(
            recipient=user,
            message=f"U bent toegevoegd aan het afgeschermde compartiment '{compartment.name}'.",
        )
        return
    owning = _owning_members(compartment)
    if owning.filter(pk=user.pk).exists() and owning.count() <= 1:
        raise ValidationFailed(
            "Een compartiment houdt minstens één lid van de eigenaarskant.",
            invalid_params=[InvalidParam("user", "last-owner", "Laatste van de eigenaarskant.")],
        )
    CompartmentMembership.objects.filter(compartment=compartment, user=user).delete()
    Alert.objects.create(recipient=user, message="U bent uit een afgeschermd compartiment gehaald.")


def changes_for(user: Any, compartment: Compartment) -> QuerySet[CompartmentChange]:
    """The proposals of a compartment, for its members."""
    return CompartmentChange.objects.filter(
        Q(compartment=compartment) & Q(compartment__in=engine.visible_compartments(user))
    ).select_related("user", "proposed_by", "decided_by")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
