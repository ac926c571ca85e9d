"""The access-policy engine: turns the table in `policy.table` into query filters and checks.

Every protected read goes through `scope()` (lists, counts, search, exports, related objects)
or `get_for()` (single objects, 404 for absent and forbidden alike). There is no superuser
bypass: Django's `is_superuser` grants nothing here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from weerstand.policy.table import Action, Resource, Scope, scopes_for

INTAKE_STATES = ("referral", "triage")
BREAK_GLASS_MAX = timedelta(hours=4)


class NoPrincipal(Exception):
    """Raised when protected data is asked for without an authenticated user."""


def require_principal(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NoPrincipal("no authenticated principal")


def _member_q(user: Any, prefix: str) -> Q:
    """`prefix` points at a Compartment FK; true when the user is a member of it."""
    from weerstand.policy.models import CompartmentMembership

    return Q(
        Exists(
            CompartmentMembership.objects.filter(compartment=OuterRef(prefix), user=user.pk)
        )
    )


def _restricted_ok_q(user: Any, prefix: str) -> Q:
    """Restricting compartment (crown witness, shielded investigation) absent or joined."""
    return Q(**{f"{prefix}restricted_compartment__isnull": True}) | _member_q(
        user, f"{prefix}restricted_compartment"
    )


def _break_glass_q(user: Any, case_field: str) -> Q:
    from weerstand.policy.models import BreakGlassGrant

    return Q(
        Exists(
            BreakGlassGrant.objects.filter(
                user=user.pk, case=OuterRef(case_field), expires_at__gt=timezone.now()
            )
        )
    )


def case_q(user: Any, action: str, prefix: str = "") -> Q:
    """Filter on Case rows (or, with `prefix`, on rows related to a case)."""
    scopes = scopes_for(user.role_codes, Resource.CASE, Action(action))
    pk_field = f"{prefix}pk" if prefix else "pk"
    grant = Q(pk__in=[])
    if Scope.ALL in scopes:
        grant = Q()
    else:
        if Scope.TEAM in scopes:
            grant |= _member_q(user, f"{prefix}team")
        if Scope.INTAKE in scopes:
            grant |= Q(**{f"{prefix}state__in": INTAKE_STATES})
        if Scope.OWNER in scopes:
            grant |= _owner_q(user, prefix)
        if action == Action.VIEW and scopes_for(
            user.role_codes, Resource.BREAK_GLASS, Action.USE
        ):
            grant |= _break_glass_q(user, pk_field if not prefix else prefix.rstrip("_"))
    if not scopes and action != Action.VIEW:
        return Q(pk__in=[])
    clearance = Q(**{f"{prefix}classification__lte": user.clearance})
    return grant & clearance & _restricted_ok_q(user, prefix)


def _owner_q(user: Any, prefix: str) -> Q:
    from weerstand.policy.models import CompartmentMembership

    return Q(
        Exists(
            CompartmentMembership.objects.filter(
                compartment=OuterRef(f"{prefix}team"), user=user.pk, function="owner"
            )
        )
    )


def _person_q(user: Any, action: str) -> Q:
    from weerstand.cases.models import Case, CasePerson

    scopes = scopes_for(user.role_codes, Resource.PERSON, Action(action))
    if not scopes:
        return Q(pk__in=[])
    clearance = Q(classification__lte=user.clearance)
    if Scope.ALL in scopes:
        # Even inspectors only reach people of cases within their clearance and compartments.
        visible_cases = Case.objects.filter(case_q(user, Action.VIEW))
    else:
        case_filter = Q(pk__in=[])
        if Scope.TEAM in scopes:
            case_filter |= _member_q(user, "team")
        if Scope.INTAKE in scopes:
            case_filter |= Q(state__in=INTAKE_STATES)
        visible_cases = Case.objects.filter(
            case_filter & Q(classification__lte=user.clearance) & _restricted_ok_q(user, "")
        )
        if action == Action.VIEW and scopes_for(user.role_codes, Resource.BREAK_GLASS, Action.USE):
            visible_cases = visible_cases | Case.objects.filter(
                _break_glass_q(user, "pk")
                & Q(classification__lte=user.clearance)
                & _restricted_ok_q(user, "")
            )
    linked = CasePerson.objects.filter(person=OuterRef("pk"), case__in=visible_cases)
    return Q(Exists(linked)) & clearance


def _limitative_q(user: Any, action: str) -> Q:
    scopes = scopes_for(user.role_codes, Resource.LIMITATIVE_ENTRY, Action(action))
    grant = Q(pk__in=[])
    if Scope.ALL in scopes:
        grant = Q()
    elif Scope.ORGANISATION in scopes:
        grant = Q(owner=user.organisation_id)
    return grant & Q(classification__lte=user.clearance)


def _employer_q(user: Any, action: str) -> Q:
    from weerstand.registry.models import Person

    return Q(Exists(Person.objects.filter(_person_q(user, action), employer=OuterRef("pk"))))


_RESOURCE_Q = {
    "case": lambda user, action: case_q(user, action),
    "person": _person_q,
    "limitative_entry": _limitative_q,
    "employer": _employer_q,
    "case_person": lambda user, action: case_q(user, Action.VIEW, prefix="case__")
    & Q(Exists(_visible_person_subquery(user))),
}


def _visible_person_subquery(user: Any) -> models.QuerySet:
    from weerstand.registry.models import Person

    return Person.objects.filter(_person_q(user, Action.VIEW), pk=OuterRef("person"))


def scope(qs: models.QuerySet, user: Any, action: str = Action.VIEW) -> models.QuerySet:
    """Restrict a queryset of a protected model to what `user` may do `action` on."""
    require_principal(user)
    resource = getattr(qs.model._default_manager, "resource", None)
    builder = _RESOURCE_Q.get(resource or "")
    if builder is None:
        raise LookupError(f"{qs.model.__name__} has no access rule: deny by default")
    return qs.filter(builder(user, action)).distinct()


def get_for(
    qs: models.QuerySet, user: Any, action: str = Action.VIEW, **lookup: Any
) -> models.Model:
    """One object the user may act on, or Http404 exactly as if it did not exist."""
    try:
        return scope(qs, user, action).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Niet gevonden") from exc


def can(user: Any, resource: Resource | str, action: Action | str, obj: Any = None) -> bool:
    """Object-level check; for model rows it asks the same filter as `scope`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    resource, action = Resource(resource), Action(action)
    if obj is None:
        return bool(scopes_for(user.role_codes, resource, action))
    if resource == Resource.PERSON_CONTACT:
        return _field_grant(user, resource, obj)
    if resource == Resource.PROTECTED_IDENTITY:
        return _protected_identity_grant(user, obj)
    if resource == Resource.CASE_AUDIT:
        from weerstand.cases.models import Case

        scopes = scopes_for(user.role_codes, Resource.CASE_AUDIT, Action.VIEW)
        if not scopes:
            return False
        base = Case.objects.filter(pk=obj.pk).filter(case_q(user, Action.VIEW))
        if Scope.ALL in scopes:
            return base.exists()
        return base.filter(_owner_q(user, "")).exists()
    model = type(obj)
    return scope(model._default_manager.filter(pk=obj.pk), user, action).exists()


