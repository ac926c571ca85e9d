"""CP-SAT formulation of the generic problem (internal; use :func:`core.solve`).

Standard shift-scheduling formulation: a boolean ``x[e, d, s]`` per employee, day and shift
type that the employee could work at all (leave, zero maxima and missing eligible demand remove
variables up front), sliding-window sums for the maximum rules and forbidden-pattern clauses for
the minimum-consecutive rules.

Post assignment is aggregated to keep national instances small: employees who may staff the same
demands on a (day, shift) are interchangeable for cover, so one integer per (class, demand group)
counts how many of them go where, instead of one boolean per (employee, post).  Demands on a
(day, shift) with the same eligibility and weights are merged into a group.  The roster is split
back into posts afterwards; this is exact because no rule depends on the post.

The clause builders for the sequence rules are in :mod:`.patterns`; writing a roster in as a
solution hint and reading the solved roster back are in :mod:`.solution`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from typing import cast

from ortools.sat.python import cp_model

from .errors import PlanInputError
from .greedy import shift_conflicts
from .patterns import forbid_blocks, max_window, weekend_groups
from .problem import (
    Assignment,
    Demand,
    KeepPublished,
    Problem,
    TierScales,
    balance_groups,
    max_workable_minutes,
)
from .solution import add_hints

LinearExpr = cp_model.LinearExprT
_sum = cp_model.LinearExpr.sum
_wsum = cp_model.LinearExpr.weighted_sum
_INT64_SAFE = 1 << 62


@dataclass
class _Group:
    """Demands on one (day, shift) sharing eligibility and weights."""

    day: int
    shift: int
    demands: list[int]
    required: int
    priority: int
    under_weight: int
    over_weight: int
    terms: list[LinearExpr] = field(default_factory=list)
    capacity: int = 0
    fixed: int = 0


@dataclass
class _Class:
    """Employees working a (day, shift) who may staff exactly the same groups."""

    day: int
    shift: int
    groups: tuple[int, ...]
    members: list[int]
    counts: dict[int, LinearExpr] = field(default_factory=dict)
    count_vars: dict[int, cp_model.IntVar] = field(default_factory=dict)


@dataclass
class BuiltModel:
    """The CP-SAT model plus what is needed to read a solution back."""

    model: cp_model.CpModel
    x: dict[tuple[int, int, int], cp_model.IntVar]
    groups: list[_Group]
    classes: list[_Class]
    scales: TierScales
    released: list[tuple[str, int]]
    pinned_groups: dict[tuple[int, int], int]
    aux: _Aux
    x_key: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    fixed_per_demand: Counter[int] = field(default_factory=Counter)


@dataclass
class _Aux:
    """Auxiliary variables, kept so a roster can be turned into a complete solution hint."""

    fixed_minutes: list[int] = field(default_factory=list)
    work: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    weekends: list[tuple[cp_model.IntVar, list[cp_model.IntVar]]] = field(default_factory=list)
    under: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)
    over: list[tuple[cp_model.IntVar, int]] = field(default_factory=list)
    overtime: list[tuple[cp_model.IntVar, int, int]] = field(default_factory=list)
    spread: list[tuple[cp_model.IntVar, cp_model.IntVar, cp_model.IntVar, list[int]]] = field(
        default_factory=list
    )


def _profile(e_quals: frozenset[str], unit: str, org: str, dm: Demand) -> bool:
    """``Demand.admits`` on an employee profile, so eligibility is computed once per profile."""
    if not dm.qualifications <= e_quals:
        return False
    if dm.eligible_units is not None and unit not in dm.eligible_units:
        return False
    return dm.eligible_organisations is None or org in dm.eligible_organisations


def build_model(
    problem: Problem,
    scales: TierScales,
    keep: KeepPublished | None,
    hint: Sequence[Assignment] | None = None,
    free: AbstractSet[int] | None = None,
    fixed: Sequence[Assignment] = (),
) -> BuiltModel:
    """Translate the problem into CP-SAT; see the module docstring for the formulation.

    With ``free`` only those employees (indexes) get variables; every other employee keeps
    the shifts in ``fixed``, which then count as constant cover.  Neighbourhood search uses
    this to re-plan a subset of officers exactly while the rest of the roster stays.
    """
    p = problem
    m = cp_model.CpModel()
    horizon = p.num_days
    shifts = p.shift_types
    sidx = {s.id: i for i, s in enumerate(shifts)}
    eidx = {e.id: i for i, e in enumerate(p.employees)}
    lengths = [s.length_minutes for s in shifts]
    rules = p.rules

    # --- demands grouped per (day, shift) -------------------------------------------------
    groups: list[_Group] = []
    group_key: dict[tuple[object, ...], int] = {}
    demand_group: list[int] = []
    profile_id: dict[tuple[object, ...], int] = {}
    profile_demand: list[Demand] = []
    group_profile: list[int] = []
    groups_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, dm in enumerate(p.demands):
        s = sidx[dm.shift]
        prof = (dm.qualifications, dm.eligible_units, dm.eligible_organisations)
        pid = profile_id.setdefault(prof, len(profile_id))
        if pid == len(profile_demand):
            profile_demand.append(dm)
        key = (dm.day, s, pid, dm.priority, dm.under_weight, dm.over_weight)
        g = group_key.get(key)
        if g is None:
            g = len(groups)
            group_key[key] = g
            groups.append(_Group(dm.day, s, [], 0, dm.priority, dm.under_weight, dm.over_weight))
            group_profile.append(pid)
            groups_at[(dm.day, s)].append(g)
        groups[g].demands.append(k)
        groups[g].required += dm.required
        demand_group.append(g)

    # --- which groups each employee may staff (computed per profile, not per employee) -----
    emp_profile_id: dict[tuple[frozenset[str], str, str], int] = {}
    emp_profile: list[int] = []
    admitted_profiles: list[frozenset[int]] = []
    for emp in p.employees:
        ep = (emp.qualifications, emp.unit, emp.organisation)
        epid = emp_profile_id.get(ep)
        if epid is None:
            epid = len(emp_profile_id)
            emp_profile_id[ep] = epid
            admitted_profiles.append(
                frozenset(
                    pid
                    for pid, dm in enumerate(profile_demand)
                    if _profile(ep[0], ep[1], ep[2], dm)
                )
            )
        emp_profile.append(epid)
    eligible_groups: dict[tuple[int, int, int], tuple[int, ...]] = {}
    # in a neighbourhood only demands with room (or already served by a free employee) are
    # worth offering to free employees; everything else would only be over-cover
    open_groups: set[int] | None = None

    def groups_for(e: int, d: int, s: int) -> tuple[int, ...]:
        key = (emp_profile[e], d, s)
        found = eligible_groups.get(key)
        if found is None:
            allowed = admitted_profiles[emp_profile[e]]
            found = tuple(
                g
                for g in groups_at.get((d, s), ())
                if group_profile[g] in allowed and (open_groups is None or g in open_groups)
            )
            eligible_groups[key] = found
        return found

    # --- published cells ---------------------------------------------------------------------
    previous: dict[tuple[int, int], tuple[int, str]] = {}
    published: set[tuple[int, int]] = set()
    if keep is not None:
        for a in keep.previous:
            previous[(eidx[a.employee], a.day)] = (sidx[a.shift], a.post)
        published = {(eidx[e], d) for e, d in keep.published}
    released: list[tuple[str, int]] = []
    pinned_groups: dict[tuple[int, int], int] = {}
    demand_index = {dm.key: k for k, dm in enumerate(p.demands)}
    is_free = [free is None or e in free for e in range(len(p.employees))]
    published = {(e, d) for e, d in published if is_free[e]}
    aux = _Aux(fixed_minutes=[0] * len(p.employees))
    fixed_per_demand: Counter[int] = Counter()
    if free is not None:
        served = set()
        for a in fixed:
            e = eidx[a.employee]
            if is_free[e]:
                served.add(demand_group[demand_index[(a.post, a.day, a.shift)]])
                continue
            k_fixed = demand_index[(a.post, a.day, a.shift)]
            groups[demand_group[k_fixed]].fixed += 1
            fixed_per_demand[k_fixed] += 1
            aux.fixed_minutes[e] += shifts[sidx[a.shift]].length_minutes
        open_groups = served | {g for g, grp in enumerate(groups) if grp.fixed < grp.required}
        eligible_groups.clear()

    # --- decision variables ------------------------------------------------------------------
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    day_vars: list[list[list[tuple[int, cp_model.IntVar]]]] = []
    for e, emp in enumerate(p.employees):
        per_day: list[list[tuple[int, cp_model.IntVar]]] = []
        for d in range(horizon):
            cell: list[tuple[int, cp_model.IntVar]] = []
            if is_free[e] and d not in emp.unavailable_days:
                for s, shift in enumerate(shifts):
                    if emp.max_shifts_per_type.get(shift.id, 1) == 0:
                        continue
                    if rules.max_shift_minutes is not None and (
                        shift.length_minutes > rules.max_shift_minutes
                    ):
                        continue
                    if emp.max_total_minutes is not None and (
                        shift.length_minutes > emp.max_total_minutes
                    ):
                        continue
                    if not groups_for(e, d, s):
                        continue
                    var = m.new_bool_var(f"x_{e}_{d}_{s}")
                    x[(e, d, s)] = var
                    cell.append((s, var))
            per_day.append(cell)
        day_vars.append(per_day)

    for e, d in sorted(published):
        prev = previous.get((e, d))
        if prev is None:
            continue
        s, post = prev
        pinned_k = demand_index.get((post, d, shifts[s].id))
        if (
            (e, d, s) not in x
            or pinned_k is None
            or demand_group[pinned_k] not in groups_for(e, d, s)
        ):
            released.append((p.employees[e].id, d))
            continue
        pinned_groups[(e, d)] = demand_group[pinned_k]

    # --- per-employee hard rules ---------------------------------------------------------------
    conflicts = shift_conflicts(problem)
    work_lits = aux.work

    def work(e: int, d: int) -> cp_model.IntVar | None:
        """Literal 'e works on day d', or None when e cannot work that day."""
        if not 0 <= d < horizon:
            return None
        cell = day_vars[e][d]
        if not cell:
            return None
        if len(cell) == 1:
            return cell[0][1]
        lit = work_lits.get((e, d))
        if lit is None:
            lit = m.new_bool_var(f"w_{e}_{d}")
            m.add(_sum([v for _, v in cell]) == lit)
            work_lits[(e, d)] = lit
        return lit

    totals: list[LinearExpr] = []
    weekend_days = weekend_groups(horizon, p.start_weekday)
    for e, emp in enumerate(p.employees):
        if not is_free[e]:
            totals.append(aux.fixed_minutes[e])
            continue
        vars_e = day_vars[e]
        for d in range(horizon):
            if len(vars_e[d]) > 1:
                m.add_at_most_one(v for _, v in vars_e[d])
        # rest and "cannot follow"
        for d in range(horizon):
            for s, var in vars_e[d]:
                for delta, targets in conflicts[s].items():
                    if d + delta >= horizon:
                        continue
                    later = [v for s2, v in vars_e[d + delta] if s2 in targets]
                    if later:
                        m.add_at_most_one([var, *later])
        # one literal per working day keeps windows and totals short (7 terms, not 7 x shifts)
        day_lit = [work(e, d) for d in range(horizon)]
        day_terms: list[tuple[list[cp_model.IntVar], list[int]]] = []
        for d in range(horizon):
            lens_d = {lengths[s] for s, _ in vars_e[d]}
            lit = day_lit[d]
            if lit is not None and len(lens_d) == 1:
                day_terms.append(([lit], [lens_d.pop()]))
            else:
                day_terms.append(([v for _, v in vars_e[d]], [lengths[s] for s, _ in vars_e[d]]))

        def minutes_of(
            days: Sequence[int], terms: list[tuple[list[cp_model.IntVar], list[int]]] = day_terms
        ) -> LinearExpr:
            vs = [v for d in days for v in terms[d][0]]
            cs = [c for d in days for c in terms[d][1]]
            return _wsum(vs, cs)

        total = minutes_of(range(horizon))
        totals.append(total)
        if emp.max_total_minutes is not None:
            m.add(total <= emp.max_total_minutes)
        if emp.min_total_minutes:
            m.add(total >= emp.min_total_minutes)
        for shift_id, limit in emp.max_shifts_per_type.items():
            s = sidx[shift_id]
            vs = [v for d in range(horizon) for s2, v in vars_e[d] if s2 == s]
            if len(vs) > limit:
                m.add(_sum(vs) <= limit)
        if rules.max_minutes_per_7_days is not None:
            cap = rules.max_minutes_per_7_days
            for w0 in range(max(1, horizon - 6)):
                window = range(w0, min(horizon, w0 + 7))
                if sum(max((lengths[s] for s, _ in vars_e[d]), default=0) for d in window) > cap:
                    m.add(minutes_of(window) <= cap)
        if emp.max_consecutive_shifts is not None:
            max_window(
                m, [[lit] if lit is not None else [] for lit in day_lit], emp.max_consecutive_shifts
            )
        if rules.max_consecutive_nights is not None:
            nights = [[v for s, v in vars_e[d] if shifts[s].is_night] for d in range(horizon)]
            max_window(m, nights, rules.max_consecutive_nights)
        if emp.max_weekends is not None:
            weekend_lits = []
            for days in weekend_days:
                vs = [lit for lit in (day_lit[d] for d in days) if lit is not None]
                if not vs:
                    continue
                lit = m.new_bool_var(f"we_{e}_{days[0]}")
                for v in vs:
                    m.add_implication(v, lit)
                m.add(lit <= _sum(vs))
                weekend_lits.append(lit)
                aux.weekends.append((lit, [v for d in days for _, v in vars_e[d]]))
            if len(weekend_lits) > emp.max_weekends:
                m.add(_sum(weekend_lits) <= emp.max_weekends)
        exempt = rules.exempt_boundary_blocks
        if emp.min_consecutive_shifts and emp.min_consecutive_shifts > 1:
            for length in range(1, emp.min_consecutive_shifts):
                forbid_blocks(m, partial(work, e), horizon, length, True, exempt)
        if emp.min_consecutive_days_off and emp.min_consecutive_days_off > 1:
            for length in range(1, emp.min_consecutive_days_off):
                forbid_blocks(m, partial(work, e), horizon, length, False, exempt)

    # --- cover ------------------------------------------------------------------------------------
    classes: list[_Class] = []
    free_list = [e for e in range(len(p.employees)) if is_free[e]]
    for d in range(horizon):
        for s in range(len(shifts)):
            members: dict[tuple[object, ...], list[int]] = defaultdict(list)
            for e in free_list:
                if (e, d, s) not in x:
                    continue
                pin = pinned_groups.get((e, d))
                if pin is not None and previous[(e, d)][0] == s:
                    members[("pin", e, groups_for(e, d, s))].append(e)
                else:
                    members[(groups_for(e, d, s),)].append(e)
            for class_key, emps in members.items():
                elig = cast(tuple[int, ...], class_key[-1])  # last item: eligible groups
                cls = _Class(d, s, elig, emps)
                worked = _sum([x[(e, d, s)] for e in emps])
                if len(elig) == 1:
                    cls.counts[elig[0]] = worked
                else:
                    size = len(emps)
                    counts = {g: m.new_int_var(0, size, f"n_{len(classes)}_{g}") for g in elig}
                    m.add(_sum(list(counts.values())) == worked)
                    cls.counts.update(counts)
                    cls.count_vars.update(counts)
                for g, expr in cls.counts.items():
                    groups[g].terms.append(expr)
                    groups[g].capacity += len(emps)
                classes.append(cls)

    # --- objective --------------------------------------------------------------------------------
    cover_terms: list[LinearExpr] = []
    cover_ub = 0
    for gi, grp in enumerate(groups):
        if not grp.terms:  # nobody can be moved onto it: its penalty is a constant
            continue
        covered = _sum(grp.terms) + grp.fixed
        if grp.under_weight and grp.priority and grp.required:
            short = m.new_int_var(0, grp.required, "under")
            m.add(short >= grp.required - covered)
            cover_terms.append(grp.priority * grp.under_weight * short)
            aux.under.append((short, gi))
            cover_ub += grp.priority * grp.under_weight * grp.required
        most = grp.capacity + grp.fixed
        if grp.over_weight and most > grp.required:
            extra = m.new_int_var(0, most - grp.required, "over")
            m.add(extra >= covered - grp.required)
            cover_terms.append(grp.over_weight * extra)
            aux.over.append((extra, gi))
            cover_ub += grp.over_weight * (most - grp.required)

    pref_terms: list[LinearExpr] = []
    pref_const = 0
    for e, emp in enumerate(p.employees):
        if not is_free[e]:
            continue
        for pref in emp.preferences:
            if pref.shift is None:
                vs = [v for _, v in day_vars[e][pref.day]]
            else:
                pref_var = x.get((e, pref.day, sidx[pref.shift]))
                vs = [pref_var] if pref_var is not None else []
            if pref.wanted:
                pref_const += pref.weight
                if vs:
                    pref_terms.append(-pref.weight * _sum(vs))
            elif vs:
                pref_terms.append(pref.weight * _sum(vs))

    cfg = p.objective
    unit = cfg.balance_unit_minutes
    bal_terms: list[LinearExpr] = []
    bal_ub = 0
    if cfg.overtime_weight:
        for e, emp in enumerate(p.employees):
            if emp.contract_minutes is None or not is_free[e]:
                continue
            ub = max(0, max_workable_minutes(p, emp) - emp.contract_minutes)
            if ub <= 0:
                continue
            over = m.new_int_var(0, -(-ub // unit), f"ot_{e}")
            m.add(unit * over >= totals[e] - emp.contract_minutes)
            bal_terms.append(cfg.overtime_weight * over)
            aux.overtime.append((over, e, emp.contract_minutes))
            bal_ub += cfg.overtime_weight * -(-ub // unit)
    if cfg.unfairness_weight:
        for unit_name, members_u in balance_groups(p).items():
            idx = [eidx[emp.id] for emp in members_u]
            devs = [(totals[i], p.employees[i].contract_minutes or 0) for i in idx]
            hi_ub = max(
                max_workable_minutes(p, p.employees[i]) - c
                for i, (_, c) in zip(idx, devs, strict=True)
            )
            lo_lb = min(-c for _, c in devs)
            hi = m.new_int_var(lo_lb, hi_ub, f"hi_{unit_name}")
            lo = m.new_int_var(lo_lb, hi_ub, f"lo_{unit_name}")
            fixed_devs = [t - c for t, c in devs if isinstance(t, int)]
            if fixed_devs:  # employees outside a neighbourhood only bound the spread
                m.add(hi >= max(fixed_devs))
                m.add(lo <= min(fixed_devs))
            for t, c in devs:
                if not isinstance(t, int):
                    m.add(hi >= t - c)
                    m.add(lo <= t - c)
            spread_ub = -(-(hi_ub - lo_lb) // unit)
            spread = m.new_int_var(0, spread_ub, f"spread_{unit_name}")
            m.add(unit * spread >= hi - lo)
            bal_terms.append(cfg.unfairness_weight * spread)
            aux.spread.append((hi, lo, spread, idx))
            bal_ub += cfg.unfairness_weight * spread_ub

    stab_terms: list[LinearExpr] = []
    if keep is not None:
        kept_lits = _published_literals(
            m, keep, p, x, day_vars, classes, previous, published, pinned_groups, released
        )
        for kept in kept_lits:
            if keep.mode == "fix":
                m.add(kept == 1)
            elif keep.change_weight:
                stab_terms.append(keep.change_weight * (1 - kept))

    objective = (
        scales.cover * _sum(cover_terms)
        + scales.stability * _sum(stab_terms)
        + scales.balance * _sum(bal_terms)
        + cfg.preference_scale * scales.preference * (_sum(pref_terms) + pref_const)
    )
    pref_ub = sum(pf.weight for emp in p.employees for pf in emp.preferences)
    worst = (
        scales.cover * cover_ub
        + scales.stability * keep_ub(keep)
        + scales.balance * bal_ub
        + cfg.preference_scale * scales.preference * pref_ub
    )
    if worst > _INT64_SAFE:
        raise PlanInputError(
            "objective weights too large for the solver: lower priorities/weights or use a "
            "flat objective"
        )
    m.minimize(objective)
    built = BuiltModel(m, x, groups, classes, scales, released, pinned_groups, aux)
    built.x_key = {var.index: key for key, var in x.items()}
    built.fixed_per_demand = fixed_per_demand
    if keep is not None or hint:
        hinted = previous
        if keep is None and hint:
            hinted = {
                (eidx[a.employee], a.day): (sidx[a.shift], a.post)
                for a in hint
                if is_free[eidx[a.employee]]
            }
        add_hints(p, built, hinted, demand_index, demand_group)
    return built


def keep_ub(keep: KeepPublished | None) -> int:
    """Largest possible stability penalty (for the overflow check)."""
    if keep is None or keep.mode != "penalise":
        return 0
    return keep.change_weight * len(keep.published)


def _published_literals(
    m: cp_model.CpModel,
    keep: KeepPublished,
    p: Problem,
    x: dict[tuple[int, int, int], cp_model.IntVar],
    day_vars: list[list[list[tuple[int, cp_model.IntVar]]]],
    classes: list[_Class],
    previous: dict[tuple[int, int], tuple[int, str]],
    published: set[tuple[int, int]],
    pinned_groups: dict[tuple[int, int], int],
    released: list[tuple[str, int]],
) -> list[LinearExpr]:
    """One 0/1 expression per keepable published cell: 1 when the cell stays as published."""
    kept: list[LinearExpr] = []
    pin_class = {
        (cls.members[0], cls.day): cls
        for cls in classes
        if len(cls.members) == 1
        and (cls.members[0], cls.day) in pinned_groups
        and cls.shift == previous[(cls.members[0], cls.day)][0]
    }
    released_set = set(released)
    for e, d in sorted(published):
        if (p.employees[e].id, d) in released_set:
            continue
        if (e, d) not in previous:
            vs = [v for _, v in day_vars[e][d]]
            kept.append(1 - _sum(vs) if vs else 1)
            continue
        cls = pin_class.get((e, d))
        g = pinned_groups.get((e, d))
        if cls is None or g is None:
            released.append((p.employees[e].id, d))
            continue
        kept.append(cls.counts[g])
    return [k for k in kept if not isinstance(k, int)]
