"""Each view declares what it needs; a test fails when a URL's view declares nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def requires(*needs: str) -> Callable[[F], F]:
    """Declare the policy needs of a view, e.g. ``@requires("case:view")``.

    The declaration is documentation that tests enforce (`test_every_view_declares`); the
    check itself happens in the domain services and `policy.engine`, never in the decorator
    alone, so a missing decorator can't open anything and a present one can't hide a gap.
    """

    def mark(view: F) -> F:
        view.policy_needs = needs  # type: ignore[attr-defined]  # marker read by tests
        return view

    return mark


def public[V: Callable[..., Any]](view: V) -> V:
    """Mark a view that is deliberately reachable without signing in (sign-in, health)."""
    view.policy_needs = ("public",)  # type: ignore[attr-defined]  # marker read by tests
    return view
