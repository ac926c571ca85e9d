"""Row rules of the rights app, registered with the policy engine from `RightsConfig.ready()`.

- `objection`: the case team (team scope, through the case), the appeal body and inspectors
  (all scope, restricting compartments still bind), and the protectee for objections against
  their own decisions (self scope).
- `decision_letter` (rows of `decisions.Decision`): whoever may view the decision AND whose
  letter scope reaches its case; the protectee for their own live decisions (self scope);
  and whoever may view an objection against the decision (the appeal body handles the
  objection with the letter in front of it, never with the case file).
- `letter_text`: exactly when the decision's letter is visible; changed by the letter's
  change scope (decision-makers in the case team).
- `rights_framework`: published versions to every role with a view grant; versions not yet
  in force only to those who manage the framework.
- `framework_acknowledgement`: your own, and those of persons you may see.

The self scope never passes the protectee's own case: it is a test on `case.protectee`,
the person linked to the portal account, so one person never reaches another's rows.

After the row rules: the one way to reach a letter (`letter_decisions`, `get_letter_decision`),
and the action checks (`may_*`), asked by the services first (which refuse) and by pages,
panels and the API only to decide what to offer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for

_NOTHING = Q(pk__in=[])
_ROW_ACTIONS = (Action.VIEW, Action.CHANGE)

# Decisions whose letter has been sent (decided and approved): objections lie against these.
LETTER_STATUSES = ("approved", "in_force", "superseded", "ended")
# The case team reads the letter of any decision it may see, also one still being decided
# or rejected (the letter says so on top): the letter shows no more than the decision.
# What the protectee sees in the portal: the decisions that apply to them now or soon.
PERSON_LETTER_STATUSES = ("approved", "in_force")


def own_person_ids(p: engine.Principal) -> QuerySet:
    """The registry person of the portal account, as a subquery (empty for staff)."""
    from weerstand.accounts.models import User

    return User.objects.filter(pk=p.pk, person__isnull=False, is_active=True).values("person_id")


def _staff_scopes(scopes: frozenset[Scope]) -> frozenset[Scope]:
    return frozenset(scopes - {Scope.SELF})


def _objection_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.OBJECTION, action)
    q = _NOTHING
    staff = _staff_scopes(scopes)
    if Scope.ALL in staff:
        # The appeal body and inspectors: every objection, except behind a restricting
        # compartment they are not a member of. No clearance test: an objection holds only
        # what the person was told and wrote, and the appeal body must be able to handle it.
        q = engine.restricted_ok_q(p, "case__")
    elif staff:
        q = engine.reach_q(p, Resource.OBJECTION, action, "case__")
    if Scope.SELF in scopes and action == Action.VIEW:
        # Your own objections only: a relative's objection is not the protectee's to read,
        # nor the other way round. Rows without an objector are the protectee's (older rows,
        # paper objections recorded by the team).
        own = own_person_ids(p)
        q |= Q(objector_person__in=own) | Q(objector_person__isnull=True, case__protectee__in=own)
    return q


def letter_q(user: Any, action: str = Action.VIEW) -> Q:
    """Decision rows whose letter the user may read (or, for `change`, whose text edit)."""
    from weerstand.decisions.models import Decision
    from weerstand.rights.models import Objection

    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.DECISION_LETTER, action)
    q = _NOTHING
    staff = _staff_scopes(scopes)
    if staff:
        visible = Decision.objects.visible_to(p, Action.VIEW).values("pk")
        q = Q(pk__in=visible) & engine.reach_q(p, Resource.DECISION_LETTER, action, "case__")
    if action == Action.VIEW:
        if Scope.SELF in scopes:
            q |= Q(case__protectee__in=own_person_ids(p), status__in=PERSON_LETTER_STATUSES)
        # Staff who see an objection (the appeal body) read the letter objected to; a
        # relative's own objection never opens the protectee's letter to them.
        if _staff_scopes(scopes_for(p.roles, Resource.OBJECTION, Action.VIEW)):
            objected = Objection.objects.visible_to(p, Action.VIEW).values("decision_id")
            q |= Q(pk__in=objected, status__in=LETTER_STATUSES)
    return q


def _letter_text_q(user: Any, action: str) -> Q:
    from weerstand.decisions.models import Decision

    p = engine.principal(user)
    inner = letter_q(p, action)
    return Q(decision__in=Decision._default_manager.filter(inner).values("pk"))


def _framework_q(user: Any, action: str) -> Q:
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    manages = Scope.ALL in scopes_for(p.roles, Resource.RIGHTS_FRAMEWORK, Action.CHANGE)
    if action == Action.CHANGE:
        return Q() if manages else _NOTHING
    if manages:
        return Q()
    if scopes_for(p.roles, Resource.RIGHTS_FRAMEWORK, Action.VIEW):
        return Q(effective_from__lte=timezone.localdate())
    return _NOTHING


def _acknowledgement_q(user: Any, action: str) -> Q:
    """Your own acknowledgements; others' only for persons you may see (a relation needs
    both ends), and only with a grant on the framework itself."""
    from weerstand.registry.models import Person

    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    q = Q(user=p.pk)
    if scopes_for(p.roles, Resource.RIGHTS_FRAMEWORK, Action.VIEW) and scopes_for(
        p.roles, Resource.PERSON, Action.VIEW
    ):
        q |= Q(person__in=Person.objects.visible_to(p, Action.VIEW).values("pk"))
    return q


def addressed_letter_q(user: Any, action: str = Action.VIEW) -> Q:
    """Letters addressed to persons concerned: the addressee (self scope: the portal account's
    own registry person, once the decision is taken) and whoever may read the decision's
    letter in the case team (the letter grant reaching the case AND the decision visible).
    Nobody changes a letter; reading it is recorded by the service, for the addressee only."""
    from weerstand.decisions.models import Decision

    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.DECISION_LETTER, Action.VIEW)
    q = _NOTHING
    staff = _staff_scopes(scopes)
    if staff:
        visible = Decision.objects.visible_to(p, Action.VIEW).values("pk")
        q = Q(decision__in=visible) & engine.reach_q(
            p, Resource.DECISION_LETTER, Action.VIEW, "case__"
        )
    if Scope.SELF in scopes:
        q |= Q(person__in=own_person_ids(p), decision__status__in=LETTER_STATUSES)
    return q


def _employer_measure_q(user: Any, action: str) -> Q:
    """The case team (team scope through the case); inspectors (all, compartments bind); the
    employer contact the measure is addressed to (self scope: view and confirm), never a
    cancelled one."""
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.EMPLOYER_MEASURE, action)
    q = _NOTHING
    if _staff_scopes(scopes):
        q = engine.reach_q(p, Resource.EMPLOYER_MEASURE, action, "case__")
    if Scope.SELF in scopes:
        q |= Q(contact__in=own_person_ids(p)) & ~Q(status="cancelled")
    return q


RULES = (
    RowRule("objection", _objection_q, ("rights.objection",)),
    RowRule("addressed_letter", addressed_letter_q, ("rights.addressedletter",)),
    RowRule("employer_measure", _employer_measure_q, ("rights.employermeasure",)),
    RowRule("decision_letter", letter_q, ()),
    RowRule("letter_text", _letter_text_q, ("rights.lettertext",)),
    RowRule("rights_framework", _framework_q, ("rights.frameworkversion",)),
    RowRule("framework_acknowledgement", _acknowledgement_q, ("rights.frameworkacknowledgement",)),
)


# --- reaching a letter --------------------------------------------------------------------


def letter_decisions(user: Any, action: str = Action.VIEW) -> QuerySet:
    """Decisions whose letter the user may read: the one way to reach a letter."""
    from weerstand.decisions.models import Decision

    return Decision._default_manager.filter(letter_q(user, action))


def get_letter_decision(user: Any, decision_id: int, action: str = Action.VIEW) -> Any:
    """One decision whose letter the user may read; 404 for absent and forbidden alike."""
    decision = (
        letter_decisions(user, action)
        .select_related("case", "decided_by", "approved_by")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404("Niet gevonden")
    return decision


# --- action checks ---------------------------------------------------------------------------


def receives_own_letters(user: Any) -> bool:
    """The protectee reads the letters of their own decisions (self scope) in the portal."""
    return Scope.SELF in scopes_for(user.role_codes, Resource.DECISION_LETTER, Action.VIEW)


def may_edit_letter(user: Any, decision: Any) -> bool:
    """The shareable text of a letter: the decision-makers of the case team (letter change)."""
    return letter_decisions(user, Action.CHANGE).filter(pk=decision.pk).exists()


def may_manage_framework(user: Any) -> bool:
    """New versions of the framework of rights and obligations (the authority, `all`)."""
    return Scope.ALL in scopes_for(user.role_codes, Resource.RIGHTS_FRAMEWORK, Action.CHANGE)


def may_acknowledge_framework(user: Any) -> bool:
    """Only the person themselves, a relative or the employer (a portal account with a
    registry person) says 'Ik heb dit gelezen'."""
    return bool(getattr(user, "person_id", None))


def may_lodge_objections(user: Any) -> bool:
    """Whether the user may register any objection at all (own, or on paper)."""
    return bool(scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE))


def records_paper_objections(user: Any) -> bool:
    """Case-team members record an objection received on paper (team scope)."""
    return Scope.TEAM in scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE)


def interested_party(user: Any, decision: Any) -> bool:
    """A relative or employer contact to whom this decision's letter was addressed as an
    interested party (measures at their home or work, or obligations on them: Awb 1:2)."""
    from weerstand.rights.models import AddressedLetter, LetterKind

    person_id = getattr(user, "person_id", None)
    if not person_id:
        return False
    return (
        AddressedLetter.objects.filter(decision=decision.pk, person=person_id, may_object=True)
        .exclude(kind=LetterKind.PROTECTEE)
        .exists()
    )


def may_object(user: Any, decision: Any) -> bool:
    """Offer the objection form: the protectee against their own decision, a relative or
    employer who is an interested party, a case-team member on paper. The service asks
    `objection_channel` again, with the reach of the case."""
    scopes = scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE)
    own = decision.case.protectee_id == getattr(user, "person_id", None)
    if Scope.SELF in scopes and (own or interested_party(user, decision)):
        return True
    return bool(_staff_scopes(scopes))


def get_objection_decision(user: Any, decision_id: int) -> Any:
    """The decision an objection is lodged against: one whose letter the user may read, or
    (a relative, an employer) one whose letter was addressed to them as an interested party.
    404 for absent and forbidden alike."""
    from weerstand.rights.models import AddressedLetter, LetterKind

    person_id = getattr(user, "person_id", None)
    if person_id and Scope.SELF in scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE):
        letter = (
            AddressedLetter.objects.visible_to(user)
            .filter(decision=decision_id, person=person_id, may_object=True)
            .exclude(kind=LetterKind.PROTECTEE)
            .select_related("decision", "decision__case")
            .first()
        )
        if letter is not None:
            return letter.decision
    return get_letter_decision(user, decision_id)


def objection_channel(user: Any, decision: Any) -> str | None:
    """How this user lodges an objection against this decision: `portal` (the protectee,
    own letter), `paper` (a case-team member who reaches the case), or None (not at all)."""
    from weerstand.rights.models import ObjectionChannel

    scopes = scopes_for(user.role_codes, Resource.OBJECTION, Action.CREATE)
    if Scope.SELF in scopes and decision.case.protectee_id == user.person_id:
        return ObjectionChannel.PORTAL
    if Scope.SELF in scopes and interested_party(user, decision):
        return ObjectionChannel.PORTAL
    if _staff_scopes(scopes) and engine.reaches(
        user, decision.case_id, Resource.OBJECTION, Action.CREATE
    ):
        return ObjectionChannel.PAPER
    return None


def is_appeal_body(user: Any) -> bool:
    """The independent appeal body handles objections (objection change)."""
    return bool(scopes_for(user.role_codes, Resource.OBJECTION, Action.CHANGE))


def may_handle_objection(user: Any, objection: Any) -> bool:
    """Treat, extend or decide this objection: the appeal body, within its compartments."""
    return engine.can(user, Resource.OBJECTION, Action.CHANGE, objection)


def may_manage_employer_measures(user: Any, case: Any) -> bool:
    """Record and change the employer's expected measures: the case team's analysts."""
    return engine.reaches(user, case, Resource.EMPLOYER_MEASURE, Action.CREATE)


def may_confirm_employer_measure(user: Any, measure: Any) -> bool:
    """Only the employer contact it is addressed to confirms what was done."""
    person_id = getattr(user, "person_id", None)
    return (
        bool(person_id)
        and measure.contact_id == person_id
        and (Scope.SELF in scopes_for(user.role_codes, Resource.EMPLOYER_MEASURE, Action.CHANGE))
    )
