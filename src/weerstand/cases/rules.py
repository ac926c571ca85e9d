"""The cases app's rules: which case rows a user reaches, and may this actor do this action.

Row rules (registered with the policy engine through the app's AppConfig):

- a case: the kernel's case reach (`policy.engine.case_q`: team, intake, owner, all; clearance
  and restricting compartments always);
- a case-person link: visible only when the case and the person are both visible;
- a timeline entry: visible exactly when its case is;
- a hand-over to the local domain: the case team (and inspectors) through the case, and the
  receiving organisation (`organisation` scope: its mayor or OM officers), who see only the
  allow-listed fields and are the only ones who answer it.

Action checks are asked by `cases.services` first (which refuses), and by views, API and
panels only to decide what to offer; a check lives here once and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.organisations.models import OrganisationKind
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING, ROW_ACTIONS
from weerstand.policy.models import MemberFunction
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.registry.rules import visible_person_ids

# Which roles may hold which function on a case team. Nobody else is ever added: not the
# mayor (informed through notifications), not the inspectorate (it reads everything within
# clearance anyway), not portal users, administrators or the advisory body.
F = MemberFunction
TEAM_FUNCTIONS: dict[str, tuple[Role, ...]] = {
    F.OWNER: (Role.ANALYST, Role.SENIOR_ANALYST),
    F.ANALYST: (Role.ANALYST, Role.SENIOR_ANALYST),
    F.CHALLENGER: (Role.ANALYST, Role.SENIOR_ANALYST),
    F.SENIOR_ANALYST: (Role.SENIOR_ANALYST,),
    F.DECISION_MAKER: (Role.DECISION_MAKER,),
    F.COORDINATOR: (Role.LCC_COORDINATOR,),
    F.LIAISON: (Role.POLICE_LIAISON, Role.KMAR_LIAISON, Role.INTELLIGENCE_LIAISON),
    F.PLANNER: (Role.UNIT_PLANNER,),
    F.RESILIENCE_EXPERT: (Role.RESILIENCE_EXPERT,),
    F.INFORMATION_COORDINATOR: (Role.INFORMATION_COORDINATOR,),
    F.PROSECUTOR: (Role.OM_OFFICER,),
}

# Who may register the take-over of a running protection from the OM: the OM itself hands
# over, and the NCTV's analysts take in. A mayor or a police liaison refers, never transfers.
OM_TRANSFER_ROLES = (Role.OM_OFFICER, Role.ANALYST, Role.SENIOR_ANALYST)


def _case_person_q(user: Any, action: str) -> Q:
    """The relation is visible only when the case and the person are both visible."""
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS or not scopes_for(p.roles, Resource.PERSON, action):
        return NOTHING
    return engine.case_q(p, action, prefix="case__") & Q(person__in=visible_person_ids(p, action))


def _case_event_q(user: Any, action: str) -> Q:
    """Timeline entries are case content: visible exactly when the case is."""
    return (
        engine.case_q(user, action, prefix="case__") if Action(action) == Action.VIEW else NOTHING
    )


_CASE_SCOPES = frozenset({Scope.ALL, Scope.TEAM, Scope.INTAKE, Scope.OWNER})


def _local_handover_q(user: Any, action: str) -> Q:
    """Through the case for the case team and inspectors (within clearance and restricting
    compartments); the receiving organisation reaches its own hand-overs, which by
    construction carry nothing but the allow-listed fields for it."""
    p = engine.principal(user)
    action = Action(action)
    if action not in ROW_ACTIONS:
        return NOTHING
    scopes = scopes_for(p.roles, Resource.LOCAL_HANDOVER, action)
    q = NOTHING
    if scopes & _CASE_SCOPES:
        q |= engine.reach_q(p, Resource.LOCAL_HANDOVER, action, "case__")
    if Scope.ORGANISATION in scopes and p.organisation_id is not None:
        q |= Q(authority=p.organisation_id)
    return q


def _classification_change_q(user: Any, action: str) -> Q:
    """Requests to lower a case's classification are case content: visible exactly when the
    case is; nobody changes them except through `cases.classification`."""
    return (
        engine.case_q(user, action, prefix="case__") if Action(action) == Action.VIEW else NOTHING
    )


RULES = (
    RowRule("case", engine.case_q, ("cases.case",)),
    RowRule(
        "case_classification_change",
        _classification_change_q,
        ("cases.classificationchange",),
    ),
    RowRule("case_person", _case_person_q, ("cases.caseperson",)),
    RowRule("case_event", _case_event_q, ("cases.caseevent",)),
    RowRule("local_handover", _local_handover_q, ("cases.localhandover",)),
)


# --- action checks ---------------------------------------------------------------------------


def may_refer(actor: Any) -> bool:
    """Register a new referral (any organisation that may signal a threat)."""
    return engine.can(actor, Resource.CASE, Action.CREATE)


def may_transfer_from_om(actor: Any) -> bool:
    """Register the take-over of a protection the OM is running (see OM_TRANSFER_ROLES)."""
    return may_refer(actor) and actor.has_role(*OM_TRANSFER_ROLES)


def is_team_owner(user: Any, case: Any) -> bool:
    from weerstand.policy.models import CompartmentMembership

    return CompartmentMembership.objects.filter(
        compartment=case.team_id, user=user.pk, function="owner"
    ).exists()


def is_team_member(user: Any, case: Any) -> bool:
    from weerstand.policy.models import CompartmentMembership

    return CompartmentMembership.objects.filter(compartment=case.team_id, user=user.pk).exists()


def visible_case_persons(user: Any, case: Any) -> models.QuerySet:
    """The persons of one case as the user may see them (CasePerson rows with `person`).

    Use this instead of `case.persons.all()`: the reverse relation is unfiltered, and a person
    can be visible while the case is not, or the other way round.
    """
    from weerstand.cases.models import CasePerson

    case_pk = getattr(case, "pk", case)
    return (
        engine.scope(CasePerson.objects.all(), user, Action.VIEW)
        .filter(case=case_pk)
        .select_related("person")
        .order_by("role", "person__last_name", "person__first_name", "pk")
    )


def works_intake(user: Any) -> bool:
    """The analysis function works the intake queue (cases in referral and triage)."""
    return Scope.INTAKE in scopes_for(user.role_codes, Resource.CASE, Action.VIEW)


# --- the case team ---------------------------------------------------------------------------


def may_manage_team(actor: Any, case: Any) -> bool:
    """The case owner grants and withdraws need-to-know on its case (and may change it)."""
    return is_team_owner(actor, case) and engine.can(actor, Resource.CASE, Action.CHANGE, case)


def functions_for(user: Any) -> list[str]:
    """The team functions this user's roles allow, in the table's order."""
    return [f for f, roles in TEAM_FUNCTIONS.items() if user.has_role(*roles)]


def default_function(user: Any) -> str | None:
    """The function a user gets when none is named: the first that is not ownership."""
    return next((f for f in functions_for(user) if f != F.OWNER), None)


def team_refusal(user: Any, case: Any, function: str) -> str | None:
    """Why `user` cannot hold `function` on this case's team, or None when they can.

    The same words serve the service (which refuses) and the pages (which explain).
    """
    if function not in TEAM_FUNCTIONS:
        return "Onbekende functie in het casusteam."
    if not user.is_active:
        return "Dit account is niet actief."
    if not user.has_role(*TEAM_FUNCTIONS[function]):
        return "De rol van deze persoon past niet bij die functie in het casusteam."
    if user.clearance < case.classification:
        return "Het screeningsniveau van deze persoon is lager dan de rubricering van de casus."
    if case.restricted_compartment_id and not _in_compartment(user, case.restricted_compartment_id):
        return (
            "Deze casus valt in een afgeschermd compartiment; alleen leden daarvan kunnen in "
            "het casusteam. De eigenaar van het compartiment voegt leden toe (met een tweede "
            "persoon van die kant)."
        )
    return None


def _in_compartment(user: Any, compartment_id: int) -> bool:
    from weerstand.policy.models import CompartmentMembership

    return CompartmentMembership.objects.filter(compartment=compartment_id, user=user.pk).exists()


# --- the case's classification --------------------------------------------------------------

# Besides the case owner, who decides on lowering a case's classification: a senior analyst
# in the case team. Never the person who asked (four eyes).
CLASSIFICATION_APPROVER_ROLES = (Role.SENIOR_ANALYST,)


def classification_request_refusal(actor: Any, case: Any) -> str | None:
    """Why `actor` may not ask to lower the case's classification; None when they may."""
    if not engine.can(actor, Resource.CASE, Action.CHANGE, case):
        return "U mag deze casus niet wijzigen."
    return None


