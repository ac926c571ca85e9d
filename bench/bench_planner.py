"""Benchmark of the capacity planner core (OR-Tools CP-SAT).

(a) Curtois & Qu Instance1 (14 days, 8 staff) with a fixed time limit, against the published
    optimum 607; the roster is re-checked by the independent validator.
(b) A generated national-scale problem: 300 protectees, 2,000 officers, 28 days, 3 shifts,
    with a time limit (default 120 s): status, coverage, objective, bound and gap, and the
    proven upper bound on coverage computed with the solve ("maximaal haalbaar") with the gap
    between it and the coverage reached.
(c) The same at a smaller scale: 50 protectees, 300 officers, 14 days, solved both as one
    CP-SAT model and with the neighbourhood search, so the two strategies can be compared.

Times are wall-clock seconds of the whole solve call (checks, warm start, model building,
search and shortfall analysis); CPU seconds of the process are reported next to them because
the machine may be shared.

    .venv/bin/python bench/bench_planner.py
    .venv/bin/python bench/bench_planner.py --instance PATH/Instance1.txt --national-time-limit 120
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from weerstand.capacity.planner import (  # noqa: E402
    NationalScale,
    SolveOptions,
    evaluate,
    generate_national,
    greedy_roster,
    solve,
    validate_plan,
)
from weerstand.capacity.planner.cli import solve_benchmark  # noqa: E402

PUBLISHED_BEST = {"Instance1": 607}


def parse_args() -> argparse.Namespace:
    default_dir = os.environ.get(
        "WEERSTAND_BENCHMARK_DIR", str(ROOT / ".." / "shared" / "benchmarks" / "shift-scheduling")
    )
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--instance", default=str(Path(default_dir) / "Instance1.txt"))
    p.add_argument("--curtois-time-limit", type=float, default=60.0)
    p.add_argument("--national-time-limit", type=float, default=120.0)
    p.add_argument("--small-time-limit", type=float, default=60.0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=0, help="solver seed")
    p.add_argument("--generator-seed", type=int, default=1)
    p.add_argument(
        "--national-strategy", default="auto", choices=["auto", "single", "neighbourhood"]
    )
    p.add_argument("--skip-curtois", action="store_true")
    p.add_argument("--skip-national", action="store_true")
    p.add_argument("--skip-small", action="store_true")
    p.add_argument("--json", default="", help="also write the results to this JSON file")
    args, _unknown = p.parse_known_args()  # make bench passes its own arguments to every bench
    return args


def machine() -> dict[str, Any]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0.0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 1024 / 1024
    from importlib.metadata import version

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": round(ram, 1),
        "python": platform.python_version(),
        "ortools": version("ortools"),
        "load_average": os.getloadavg(),
    }


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_curtois(args: argparse.Namespace) -> dict[str, Any]:
    cpu0 = cpu_seconds()
    out = solve_benchmark(
        args.instance,
        args.curtois_time_limit,
        None,
        num_workers=args.workers,
        random_seed=args.seed,
    )
    out["cpu_seconds"] = round(cpu_seconds() - cpu0, 2)
    out["published_best"] = PUBLISHED_BEST.get(out["instance"])
    out["load_average_after"] = os.getloadavg()
    return out


def bench_national(
    args: argparse.Namespace, scale: NationalScale, time_limit: float, strategy: str
) -> dict[str, Any]:
    t0 = time.perf_counter()
    generated = generate_national(scale)
    problem = generated.problem
    generate_s = time.perf_counter() - t0
    start = greedy_roster(problem)  # for reference only: the solve makes its own
    start_eval = evaluate(problem, start)
    required = sum(dm.required for dm in problem.demands)
    cpu0 = cpu_seconds()
    result = solve(
        problem,
        SolveOptions(
            time_limit=time_limit,
            num_workers=args.workers,
            random_seed=args.seed,
            strategy=strategy,
        ),
    )
    cpu_used = cpu_seconds() - cpu0
    t1 = time.perf_counter()
    report = validate_plan(problem, result.assignments)
    validate_s = time.perf_counter() - t1
    level = {p.id: p.resistance_level for p in generated.protectees}
    need: Counter[int] = Counter()
    have: Counter[int] = Counter()
    covered = Counter((a.post, a.day, a.shift) for a in result.assignments)
    for dm in problem.demands:
        lvl = level[dm.post.split("-")[0]]
        need[lvl] += dm.required
        have[lvl] += min(dm.required, covered.get(dm.key, 0))
    breakdown = result.breakdown
    cb = result.coverage_bound
    return {
        "scale": {
            "protectees": scale.protectees,
            "officers": scale.officers,
            "days": scale.days,
            "shifts": len(problem.shift_types),
            "demands": len(problem.demands),
            "required_officer_shifts": required,
            "seed": scale.seed,
        },
        "strategy": strategy,
        "time_limit": time_limit,
        "status": result.status.value,
        "source": result.source,
        "seconds": round(result.seconds, 1),
        "cpu_seconds": round(cpu_used, 1),
        "coverage_pct": round(100 * result.coverage, 2),
        "coverage_upper_bound_pct": round(100 * cb.coverage, 2) if cb else None,
        "covered_upper_bound": cb.covered_max if cb else None,
        "covered_total": result.covered_total,
        "coverage_gap_points": round(100 * (cb.coverage - result.coverage), 2) if cb else None,
        "bound_method": cb.method if cb else None,
        "bound_flow": cb.flow_max if cb else None,
        "bound_lp": cb.lp_max if cb else None,
        "bound_lp_status": cb.lp_status if cb else None,
        "bound_seconds": round(cb.seconds, 1) if cb else None,
        "missing_officer_shifts": breakdown.missing if breakdown else None,
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "breakdown": breakdown.__dict__ if breakdown else None,
        "greedy_start_coverage_pct": round(100 * (1 - start_eval.missing / required), 2),
        "greedy_start_objective": start_eval.total,
        "coverage_by_resistance_level_pct": {
            lvl: round(100 * have[lvl] / need[lvl], 1) for lvl in sorted(need, reverse=True)
        },
        "shortfalls": len(result.shortfalls),
        "model": result.model_size,
        "validator_ok": report.ok,
        "validator_objective_matches": report.objective == result.objective,
        "generate_seconds": round(generate_s, 2),
        "validate_seconds": round(validate_s, 2),
        "peak_rss_mib": round(peak_rss_mib()),
        "load_average_after": os.getloadavg(),
    }


def main() -> int:
    args = parse_args()
    results: dict[str, Any] = {"machine": machine(), "command": " ".join(sys.argv)}
    print(json.dumps(results["machine"]), flush=True)
    if not args.skip_curtois:
        results["curtois"] = bench_curtois(args)
        c = results["curtois"]
        print(
            f"Curtois {c['instance']}: objective {c['objective']} (published best "
            f"{c['published_best']}), bound {c['best_bound']}, {c['status']}, "
            f"{c['seconds']} s, validator {c['validator_ok']}",
            flush=True,
        )
    runs = []
    if not args.skip_small:
        small = NationalScale(protectees=50, officers=300, days=14, seed=args.generator_seed)
        runs += [("small-single", small, args.small_time_limit, "single")]
        runs += [("small-neighbourhood", small, args.small_time_limit, "neighbourhood")]
    if not args.skip_national:
        national = NationalScale(seed=args.generator_seed)
        runs += [("national", national, args.national_time_limit, args.national_strategy)]
    for name, scale, limit, strategy in runs:
        out = bench_national(args, scale, limit, strategy)
        results[name] = out
        print(
            f"{name}: {out['status']} via {out['source']}, coverage {out['coverage_pct']} % "
            f"(greedy start {out['greedy_start_coverage_pct']} %), coverage bound "
            f"{out['coverage_upper_bound_pct']} % ({out['bound_method']}, "
            f"{out['bound_seconds']} s), gap {out['coverage_gap_points']} points, "
            f"objective {out['objective']}, "
            f"bound {out['best_bound']}, gap {out['gap']}, {out['seconds']} s wall, "
            f"{out['cpu_seconds']} s CPU, peak RSS {out['peak_rss_mib']} MiB, "
            f"validator {out['validator_ok']}",
            flush=True,
        )
    print(json.dumps(results, default=str, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
