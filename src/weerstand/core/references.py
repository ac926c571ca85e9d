"""Readable, gap-free references per year (`WS-2026-0001`, `SIG-2026-00042`), one generator.

A reference is `<prefix>-<year>-<number>`, the number zero-padded to `width` digits and counted
from 1 each year. Numbering is serialised with a named transaction lock (`core.locks`), so two
concurrent writers never get the same number; the caller must be inside the transaction that
also saves the row, or the lock is released before the row exists.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from weerstand.core.locks import serialise


def next_reference(
    model: type[models.Model],
    prefix: str,
    width: int,
    *,
    year: int | None = None,
    field: str = "reference",
) -> str:
    """The next free reference of `model` for `year` (default: the current year, UTC).

    Call it inside the transaction that creates the row::

        with transaction.atomic():
            signal = Signal.objects.create(
                reference=next_reference(Signal, "SIG", 5, year=now.year), ...
            )

    The highest existing reference of the year is found by sorting `field` as text, which is
    correct because the number is zero-padded; a year that outgrows `width` keeps counting
    (`…-10000`) but then sorts wrongly, so choose `width` for the expected yearly volume.
    """
    serialise(f"{model._meta.label_lower}-{field}")
    start = f"{prefix}-{timezone.now().year if year is None else year}-"
    last = (
        model._default_manager.filter(**{f"{field}__startswith": start})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
    )
    number = int(str(last).rsplit("-", 1)[1]) + 1 if last else 1
    return f"{start}{number:0{width}d}"
