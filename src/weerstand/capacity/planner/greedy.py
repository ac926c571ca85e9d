"""Greedy rule-aware roster used as the solver's starting point (warm start).

On national instances CP-SAT's first solutions are weak and its neighbourhood search on two
cores is slow to recover, so a sensible starting roster saves most of the time limit: demands
are filled in priority order (within a priority, those few officers can staff first) by
eligible officers who break no maximum rule, least flexible (fewest kinds of post they may
staff) first and then least loaded.
Minimum rules (minimum hours, minimum consecutive shifts or days off) are not built up here; the
solver repairs a hint that misses them.
"""

from __future__ import annotations

from collections import defaultdict

from .problem import MINUTES_PER_DAY, Assignment, Demand, Problem


def shift_conflicts(problem: Problem) -> list[dict[int, frozenset[int]]]:
    """shift index -> day offset -> shift indices that may not follow at that offset."""
    shifts = problem.shift_types
    index = {s.id: i for i, s in enumerate(shifts)}
    rest = problem.rules.min_rest_minutes
    result: list[dict[int, frozenset[int]]] = []
    for a in shifts:
        by_delta: dict[int, set[int]] = defaultdict(set)
        by_delta[1].update(index[b] for b in a.forbidden_next)
        if rest is not None:
            reach = (a.start_minute + a.length_minutes + rest) // MINUTES_PER_DAY + 1
            for delta in range(1, reach + 1):
                for j, b in enumerate(shifts):
                    end = a.start_minute + a.length_minutes
                    if delta * MINUTES_PER_DAY + b.start_minute - end < rest:
                        by_delta[delta].add(j)
        result.append({k: frozenset(v) for k, v in by_delta.items() if v})
    return result