def classification_approval_refusal(actor: Any, case: Any, change: Any) -> str | None:
    """Why `actor` may not approve or reject this request; None when they may.

    The same words serve the service (which refuses) and the pages (which decide what to
    offer)."""
    if not engine.can(actor, Resource.CASE, Action.CHANGE, case):
        return "U mag deze casus niet wijzigen."
    if change.requested_by_id == actor.pk:
        return (
            "Vier ogen: wie om de verlaging vraagt, beslist er niet zelf over; een tweede "
            "persoon van het casusteam beslist."
        )
    senior_member = actor.has_role(*CLASSIFICATION_APPROVER_ROLES) and is_team_member(actor, case)
    if not (is_team_owner(actor, case) or senior_member):
        return (
            "Alleen de eigenaar van de casus of een senior analist in het casusteam beslist "
            "over het verlagen van de rubricering."
        )
    return None


def may_decide_classification(actor: Any, case: Any, change: Any) -> bool:
    """For forms and buttons; the service checks again."""
    from weerstand.cases.models import ClassificationChangeStatus

    return (
        change.status == ClassificationChangeStatus.PENDING
        and classification_approval_refusal(actor, case, change) is None
    )


def may_change_persons(actor: Any, case: Any) -> bool:
    """Link and unlink persons concerned: the analysts of the case team (`person:change`)."""
    return engine.reaches(actor, case, Resource.PERSON, Action.CHANGE)


