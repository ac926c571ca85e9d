"""Domain exceptions. Each maps to one problem+json type (see `core.api.problems`) and to a
readable message in the web interface; none of them ever carries protected content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class InvalidParam:
    name: str
    code: str
    reason: str


class DomainError(Exception):
    status = 400
    code = "domain-error"
    title = "Ongeldig verzoek"

    def __init__(self, detail: str, *, invalid_params: list[InvalidParam] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = invalid_params or []


class ValidationFailed(DomainError):
    status = 400
    code = "validation-failed"
    title = "Invoer is niet geldig"


class InvalidTransition(DomainError):
    status = 409
    code = "invalid-transition"
    title = "Deze statusovergang is niet toegestaan"


class NotPermitted(DomainError):
    """The user may see the object but not perform this action on it."""

    status = 403
    code = "not-permitted"
    title = "Geen bevoegdheid voor deze handeling"


class ConcurrencyConflict(DomainError):
    status = 412
    code = "concurrency-conflict"
    title = "Het object is intussen door iemand anders gewijzigd"


class VersionMismatch(ConcurrencyConflict):
    status = 409


class GateClosed(DomainError):
    """A step that may only be taken when every precondition holds, refused because some do
    not. `missing` lists them machine-readably (an extension member of the problem), so a
    client shows every missing piece at once instead of one refusal per attempt."""

    status = 409
    code = "gate-closed"
    title = "Nog niet alles is gereed"

    def __init__(self, detail: str, *, missing: list[dict[str, Any]]) -> None:
        super().__init__(detail)
        self.missing = missing

    @property
    def extensions(self) -> dict[str, Any]:
        return {"missing": self.missing}


@dataclass
class Problem:
    status: int
    code: str
    title: str
    detail: str
    invalid_params: list[InvalidParam] = field(default_factory=list)


def require_reason(
    reason: str | None,
    *,
    name: str = "reason",
    minimum: int = 5,
    message: str | None = None,
    hint: str = "Geef een reden op.",
) -> str:
    """The stripped reason, or a 400 on `name`: a reason is what the audit trail, the
    timeline and a second person read, so every service asks for one the same way."""
    reason = (reason or "").strip()
    if len(reason) < minimum:
        raise ValidationFailed(
            message or f"Geef de reden (minimaal {minimum} tekens).",
            invalid_params=[InvalidParam(name, "required", hint)],
        )
    return reason
