"""The modules and experience operations keep the API contract (schemathesis, in-process):
as the resilience expert of the team, the protectee in the portal and an analyst outside the
team, on a small world with an assignment and an answered and an open invitation. No server
error, and every answer as the document describes it. Harness: `test_api_contract.fuzz`."""

from __future__ import annotations

import pytest

pytest.importorskip("schemathesis")

from test_api_contract import _report, _tokens, fuzz

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PATHS = (
    "/api/v1/modules",
    "/api/v1/modules/{id}",
    "/api/v1/module-assignments",
    "/api/v1/module-assignments/{id}",
    "/api/v1/module-assignments/{id}/progress",
    "/api/v1/experience-questionnaires",
    "/api/v1/experience-questionnaires/{id}",
    "/api/v1/experience-questionnaires/{id}/answers",
)


def _world() -> dict[str, str]:
    from weerstand import testing as t
    from weerstand.accounts.models import User
    from weerstand.cases.models import CasePerson
    from weerstand.experience.tests import builders as eb
    from weerstand.modules import services
    from weerstand.modules.tests.builders import version

    services.load_content()
    world = eb.started()
    link = CasePerson.objects.get(case=world.case, role="protectee")
    services.assign_module(world.expert, world.case.pk, link.pk, version().pk, note="Hoi")
    eb.stop(world)
    User.objects.filter(pk=world.expert.pk).update(username="expert-contract")
    User.objects.filter(pk=world.portal.pk).update(username="tbp-contract")
    t.user("analyst", username="analist-contract")
    return _tokens(("expert-contract", "tbp-contract", "analist-contract"))


def test_module_and_experience_operations_keep_their_contract() -> None:
    found = []
    for role, token in _world().items():
        violations, tried = fuzz(role, token, seconds=10, max_examples=5, only=PATHS)
        found += violations
        assert tried, f"nothing was fuzzed as {role}"
    assert not found, _report(found)
