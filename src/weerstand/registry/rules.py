"""Row rules of the registry: persons, their relations, employers and the limitative list.

A person is never visible on their own: only through a case the user may view within the
person grant (the cases app owns the case-person link), and within clearance. Contact fields
(`person_contact`) and the programme cover (`programme_cover`: only *that* a person is covered
by the witness protection programme, and by which) need their own grant on a case the person is
in; the programme cover only through a crown-witness case.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS, Principal
from weerstand.policy.table import Action, Resource, Scope, scopes_for


def _person_ids(p: Principal, action: Action) -> models.QuerySet:
    """Ids of persons in a case through which the person grant reaches (a subquery)."""
    from weerstand.cases.models import CasePerson

    return CasePerson.objects.filter(engine.reach_q(p, Resource.PERSON, action, "case__")).values(
        "person_id"
    )


def person_q(user: Any, action: str) -> Q:
    """A person is reachable only through a case the user may see, within the person grant."""
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return NOTHING
    return Q(pk__in=_person_ids(p, action)) & engine.clearance_q(p)


def visible_person_ids(user: Any, action: str = Action.VIEW) -> models.QuerySet:
    """Ids of the persons the user may see (a subquery for other apps' rules)."""
    from weerstand.registry.models import Person

    return Person.objects.filter(person_q(user, action)).values("pk")


def _person_relation_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return NOTHING
    visible = visible_person_ids(p, action)
    return Q(person__in=visible) & Q(related__in=visible)


def _employer_q(user: Any, action: str) -> Q:
    """An employer is visible through a visible employee, never on its own."""
    from weerstand.registry.models import Person

    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return NOTHING
    employees = Person.objects.filter(person_q(p, action), employer__isnull=False)
    return Q(pk__in=employees.values("employer_id"))


def _limitative_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.LIMITATIVE_ENTRY, action)
    if Scope.ALL in scopes:
        grant = Q()
    elif Scope.ORGANISATION in scopes and p.organisation_id is not None:
        grant = Q(owner=p.organisation_id)
    else:
        grant = NOTHING
    return grant & engine.clearance_q(p)


def _field_grant(
    p: Principal,
    resource: Resource,
    person: Any,
    restricting_kind: str | None = None,
    action: Action = Action.VIEW,
) -> bool:
    """Secret person fields: the person is visible and the field's own grant reaches a case
    the person is in (team scope = the user's team case). Break-glass does not extend here."""
    from weerstand.cases.models import CasePerson
    from weerstand.registry.models import Person

    if not scopes_for(p.roles, resource, action):
        return False
    if not Person.objects.filter(pk=person.pk).filter(person_q(p, Action.VIEW)).exists():
        return False
    return (
        CasePerson.objects.filter(person=person.pk)
        .filter(_field_reach_q(p, resource, action, restricting_kind))
        .exists()
    )


def _field_reach_q(
    p: Principal, resource: Resource, action: Action, restricting_kind: str | None
) -> Q:
    """Case-person links through which a field grant reaches (on `CasePerson`)."""
    q = engine.reach_q(p, resource, action, "case__")
    if restricting_kind:
        q &= Q(case__restricted_compartment__kind=restricting_kind)
    return q


def may_see_contact(p: Principal, person: Any, action: Action) -> bool:
    """Home address and phone numbers of one person (the `person_contact` grant)."""
    return action == Action.VIEW and _field_grant(p, Resource.PERSON_CONTACT, person)


COVER_COMPARTMENT = "crown_witness"


def may_see_programme_cover(p: Principal, obj: Any, action: Action) -> bool:
    """The programme cover of one person (`obj` is the person or the cover): view or record
    it only through a visible crown-witness case the grant reaches."""
    from weerstand.registry.models import ProgrammeCover

    person = obj.person if isinstance(obj, ProgrammeCover) else obj
    return action in (Action.VIEW, Action.CHANGE) and _field_grant(
        p, Resource.PROGRAMME_COVER, person, restricting_kind=COVER_COMPARTMENT, action=action
    )


def _programme_cover_q(user: Any, action: str) -> Q:
    """Cover rows: the person is visible and the `programme_cover` grant reaches one of the
    person's crown-witness cases (the same test as `may_see_programme_cover`)."""
    from weerstand.cases.models import CasePerson

    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return NOTHING
    if not scopes_for(p.roles, Resource.PROGRAMME_COVER, action):
        return NOTHING
    reached = CasePerson.objects.filter(
        _field_reach_q(p, Resource.PROGRAMME_COVER, action, COVER_COMPARTMENT)
    ).values("person_id")
    return Q(person__in=visible_person_ids(p, Action.VIEW)) & Q(person__in=reached)


RULES = (
    RowRule("person", person_q, ("registry.person",)),
    RowRule("person_relation", _person_relation_q, ("registry.personrelation",)),
    RowRule("employer", _employer_q, ("registry.employer",)),
    RowRule("limitative_entry", _limitative_q, ("registry.limitativeentry",)),
    RowRule("programme_cover", _programme_cover_q, ("registry.programmecover",)),
)
CHECKS = {
    Resource.PERSON_CONTACT.value: may_see_contact,
    Resource.PROGRAMME_COVER.value: may_see_programme_cover,
}
