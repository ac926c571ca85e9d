"""Two seeds of an empty database make the same world (a separate module: it seeds twice)."""

from __future__ import annotations

import pytest
from django.db import transaction

from weerstand.cases.models import Case
from weerstand.core.demo.seed import DatabaseNotEmpty, fingerprint, is_empty, seed


def _seed_and_describe() -> tuple[str, list[tuple[str, str, str, str]]]:
    sid = transaction.savepoint_create()
    try:
        assert is_empty()
        summary = seed()
        cases = list(
            Case.objects.order_by("reference").values_list(
                "reference", "codename", "state", "phenomenon"
            )
        )
        assert summary["fingerprint"] == fingerprint()
        with pytest.raises(DatabaseNotEmpty):
            seed()
        return summary["fingerprint"], cases
    finally:
        transaction.savepoint_rollback(sid)


@pytest.mark.once
@pytest.mark.django_db
def test_two_seeds_on_empty_databases_are_identical() -> None:
    first_print, first_cases = _seed_and_describe()
    second_print, second_cases = _seed_and_describe()
    assert first_cases == second_cases
    assert len({codename for _ref, codename, _s, _p in first_cases}) == len(first_cases)
    assert first_print == second_print