def _field_grant(user: Any, resource: Resource, person: Any) -> bool:
    """Contact fields: the person must be visible and a role must grant the field."""
    from weerstand.registry.models import Person

    scopes = scopes_for(user.role_codes, resource, Action.VIEW)
    if not scopes:
        return False
    visible = Person.objects.filter(pk=person.pk).filter(_person_q(user, Action.VIEW))
    if Scope.ALL in scopes:
        return visible.exists()
    from weerstand.cases.models import CasePerson

    team_cases = CasePerson.objects.filter(person=person.pk).filter(
        _member_q(user, "case__team") & _restricted_ok_q(user, "case__")
    )
    return visible.exists() and team_cases.exists()


def _protected_identity_grant(user: Any, person: Any) -> bool:
    """Witness-protection identity: only members of a crown-witness compartment of the person."""
    from weerstand.cases.models import CasePerson

    if not scopes_for(user.role_codes, Resource.PROTECTED_IDENTITY, Action.VIEW):
        return False
    return (
        CasePerson.objects.filter(
            person=person.pk,
            case__restricted_compartment__kind="crown_witness",
            case__classification__lte=user.clearance,
        )
        .filter(_member_q(user, "case__restricted_compartment") & _member_q(user, "case__team"))
        .exists()
    )


def reads_always_audited(user: Any) -> bool:
    from weerstand.policy.table import ALWAYS_AUDITED_ROLES

    return bool(user.role_codes & {r.value for r in ALWAYS_AUDITED_ROLES})
