"""Need-to-know for threat-information products, their attachments, links and entities.

A product is visible to a user only when ALL of these hold (docs/access-policy.md says the same):

1. clearance >= the product's classification;
2. the legal basis permits provision to the user's kind of organisation (`recipient_kinds`),
   unless the user's organisation is the originator;
3. the handling restriction admits the user (`HANDLING_RULES` below);
4. reach: the user's organisation is the originator and a role grants `organisation` scope, or
   at least one linked case is visible to the user within the product grant's scope
   (`team`, `intake`), or, with `intake` scope, the product is linked to no case at all (the
   analysts' intake of unassigned products); `all` (inspectors) reaches every product;
5. every linked case in a restricting compartment (crown witness, shielded investigation)
   requires membership: a product linked to such a case never shows to a non-member, even
   through another linked case, and even to its originator.

Inspectors (`all` scope) are not bound by 2 and 3: oversight covers every product within
clearance and compartments; their reads are always audited.

Every rule is a column test or an `IN (subquery)`, so rows never duplicate.

Below the row rules, the action checks (`may_*`): the services ask them first and refuse;
pages, panels and the API ask the same functions only to decide what to offer.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q

from weerstand.accounts.roles import Role
from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for
from weerstand.registry.rules import visible_person_ids

_NOTHING = Q(pk__in=[])
_ROW_ACTIONS = (Action.VIEW, Action.CHANGE)

# The NCTV's threat-analysis function.
ANALYSIS_ROLES = frozenset({Role.ANALYST.value, Role.SENIOR_ANALYST.value})
# Roles that act operationally on information (planning, securing): `no_operational_use`
# products are not for them.
OPERATIONAL_ROLES = frozenset(
    {
        Role.POLICE_LIAISON.value,
        Role.KMAR_LIAISON.value,
        Role.LCC_COORDINATOR.value,
        Role.UNIT_PLANNER.value,
    }
)

HANDLING_RULES = {
    "none": "no restriction beyond the other rules",
    "analysis_only": "only the analysis function (analyst, senior analyst) and the originator",
    "orcon": "the originator, and analysts who are in the team of a linked case",
    "no_operational_use": "not for operational roles (police/KMar liaison, LCC, planner), "
    "except at the originator",
}


def _organisation_kind(organisation_id: int | None) -> str | None:
    if organisation_id is None:
        return None
    from weerstand.organisations.models import Organisation

    return Organisation.objects.filter(pk=organisation_id).values_list("kind", flat=True).first()


def _permitted_legal_bases(kind: str | None) -> list[int]:
    """Ids of legal bases under which information may be provided to `kind` (small table)."""
    from weerstand.information.models import LegalBasis

    if kind is None:
        return []
    return [
        pk
        for pk, kinds in LegalBasis.objects.values_list("pk", "recipient_kinds")
        if isinstance(kinds, list) and kind in kinds
    ]


def _restricted_blocked(p: engine.Principal) -> Q:
    """Products linked to a restricting compartment the user is not a member of."""
    from weerstand.information.models import ProductCase

    links = ProductCase.objects.filter(case__restricted_compartment__isnull=False)
    if p.member_of:
        links = links.exclude(case__restricted_compartment__in=sorted(p.member_of))
    return Q(pk__in=links.values("product_id"))


def product_q(user: Any, action: str = Action.VIEW) -> Q:
    """Filter on ThreatProduct rows that `user` may do `action` on."""
    from weerstand.information.models import ProductCase

    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    scopes = scopes_for(p.roles, Resource.THREAT_PRODUCT, action)
    if not scopes:
        return _NOTHING
    own = Q(originator=p.organisation_id) if p.organisation_id is not None else _NOTHING

    # 4. reach
    if Scope.ALL in scopes:
        reach = Q()
    else:
        reach = _NOTHING
        if Scope.ORGANISATION in scopes:
            reach |= own
        if scopes - {Scope.ORGANISATION}:
            via_case = ProductCase.objects.filter(
                engine.reach_q(p, Resource.THREAT_PRODUCT, action, "case__")
            )
            reach |= Q(pk__in=via_case.values("product_id"))
        if Scope.INTAKE in scopes:
            # The analysts' intake: products not (yet) linked to any case.
            reach |= ~Q(pk__in=ProductCase.objects.values("product_id"))

    # 1. clearance, 5. restricting compartments
    rule = reach & Q(classification__lte=p.clearance) & ~_restricted_blocked(p)
    if Scope.ALL in scopes:
        return rule  # oversight: legal basis and handling do not bind inspectors

    # 2. legal basis
    rule &= own | Q(legal_basis__in=_permitted_legal_bases(_organisation_kind(p.organisation_id)))

    # 3. handling restriction
    handling = Q(handling="none") | own
    if p.roles & ANALYSIS_ROLES:
        handling |= Q(handling="analysis_only")
        team_links = ProductCase.objects.filter(case__team__in=sorted(p.member_of))
        handling |= Q(handling="orcon", pk__in=team_links.values("product_id"))
    if not p.roles & OPERATIONAL_ROLES:
        handling |= Q(handling="no_operational_use")
    return rule & handling


def _visible_product_ids(p: engine.Principal, action: Action = Action.VIEW) -> Any:
    from weerstand.information.models import ThreatProduct

    return ThreatProduct.objects.filter(product_q(p, action)).values("pk")


def attachment_q(user: Any, action: str = Action.VIEW) -> Q:
    """Attachments follow their product (view to read, change to add)."""
    p = engine.principal(user)
    action = Action(action)
    if action not in _ROW_ACTIONS:
        return _NOTHING
    return Q(product__in=_visible_product_ids(p, action))


def product_case_q(user: Any, action: str = Action.VIEW) -> Q:
    """A product-case link needs both ends visible: the case's existence is case content."""
    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    return Q(product__in=_visible_product_ids(p)) & engine.case_q(p, Action.VIEW, "case__")


