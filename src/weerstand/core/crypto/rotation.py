"""Re-encrypting stored secrets under the newest field key, while the system keeps running.

Each value is rewritten with a guarded UPDATE (``WHERE pk = … AND col = <old ciphertext>``):
when a user saved the row in between, the guard matches nothing, the user's value stays, and
the row is looked at again in the next pass. Reads never stop working, because every
configured key version decrypts. Only ciphertext and counts are handled here; plaintext lives
in memory for one value at a time and is never logged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from weerstand.core.crypto import fields as crypto


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: crypto.EncryptedTextField

    @property
    def column(self) -> str:
        return self.field.column or self.field.name

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field.name}"


@dataclass
class RotationResult:
    target_version: int
    dry_run: bool
    passes: int = 0
    rotated: Counter[str] = field(default_factory=Counter)  # per column
    conflicts: int = 0  # guarded updates that lost against a concurrent edit (retried)
    failed: Counter[str] = field(default_factory=Counter)  # unreadable values per column
    remaining: Counter[str] = field(default_factory=Counter)  # old versions left (dry run: todo)
    by_version: Counter[int] = field(default_factory=Counter)  # old values found per version

    @property
    def total_rotated(self) -> int:
        return sum(self.rotated.values())

    @property
    def total_remaining(self) -> int:
        return sum(self.remaining.values())


def encrypted_columns() -> list[Column]:
    """Every EncryptedTextField stored in a table of its own model (no proxies, no parents)."""
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        for f in crypto.encrypted_fields(model):
            if f.model is model:  # inherited fields live in the parent's table
                out.append(Column(model, f))
    return out


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None  # every concrete model has one
    return pk.column


def _stale_rows(col: Column, batch_size: int) -> Iterator[list[tuple[Any, str]]]:
    """Batches of (pk, stored value) not under the current key, in pk order."""
    q = connection.ops.quote_name
    meta = col.model._meta
    table, pk, column = q(meta.db_table), q(_pk_column(col.model)), q(col.column)
    prefix = crypto.current_prefix()
    sql = (
        f"SELECT {pk}, {column} FROM {table} "  # noqa: S608 - identifiers quoted, values bound
        f"WHERE {column} IS NOT NULL AND {column} <> '' AND substr({column}, 1, %s) <> %s "
        f"{{after}} ORDER BY {pk} LIMIT %s"
    )
    last = None
    while True:
        with connection.cursor() as cur:
            if last is None:
                cur.execute(sql.format(after=""), [len(prefix), prefix, batch_size])
            else:
                cur.execute(
                    sql.format(after=f"AND {pk} > %s"), [len(prefix), prefix, last, batch_size]
                )
            rows = cur.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def rotate(*, batch_size: int = 500, dry_run: bool = False, max_passes: int = 5) -> RotationResult:
    """Bring every encrypted value to the current key version; see the module docstring."""
    result = RotationResult(target_version=crypto.current_version(), dry_run=dry_run)
    columns = encrypted_columns()
    q = connection.ops.quote_name
    for pass_no in range(1, max_passes + 1):
        result.passes = pass_no
        conflicts_this_pass = 0
        result.remaining.clear()
        for col in columns:
            meta = col.model._meta
            update = (
                f"UPDATE {q(meta.db_table)} SET {q(col.column)} = %s "  # noqa: S608
                f"WHERE {q(_pk_column(col.model))} = %s AND {q(col.column)} = %s"
            )
            for rows in _stale_rows(col, batch_size):
                if dry_run:
                    for _, stored in rows:
                        result.remaining[col.label] += 1
                        result.by_version[crypto.key_version(stored) or 0] += 1
                    continue
                with transaction.atomic(), connection.cursor() as cur:
                    for pk, stored in rows:
                        if pass_no == 1:
                            result.by_version[crypto.key_version(stored) or 0] += 1
                        try:
                            fresh = crypto.reencrypt(stored, col.field.aad)
                        except (crypto.DecryptionFailed, crypto.UnknownKeyVersion):
                            if pass_no == 1:
                                result.failed[col.label] += 1
                            result.remaining[col.label] += 1
                            continue
                        cur.execute(update, [fresh, pk, stored])
                        if cur.rowcount == 1:
                            result.rotated[col.label] += 1
                        else:
                            conflicts_this_pass += 1
                            result.remaining[col.label] += 1
        result.conflicts += conflicts_this_pass
        if dry_run or conflicts_this_pass == 0:
            break
    if not dry_run and result.conflicts:
        # Conflicting rows were re-read by the passes above; count what is still old.
        result.remaining = Counter({c.label: _count_stale(c) for c in columns})
        result.remaining = +result.remaining
    return result


def _count_stale(col: Column) -> int:
    return sum(len(rows) for rows in _stale_rows(col, 10_000))