# --- the local domain ------------------------------------------------------------------------

# Who answers a hand-over for the receiving organisation: the mayor for a municipality, an
# officer of justice for an OM office (the chief prosecutor's office).
ANSWERING_ROLE: dict[str, Role] = {
    OrganisationKind.MUNICIPALITY: Role.MAYOR,
    OrganisationKind.OM: Role.OM_OFFICER,
}


def answers_for(user: Any, organisation: Any) -> bool:
    """`user` speaks for `organisation` as its local authority (mayor, OM officer)."""
    role = ANSWERING_ROLE.get(getattr(organisation, "kind", ""))
    return (
        role is not None
        and user.organisation_id == getattr(organisation, "pk", None)
        and user.has_role(role)
    )


def handover_answer_refusal(actor: Any, handover: Any) -> str | None:
    """Why `actor` may not accept or return this hand-over; None when they may."""
    if not answers_for(actor, handover.authority):
        return (
            "Alleen de burgemeester (gemeente) of de officier van justitie (OM-parket) aan wie "
            "de zaak is overgedragen, beantwoordt de overdracht."
        )
    return None


def may_answer_handover(actor: Any, handover: Any) -> bool:
    """For forms and buttons; the service checks again (and the row rule for change)."""
    from weerstand.cases.models import HandoverStatus

    return (
        handover.status == HandoverStatus.OFFERED
        and handover_answer_refusal(actor, handover) is None
        and engine.can(actor, Resource.LOCAL_HANDOVER, Action.CHANGE, handover)
    )


def handovers_in_full(user: Any, ids: Any) -> set[int]:
    """Of these hand-overs, those the user reaches through the case (team, inspectors): they
    see the whole record. Everyone else who sees one (the receiving organisation) sees only
    `HANDOVER_SHARED_FIELDS`."""
    from weerstand.cases.models import LocalHandover

    p = engine.principal(user)
    if not scopes_for(p.roles, Resource.LOCAL_HANDOVER, Action.VIEW) & _CASE_SCOPES:
        return set()
    return set(
        LocalHandover.objects.filter(pk__in=list(ids))
        .filter(engine.reach_q(p, Resource.LOCAL_HANDOVER, Action.VIEW, "case__"))
        .values_list("pk", flat=True)
    )
