"""Property tests of the publication gate: over random configurations of the circle's
protection, the weighing, the review and the date, the gate refuses every incomplete one,
names exactly what is missing per person, and allows exactly the complete one. Both steps
that make the deal known (publish, statement in a case file) behave the same.

Each example builds its world inside a savepoint that is rolled back afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from weerstand.core.errors import GateClosed
from weerstand.crownwitness import publication, readiness
from weerstand.crownwitness.models import StatementDisclosure, Trajectory
from weerstand.crownwitness.tests.gate_builders import (
    Facts,
    PersonFacts,
    as_map,
    build,
    expected_missing,
)

# Biased towards true, so complete configurations are common enough to be drawn.
mostly = st.sampled_from([True, True, True, False])

person_facts = st.builds(
    PersonFacts,
    case=mostly,
    assessment=mostly,
    decision=mostly,
    assignments=st.lists(st.tuples(mostly, mostly), min_size=0, max_size=2),
)
configurations = st.builds(
    Facts,
    persons=st.lists(person_facts, min_size=1, max_size=3),
    programme_person=st.booleans(),
    status=st.sampled_from(["running", "running", "running", "considered"]),
    planned=st.sampled_from(["future", "future", "today", "past", "none"]),
    weighing=st.sampled_from(["continue", "continue", "continue", "stop", "none"]),
    review=st.sampled_from(
        ["positive", "positive", "positive", "negative", "none", "old-weighing"]
    ),
    late_person=st.sampled_from([False, False, False, True]),
)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _complete(facts: Facts, world: Any) -> bool:
    return not expected_missing(facts, world)


@pytest.mark.django_db
@SETTINGS
@given(facts=configurations)
def test_publish_allows_exactly_the_complete_configuration(facts: Facts) -> None:
    with transaction.atomic():
        world = build(facts)
        expected = expected_missing(facts, world)
        state = readiness.compute(world.trajectory)
        assert as_map(state.missing()) == expected
        assert state.ready is (not expected)
        if expected:
            with pytest.raises(GateClosed) as refused:
                publication.publish(world.setup.om, world.trajectory.pk, reason="Zitting begint")
            assert as_map(refused.value.missing) == expected
            assert Trajectory.objects.get(pk=world.trajectory.pk).status == facts.status
        else:
            done = publication.publish(world.setup.om, world.trajectory.pk, reason="Zitting begint")
            assert done.status == "published"
        transaction.set_rollback(True)


@pytest.mark.django_db
@SETTINGS
@given(facts=configurations)
def test_statement_in_case_file_passes_the_same_gate(facts: Facts) -> None:
    with transaction.atomic():
        world = build(facts)
        expected = expected_missing(facts, world)
        pk = world.trajectory.pk
        if expected:
            with pytest.raises(GateClosed) as refused:
                publication.record_statement_in_case_file(
                    world.setup.om, pk, reference="PV-2027-001", reason="Verklaring ingebracht"
                )
            assert as_map(refused.value.missing) == expected
            assert not StatementDisclosure.objects.filter(trajectory_id=pk).exists()
            assert Trajectory.objects.get(pk=pk).status == facts.status
        else:
            publication.record_statement_in_case_file(
                world.setup.om, pk, reference="PV-2027-001", reason="Verklaring ingebracht"
            )
            assert StatementDisclosure.objects.filter(trajectory_id=pk).count() == 1
            assert Trajectory.objects.get(pk=pk).status == "published"
        transaction.set_rollback(True)


# The named incomplete configurations of the issue, each once explicitly (besides the
# random ones above): every one of them is refused, and the complete one is allowed.
NAMED = {
    "complete": Facts(),
    "missing assessment": Facts(persons=[PersonFacts(assessment=False)]),
    "decision not in force": Facts(persons=[PersonFacts(), PersonFacts(decision=False)]),
    "assignment not acknowledged": Facts(
        persons=[PersonFacts(assignments=[(True, True), (False, True)])]
    ),
    "not staffed on the date": Facts(persons=[PersonFacts(assignments=[(True, False)])]),
    "review missing": Facts(review="none"),
    "review negative": Facts(review="negative"),
    "review of an older weighing": Facts(review="old-weighing"),
    "person added late": Facts(late_person=True),
    "no protection case": Facts(persons=[PersonFacts(case=False)], programme_person=True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(NAMED))
def test_named_configurations(name: str) -> None:
    facts = NAMED[name]
    world = build(facts)
    expected = expected_missing(facts, world)
    assert bool(expected) is (name != "complete")
    if expected:
        with pytest.raises(GateClosed) as refused:
            publication.publish(world.setup.om, world.trajectory.pk, reason="Zitting begint")
        assert as_map(refused.value.missing) == expected
    else:
        assert publication.publish(world.setup.om, world.trajectory.pk, reason="Zitting begint")
