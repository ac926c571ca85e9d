"""Planner core of the capacity app: pure Python on OR-Tools CP-SAT, no Django.

Kept free of Django so that the benchmark, the tests and the national planning all run the same
code; the capacity app maps its models onto these dataclasses and back.
"""

from .analysis import CandidateNote, DemandRef, Shortfall, analyse_shortfalls
from .bound import CoverageBound, coverage_bound
from .core import ObjectiveBreakdown, PlanResult, PlanStatus, SolveOptions, evaluate, solve
from .curtois import (
    CurtoisInstance,
    curtois_to_problem,
    format_roster,
    parse_curtois,
    parse_roster,
    read_curtois,
)
from .errors import InstanceFormatError, PlanInputError, PlannerError
from .generator import GeneratedInstance, NationalScale, Protectee, generate_national, priority_for
from .greedy import greedy_roster
from .problem import (
    Assignment,
    Demand,
    Employee,
    KeepPublished,
    ObjectiveConfig,
    Problem,
    Rules,
    ShiftPreference,
    ShiftType,
    TierScales,
    objective_scales,
    validate_problem,
)
from .validator import ValidationReport, Violation, validate_curtois, validate_plan

__all__ = [
    "Assignment",
    "CandidateNote",
    "CoverageBound",
    "CurtoisInstance",
    "Demand",
    "DemandRef",
    "Employee",
    "GeneratedInstance",
    "InstanceFormatError",
    "KeepPublished",
    "NationalScale",
    "ObjectiveBreakdown",
    "ObjectiveConfig",
    "PlanInputError",
    "PlanResult",
    "PlanStatus",
    "PlannerError",
    "Problem",
    "Protectee",
    "Rules",
    "ShiftPreference",
    "ShiftType",
    "Shortfall",
    "SolveOptions",
    "TierScales",
    "ValidationReport",
    "Violation",
    "analyse_shortfalls",
    "coverage_bound",
    "curtois_to_problem",
    "evaluate",
    "format_roster",
    "generate_national",
    "greedy_roster",
    "objective_scales",
    "parse_curtois",
    "parse_roster",
    "priority_for",
    "read_curtois",
    "solve",
    "validate_curtois",
    "validate_plan",
    "validate_problem",
]
