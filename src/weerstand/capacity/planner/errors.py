"""Error types of the planner core.

Kept in their own module so callers (Django views, the management command) can catch them
without importing OR-Tools.
"""

from __future__ import annotations


class PlannerError(Exception):
    """Base class, so callers can catch every planner failure in one place."""


class InstanceFormatError(PlannerError):
    """A benchmark file is malformed; carries the 1-based line number to make fixing it quick."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.reason = message
        super().__init__(f"line {line}: {message}" if line is not None else message)


class PlanInputError(PlannerError):
    """A planning problem cannot be planned as given (bad data rather than a hard roster)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems) if problems else [message]
        super().__init__(message)
