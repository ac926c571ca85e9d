"""Triage: explicit rules in a fixed order, stored with the case, confirmed or overridden."""

from __future__ import annotations

import pytest

from weerstand import testing as t
from weerstand.cases import triage
from weerstand.cases.models import CaseState, Domain
from weerstand.cases.services import transition_case, update_case

REASON = "Afweging in het triageoverleg"

# Each row makes the named rule the first that applies while later rules would apply too, so
# a reordering of RULES changes the outcome and fails here.
PRECEDENCE = [
    # limitative list beats a local phenomenon, low severity and self-resilience
    (("stalking", "low", True, True, True), "LIMITATIVE_LIST", Domain.NATIONAL),
    (("organised_crime", "critical", False, False, True), "LIMITATIVE_LIST", Domain.NATIONAL),
    # a local phenomenon beats a serious threat (and low severity, self-resilience)
    (("relational_violence", "critical", False, False, False), "LOCAL_PHENOMENON", Domain.LOCAL),
    (("honour_violence", "low", True, True, False), "LOCAL_PHENOMENON", Domain.LOCAL),
    (("other_local", "serious", False, False, False), "LOCAL_PHENOMENON", Domain.LOCAL),
    # below the threshold beats self-resilience
    (("terrorism", "elevated", True, True, False), "BELOW_THRESHOLD", Domain.LOCAL),
    (("state_actors", "low", False, False, False), "BELOW_THRESHOLD", Domain.LOCAL),
    # self-resilient only when person AND employer can resist
    (("radicalised_loner", "serious", True, True, False), "SELF_RESILIENT", Domain.LOCAL),
    (("organised_crime", "serious", True, False, False), "NATIONAL_SCOPE", Domain.NATIONAL),
    (("organised_crime", "critical", False, True, False), "NATIONAL_SCOPE", Domain.NATIONAL),
    (("terrorism", "serious", False, False, False), "NATIONAL_SCOPE", Domain.NATIONAL),
]


def test_the_rules_are_in_the_agreed_order() -> None:
    assert [r.code for r in triage.RULES] == [
        "LIMITATIVE_LIST",
        "LOCAL_PHENOMENON",
        "BELOW_THRESHOLD",
        "SELF_RESILIENT",
        "NATIONAL_SCOPE",
    ]
    assert all(triage.rule_by_code(r.code) is r for r in triage.RULES)
    assert triage.rule_by_code("NOPE") is None


@pytest.mark.parametrize(("inputs", "code", "domain"), PRECEDENCE)
def test_the_first_applicable_rule_decides(inputs: tuple, code: str, domain: str) -> None:
    rule = triage.recommend(triage.TriageInput(*inputs))
    assert (rule.code, rule.domain) == (code, domain)
    assert rule.text  # a reason a person can read


@pytest.mark.django_db
@pytest.mark.parametrize(("inputs", "code", "domain"), PRECEDENCE)
def test_the_case_stores_rule_code_and_recommendation(
    inputs: tuple, code: str, domain: str
) -> None:
    phenomenon, severity, person_resists, employer_resists, listed = inputs
    case = t.case(
        t.user("police_liaison"),
        phenomenon=phenomenon,
        severity=severity,
        person_can_resist=person_resists,
        employer_can_resist=employer_resists,
        on_limitative_list=listed,
    )
    case.refresh_from_db()
    assert (case.triage_rule, case.triage_recommendation) == (code, domain)
    assert case.domain == ""  # a recommendation, not yet a decision
    assert not case.triage_overridden


@pytest.mark.django_db
def test_start_triage_recomputes_after_the_referral_was_corrected() -> None:
    analyst = t.user("analyst")
    case = t.case(t.user("police_liaison"), severity="serious", team=(analyst,))
    assert case.triage_rule == "NATIONAL_SCOPE"
    update_case(analyst, case.pk, {"severity": "low"}, expected_version=case.version)
    transition_case(analyst, case.pk, "start_triage", reason=REASON)
    case.refresh_from_db()
    assert (case.triage_rule, case.triage_recommendation) == ("BELOW_THRESHOLD", Domain.LOCAL)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("phenomenon", "severity", "advice", "overridden"),
    [
        ("organised_crime", "serious", "national", False),  # follow the rule: national
        ("organised_crime", "serious", "local", True),  # deviate: local
        ("stalking", "serious", "local", False),  # follow the rule: local
        ("stalking", "critical", "national", True),  # advise to take a local phenomenon in
        ("terrorism", "low", "national", True),  # below threshold, advised in anyway
        ("organised_crime", "serious", "refuse", True),  # advise refusal
    ],
)
def test_the_advice_and_any_deviation_from_the_rule_are_recorded(
    phenomenon: str, severity: str, advice: str, overridden: bool
) -> None:
    analyst = t.user("analyst")
    case = t.case(
        t.user("police_liaison"), phenomenon=phenomenon, severity=severity, state=CaseState.TRIAGE
    )
    recommendation = case.triage_recommendation
    local_authority = t.org("municipality") if advice == "local" else None
    transition_case(
        analyst,
        case.pk,
        "advise_authority",
        reason=REASON,
        advice=advice,
        local_authority=local_authority,
    )
    case.refresh_from_db()
    assert case.state == CaseState.DESIGNATION
    assert case.triage_advice == advice
    assert case.domain == ""  # the authority's decision sets the domain
    assert case.triage_overridden is overridden
    assert case.triage_reason == REASON
    assert case.triage_recommendation == recommendation  # the rule's outcome itself is kept