def product_person_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    if Action(action) != Action.VIEW:
        return _NOTHING
    return Q(product__in=_visible_product_ids(p)) & Q(person__in=visible_person_ids(p, Action.VIEW))


def entity_link_q(user: Any, action: str = Action.VIEW) -> Q:
    p = engine.principal(user)
    if Action(action) != Action.VIEW or not scopes_for(p.roles, Resource.ENTITY, Action.VIEW):
        return _NOTHING
    return Q(product__in=_visible_product_ids(p))


def _signal_entity_ids(p: engine.Principal) -> Any | None:
    """Entity ids linked to a signal the user may see, once the signals app provides them."""
    try:
        signal_entity = apps.get_model("signals", "SignalEntity")
        signal = apps.get_model("signals", "Signal")
    except LookupError:
        return None
    try:
        visible = engine.scope(signal._default_manager.all(), p, Action.VIEW)
    except LookupError:  # the signals app has not registered its rule: nothing is visible
        return None
    return signal_entity._default_manager.filter(signal__in=visible.values("pk")).values(
        "entity_id"
    )


def entity_q(user: Any, action: str = Action.VIEW) -> Q:
    """An entity is visible iff at least one visible product or signal mentions it."""
    from weerstand.information.models import EntityLink

    p = engine.principal(user)
    if Action(action) != Action.VIEW or not scopes_for(p.roles, Resource.ENTITY, Action.VIEW):
        return _NOTHING
    links = EntityLink.objects.filter(product__in=_visible_product_ids(p))
    rule = Q(pk__in=links.values("entity_id"))
    via_signals = _signal_entity_ids(p)
    if via_signals is not None:
        rule |= Q(pk__in=via_signals)
    return rule


def advice_q(user: Any, action: str = Action.VIEW) -> Q:
    """Re-assessment advice is for those who assess the case: product readers who may change
    the case (the team's analysts); inspectors (`all`) read it within the case rules."""
    p = engine.principal(user)
    action = Action(action)
    product_scopes = scopes_for(p.roles, Resource.THREAT_PRODUCT, Action.VIEW)
    if not product_scopes or action not in _ROW_ACTIONS:
        return _NOTHING
    rule = engine.case_q(p, Action.CHANGE, "case__")
    if action == Action.VIEW and Scope.ALL in product_scopes:
        rule = engine.case_q(p, Action.VIEW, "case__")
    return rule


RULES = (
    RowRule("threat_product", product_q, ("information.threatproduct",)),
    RowRule("product_attachment", attachment_q, ("information.attachment",)),
    RowRule("product_case", product_case_q, ("information.productcase",)),
    RowRule("product_person", product_person_q, ("information.productperson",)),
    RowRule("entity", entity_q, ("information.entity",)),
    RowRule("entity_link", entity_link_q, ("information.entitylink",)),
    RowRule("reassessment_advice", advice_q, ("information.reassessmentadvice",)),
)


# --- action checks ---------------------------------------------------------------------------


def is_analysis_role(user: Any) -> bool:
    """Whether the user works in the threat-analysis function."""
    return bool(set(user.role_codes) & ANALYSIS_ROLES)


def may_provide(user: Any) -> bool:
    """Whether the user may deliver threat-information products at all."""
    return engine.can(user, Resource.THREAT_PRODUCT, Action.CREATE)


def may_provide_for_others(user: Any) -> bool:
    """Only a role with create scope `all` (analysts) records a product received outside the
    system on behalf of the partner that provided it."""
    return Scope.ALL in scopes_for(user.role_codes, Resource.THREAT_PRODUCT, Action.CREATE)


def may_provide_for(user: Any, originator: Any) -> bool:
    """Partners deliver as their own organisation; others' products need the `all` scope."""
    own = getattr(user, "organisation_id", None)
    if originator is None or (own is not None and originator.pk == own):
        return True
    return may_provide_for_others(user)


def may_change_product(user: Any, product: Any = None) -> bool:
    """New versions, withdrawal and attachments: the originating organisation only."""
    return engine.can(user, Resource.THREAT_PRODUCT, Action.CHANGE, product)


def may_link_to_case(user: Any, case: Any = None) -> bool:
    """Linking a product to a case needs change of the case (view of the product aside)."""
    return engine.can(user, Resource.CASE, Action.CHANGE, case)


def may_resolve_advice(user: Any, case: Any = None) -> bool:
    """Re-assessment advice is resolved by those who may change the case."""
    return engine.can(user, Resource.CASE, Action.CHANGE, case)


def sees_advice(user: Any) -> bool:
    """Those who assess (product readers who may change cases) get the advice panel."""
    return engine.can(user, Resource.THREAT_PRODUCT, Action.VIEW) and engine.can(
        user, Resource.CASE, Action.CHANGE
    )


# --- what threat information puts under a case -----------------------------------------------


def classification_floor(case: Any) -> int | None:
    """The highest classification of the threat products linked to the case (withdrawn ones
    too: what was once in the case file keeps its level). The case is never classified below
    it (`cases.selectors.classification_floor`).

    A system read, unscoped on purpose: only the level leaves this function, never a row.
    """
    from django.db.models import Max

    product = apps.get_model("information", "ThreatProduct")
    case_pk = getattr(case, "pk", case)
    found = product.objects.filter(case_links__case=case_pk).aggregate(top=Max("classification"))[
        "top"
    ]
    return None if found is None else int(found)
