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
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, Value
from django.http import Http404
from django.utils import timezone

from weerstand.core import context
from weerstand.policy.managers import PolicyQuerySet
from weerstand.policy.table import Action, Resource, Scope, scopes_for

INTAKE_STATES = ("referral", "triage")
BREAK_GLASS_MAX = timedelta(hours=4)
ROW_ACTIONS = (Action.VIEW, Action.CHANGE)  # create/use are never about existing rows
NOTHING = Q(pk__in=[])


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
    to run, and easy to read in SQL. Read once per request (kept in the request context,
    which ends with the request; a write in the request to a table the facts come from
    empties it), never across requests, so a removed membership stops counting at once.
    Outside a request (commands, jobs) read per call.
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
    if isinstance(user, Principal):
        return user
    require_principal(user)
    cache = context.current().principals
    if cache is None:
        return _read_principal(user)
    key = (user.pk, int(user.clearance), getattr(user, "organisation_id", None))
    found = cache.get(key)
    if found is None:
        found = cache[key] = _read_principal(user)
    return found


def _read_principal(user: Any) -> Principal:
    """Roles, memberships and break-glass grants in ONE query (a UNION ALL of three
    selections), so a request pays a single round trip for what the policy knows about its
    user. The user's `role_codes` are filled from it when not read yet."""
    from weerstand.accounts.models import RoleAssignment
    from weerstand.policy.models import BreakGlassGrant, CompartmentMembership

    now = timezone.now()
    text = models.CharField()
    roles_rows = RoleAssignment.objects.filter(user=user.pk).values_list(
        Value("r", output_field=text), Value(0), "role"
    )
    member_rows = CompartmentMembership.objects.filter(user=user.pk).values_list(
        Value("m", output_field=text), "compartment_id", "function"
    )
    grant_rows = BreakGlassGrant.objects.filter(
        user=user.pk, granted_at__lte=now, expires_at__gt=now
    ).values_list(Value("b", output_field=text), "case_id", Value("", output_field=text))
    roles: set[str] = set()
    member: set[int] = set()
    owner: set[int] = set()
    grants: set[int] = set()
    for kind, number, code in roles_rows.union(member_rows, grant_rows, all=True):
        if kind == "r":
            roles.add(code)
        elif kind == "m":
            member.add(number)
            if code == "owner":
                owner.add(number)
        else:
            grants.add(number)
    role_set = frozenset(roles)
    if isinstance(user, models.Model) and hasattr(type(user), "role_codes"):
        cast(Any, user).role_codes = role_set  # fills the cached_property: not read twice
    if not scopes_for(role_set, Resource.BREAK_GLASS, Action.USE):
        grants = set()  # a grant counts only for a role that may use break-glass at all
    return Principal(
        pk=user.pk,
        roles=role_set,
        clearance=int(user.clearance),
        organisation_id=getattr(user, "organisation_id", None),
        member_of=frozenset(member),
        owner_of=frozenset(owner),
        break_glass_cases=frozenset(grants),
    )


# --- building blocks: the reach of a case ------------------------------------------------
#
# The kernel knows the *shape* of the case that every protected row hangs from (a team
# compartment, a state, a classification, an optional restricting compartment), never the app
# that implements it: the model is named by the setting `WEERSTAND_CASE_MODEL`. Domain apps
# build their row rules from these blocks, with a `prefix` such as ``"case__"`` for rows that
# point at a case.


def case_model() -> type[models.Model]:
    """The model whose rows carry a case's team, state, classification and compartments."""
    return apps.get_model(settings.WEERSTAND_CASE_MODEL)


def compartments_of(p: Principal, *, owner: bool = False) -> Any:
    """The user's compartments (or those they own) for an `__in` test: a subquery on the
    memberships rather than a literal list. An analyst in hundreds of teams made every
    query carry `IN (1, 2, ..., 400)`, which PostgreSQL plans anew each time (issue 19: more
    planning than execution); the subquery costs the same whatever the count. The rows are
    the same: the principal was read in this request, and any write to the memberships in
    it drops the principal (`core.middleware`). No membership at all stays the empty list,
    which Django answers without asking the database."""
    from weerstand.policy.models import CompartmentMembership

    ids = p.owner_of if owner else p.member_of
    if not ids:
        return []
    rows = CompartmentMembership.objects.filter(user=p.pk)
    if owner:
        rows = rows.filter(function="owner")
    return rows.values("compartment_id")


def restricted_ok_q(p: Principal, prefix: str = "") -> Q:
    """No restricting compartment on the case, or the user is a member of it."""
    return Q(**{f"{prefix}restricted_compartment__isnull": True}) | Q(
        **{f"{prefix}restricted_compartment__in": compartments_of(p)}
    )


