"""The product rule against an independent oracle, over generated users and products.

The oracle below is written from the rule's prose (docs/access-policy.md), on plain Python
facts, without the engine or the grant table: when the two disagree, one of them is wrong.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from weerstand import testing as t
from weerstand.information.legal_bases import ensure_default_legal_bases
from weerstand.information.models import (
    Entity,
    EntityLink,
    ProductCase,
    ThreatProduct,
)
from weerstand.information.services import find_or_create_entity

pytestmark = pytest.mark.django_db

ANALYSIS = {"analyst", "senior_analyst"}
OPERATIONAL = {"police_liaison", "kmar_liaison", "lcc_coordinator", "unit_planner"}
# Role -> (reaches own organisation's products, reaches team cases, reaches intake)
REACH = {
    "analyst": (False, True, True),
    "senior_analyst": (False, True, True),
    "decision_maker": (False, True, False),
    "lcc_coordinator": (False, True, False),
    "police_liaison": (True, True, False),
    "kmar_liaison": (True, True, False),
    "intelligence_liaison": (True, True, False),
    "om_officer": (True, True, False),
    "information_coordinator": (True, True, False),
}


@dataclass
class CaseFacts:
    pk: int
    state: str
    classification: int
    restricted_members: set[int] | None  # None: no restricting compartment
    team: set[int] = field(default_factory=set)


@dataclass
class UserFacts:
    pk: int
    role: str
    org: int
    org_kind: str
    clearance: int


@dataclass
class ProductFacts:
    pk: int
    originator: int
    recipients: list[str]
    classification: int
    handling: str
    cases: list[CaseFacts]


def sees_case(u: UserFacts, c: CaseFacts) -> bool:
    """Case view as the cases rule states it (team; analysts also intake)."""
    if c.classification > u.clearance:
        return False
    if c.restricted_members is not None and u.pk not in c.restricted_members:
        return False
    if u.role == "inspector":
        return True
    return u.pk in c.team or (u.role in ANALYSIS and c.state in ("referral", "triage"))


def oracle(u: UserFacts, p: ProductFacts) -> bool:
    if u.role not in REACH and u.role != "inspector":
        return False
    if p.classification > u.clearance:
        return False
    if any(c.restricted_members is not None and u.pk not in c.restricted_members for c in p.cases):
        return False
    if u.role == "inspector":
        return True
    own = u.org == p.originator
    if not own and u.org_kind not in p.recipients:
        return False
    if p.handling == "analysis_only" and not (own or u.role in ANALYSIS):
        return False
    if p.handling == "orcon" and not (
        own or (u.role in ANALYSIS and any(u.pk in c.team for c in p.cases))
    ):
        return False
    if p.handling == "no_operational_use" and not own and u.role in OPERATIONAL:
        return False
    by_org, _by_team, by_intake = REACH[u.role]
    if by_org and own:
        return True
    if by_intake and not p.cases:
        return True
    for c in p.cases:
        if not sees_case(u, c):
            continue
        if u.pk in c.team or (by_intake and c.state in ("referral", "triage")):
            return True
    return False


def _scenario(seed: int, n_products: int) -> tuple[list, list, list]:
    rng = random.Random(seed)
    bases = ensure_default_legal_bases()
    orgs = {
        kind: t.org(kind, code=f"{kind}-{seed}")
        for kind in ("nctv", "police", "kmar", "aivd", "om", "municipality", "dji", "inspectorate")
    }
    role_kind = {
        "analyst": "nctv",
        "senior_analyst": "nctv",
        "decision_maker": "nctv",
        "lcc_coordinator": "nctv",
        "police_liaison": "police",
        "kmar_liaison": "kmar",
        "intelligence_liaison": "aivd",
        "om_officer": "om",
        "information_coordinator": "municipality",
        "inspector": "inspectorate",
        "mayor": "municipality",
        "unit_planner": "police",
    }
    users = []
    for role, kind in role_kind.items():
        for clearance in (1, 3):
            u = t.user(role, organisation=orgs[kind], clearance=clearance)
            users.append((u, UserFacts(u.pk, role, orgs[kind].pk, kind, clearance)))
    referrer = t.user("mayor", organisation=orgs["municipality"])
    cases = []
    for i in range(6):
        state = rng.choice(["referral", "triage", "assessment", "protection_active"])
        team = tuple(u for u, _ in users if rng.random() < 0.4)
        c = t.case(referrer, team=team, state=state, classification=rng.choice([0, 1, 2, 3]))
        members = None
        if i < 2:
            chosen = tuple(u for u, _ in users if rng.random() < 0.3)
            t.restrict(c, "crown_witness" if i == 0 else "shielded", members=chosen)
            members = {u.pk for u in chosen}
        cases.append((c, CaseFacts(c.pk, state, c.classification, members, {u.pk for u in team})))
    providers = {
        kind: [b for b in bases.values() if kind in b.provider_kinds]
        for kind in ("nctv", "police", "kmar", "aivd", "om", "municipality", "dji")
    }
    products = []
    for i in range(n_products):
        kind = rng.choice(sorted(providers))
        basis = rng.choice(providers[kind])
        linked = rng.sample(cases, rng.choice([0, 1, 1, 2, 3]))
        prod = ThreatProduct.objects.create(
            reference=f"T-{seed}-{i}",
            originator=orgs[kind],
            legal_basis=basis,
            classification=rng.choice([0, 1, 2, 3, 4]),
            handling=rng.choice(["none", "analysis_only", "orcon", "no_operational_use"]),
            title=f"Product {i}",
            reliability=rng.choice("ABCDEF"),
            credibility=rng.randint(1, 6),
        )
        for c, _ in linked:
            ProductCase.objects.create(product=prod, case=c)
        products.append(
            (
                prod,
                ProductFacts(
                    prod.pk,
                    orgs[kind].pk,
                    list(basis.recipient_kinds),
                    prod.classification,
                    prod.handling,
                    [f for _, f in linked],
                ),
            )
        )
    return users, cases, products


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_product_rule_matches_the_oracle(seed: int) -> None:
    users, _, products = _scenario(seed, 60)
    mismatches = []
    shown_any = 0
    for u, uf in users:
        visible = set(
            ThreatProduct.objects.visible_to(u)
            .filter(reference__startswith=f"T-{seed}-")
            .values_list("pk", flat=True)
        )
        for prod, pf in products:
            expected = oracle(uf, pf)
            shown_any += expected
            if (prod.pk in visible) != expected:
                mismatches.append((uf.role, uf.clearance, prod.reference, pf.handling, expected))
    assert not mismatches, mismatches[:10]
    assert shown_any > 20  # the scenario exercises visibility, not just denial


def test_crown_witness_link_hides_product_even_through_another_case() -> None:
    analyst = t.user("analyst")
    other = t.user("analyst")
    referrer = t.user("mayor")
    bases = ensure_default_legal_bases()
    open_case = t.case(referrer, team=(analyst, other), state="assessment")
    crown = t.case(referrer, team=(analyst, other), state="assessment")
    t.restrict(crown, "crown_witness", members=(analyst,))
    prod = ThreatProduct.objects.create(
        reference="CW-1",
        originator=t.org("police"),
        legal_basis=bases["wpg-19"],
        classification=1,
        title="Kroongetuige MARKER-CW",
        reliability="B",
        credibility=2,
    )
    ProductCase.objects.create(product=prod, case=open_case)
    ProductCase.objects.create(product=prod, case=crown)
    assert ThreatProduct.objects.visible_to(analyst).filter(pk=prod.pk).exists()
    assert not ThreatProduct.objects.visible_to(other).filter(pk=prod.pk).exists()
    inspector = t.user("inspector", clearance=4)
    assert not ThreatProduct.objects.visible_to(inspector).filter(pk=prod.pk).exists()
    # ... and an entity only mentioned there stays hidden too.
    entity = find_or_create_entity("phone", "06-11112222", analyst)
    EntityLink.objects.create(entity=entity, product=prod)
    assert Entity.objects.visible_to(analyst).filter(pk=entity.pk).exists()
    assert not Entity.objects.visible_to(other).filter(pk=entity.pk).exists()


def test_rule_needs_a_principal_and_denies_other_actions() -> None:
    from django.contrib.auth.models import AnonymousUser

    from weerstand.policy.engine import NoPrincipal

    with pytest.raises(NoPrincipal):
        list(ThreatProduct.objects.visible_to(AnonymousUser()))
    analyst = t.user("analyst")
    assert not ThreatProduct.objects.visible_to(analyst, "use").exists()
    for role in ("mayor", "protectee", "advisory_body", "system_admin", "unit_planner"):
        u = t.user(role)
        own = u.organisation
        assert own is not None  # t.user gives every user an organisation
        ThreatProduct.objects.create(
            reference=f"X-{role}",
            originator=own,
            legal_basis=ensure_default_legal_bases()["nctv-taak"],
            title="x",
            reliability="A",
            credibility=1,
        )
        assert not ThreatProduct.objects.visible_to(u).exists()


def test_every_combination_of_handling_and_origin_for_one_team() -> None:
    """A small exhaustive table: handling x originator for team members of each role."""
    bases = ensure_default_legal_bases()
    police, aivd = t.org("police"), t.org("aivd")
    roles = ["analyst", "decision_maker", "police_liaison", "kmar_liaison", "om_officer"]
    members = {r: t.user(r, organisation=police if r == "police_liaison" else None) for r in roles}
    c = t.case(t.user("mayor"), team=tuple(members.values()), state="assessment")
    expected = {
        # (originator, basis, handling): roles that see it
        ("police", "wpg-19", "none"): set(roles),
        ("police", "wpg-19", "analysis_only"): {"analyst", "police_liaison"},
        ("police", "wpg-19", "orcon"): {"analyst", "police_liaison"},
        ("police", "wpg-19", "no_operational_use"): {
            "analyst",
            "decision_maker",
            "police_liaison",
            "om_officer",
        },
        ("aivd", "wiv-64", "none"): {"analyst", "decision_maker"},
        ("aivd", "wiv-66", "none"): {
            "analyst",
            "decision_maker",
            "police_liaison",
            "kmar_liaison",
            "om_officer",
        },
        ("aivd", "wiv-66", "no_operational_use"): {"analyst", "decision_maker", "om_officer"},
    }
    orgs = {"police": police, "aivd": aivd}
    for n, ((org, basis, handling), who) in enumerate(expected.items()):
        prod = ThreatProduct.objects.create(
            reference=f"H-{n}",
            originator=orgs[org],
            legal_basis=bases[basis],
            handling=handling,
            title="t",
            reliability="C",
            credibility=3,
        )
        ProductCase.objects.create(product=prod, case=c)
        for role, u in members.items():
            seen = ThreatProduct.objects.visible_to(u).filter(pk=prod.pk).exists()
            assert seen == (role in who), (org, basis, handling, role)
