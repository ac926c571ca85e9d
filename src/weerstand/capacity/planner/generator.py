"""Seeded generator of national-scale planning problems (fictional data).

Real protection data may never leave production, yet the planner must be sized and tested at
national scale; this builds look-alike problems from a seed so that benchmarks and tests are
reproducible.  Structure: police units (ten regional units, DKDB, BSB, BE, persoonsbegeleiding),
KMar units (HRB, contingent persoonsbeveiliging binnenland) and a few private parties; security
assignments whose posts, shifts and qualifications follow the resistance level, and whose
priority follows resistance level first and threat level second.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .problem import (
    Demand,
    Employee,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
)

PERSONAL_PROTECTION = "personal_protection"
SECURE_DRIVING = "secure_driving"
HIGH_RISK = "high_risk"
FIREARMS = "firearms"
SURVEILLANCE = "surveillance"
QUALIFICATIONS = (PERSONAL_PROTECTION, SECURE_DRIVING, HIGH_RISK, FIREARMS, SURVEILLANCE)

REGIONS = ("nn", "on", "mn", "nh", "ams", "dh", "rdam", "zwb", "ob", "lb")
"""The ten regional police units (Noord-Nederland ... Limburg)."""

SHIFTS = (
    ShiftType("E", 480, start_minute=7 * 60),
    ShiftType("L", 480, start_minute=15 * 60),
    ShiftType("N", 480, start_minute=23 * 60, is_night=True),
)


@dataclass(frozen=True)
class _UnitKind:
    share: float
    organisation: str
    qualification_odds: dict[str, float]


_PP, _SD, _HR, _FA, _SV = QUALIFICATIONS
UNIT_KINDS: dict[str, _UnitKind] = {
    "pol-regional": _UnitKind(0.40, "politie", {_FA: 0.9, _SV: 0.8, _PP: 0.5, _SD: 0.3, _HR: 0.05}),
    "pol-dkdb": _UnitKind(0.12, "politie", {_FA: 1.0, _PP: 0.9, _SD: 0.5, _HR: 0.3, _SV: 0.5}),
    "pol-bsb": _UnitKind(0.08, "politie", {_FA: 1.0, _PP: 0.8, _HR: 0.7, _SD: 0.4, _SV: 0.3}),
    "pol-be": _UnitKind(0.10, "politie", {_FA: 0.9, _SV: 1.0, _PP: 0.2}),
    "pol-pb": _UnitKind(0.06, "politie", {_PP: 1.0, _SD: 0.7, _FA: 0.6}),
    "kmar-hrb": _UnitKind(0.08, "kmar", {_FA: 1.0, _HR: 0.8, _PP: 0.8, _SD: 0.5}),
    "kmar-cpbb": _UnitKind(0.12, "kmar", {_FA: 1.0, _PP: 0.9, _SV: 0.6, _SD: 0.4}),
    "private": _UnitKind(0.04, "particulier", {_SV: 1.0}),
}
PRIVATE_PARTIES = ("priv-a", "priv-b", "priv-c")


@dataclass(frozen=True)
class _Post:
    name: str
    count: int
    shifts: tuple[str, ...]
    qualifications: frozenset[str]
    units: tuple[str, ...]
    """Unit ids; ``region`` stands for the protectee's own regional unit."""
    weekdays_only: bool = False


POSTS_BY_LEVEL: dict[int, tuple[_Post, ...]] = {
    5: (
        _Post(
            "close",
            2,
            ("E", "L", "N"),
            frozenset({_PP, _HR, _FA}),
            ("pol-bsb", "kmar-hrb", "pol-dkdb"),
        ),
        _Post(
            "driver",
            1,
            ("E", "L", "N"),
            frozenset({_SD, _FA}),
            ("pol-bsb", "kmar-hrb", "pol-dkdb", "pol-pb"),
        ),
        _Post("object", 1, ("E", "L", "N"), frozenset({_SV}), ("region", "pol-be")),
    ),
    4: (
        _Post(
            "close",
            2,
            ("E", "L", "N"),
            frozenset({_PP, _FA}),
            ("pol-dkdb", "kmar-hrb", "kmar-cpbb", "region"),
        ),
        _Post(
            "driver", 1, ("E", "L"), frozenset({_SD}), ("pol-dkdb", "pol-pb", "kmar-cpbb", "region")
        ),
    ),
    3: (
        _Post(
            "close",
            1,
            ("E", "L"),
            frozenset({_PP, _FA}),
            ("region", "kmar-cpbb", "pol-pb", "pol-dkdb"),
        ),
        _Post("driver", 1, ("E",), frozenset({_SD}), ("region", "pol-pb", "kmar-cpbb")),
    ),
    2: (_Post("close", 1, ("E", "L"), frozenset({_PP}), ("region", "pol-pb", "kmar-cpbb")),),
    1: (
        _Post(
            "watch",
            1,
            ("E",),
            frozenset({_SV}),
            ("region", "pol-be", *PRIVATE_PARTIES),
            weekdays_only=True,
        ),
    ),
}
LEVEL_ODDS = (0.35, 0.30, 0.20, 0.10, 0.05)
"""Share of protectees per resistance level 1 (light) .. 5 (heaviest)."""