def clearance_q(p: Principal, prefix: str = "") -> Q:
    """The row's classification is within the user's clearance."""
    return Q(**{f"{prefix}classification__lte": p.clearance})


def _case_grant_q(p: Principal, scopes: frozenset[Scope], prefix: str) -> Q:
    """The rows of a case that a set of scopes reaches, before the always-on rules.

    Scopes that make no sense for case rows (organisation, aggregate) reach nothing:
    an aggregate grant is for counts, never rows.
    """
    if Scope.ALL in scopes:
        return Q()
    grant = NOTHING
    if Scope.TEAM in scopes:
        grant |= Q(**{f"{prefix}team__in": compartments_of(p)})
    if Scope.INTAKE in scopes:
        grant |= Q(**{f"{prefix}state__in": INTAKE_STATES})
    if Scope.OWNER in scopes:
        grant |= Q(**{f"{prefix}team__in": compartments_of(p, owner=True)})
    return grant


def case_rows_q(
    p: Principal, scopes: frozenset[Scope], prefix: str = "", *, break_glass: bool = False
) -> Q:
    """Case rows reached by `scopes` (plus break-glass when asked), within clearance and
    restricting compartments."""
    grant = _case_grant_q(p, scopes, prefix)
    # Careful: `Q() | x` is `x` in Django, so "all" must not be OR-ed with break-glass.
    if break_glass and Scope.ALL not in scopes and p.break_glass_cases:
        grant |= Q(**{f"{prefix}pk__in": sorted(p.break_glass_cases)})
    return grant & clearance_q(p, prefix) & restricted_ok_q(p, prefix)


def case_q(user: Any, action: str = Action.VIEW, prefix: str = "") -> Q:
    """Filter on case rows (or, with `prefix` like ``"case__"``, on rows that point at a case)."""
    p = principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.CASE, action)
    return case_rows_q(p, scopes, prefix, break_glass=action == Action.VIEW)


def reach_q(user: Any, resource: Resource | str, action: Action | str, prefix: str = "") -> Q:
    """Case rows through which `resource` is reachable for `action`: the case is visible AND
    in the scope the table gives for `resource` (plus break-glass, for viewing cases and
    persons only). The building block of every "rows hanging from a case" rule."""
    p = principal(user)
    resource, action = Resource(resource), Action(action)
    scopes = scopes_for(p.roles, resource, action)
    visible_scopes = scopes_for(p.roles, Resource.CASE, Action.VIEW)
    bg = action == Action.VIEW and resource in (Resource.CASE, Resource.PERSON)
    reach = case_rows_q(p, scopes, prefix, break_glass=bg)
    if scopes <= visible_scopes or Scope.ALL in visible_scopes:
        return reach  # every case the resource grant reaches is a visible case anyway
    return reach & case_q(p, Action.VIEW, prefix)


def reaches(user: Any, case: Any, resource: Resource | str, action: Action | str) -> bool:
    """May `user` do `action` on `resource` through this one case? ("may this actor add a gap
    to / decide on / object in this case"). Asks the database the same filter rules use."""
    if not _has_principal(user):
        return False
    p = principal(user)
    if not scopes_for(p.roles, Resource(resource), Action(action)):
        return False
    case_pk = getattr(case, "pk", case)
    rows = case_model()._default_manager.filter(pk=case_pk)
    return rows.filter(reach_q(p, resource, action)).exists()


def case_audit_q(user: Any, prefix: str = "") -> Q:
    """Who-looked-at-what of a case: its owner (analysts, decision-makers) or an inspector."""
    p = principal(user)
    if not scopes_for(p.roles, Resource.CASE_AUDIT, Action.VIEW):
        return NOTHING
    return reach_q(p, Resource.CASE_AUDIT, Action.VIEW, prefix)


# --- the kernel's own rows ---------------------------------------------------------------


def _compartment_q(user: Any, action: str) -> Q:
    """A compartment's name and members: its members; a case team also to whoever sees the
    case. Restricting compartments are never shown to non-members, inspectors included."""
    p = principal(user)
    if Action(action) != Action.VIEW:
        return NOTHING
    teams_of_visible = case_model()._default_manager.filter(case_q(p, Action.VIEW)).values("team")
    return Q(pk__in=sorted(p.member_of)) | (Q(kind="case_team") & Q(pk__in=teams_of_visible))


def _break_glass_grant_q(user: Any, action: str) -> Q:
    """A break-glass grant (and its reason): the one who used it, and who may see the case's
    audit trail (owner, inspector)."""
    p = principal(user)
    if Action(action) != Action.VIEW:
        return NOTHING
    return Q(user=p.pk) | case_audit_q(p, "case__")


