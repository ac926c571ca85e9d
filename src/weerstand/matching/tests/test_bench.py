"""The matching benchmark's code runs (at 200 x 100 selectors); its figures are measured by
`bench/bench_matching.py`, never in the test suite."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from weerstand.matching.models import Hit

BENCH = Path(__file__).resolve().parents[4] / "bench" / "bench_matching.py"


@cache
def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_matching", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_values_are_valid_selectors_and_distinct() -> None:
    from weerstand.matching.normalise import normalise

    bench = _bench()
    for kind in ("phone", "handle", "plate", "name_dob", "address"):
        canonical = {normalise(kind, bench.value(kind, n)) for n in range(0, 200_000, 97)}
        assert len(canonical) == len(range(0, 200_000, 97)), kind


@pytest.mark.django_db
def test_the_benchmark_runs_at_small_scale(settings: Any) -> None:
    _unlimited(settings)
    results = _bench().run(200, 100, overlaps=10, singles=5)
    assert results["full"]["hits"] == 10
    assert results["full"]["baseline_pairs"] == 10
    assert results["single"]["hits"] == 1  # every fifth registration is planted
    assert Hit._base_manager.count() == 11


def _unlimited(settings: Any) -> None:
    """As the benchmark's own configuration: one user builds the whole world in one hour."""
    settings.MATCHING_SELECTORS_PER_USER_HOUR = 10_000_000
    settings.MATCHING_SELECTORS_PER_INVESTIGATION_DAY = 10_000_000
    settings.MATCHING_BULK_THRESHOLD = 10_000_000