@dataclass(frozen=True)
class _Officer:
    unit: str
    organisation: str
    contract: int
    off: frozenset[int]
    prefs: tuple[ShiftPreference, ...]


@dataclass(frozen=True)
class NationalScale:
    """Size and randomness of a generated problem; the defaults are the national benchmark."""

    protectees: int = 300
    officers: int = 2000
    days: int = 28
    seed: int = 1
    start_weekday: int = 0
    leave_odds: float = 0.3
    """Chance that an officer has one block of leave (3-10 days) in the horizon."""
    training_every_days: int = 14
    """One training day per this many days per officer."""
    wish_odds: float = 0.25
    no_nights_odds: float = 0.1
    rules: Rules = field(default_factory=Rules.dutch_working_hours_act)


@dataclass(frozen=True)
class Protectee:
    """A security assignment as the generator made it (for reports and tests)."""

    id: str
    region: str
    resistance_level: int
    threat_level: int
    priority: int


@dataclass(frozen=True)
class GeneratedInstance:
    problem: Problem
    protectees: tuple[Protectee, ...]


def priority_for(resistance_level: int, threat_level: int) -> int:
    """Resistance level first, threat level as tie-break: 1 (level 1/1) .. 25 (level 5/5)."""
    return 5 * (resistance_level - 1) + threat_level


def _units() -> dict[str, tuple[str, _UnitKind]]:
    units: dict[str, tuple[str, _UnitKind]] = {}
    for kind_name, kind in UNIT_KINDS.items():
        if kind_name == "pol-regional":
            for region in REGIONS:
                units[f"pol-{region}"] = (kind.organisation, kind)
        elif kind_name == "private":
            for party in PRIVATE_PARTIES:
                units[party] = (kind.organisation, kind)
        else:
            units[kind_name] = (kind.organisation, kind)
    return units


def _unit_shares() -> dict[str, float]:
    shares: dict[str, float] = {}
    for kind_name, kind in UNIT_KINDS.items():
        if kind_name == "pol-regional":
            shares.update({f"pol-{r}": kind.share / len(REGIONS) for r in REGIONS})
        elif kind_name == "private":
            shares.update({p: kind.share / len(PRIVATE_PARTIES) for p in PRIVATE_PARTIES})
        else:
            shares[kind_name] = kind.share
    return shares


