"""The registry of object types under retention.

An `ObjectType` tells the retention service, for one kind of object, which objects exist and
from which dates their retention is counted (`candidates`), which cases they belong to (a
hold on a case holds them), how to destroy or anonymise one (`destroy`/`anonymise`, inside
the caller's transaction), and which of them are about a registry person (`about_person`,
for access requests). Apps add types through `Contributions.retention_types` in their
`contribute()`; the retention app contributes the first ones itself (`builtin`).

A type's callables read with the base manager: this is system work on behalf of the law,
not a user's read, and nothing read here leaves the process except ids, codes and dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from weerstand.core import extensions as ext


class Blocked(Exception):
    """This object cannot go now (e.g. another record still relies on it); it is reported and
    tried again on the next run. The message is a code, never content."""


@dataclass(frozen=True)
class Candidate:
    object_id: int
    legal_basis: str  # a LegalBasis code, or "" when the type has none
    # Start dates per `CountedFrom` value; a missing or None date means "not yet running".
    dates: dict[str, date | None]
    case_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PersonReference:
    object_id: int
    reference: str  # a non-content label, e.g. "casus ZAAK-2026-0001"


@dataclass(frozen=True)
class AuditTrace:
    """Where an object shows up in the audit trail, read before it goes: records about these
    (model label, id) pairs, and records whose payload contains one of `terms` (e.g. a
    person's name). Their payloads are erased with the object (`audit.erase_payloads`)."""

    objects: tuple[tuple[str, str], ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ObjectType:
    code: str
    label: str
    candidates: Callable[[], Iterable[Candidate]] | None = None
    # `destroy` may return "anonymised" when it had to keep the row and erase its content.
    destroy: Callable[[int], str | None] | None = None
    anonymise: Callable[[int], str | None] | None = None
    about_person: Callable[[int], Iterable[PersonReference]] | None = None
    audit_trace: Callable[[int], AuditTrace] | None = None
    # The `CountedFrom` values this type can count from (others are refused in a rule).
    counts_from: tuple[str, ...] = field(default=())

    @property
    def governed(self) -> bool:
        return self.candidates is not None and (
            self.destroy is not None or self.anonymise is not None
        )


def all_types() -> dict[str, ObjectType]:
    return {t.code: t for t in ext.retention_types()}


def governed_types() -> dict[str, ObjectType]:
    return {code: t for code, t in all_types().items() if t.governed}