def greedy_roster(problem: Problem) -> list[Assignment]:
    """A roster that breaks no maximum rule; demands are served highest priority first."""
    p = problem
    horizon = p.num_days
    shifts = p.shift_types
    sidx = {s.id: i for i, s in enumerate(shifts)}
    lengths = [s.length_minutes for s in shifts]
    nights = [s.is_night for s in shifts]
    conflicts = shift_conflicts(p)
    reach = max((max(c, default=0) for c in conflicts), default=0)
    rules = p.rules
    cap = rules.max_minutes_per_7_days
    n_emp = len(p.employees)
    day_shift: list[list[int]] = [[-1] * horizon for _ in range(n_emp)]
    window_starts = max(1, horizon - 6)
    window_minutes = [[0] * window_starts for _ in range(n_emp)]
    total = [0] * n_emp
    load = [-(e.contract_minutes or 0) for e in p.employees]
    per_type = [[0] * len(shifts) for _ in range(n_emp)]
    weeks_worked: list[set[int]] = [set() for _ in range(n_emp)]
    max_types = [{sidx[k]: v for k, v in e.max_shifts_per_type.items()} for e in p.employees]
    dislikes: dict[tuple[int, int], set[int]] = defaultdict(set)
    for e, emp in enumerate(p.employees):
        for pf in emp.preferences:
            if not pf.wanted:
                targets = range(len(shifts)) if pf.shift is None else (sidx[pf.shift],)
                for s in targets:
                    dislikes[(pf.day, s)].add(e)

    def week(d: int) -> int | None:
        w = p.start_weekday + d
        return w // 7 if w % 7 >= 5 else None

    def allowed(e: int, d: int, s: int) -> bool:
        emp = p.employees[e]
        row = day_shift[e]
        if row[d] != -1 or d in emp.unavailable_days:
            return False
        length = lengths[s]
        if rules.max_shift_minutes is not None and length > rules.max_shift_minutes:
            return False
        limit = max_types[e].get(s)
        if limit is not None and per_type[e][s] >= limit:
            return False
        if emp.max_total_minutes is not None and total[e] + length > emp.max_total_minutes:
            return False
        for delta in range(1, reach + 1):
            before = row[d - delta] if d - delta >= 0 else -1
            if before != -1 and s in conflicts[before].get(delta, ()):
                return False
            after = row[d + delta] if d + delta < horizon else -1
            if after != -1 and after in conflicts[s].get(delta, ()):
                return False
        if cap is not None:
            sums = window_minutes[e]
            for w0 in range(max(0, d - 6), min(d, window_starts - 1) + 1):
                if sums[w0] + length > cap:
                    return False
        max_run = emp.max_consecutive_shifts
        max_nights = rules.max_consecutive_nights if nights[s] else None
        if max_run is not None or max_nights is not None:
            left = right = left_n = right_n = 0
            night_run = True
            k = d - 1
            while k >= 0 and row[k] != -1:
                left += 1
                night_run = night_run and nights[row[k]]
                left_n += night_run
                k -= 1
            night_run = True
            k = d + 1
            while k < horizon and row[k] != -1:
                right += 1
                night_run = night_run and nights[row[k]]
                right_n += night_run
                k += 1
            if max_run is not None and left + 1 + right > max_run:
                return False
            if max_nights is not None and left_n + 1 + right_n > max_nights:
                return False
        wk = week(d)
        return not (
            emp.max_weekends is not None
            and wk is not None
            and wk not in weeks_worked[e]
            and len(weeks_worked[e]) + 1 > emp.max_weekends
        )

    admitted: dict[tuple[object, ...], list[int]] = {}
    # least flexible officers first: an officer who can staff few kinds of post should not be
    # spent on a post that many others could take (worth several points of coverage)
    profiles: dict[tuple[object, ...], Demand] = {}
    for dm in p.demands:
        profiles.setdefault((dm.qualifications, dm.eligible_units, dm.eligible_organisations), dm)
    flexibility = [sum(1 for dm in profiles.values() if dm.admits(emp)) for emp in p.employees]
    # adding shifts never makes another shift allowed, so a rejection is final per (pool, cell)
    rejected: dict[tuple[object, ...], set[int]] = defaultdict(set)
    # within one priority, demands that few officers can staff go first
    pool_size = {
        prof: sum(1 for emp in p.employees if dm.admits(emp)) for prof, dm in profiles.items()
    }

    def order_key(k: int) -> tuple[int, int, int, int, int]:
        dm = p.demands[k]
        scarce = pool_size[(dm.qualifications, dm.eligible_units, dm.eligible_organisations)]
        start = shifts[sidx[dm.shift]].start_minute
        return (-dm.priority * dm.under_weight, scarce, dm.day, start, k)

    order = sorted(range(len(p.demands)), key=order_key)
    result: list[Assignment] = []
    for k in order:
        dm = p.demands[k]
        if dm.required <= 0 or dm.under_weight <= 0 or dm.priority <= 0:
            continue
        prof = (dm.qualifications, dm.eligible_units, dm.eligible_organisations)
        pool = admitted.get(prof)
        if pool is None:
            pool = [e for e, emp in enumerate(p.employees) if dm.admits(emp)]
            admitted[prof] = pool
        d, s = dm.day, sidx[dm.shift]
        seen = rejected[(prof, d, s)]
        free = [e for e in pool if day_shift[e][d] == -1 and e not in seen]
        free.sort(key=lambda e: (flexibility[e], load[e]))
        bad = dislikes.get((d, s))
        if bad:
            free = [e for e in free if e not in bad] + [e for e in free if e in bad]
        need = dm.required
        for e in free:
            if need == 0:
                break
            if not allowed(e, d, s):
                seen.add(e)
                continue
            need -= 1
            day_shift[e][d] = s
            for w0 in range(max(0, d - 6), min(d, window_starts - 1) + 1):
                window_minutes[e][w0] += lengths[s]
            total[e] += lengths[s]
            load[e] += lengths[s]
            per_type[e][s] += 1
            wk = week(d)
            if wk is not None:
                weeks_worked[e].add(wk)
            result.append(Assignment(p.employees[e].id, d, dm.shift, dm.post))
    return result
