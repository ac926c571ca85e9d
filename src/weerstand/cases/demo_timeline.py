"""When things happened on a demo case: the plan's steps placed in the past, and every timeline
entry put where it belongs among them.

Each case gets its schedule when it is opened (`schedule`): the referral and every step of its
plan (`demo_data.PLANS`) at a moment in the past, spaced as such steps are in practice and
during office hours, so that the case has been running for days or months. Every app's demo
step writes through the services, which stamp their entries with the real moment of seeding;
`settle` then moves the entries written since the last call into place: a step of the plan to
its scheduled moment, anything else (team changes, threat pictures, advice) between the entry
before it and the next scheduled step. Decisions of the authority take effect on the date of
the step they carry, so their dates and the timeline agree. The audit trail keeps the true
moment of seeding.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from weerstand.cases import demo_data as d
from weerstand.cases.models import Case, CaseEvent, CaseState

if TYPE_CHECKING:
    from weerstand.cases.demo import DemoCase
    from weerstand.core.demo.seed import World

# The timeline entry a plan step writes, where it is not the step's own name.
EVENT_OF: dict[str, str] = {"restrict": "restricted"}


def schedule(world: World, row: d.CaseRow, rng: random.Random) -> list[tuple[str, datetime]]:
    """The referral and every step of the row's plan, as (timeline entry, moment)."""
    kinds = ["referral", *(EVENT_OF.get(step, step) for step in d.PLANS[row.plan])]
    gaps = [0.0] + [rng.uniform(*d.GAP_HOURS[kind]) for kind in kinds[1:]]
    tail = rng.uniform(*(d.TODAY_TAIL_HOURS if row.today else d.TAIL_HOURS[row.plan]))
    at = world.now - timedelta(hours=sum(gaps) + tail)
    latest = world.now - timedelta(minutes=1)
    out: list[tuple[str, datetime]] = []
    previous: datetime | None = None
    for n, (kind, gap) in enumerate(zip(kinds, gaps, strict=True)):
        at = at + timedelta(hours=gap)
        placed = office_hours(at, rng)
        if placed > latest - timedelta(minutes=10) or (row.today and n == len(kinds) - 1):
            placed = at  # never move a step into the future, nor today's step to this morning
        if previous is not None and placed <= previous:
            placed = previous + timedelta(minutes=rng.randint(5, 45))
        placed = min(placed, latest)
        if previous is not None and placed < previous:
            placed = previous
        out.append((kind, placed))
        previous = placed
    return out


def office_hours(at: datetime, rng: random.Random) -> datetime:
    """The same day, during office hours: analysts and decision-makers work by day."""
    local = timezone.localtime(at)
    if 8 <= local.hour < 18:
        return at
    minutes = rng.randint(0, 9 * 60 + 30)
    return local.replace(hour=8 + minutes // 60, minute=minutes % 60, second=0, microsecond=0)


def settle(world: World, state: DemoCase) -> None:
    """Place the entries written on this case since the last call (see the module docstring).

    Entries stamped before the seed started are placed already; the others are walked in the
    order they were written, so a step of the plan only ever lands on its own moment.
    """
    events = list(CaseEvent.objects.filter(case=state.case.pk).order_by("pk"))
    rng = random.Random(f"{world.seed}:{state.case.reference}:{len(events)}")
    latest = world.now - timedelta(minutes=1)
    anchors = state.times
    step = 0
    previous = anchors[0][1]
    moved = []
    for event in events:
        on_plan = step < len(anchors) and event.kind == anchors[step][0]
        if event.at < world.now:
            previous = event.at
            step += on_plan
            continue
        if on_plan:
            at = max(anchors[step][1], previous)
            step += 1
        else:
            limit = anchors[step][1] if step < len(anchors) else latest
            at = _between(previous, limit, event.kind, rng)
        event.at = previous = at
        moved.append(event)
    CaseEvent.objects.bulk_update(moved, ["at"])


def _between(previous: datetime, limit: datetime, kind: str, rng: random.Random) -> datetime:
    """A moment after `previous` that leaves room before `limit` for what comes next, during
    office hours (that day or the next) where the room allows."""
    room = (limit - previous).total_seconds() / 3600
    if room <= 0:
        return previous
    gap = rng.uniform(*d.OTHER_GAP_HOURS.get(kind, d.OTHER_GAP_HOURS[""]))
    at = previous + timedelta(hours=min(gap, room / 2))
    placed = office_hours(at, rng)
    for candidate in (placed, placed + timedelta(days=1)):
        if previous < candidate < limit:
            return candidate
    return at


def when(state: DemoCase) -> datetime:
    """The scheduled moment of the plan's next step (`times[0]` is the referral)."""
    return state.times[state.done + 1][1]


def before(state: DemoCase) -> datetime:
    """The scheduled moment of the step before the plan's next one."""
    return state.times[state.done][1]


def date_the_cases(world: World) -> None:
    """Every entry in place; the case's own dates follow its timeline."""
    for state in world.cases:
        settle(world, state)
        events = list(CaseEvent.objects.filter(case=state.case.pk).order_by("at", "pk"))
        moves = [e for e in events if e.to_state]
        updates: dict[str, Any] = {
            "referred_at": events[0].at,
            "created_at": events[0].at,
            "updated_at": events[-1].at,
        }
        if moves and moves[-1].to_state == CaseState.ENDED:
            updates["ended_at"] = moves[-1].at
        Case.objects.filter(pk=state.case.pk).update(**updates)
