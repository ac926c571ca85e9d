"""Every API action declares what it needs; this walks `/api/v1/` and fails on a gap."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from weerstand.core.api.views import PolicyViewSet
from weerstand.policy.table import Action, Resource

API_PREFIX = "api/v1/"


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Callable]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback


def api_views() -> list[tuple[str, Callable]]:
    return [(r, cb) for r, cb in _walk(get_resolver().url_patterns) if r.startswith(API_PREFIX)]


def undeclared(route: str, callback: Callable) -> list[str]:
    """The actions of one URL that declare no need (or an unknown one)."""
    problems = []
    actions = getattr(callback, "actions", None)
    cls = getattr(callback, "cls", None)
    if actions and cls is not None:
        for method, action in actions.items():
            need = getattr(cls, "policy_needs", {}).get(action)
            if not need:
                problems.append(f"{route} {method.upper()} -> {cls.__name__}.{action}")
            elif not _known(need):
                problems.append(f"{route} {method.upper()}: unknown need {need!r}")
    needs = getattr(callback, "policy_needs", None)
    if not needs:
        problems.append(f"{route}: the view carries no policy_needs")
    return problems


def _known(need: str | tuple[str, ...]) -> bool:
    if isinstance(need, tuple):  # "any of these" (search spans several resources)
        return bool(need) and all(_known(n) for n in need)
    if need in ("public", "authenticated"):
        return True
    resource, _, action = need.partition(":")
    return resource in Resource.__members__.values() and action in Action.__members__.values()


def test_the_api_has_the_expected_resources() -> None:
    routes = {r for r, _ in api_views()}
    assert {
        "api/v1/cases",
        "api/v1/cases/<int:pk>",
        "api/v1/cases/<int:pk>/transitions",
        "api/v1/cases/<int:pk>/events",
        "api/v1/cases/om-transfers",
        "api/v1/persons",
        "api/v1/persons/<int:pk>",
        "api/v1/limitative-list-entries",
        "api/v1/openapi.json",
    } <= routes
    assert not [r for r in routes if r.endswith("/")], "no trailing slashes"


def test_every_api_action_declares_its_needs() -> None:
    problems = [p for route, cb in api_views() for p in undeclared(route, cb)]
    assert problems == []


def test_the_check_catches_an_action_without_a_declaration() -> None:
    class Leaky(PolicyViewSet):
        policy_needs = {"list": "case:view"}

        def list(self, request: Any) -> None: ...

        def destroy(self, request: Any, pk: int) -> None: ...

    good = Leaky.as_view({"get": "list"})
    bad = Leaky.as_view({"get": "list", "delete": "destroy"})
    assert undeclared("x", good) == []
    assert undeclared("x", bad) == [
        "x DELETE -> Leaky.destroy",
        "x: the view carries no policy_needs",
    ]
    Leaky.policy_needs = {"list": "case:peek"}
    assert undeclared("x", Leaky.as_view({"get": "list"})) == ["x GET: unknown need 'case:peek'"]


@pytest.mark.parametrize("need", ["case:view", "person:view", "limitative_entry:view", "public"])
def test_known_needs(need: str) -> None:
    assert _known(need)