def generate_national(scale: NationalScale | None = None) -> GeneratedInstance:
    """Build a reproducible national planning problem; same scale and seed, same problem."""
    sc = scale or NationalScale()
    rng = random.Random(sc.seed)
    days = sc.days
    units = _units()
    shares = _unit_shares()

    # officers: unit by share (largest remainder so small sizes still get every unit)
    raw = {u: shares[u] * sc.officers for u in units}
    counts = {u: math.floor(v) for u, v in raw.items()}
    for u in sorted(raw, key=lambda u: raw[u] - counts[u], reverse=True)[
        : sc.officers - sum(counts.values())
    ]:
        counts[u] += 1
    weeks = days / 7
    weekends = len(
        {(sc.start_weekday + d) // 7 for d in range(days) if (sc.start_weekday + d) % 7 >= 5}
    )
    officers: list[_Officer] = []
    quals_of: list[set[str]] = []
    by_unit: dict[str, list[int]] = {}
    for unit, count in counts.items():
        organisation, kind = units[unit]
        for _ in range(count):
            quals = {q for q, odds in kind.qualification_odds.items() if rng.random() < odds}
            if not quals:
                quals = {max(kind.qualification_odds, key=lambda q: kind.qualification_odds[q])}
            off: set[int] = set()
            if rng.random() < sc.leave_odds:
                length = rng.randint(3, 10)
                start = rng.randrange(max(1, days - length + 1))
                off.update(range(start, min(days, start + length)))
            for _ in range(max(0, round(days / sc.training_every_days))):
                off.add(rng.randrange(days))
            weekly = rng.choices((36 * 60, 32 * 60, 24 * 60), weights=(80, 15, 5))[0]
            contract = round(weekly * weeks * (days - len(off)) / days)
            prefs: list[ShiftPreference] = []
            if rng.random() < sc.wish_odds:
                for day in rng.sample(range(days), k=min(days, rng.randint(1, 3))):
                    prefs.append(ShiftPreference(day, None, False, rng.randint(1, 3)))
            if rng.random() < sc.no_nights_odds:
                prefs.extend(ShiftPreference(d, "N", False, 1) for d in range(days))
            by_unit.setdefault(unit, []).append(len(officers))
            quals_of.append(quals)
            officers.append(_Officer(unit, organisation, contract, frozenset(off), tuple(prefs)))

    # protectees and their posts
    protectees: list[Protectee] = []
    demands: list[Demand] = []
    for i, level in enumerate(_levels(rng, sc.protectees)):
        threat = min(5, max(1, level + rng.randint(-1, 1)))
        region = rng.choice(REGIONS)
        prio = priority_for(level, threat)
        pid = f"P{i + 1:04d}"
        protectees.append(Protectee(pid, region, level, threat, prio))
        for post in POSTS_BY_LEVEL[level]:
            eligible = frozenset(f"pol-{region}" if u == "region" else u for u in post.units)
            _ensure_staffable(rng, post.qualifications, eligible, by_unit, quals_of)
            for d in range(days):
                if post.weekdays_only and (sc.start_weekday + d) % 7 >= 5:
                    continue
                for shift in post.shifts:
                    demands.append(
                        Demand(
                            day=d,
                            shift=shift,
                            post=f"{pid}-{post.name}",
                            required=post.count,
                            qualifications=post.qualifications,
                            eligible_units=eligible,
                            priority=prio,
                            under_weight=10,
                            over_weight=1,
                        )
                    )
    employees = tuple(
        Employee(
            id=f"O{n + 1:05d}",
            qualifications=frozenset(quals_of[n]),
            unit=o.unit,
            organisation=o.organisation,
            contract_minutes=o.contract,
            max_total_minutes=round(o.contract * 1.3),
            max_consecutive_shifts=6,
            max_weekends=max(1, math.ceil(weekends / 2)),
            unavailable_days=o.off,
            preferences=o.prefs,
        )
        for n, o in enumerate(officers)
    )
    problem = Problem(
        num_days=days,
        shift_types=SHIFTS,
        employees=employees,
        demands=tuple(demands),
        start_weekday=sc.start_weekday,
        rules=sc.rules,
        objective=ObjectiveConfig(tiered=True),
        name=f"national-{sc.protectees}p-{sc.officers}o-{days}d-seed{sc.seed}",
    )
    return GeneratedInstance(problem, tuple(protectees))


def _levels(rng: random.Random, count: int) -> list[int]:
    """Resistance levels in the fixed proportions, shuffled: small problems keep the mix."""
    raw = [share * count for share in LEVEL_ODDS]
    quota = [math.floor(v) for v in raw]
    for i in sorted(range(5), key=lambda i: raw[i] - quota[i], reverse=True)[: count - sum(quota)]:
        quota[i] += 1
    levels = [level for level, n in zip((1, 2, 3, 4, 5), quota, strict=True) for _ in range(n)]
    rng.shuffle(levels)
    return levels


def _ensure_staffable(
    rng: random.Random,
    qualifications: frozenset[str],
    eligible: frozenset[str],
    by_unit: dict[str, list[int]],
    quals_of: list[set[str]],
) -> None:
    """Small generated problems must stay plannable: train one officer if nobody qualifies."""
    pool = [n for unit in sorted(eligible) for n in by_unit.get(unit, [])]
    if not pool or any(qualifications <= quals_of[n] for n in pool):
        return
    quals_of[rng.choice(pool)].update(qualifications)
