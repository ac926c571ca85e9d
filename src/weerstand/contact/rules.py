"""The contact app's rules: which rows a user reaches, and may this actor do this action.

Row rules:

- the contact person of a case: staff through the case (`contact_person` grant: the team's
  NCTV/LCC side, inspectors within clearance and compartments); a portal user (`self`) the
  contact person of a case that shares `contact_person` with their registry person (the
  protectee always). The portal only ever shows name, organisation and work contact details;
  the team's note never leaves the staff pages.
- the history of contact persons: staff only, through the case.
- a communication: staff through the case (`communication` grant: not the partners in the
  team), and a portal user only the messages addressed to their own registry person.

Action checks (asked first by `contact.services`, by views and API only to decide what to
offer) follow below.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING
from weerstand.policy.table import Action, Resource, Scope, scopes_for

# Who may speak for a case as its contact person or deputy: officials of the responsible
# organisation (the NCTV) in the case team, in a role that may log messages.
SPEAKER_ROLES = (Role.ANALYST, Role.SENIOR_ANALYST, Role.RESILIENCE_EXPERT, Role.LCC_COORDINATOR)
RESPONSIBLE_ORGANISATION_KINDS = ("nctv",)
# Persons concerned to whom the contact person speaks (not professionals in the process).
RECIPIENT_ROLES = (
    "protectee",
    "partner",
    "child",
    "parent",
    "sibling",
    "relative",
    "lawyer",
    "confidant",
    "employer_contact",
)
SHARE = "contact_person"


def own_person_id(p: engine.Principal) -> int | None:
    """The registry person of a portal account (None for staff)."""
    from weerstand.accounts.models import User

    return (
        User.objects.filter(pk=p.pk, person__isnull=False, is_active=True)
        .values_list("person_id", flat=True)
        .first()
    )


def shared_case_ids(p: engine.Principal) -> list[int]:
    """Running cases that share the contact person with the portal user's person: where they
    are the protectee, or linked with `contact_person` among the shares."""
    from weerstand.cases.models import Case, CasePerson

    person_id = own_person_id(p)
    if person_id is None:
        return []
    ids = set(
        Case.objects.filter(protectee=person_id).exclude(state="ended").values_list("pk", flat=True)
    )
    for case_id, role, shares in CasePerson.objects.filter(
        person=person_id, case__in=Case.objects.exclude(state="ended").values("pk")
    ).values_list("case_id", "role", "shares"):
        if role == "protectee" or SHARE in (shares or []):
            ids.add(case_id)
    return sorted(ids)


def _staff(scopes: frozenset[Scope]) -> frozenset[Scope]:
    return frozenset(scopes - {Scope.SELF})


def contact_person_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in (Action.VIEW, Action.CHANGE):
        return NOTHING
    scopes = scopes_for(p.roles, Resource.CONTACT_PERSON, action)
    q = NOTHING
    if _staff(scopes):
        q = engine.reach_q(p, Resource.CONTACT_PERSON, action, "case__")
    if action == Action.VIEW and Scope.SELF in scopes:
        q |= Q(case__in=shared_case_ids(p))
    return q


def contact_person_change_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return NOTHING
    if not _staff(scopes_for(p.roles, Resource.CONTACT_PERSON, Action.VIEW)):
        return NOTHING
    return engine.reach_q(p, Resource.CONTACT_PERSON, Action.VIEW, "case__")


def communication_q(user: Any, action: str = Action.VIEW) -> Q:
    """Messages are never changed: only `view` reaches rows."""
    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.COMMUNICATION, Action.VIEW)
    q = NOTHING
    if _staff(scopes):
        q = engine.reach_q(p, Resource.COMMUNICATION, Action.VIEW, "case__")
    if Scope.SELF in scopes:
        person_id = own_person_id(p)
        if person_id is not None:
            q |= Q(recipient_person=person_id)
    return q


RULES = (
    RowRule("contact_person", contact_person_q, ("contact.contactperson",)),
    RowRule("contact_person_change", contact_person_change_q, ("contact.contactpersonchange",)),
    RowRule("communication", communication_q, ("contact.communication",)),
)


# --- action checks ---------------------------------------------------------------------------


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_staff_reader(user: Any, resource: Resource = Resource.COMMUNICATION) -> bool:
    """Reads the log (or contact person) of cases through the case, not as a portal user."""
    return _authenticated(user) and bool(_staff(scopes_for(user.role_codes, resource, Action.VIEW)))


def is_portal_reader(user: Any) -> bool:
    """A portal account (protectee, relative, employer) tied to a registry person."""
    return (
        _authenticated(user)
        and getattr(user, "person_id", None) is not None
        and Scope.SELF in scopes_for(user.role_codes, Resource.COMMUNICATION, Action.VIEW)
    )


def may_assign(actor: Any, case: Any) -> bool:
    """The case owner names and changes the contact person and deputy."""
    from weerstand.cases import rules as case_rules

    return (
        _authenticated(actor)
        and case_rules.is_team_owner(actor, case)
        and engine.reaches(actor, case, Resource.CONTACT_PERSON, Action.CHANGE)
    )


def speaker_refusal(user: Any, case: Any) -> str | None:
    """Why `user` cannot be contact person or deputy of this case, or None when they can."""
    from weerstand.cases import rules as case_rules

    if not user.is_active:
        return "Dit account is niet actief."
    if not user.has_role(*SPEAKER_ROLES):
        return "Alleen een analist, expert weerbaarheid of LCC-coördinator kan contactpersoon zijn."
    kind = getattr(getattr(user, "organisation", None), "kind", "")
    if kind not in RESPONSIBLE_ORGANISATION_KINDS:
        return "De contactpersoon is een medewerker van de verantwoordelijke organisatie (NCTV)."
    if not case_rules.is_team_member(user, case):
        return (
            "Voeg deze persoon eerst toe aan het casusteam: de contactpersoon moet de casus zien."
        )
    return None


def unreachable(case: Any, record: Any) -> list[str]:
    """Who of the named contact person ("contact") and deputy ("deputy") can no longer speak
    for the case: left the case team, lost the role, or the account is no longer active.
    The name stays on record (history), but the protectee cannot reach them through it."""
    if record is None:
        return []
    named = (("contact", record.contact), ("deputy", record.deputy))
    return [
        name for name, user in named if user is not None and speaker_refusal(user, case) is not None
    ]


def speaking_as(actor: Any, case: Any, record: Any) -> str | None:
    """As whom `actor` may log a message for this case: its contact person, the deputy, or,
    while nobody is named (or nobody named can still speak), the case owner. None when
    they may not."""
    from weerstand.cases import rules as case_rules

    if not _authenticated(actor) or not engine.reaches(
        actor, case, Resource.COMMUNICATION, Action.CREATE
    ):
        return None
    if record is not None:
        if record.contact_id == actor.pk:
            return "contact"
        if record.deputy_id == actor.pk:
            return "deputy"
        gone = unreachable(case, record)
        if "contact" not in gone or (record.deputy_id is not None and "deputy" not in gone):
            return None
    return "owner" if case_rules.is_team_owner(actor, case) else None
