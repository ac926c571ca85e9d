"""Reader and mapping for the Curtois & Qu shift scheduling benchmark (Nottingham, 2014).

The public instances let us compare the planner core against published optima, so the reader
is strict: malformed text raises :class:`InstanceFormatError` with the line number and what was
expected, instead of silently planning something else.

Format: sections ``SECTION_HORIZON``, ``SECTION_SHIFTS``, ``SECTION_STAFF``,
``SECTION_DAYS_OFF``, ``SECTION_SHIFT_ON_REQUESTS``, ``SECTION_SHIFT_OFF_REQUESTS`` and
``SECTION_COVER`` (in any order, each at most once; the first three are required), with
comma separated fields.  ``#`` lines are comments, blank lines, CRLF and trailing whitespace
are ignored.  Days are numbered from 0 and the horizon starts on a Monday.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InstanceFormatError
from .problem import (
    Demand,
    Employee,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
)

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
REQUIRED_SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF")
COVER_POST = "cover"
"""Post id of the single demand per (day, shift) in the generic mapping."""


@dataclass(frozen=True)
class CurtoisShift:
    id: str
    length: int
    forbidden_next: tuple[str, ...]
    """Shifts that cannot follow this shift on the next day."""


@dataclass(frozen=True)
class CurtoisStaff:
    id: str
    max_shifts: Mapping[str, int]
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class CurtoisRequest:
    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class CurtoisCover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass(frozen=True)
class CurtoisInstance:
    name: str
    horizon: int
    shifts: tuple[CurtoisShift, ...]
    staff: tuple[CurtoisStaff, ...]
    days_off: Mapping[str, frozenset[int]]
    on_requests: tuple[CurtoisRequest, ...]
    off_requests: tuple[CurtoisRequest, ...]
    cover: tuple[CurtoisCover, ...]


_Line = tuple[int, str]


def _int(text: str, line: int, what: str, minimum: int | None = 0) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise InstanceFormatError(
            f"expected an integer for {what}, got {text.strip()!r}", line
        ) from None
    if minimum is not None and value < minimum:
        raise InstanceFormatError(f"expected {what} >= {minimum}, got {value}", line)
    return value


def _fields(text: str, line: int, count: int, layout: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count:
        raise InstanceFormatError(
            f"expected {count} comma separated fields ({layout}), got {len(parts)}", line
        )
    return parts


def _split_sections(text: str) -> dict[str, tuple[int, list[_Line]]]:
    sections: dict[str, tuple[int, list[_Line]]] = {}
    current: list[_Line] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise InstanceFormatError(
                    f"unknown section {line!r}, expected one of {', '.join(SECTIONS)}", number
                )
            if line in sections:
                raise InstanceFormatError(f"section {line} appears twice", number)
            current = []
            sections[line] = (number, current)
            continue
        if current is None:
            raise InstanceFormatError(f"expected a SECTION_ header before data {line!r}", number)
        current.append((number, line))
    for name in REQUIRED_SECTIONS:
        if name not in sections:
            raise InstanceFormatError(f"missing required section {name}")
    return sections


def parse_curtois(text: str, name: str = "") -> CurtoisInstance:
    """Parse instance text; raises InstanceFormatError naming the offending line."""
    sections = _split_sections(text)

    header_line, horizon_lines = sections["SECTION_HORIZON"]
    if len(horizon_lines) != 1:
        where = horizon_lines[1][0] if len(horizon_lines) > 1 else header_line
        raise InstanceFormatError(
            "expected exactly one line with the horizon length in days", where
        )
    horizon = _int(horizon_lines[0][1], horizon_lines[0][0], "the horizon length", 1)

    shifts: list[CurtoisShift] = []
    shift_lines: dict[str, int] = {}
    for number, line in sections["SECTION_SHIFTS"][1]:
        sid, length, nexts = _fields(
            line, number, 3, "ShiftID, length in minutes, shifts that cannot follow | separated"
        )
        if not sid:
            raise InstanceFormatError("expected a shift id", number)
        if sid in shift_lines:
            raise InstanceFormatError(f"shift {sid!r} defined twice", number)
        forbidden = tuple(p.strip() for p in nexts.split("|") if p.strip())
        shifts.append(CurtoisShift(sid, _int(length, number, "the shift length", 1), forbidden))
        shift_lines[sid] = number
    if not shifts:
        raise InstanceFormatError("expected at least one shift", sections["SECTION_SHIFTS"][0])
    for shift in shifts:
        for other in shift.forbidden_next:
            if other not in shift_lines:
                raise InstanceFormatError(
                    f"shift {shift.id!r} lists unknown shift {other!r} that cannot follow it",
                    shift_lines[shift.id],
                )

    def known_shift(sid: str, number: int) -> str:
        if sid not in shift_lines:
            raise InstanceFormatError(
                f"expected a shift id from SECTION_SHIFTS, got {sid!r}", number
            )
        return sid

    staff: list[CurtoisStaff] = []
    staff_ids: set[str] = set()
    layout = (
        "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, "
        "MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends"
    )
    for number, line in sections["SECTION_STAFF"][1]:
        parts = _fields(line, number, 8, layout)
        sid = parts[0]
        if not sid:
            raise InstanceFormatError("expected a staff id", number)
        if sid in staff_ids:
            raise InstanceFormatError(f"staff {sid!r} defined twice", number)
        max_shifts: dict[str, int] = {}
        for pair in (p.strip() for p in parts[1].split("|")):
            if not pair:
                continue
            if pair.count("=") != 1:
                raise InstanceFormatError(
                    f"expected MaxShifts as ShiftID=Max pairs separated by |, got {pair!r}",
                    number,
                )
            shift_id, count = (x.strip() for x in pair.split("="))
            known_shift(shift_id, number)
            if shift_id in max_shifts:
                raise InstanceFormatError(f"MaxShifts lists shift {shift_id!r} twice", number)
            max_shifts[shift_id] = _int(count, number, f"MaxShifts of {shift_id!r}")
        ints = [
            _int(parts[i], number, what)
            for i, what in enumerate(
                (
                    "MaxTotalMinutes",
                    "MinTotalMinutes",
                    "MaxConsecutiveShifts",
                    "MinConsecutiveShifts",
                    "MinConsecutiveDaysOff",
                    "MaxWeekends",
                ),
                start=2,
            )
        ]
        staff.append(CurtoisStaff(sid, max_shifts, *ints))
        staff_ids.add(sid)
    if not staff:
        raise InstanceFormatError("expected at least one staff line", sections["SECTION_STAFF"][0])

    def known_staff(sid: str, number: int) -> str:
        if sid not in staff_ids:
            raise InstanceFormatError(
                f"expected a staff id from SECTION_STAFF, got {sid!r}", number
            )
        return sid

    def day(text: str, number: int) -> int:
        value = _int(text, number, "a day index")
        if value >= horizon:
            raise InstanceFormatError(
                f"expected a day index below the horizon {horizon}, got {value}", number
            )
        return value

    days_off: dict[str, set[int]] = {}
    for number, line in sections.get("SECTION_DAYS_OFF", (0, []))[1]:
        parts = [p.strip() for p in line.split(",")]
        sid = known_staff(parts[0], number)
        days_off.setdefault(sid, set()).update(day(p, number) for p in parts[1:] if p)

    def requests(section: str) -> tuple[CurtoisRequest, ...]:
        result = []
        for number, line in sections.get(section, (0, []))[1]:
            emp, d, sid, weight = _fields(line, number, 4, "EmployeeID, Day, ShiftID, Weight")
            result.append(
                CurtoisRequest(
                    known_staff(emp, number),
                    day(d, number),
                    known_shift(sid, number),
                    _int(weight, number, "the weight"),
                )
            )
        return tuple(result)

    cover: list[CurtoisCover] = []
    cover_seen: set[tuple[int, str]] = set()
    for number, line in sections.get("SECTION_COVER", (0, []))[1]:
        d, sid, req, under, over = _fields(
            line, number, 5, "Day, ShiftID, Requirement, Weight for under, Weight for over"
        )
        item = CurtoisCover(
            day(d, number),
            known_shift(sid, number),
            _int(req, number, "the requirement"),
            _int(under, number, "the under weight"),
            _int(over, number, "the over weight"),
        )
        if (item.day, item.shift) in cover_seen:
            raise InstanceFormatError(
                f"cover for day {item.day} shift {item.shift!r} given twice", number
            )
        cover_seen.add((item.day, item.shift))
        cover.append(item)

    return CurtoisInstance(
        name=name,
        horizon=horizon,
        shifts=tuple(shifts),
        staff=tuple(staff),
        days_off={sid: frozenset(days) for sid, days in days_off.items()},
        on_requests=requests("SECTION_SHIFT_ON_REQUESTS"),
        off_requests=requests("SECTION_SHIFT_OFF_REQUESTS"),
        cover=tuple(cover),
    )


def read_curtois(path: str | Path) -> CurtoisInstance:
    """Read an instance file; the file name (without suffix) becomes the instance name."""
    p = Path(path)
    return parse_curtois(p.read_text(encoding="utf-8-sig"), name=p.stem)


def curtois_to_problem(instance: CurtoisInstance) -> Problem:
    """Map onto the generic problem with exactly the Curtois rules and the flat objective.

    Each (day, shift) becomes one demand on post ``cover`` that every employee may staff; a
    missing cover line means nothing is required and nothing is penalised.
    """
    prefs: dict[str, list[ShiftPreference]] = {s.id: [] for s in instance.staff}
    for r in instance.on_requests:
        prefs[r.employee].append(ShiftPreference(r.day, r.shift, True, r.weight))
    for r in instance.off_requests:
        prefs[r.employee].append(ShiftPreference(r.day, r.shift, False, r.weight))
    employees = tuple(
        Employee(
            id=s.id,
            max_total_minutes=s.max_total_minutes,
            min_total_minutes=s.min_total_minutes,
            max_shifts_per_type=dict(s.max_shifts),
            max_consecutive_shifts=s.max_consecutive_shifts,
            min_consecutive_shifts=s.min_consecutive_shifts,
            min_consecutive_days_off=s.min_consecutive_days_off,
            max_weekends=s.max_weekends,
            unavailable_days=instance.days_off.get(s.id, frozenset()),
            preferences=tuple(prefs[s.id]),
        )
        for s in instance.staff
    )
    shift_types = tuple(
        ShiftType(id=s.id, length_minutes=s.length, forbidden_next=frozenset(s.forbidden_next))
        for s in instance.shifts
    )
    given = {(c.day, c.shift): c for c in instance.cover}
    demands = []
    for d in range(instance.horizon):
        for s in instance.shifts:
            c = given.get((d, s.id))
            demands.append(
                Demand(
                    day=d,
                    shift=s.id,
                    post=COVER_POST,
                    required=c.requirement if c else 0,
                    priority=1,
                    under_weight=c.under_weight if c else 0,
                    over_weight=c.over_weight if c else 0,
                )
            )
    return Problem(
        num_days=instance.horizon,
        shift_types=shift_types,
        employees=employees,
        demands=tuple(demands),
        start_weekday=0,
        rules=Rules(exempt_boundary_blocks=True),
        objective=ObjectiveConfig.flat(),
        name=instance.name,
    )


Grid = Mapping[str, list[str | None]]
"""Roster as employee id -> one shift id (or None for a day off) per day."""


def format_roster(instance: CurtoisInstance, grid: Grid) -> str:
    """Solution file text: ``ID<TAB>`` then one shift id or ``-`` per day, single spaces."""
    lines = []
    for s in instance.staff:
        row = grid.get(s.id, [None] * instance.horizon)
        lines.append(s.id + "\t" + " ".join(v if v else "-" for v in row))
    return "\n".join(lines) + "\n"


def parse_roster(text: str, instance: CurtoisInstance) -> dict[str, list[str | None]]:
    """Read a solution file written by :func:`format_roster` (used to re-validate files)."""
    grid: dict[str, list[str | None]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        if "\t" not in line:
            raise InstanceFormatError("expected EMPLOYEE_ID<TAB>day values", number)
        emp, rest = line.split("\t", 1)
        values = rest.split(" ")
        if len(values) != instance.horizon:
            raise InstanceFormatError(
                f"expected {instance.horizon} day values, got {len(values)}", number
            )
        grid[emp] = [None if v == "-" else v for v in values]
    return grid