def _alert_q(user: Any, action: str) -> Q:
    """The recipient's own alerts, minus those about a case the recipient can no longer see:
    an alert is built from an event and re-checked when read, so someone who left a case
    team does not keep reading about it."""
    p = principal(user)
    if Action(action) != Action.VIEW:
        return NOTHING
    visible = case_model()._default_manager.filter(case_q(p, Action.VIEW)).values("pk")
    return Q(recipient=p.pk) & (Q(case__isnull=True) | Q(case__in=visible))


Builder = Callable[[Any, str], Q]
ObjectCheck = Callable[[Principal, Any, Action], bool]

_RESOURCE_Q: dict[str, Builder] = {
    "compartment": _compartment_q,
    "break_glass_grant": _break_glass_grant_q,
    "alert": _alert_q,
}
# Models that carry protected content but whose default manager is not a PolicyManager;
# `scope()` still knows their rule, so `engine.scope(CaseEvent.objects.all(), user)` works.
_MODEL_RESOURCES = {
    "policy.compartment": "compartment",
    "policy.breakglassgrant": "break_glass_grant",
    "policy.alert": "alert",
}
# Resources that are fields of another resource's rows (a person's contact data): `can(user,
# resource, action, obj)` asks the owning app's check instead of a row filter.
_OBJECT_CHECKS: dict[str, ObjectCheck] = {}


def register(resource: str, builder: Builder, *model_labels: str) -> None:
    """Add the row rule of a domain app's resource (read from its AppConfig by PolicyConfig).

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


def register_check(resource: str, check: ObjectCheck) -> None:
    """Add the object check of a field-level resource (e.g. `person_contact`)."""
    existing = _OBJECT_CHECKS.get(resource)
    if existing is not None and existing is not check:
        raise RuntimeError(f"object check for {resource!r} registered twice")
    _OBJECT_CHECKS[resource] = check


def resource_of(model: type[models.Model]) -> str | None:
    """The policy resource of a model: from its PolicyManager, else from the fixed map."""
    resource = getattr(model._default_manager, "resource", None)
    return resource or _MODEL_RESOURCES.get(model._meta.label_lower)


# --- public API ----------------------------------------------------------------------------


def scope[S: models.QuerySet[Any]](qs: S, user: Any, action: str = Action.VIEW) -> S:
    """Restrict a queryset of a protected model to what `user` may do `action` on.

    No `.distinct()`: every rule is a column test or an `IN (subquery)`, so rows never
    duplicate, and `select_for_update()` (which PostgreSQL refuses with DISTINCT) still works.
    """
    p = principal(user)
    builder = _RESOURCE_Q.get(resource_of(qs.model) or "")
    if builder is None:
        raise LookupError(f"{qs.model.__name__} has no access rule: deny by default")
    return qs.filter(builder(p, action))


def get_for[M: models.Model](
    qs: models.QuerySet[M], user: Any, action: str = Action.VIEW, **lookup: Any
) -> M:
    """One object the user may act on, or Http404 exactly as if it did not exist.

    The refusal is audited (`policy.probing`), hidden or absent alike, without changing the
    answer; the success path costs no extra query.
    """
    from weerstand.policy import probing

    scoped = scope(qs, user, action)
    if isinstance(scoped, PolicyQuerySet):
        scoped._policy_probe = None  # noted below, not again by the queryset
    try:
        obj = scoped.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        probing.not_found(qs.model, user, action, lookup)
        raise Http404("Niet gevonden") from exc
    probing.note_subject(obj)
    return obj


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
    p = principal(user)  # read once per request; also the roles
    if obj is None:
        return bool(scopes_for(p.roles, resource, action))
    check = _OBJECT_CHECKS.get(resource.value)
    if check is not None:
        return check(p, obj, action)
    if resource == Resource.CASE_AUDIT:
        return (
            action == Action.VIEW
            and case_model()._default_manager.filter(pk=obj.pk).filter(case_audit_q(p)).exists()
        )
    model = type(obj)
    if resource_of(model) != resource.value:
        return False  # a question about another resource than the row's: deny
    return scope(model._default_manager.filter(pk=obj.pk), p, action).exists()


def visible_compartments(user: Any) -> models.QuerySet:
    """Compartments whose name and members the user may see."""
    from weerstand.policy.models import Compartment

    return scope(Compartment.objects.all(), user, Action.VIEW)


def reads_always_audited(user: Any) -> bool:
    from weerstand.policy.table import ALWAYS_AUDITED_ROLES

    return bool(user.role_codes & {r.value for r in ALWAYS_AUDITED_ROLES})
