"""`core.references.next_reference`: one generator for every app's yearly reference."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from weerstand import testing as t
from weerstand.cases.models import Case
from weerstand.core.references import next_reference

pytestmark = pytest.mark.django_db


def test_numbers_count_up_per_prefix_and_year_zero_padded() -> None:
    year = timezone.now().year
    referrer = t.user("analyst")
    first, second = t.case(referrer), t.case(referrer)
    assert (first.reference, second.reference) == (f"WS-{year}-0001", f"WS-{year}-0002")
    with transaction.atomic():
        assert next_reference(Case, "WS", 4) == f"WS-{year}-0003"
        assert next_reference(Case, "WS", 6) == f"WS-{year}-000003"
        # Another prefix or another year starts again at 1.
        assert next_reference(Case, "XX", 4) == f"XX-{year}-0001"
        assert next_reference(Case, "WS", 4, year=year - 1) == f"WS-{year - 1}-0001"


def test_the_highest_number_counts_not_the_number_of_rows() -> None:
    year = timezone.now().year
    c = t.case(t.user("analyst"))
    Case.objects.filter(pk=c.pk).update(reference=f"WS-{year}-0041")
    with transaction.atomic():
        assert next_reference(Case, "WS", 4) == f"WS-{year}-0042"
