"""The access-policy engine: turns the table in `policy.table` into query filters and checks.

Every protected read goes through `scope()` (lists, counts, search, exports, related objects)
or `get_for()` (single objects, 404 for absent and forbidden alike). There is no superuser
bypass: Django's staff and superuser flags grant nothing here.

Rules on top of every grant (the header of `docs/access-policy.md` says the same):

- deny by default: a role, resource, action or scope the table does not name gives nothing;
- clearance >= classification, for the object and for the case it is reached through;
- a restricting compartment (crown-witness trajectory, shielded investigation) on a case
  requires membership for every role, inspectors included;
- break-glass (an active, unexpired grant) adds *view* of that one case and its persons,
  never change, never contact fields or protected identities, and never past clearance or a
  restricting compartment;
- a relation (case-person, person-person) is visible only when both ends are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from weerstand.policy.table import Action, Resource, Scope, scopes_for

INTAKE_STATES = ("referral", "triage")
BREAK_GLASS_MAX = timedelta(hours=4)
_ROW_ACTIONS = (Action.VIEW, Action.CHANGE)  # create/use are never about existing rows
_NOTHING = Q(pk__in=[])


class NoPrincipal(Exception):
    """Raised when protected data is asked for without an authenticated user."""


def require_principal(user: Any) -> None:
    """Fail loudly rather than hand out an unfiltered (or silently empty) answer."""
    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not getattr(user, "is_active", False)
    ):
        raise NoPrincipal("no authenticated principal")


def _has_principal(user: Any) -> bool:
    try:
        require_principal(user)
    except NoPrincipal:
        return False
    return True


# --- the facts about a principal ----------------------------------------------------------


@dataclass(frozen=True)
class Principal:
    """What the policy needs to know about a user, read once per decision.

    Memberships and active break-glass grants become plain id sets, so every rule below is
    a test on the protected row's own columns (`team_id IN (...)`): cheap to compile, cheap
    to run, and easy to read in SQL. Read per call, never cached across calls, so a removed
    membership stops counting at once.
    """

    pk: int
    roles: frozenset[str]
    clearance: int
    organisation_id: int | None
    member_of: frozenset[int]
    owner_of: frozenset[int]
    break_glass_cases: frozenset[int]

    @property
    def role_codes(self) -> frozenset[str]:
        return self.roles


def principal(user: Any) -> Principal:
    """The facts for `user` (raises NoPrincipal without an authenticated, active user)."""
    from weerstand.policy.models import BreakGlassGrant, CompartmentMembership

    if isinstance(user, Principal):
        return user
    require_principal(user)
    member: set[int] = set()
    owner: set[int] = set()
    for compartment_id, function in CompartmentMembership.objects.filter(user=user.pk).values_list(
        "compartment_id", "function"
    ):
        member.add(compartment_id)
        if function == "owner":
            owner.add(compartment_id)
    roles = frozenset(user.role_codes)
    grants: frozenset[int] = frozenset()
    if scopes_for(roles, Resource.BREAK_GLASS, Action.USE):
        now = timezone.now()
        grants = frozenset(
            BreakGlassGrant.objects.filter(
                user=user.pk, granted_at__lte=now, expires_at__gt=now
            ).values_list("case_id", flat=True)
        )
    return Principal(
        pk=user.pk,
        roles=roles,
        clearance=int(user.clearance),
        organisation_id=getattr(user, "organisation_id", None),
        member_of=frozenset(member),
        owner_of=frozenset(owner),
        break_glass_cases=grants,
    )


# --- building blocks ------------------------------------------------------------------------


def _restricted_ok_q(p: Principal, prefix: str) -> Q:
    """No restricting compartment on the case, or the user is a member of it."""
    return Q(**{f"{prefix}restricted_compartment__isnull": True}) | Q(
        **{f"{prefix}restricted_compartment__in": sorted(p.member_of)}
    )


def _clearance_q(p: Principal, prefix: str) -> Q:
    return Q(**{f"{prefix}classification__lte": p.clearance})


def _case_grant_q(p: Principal, scopes: frozenset[Scope], prefix: str) -> Q:
    """The rows of Case that a set of scopes reaches, before the always-on rules.

    Scopes that make no sense for case rows (organisation, aggregate) reach nothing:
    an aggregate grant is for counts, never rows.
    """
    if Scope.ALL in scopes:
        return Q()
    grant = _NOTHING
    if Scope.TEAM in scopes:
        grant |= Q(**{f"{prefix}team__in": sorted(p.member_of)})
    if Scope.INTAKE in scopes:
        grant |= Q(**{f"{prefix}state__in": INTAKE_STATES})
    if Scope.OWNER in scopes:
        grant |= Q(**{f"{prefix}team__in": sorted(p.owner_of)})
    return grant


def _case_rows_q(p: Principal, scopes: frozenset[Scope], prefix: str, *, break_glass: bool) -> Q:
    grant = _case_grant_q(p, scopes, prefix)
    # Careful: `Q() | x` is `x` in Django, so "all" must not be OR-ed with break-glass.
    if break_glass and Scope.ALL not in scopes and p.break_glass_cases:
        grant |= Q(**{f"{prefix}pk__in": sorted(p.break_glass_cases)})
    return grant & _clearance_q(p, prefix) & _restricted_ok_q(p, prefix)


# --- rules per resource --------------------------------------------------------------------


def case_q(user: Any, action: str = Action.VIEW, prefix: str = "") -> Q:
    """Filter on Case rows (or, with `prefix` like ``"case__"``, on rows that point at a case)."""
    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.CASE, action)
    return _case_rows_q(p, scopes, prefix, break_glass=action == Action.VIEW)


def _reach_q(p: Principal, resource: Resource, action: Action, prefix: str) -> Q:
    """Case rows through which `resource` is reachable: the case is visible AND in the scope
    the table gives for `resource` (plus break-glass, for viewing cases and persons only)."""
    scopes = scopes_for(p.roles, resource, action)
    visible_scopes = scopes_for(p.roles, Resource.CASE, Action.VIEW)
    bg = action == Action.VIEW and resource in (Resource.CASE, Resource.PERSON)
    reach = _case_rows_q(p, scopes, prefix, break_glass=bg)
    if scopes <= visible_scopes or Scope.ALL in visible_scopes:
        return reach  # every case the resource grant reaches is a visible case anyway
    return reach & case_q(p, Action.VIEW, prefix)


def _person_ids(p: Principal, action: Action) -> models.QuerySet:
    """Ids of persons in a case through which the person grant reaches (a subquery)."""
    from weerstand.cases.models import CasePerson

    return CasePerson.objects.filter(_reach_q(p, Resource.PERSON, action, "case__")).values(
        "person_id"
    )


def _person_q(user: Any, action: str) -> Q:
    """A person is reachable only through a case the user may see, within the person grant."""
    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return _NOTHING
    return Q(pk__in=_person_ids(p, action)) & _clearance_q(p, "")


def _visible_person_ids(p: Principal, action: Action) -> models.QuerySet:
    from weerstand.registry.models import Person

    return Person.objects.filter(_person_q(p, action)).values("pk")


def _case_person_q(user: Any, action: str) -> Q:
    """The relation is visible only when the case and the person are both visible."""
    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return _NOTHING
    return case_q(p, action, prefix="case__") & Q(person__in=_visible_person_ids(p, action))


def _person_relation_q(user: Any, action: str) -> Q:
    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return _NOTHING
    visible = _visible_person_ids(p, action)
    return Q(person__in=visible) & Q(related__in=visible)


def _employer_q(user: Any, action: str) -> Q:
    """An employer is visible through a visible employee, never on its own."""
    from weerstand.registry.models import Person

    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return _NOTHING
    employees = Person.objects.filter(_person_q(p, action), employer__isnull=False)
    return Q(pk__in=employees.values("employer_id"))


def _limitative_q(user: Any, action: str) -> Q:
    p = principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.LIMITATIVE_ENTRY, action)
    if Scope.ALL in scopes:
        grant = Q()
    elif Scope.ORGANISATION in scopes and p.organisation_id is not None:
        grant = Q(owner=p.organisation_id)
    else:
        grant = _NOTHING
    return grant & _clearance_q(p, "")


def _case_event_q(user: Any, action: str) -> Q:
    """Timeline entries are case content: visible exactly when the case is."""
    return case_q(user, action, prefix="case__") if Action(action) == Action.VIEW else _NOTHING


def _case_audit_q(user: Any, prefix: str) -> Q:
    """Who-looked-at-what of a case: its owner (analysts, decision-makers) or an inspector."""
    p = principal(user)
    if not scopes_for(p.roles, Resource.CASE_AUDIT, Action.VIEW):
        return _NOTHING
    return _reach_q(p, Resource.CASE_AUDIT, Action.VIEW, prefix)


def _compartment_q(user: Any, action: str) -> Q:
    """A compartment's name and members: its members; a case team also to whoever sees the
    case. Restricting compartments are never shown to non-members, inspectors included."""
    from weerstand.cases.models import Case

    p = principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    teams_of_visible = Case.objects.filter(case_q(p, Action.VIEW)).values("team_id")
    return Q(pk__in=sorted(p.member_of)) | (Q(kind="case_team") & Q(pk__in=teams_of_visible))


def _break_glass_grant_q(user: Any, action: str) -> Q:
    """A break-glass grant (and its reason): the one who used it, and who may see the case's
    audit trail (owner, inspector)."""
    p = principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    return Q(user=p.pk) | _case_audit_q(p, "case__")


def _alert_q(user: Any, action: str) -> Q:
    return Q(recipient=principal(user).pk) if Action(action) == Action.VIEW else _NOTHING


Builder = Callable[[Any, str], Q]

_RESOURCE_Q: dict[str, Builder] = {
    "case": case_q,
    "person": _person_q,
    "case_person": _case_person_q,
    "person_relation": _person_relation_q,
    "employer": _employer_q,
    "limitative_entry": _limitative_q,
    "case_event": _case_event_q,
    "compartment": _compartment_q,
    "break_glass_grant": _break_glass_grant_q,
    "alert": _alert_q,
}

# Models that carry protected content but whose default manager is not (yet) a PolicyManager;
# `scope()` still knows their rule, so `engine.scope(CaseEvent.objects.all(), user)` works.
_MODEL_RESOURCES = {
    "cases.caseevent": "case_event",
    "registry.personrelation": "person_relation",
    "policy.compartment": "compartment",
    "policy.breakglassgrant": "break_glass_grant",
    "policy.alert": "alert",
}


def register(resource: str, builder: Builder, *model_labels: str) -> None:
    """Add the access rule of a domain app's resource (called from its AppConfig.ready()).

    `builder(user, action)` returns the Q filter for the rows of that resource; models named
    in `model_labels` ("app.model") use it even without a PolicyManager. Registering a
    resource twice with another builder is refused, so no app can quietly widen another's rule.
    """
    existing = _RESOURCE_Q.get(resource)
    if existing is not None and existing is not builder:
        raise RuntimeError(f"access rule for {resource!r} registered twice")
    _RESOURCE_Q[resource] = builder
    for label in model_labels:
        _MODEL_RESOURCES[label.lower()] = resource


def resource_of(model: type[models.Model]) -> str | None:
    """The policy resource of a model: from its PolicyManager, else from the fixed map."""
    resource = getattr(model._default_manager, "resource", None)
    return resource or _MODEL_RESOURCES.get(model._meta.label_lower)


# --- public API ----------------------------------------------------------------------------


def scope(qs: models.QuerySet, user: Any, action: str = Action.VIEW) -> models.QuerySet:
    """Restrict a queryset of a protected model to what `user` may do `action` on.

    No `.distinct()`: every rule is a column test or an `IN (subquery)`, so rows never
    duplicate, and `select_for_update()` (which PostgreSQL refuses with DISTINCT) still works.
    """
    p = principal(user)
    builder = _RESOURCE_Q.get(resource_of(qs.model) or "")
    if builder is None:
        raise LookupError(f"{qs.model.__name__} has no access rule: deny by default")
    return qs.filter(builder(p, action))


def get_for(
    qs: models.QuerySet, user: Any, action: str = Action.VIEW, **lookup: Any
) -> models.Model:
    """One object the user may act on, or Http404 exactly as if it did not exist."""
    try:
        return scope(qs, user, action).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404("Niet gevonden") from exc


def can(user: Any, resource: Resource | str, action: Action | str, obj: Any = None) -> bool:
    """May `user` do `action` on `resource` (and, with `obj`, on that very row)?

    Without `obj` it answers "does any role grant this at all" (menus, services' first gate).
    With `obj` it asks the database the same filter `scope` uses, so the two never disagree.
    """
    if not _has_principal(user):
        return False
    try:
        resource, action = Resource(resource), Action(action)
    except ValueError:
        return False
    if obj is None:
        return bool(scopes_for(user.role_codes, resource, action))
    p = principal(user)
    if resource == Resource.PERSON_CONTACT:
        return action == Action.VIEW and _person_field_grant(p, resource, obj)
    if resource == Resource.PROTECTED_IDENTITY:
        return action == Action.VIEW and _person_field_grant(
            p, resource, obj, restricting_kind="crown_witness"
        )
    if resource == Resource.CASE_AUDIT:
        from weerstand.cases.models import Case

        return (
            action == Action.VIEW
            and Case.objects.filter(pk=obj.pk).filter(_case_audit_q(p, "")).exists()
        )
    model = type(obj)
    if resource_of(model) != resource.value:
        return False  # a question about another resource than the row's: deny
    return scope(model._default_manager.filter(pk=obj.pk), p, action).exists()


def _person_field_grant(
    p: Principal, resource: Resource, person: Any, restricting_kind: str | None = None
) -> bool:
    """Secret person fields: the person is visible and the field's own grant reaches a case
    the person is in (team scope = the user's team case). Break-glass does not extend here."""
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    if not scopes_for(p.roles, resource, Action.VIEW):
        return False
    if not Person.objects.filter(pk=person.pk).filter(_person_q(p, Action.VIEW)).exists():
        return False
    links = CasePerson.objects.filter(person=person.pk).filter(
        _reach_q(p, resource, Action.VIEW, "case__")
    )
    if restricting_kind:
        links = links.filter(case__restricted_compartment__kind=restricting_kind)
    return links.exists()


def visible_case_persons(user: Any, case: Any) -> models.QuerySet:
    """The persons of one case as the user may see them (CasePerson rows with `person`).

    Use this instead of `case.persons.all()`: the reverse relation is unfiltered, and a person
    can be visible while the case is not, or the other way round.
    """
    from weerstand.cases.models import CasePerson

    case_pk = getattr(case, "pk", case)
    return (
        scope(CasePerson.objects.all(), user, Action.VIEW)
        .filter(case=case_pk)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )


def visible_compartments(user: Any) -> models.QuerySet:
    """Compartments whose name and members the user may see."""
    from weerstand.policy.models import Compartment

    return scope(Compartment.objects.all(), user, Action.VIEW)


def reads_always_audited(user: Any) -> bool:
    from weerstand.policy.table import ALWAYS_AUDITED_ROLES

    return bool(user.role_codes & {r.value for r in ALWAYS_AUDITED_ROLES})
