"""Write the fictional demo world into an empty database.

The kernel only runs the seed: every app writes its own part as a `DemoStep` contributed
through its AppConfig (`core.extensions`), in order — organisations (10), users (20), the
registry (30), cases with their people up to the analysts' advice (40), portal logins (45),
the authority's admission decisions (46), then the apps' case work along the life cycle (100
and up), the timelines and break-glass (180) and the search index (900). Each step receives
the same `World`; a later step may go on with a case where an earlier one left it.

Deterministic: names, addresses and the case plan come from a fixed random seed and the
apps' plain demo tables, so two runs on empty databases give the same references,
codenames, people and timelines (only ciphertexts, primary keys and audit timestamps differ).
"""

from __future__ import annotations

import hashlib
import json
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from weerstand.core import context
from weerstand.core.extensions import DemoStep, demo_steps

SEED = 20230331  # date of the cabinet's response to the OvV report; any fixed number would do


class Writer(Protocol):
    """Where progress goes: a file, `sys.stdout` or a management command's `self.stdout`."""

    def write(self, text: str, /) -> Any: ...


class DatabaseNotEmpty(Exception):
    """The demo is written only into an empty database, never mixed with real data."""


@dataclass(eq=False)
class World:
    """What every demo step receives: the shared state of one seed, free of any domain.

    Steps fill it for the steps after them: `orgs` and `units` (by code), `users` (by
    username), `cases` (one entry per case: `.case`, `.row`, `.owner`, `.members`) and
    `portal_persons` (portal username -> registry person). `state` keeps what an app carries
    between its own steps; `summary` collects the counts the steps returned so far. Random
    streams derive from `seed`, so every app draws the same values on every run.
    """

    out: Writer | None = None
    seed: int = SEED
    now: datetime = field(default_factory=timezone.now)
    today: date = field(default_factory=timezone.localdate)
    orgs: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    cases: list[Any] = field(default_factory=list)
    portal_persons: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text + "\n")

    _say = say  # the name the apps' demo steps call


def is_empty() -> bool:
    """No organisations means nothing has been set up yet."""
    from weerstand.organisations.models import Organisation

    return not Organisation.objects.exists()


def seed(stdout: Writer | None = None) -> dict[str, Any]:
    """Seed an empty database with the demo world; returns counts and a fingerprint."""
    if not is_empty():
        raise DatabaseNotEmpty(
            "De database is niet leeg; demodata gaat alleen in een lege database."
        )
    started = time.perf_counter()
    steps = sorted([*demo_steps(), _LOADED_NOTE], key=lambda s: s.order)
    with (
        context.use(context.RequestContext(channel="cli")),
        transaction.atomic(),
        ExitStack() as around,
    ):
        for step in steps:
            if step.around is not None:
                around.enter_context(step.around())
        world = World(stdout)
        for step in steps:
            world.summary.update(step.seed(world) or {})
        summary = {**world.summary, "fingerprint": fingerprint()}
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if stdout is not None:
        stdout.write(
            f"Demodata geladen in {summary['seconds']:.1f} s: {summary.get('organisations', 0)} "
            f"organisaties, {summary.get('users', 0)} gebruikers, {summary.get('persons', 0)} "
            f"personen, {summary.get('cases', 0)} casussen.\n"
        )
    return summary


def fingerprint() -> str:
    """A hash over everything the seed decides, to prove two runs made the same world.

    Every demo step names its rows (`DemoStep.fingerprint`), leaving out what legitimately
    differs between runs: primary keys, ciphertexts and timestamps (the timelines are placed
    relative to the moment of seeding).
    """
    parts = [part for step in demo_steps() if step.fingerprint for part in step.fingerprint()]
    # Sorted in Python as well: ties in the ORM ordering must not depend on primary keys.
    canonical = [sorted(part, key=lambda row: json.dumps(row, default=str)) for part in parts]
    payload = json.dumps(canonical, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _note_loaded(world: World) -> None:
    """The kernel's own step: the audit trail says when fictional data came in."""
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction

    audit.record(
        AuditAction.ADMIN,
        object_type="core.demo",
        object_repr="fictieve demodata",
        changes={
            "cases": world.summary.get("cases", 0),
            "persons": world.summary.get("persons", 0),
        },
        reason="Demodata geladen met 'weerstand seed-demo'; alle personen zijn fictief.",
    )


# After the base world (organisations, users, people, cases: below 90), before the apps'
# case work (100 and up).
_LOADED_NOTE = DemoStep(90, _note_loaded)
