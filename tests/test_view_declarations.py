"""Every view and every API action declares what it needs (`policy_needs`).

Web views carry `@requires("case:view")` or `@public`; class-based views a `policy_needs`
attribute; DRF viewsets a `policy_needs` dict that covers every action a URL routes to (or a
marker on the action method itself). The declaration documents; the policy engine and the
domain services do the checking. A URL whose view declares nothing fails this test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path

from weerstand.policy.table import Action, Resource

# Django's own views, excluded by module (not by URL, so a new view elsewhere can't hide).
EXCLUDED_MODULES = (
    "django.contrib.admin",  # the admin site marks its own views (core.admin._mark)
    "django.views.i18n",  # set_language: a language cookie, no data
    "django.views.static",
    "django.contrib.staticfiles",
)
SPECIAL_NEEDS = {"public", "authenticated"}


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Callable[..., Any]]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p.callback


def _module(callback: Callable[..., Any]) -> str:
    target = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    return getattr(target, "__module__", "") or ""


def _excluded(callback: Callable[..., Any]) -> bool:
    module = _module(callback)
    return any(module == m or module.startswith(m + ".") for m in EXCLUDED_MODULES)


def _needs_list(needs: Any) -> list[str]:
    if isinstance(needs, str):
        return [needs]
    if isinstance(needs, dict):
        return [n for v in needs.values() for n in _needs_list(v)]
    return [n for v in (needs or ()) for n in _needs_list(v)]


def problems_of(route: str, callback: Callable[..., Any]) -> list[str]:
    """What this URL's view fails to declare; empty when all is declared."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    actions = getattr(callback, "actions", None)  # DRF viewset: {"get": "list", ...}
    out: list[str] = []
    if actions and cls is not None:
        declared = getattr(cls, "policy_needs", None)
        for method, action in actions.items():
            need = declared.get(action) if isinstance(declared, dict) else None
            need = need or getattr(getattr(cls, action, None), "policy_needs", None)
            if not need:
                out.append(f"{route} {method.upper()} -> {cls.__name__}.{action}: no policy_needs")
        return out
    needs = getattr(callback, "policy_needs", None)
    if not needs and cls is not None:
        needs = getattr(cls, "policy_needs", None)
        if isinstance(needs, dict):  # per HTTP method on a plain class-based view
            handlers = [m for m in getattr(cls, "http_method_names", ()) if hasattr(cls, m)]
            missing = [m for m in handlers if m not in needs and m not in ("options", "head")]
            if missing:
                out.append(f"{route} {cls.__name__}: no policy_needs for {', '.join(missing)}")
    if not needs:
        name = getattr(cls, "__name__", None) or getattr(callback, "__qualname__", repr(callback))
        out.append(f"{route} -> {_module(callback)}.{name}: no policy_needs")
    return out


def unknown_needs(callback: Callable[..., Any]) -> list[str]:
    """Declared needs that name no resource/action of the policy table (typos document lies)."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    needs = _needs_list(getattr(callback, "policy_needs", None))
    if cls is not None:
        needs += _needs_list(getattr(cls, "policy_needs", None))
    resources = {r.value for r in Resource}
    actions = {a.value for a in Action}
    bad = []
    for need in needs:
        resource, _, action = need.partition(":")
        if need not in SPECIAL_NEEDS and not (resource in resources and action in actions):
            bad.append(need)
    return bad


def all_views() -> list[tuple[str, Callable[..., Any]]]:
    return [(r, cb) for r, cb in walk(get_resolver().url_patterns) if not _excluded(cb)]


def test_every_view_declares_its_needs() -> None:
    views = all_views()
    assert len(views) > 5, "the URL walk found (almost) nothing; is the walker broken?"
    offenders = [p for route, cb in views for p in problems_of(route, cb)]
    assert not offenders, "Views without a policy_needs declaration:\n  " + "\n  ".join(offenders)


def test_declared_needs_name_the_policy_table() -> None:
    offenders = [f"{route}: {need!r}" for route, cb in all_views() for need in unknown_needs(cb)]
    assert not offenders, "Needs that are not resource:action of the table:\n  " + "\n  ".join(
        offenders
    )


def test_exclusions_are_only_djangos_own() -> None:
    for module in EXCLUDED_MODULES:
        assert module.startswith("django."), module


# --- the checker itself must be able to fail -------------------------------------------------


def _bare(request: Any) -> None:
    return None


def _declared(request: Any) -> None:
    return None


_declared.policy_needs = ("case:view",)  # type: ignore[attr-defined]  # marker under test


def test_checker_flags_undeclared_views_and_actions() -> None:
    from django.views import View
    from rest_framework import viewsets

    class Plain(View):
        def get(self, request: Any) -> None:
            return None

    class Marked(View):
        policy_needs = ("public",)

        def get(self, request: Any) -> None:
            return None

    class PerMethod(View):
        policy_needs = {"get": "case:view"}

        def get(self, request: Any) -> None:
            return None

        def post(self, request: Any) -> None:
            return None

    class HalfViewSet(viewsets.ViewSet):
        policy_needs = {"list": "case:view"}

        def list(self, request: Any) -> None:
            return None

        def create(self, request: Any) -> None:
            return None

    patterns = [
        path("bare", _bare),
        path("declared", _declared),
        path("plain", Plain.as_view()),
        path("marked", Marked.as_view()),
        path("per-method", PerMethod.as_view()),
        path("half", HalfViewSet.as_view({"get": "list", "post": "create"})),
        path("half-ok", HalfViewSet.as_view({"get": "list"})),
    ]
    found = {route: problems_of(route, cb) for route, cb in walk(patterns)}
    assert found["bare"] and found["plain"]
    assert not found["declared"] and not found["marked"] and not found["half-ok"]
    assert any("post" in p for p in found["per-method"])
    assert found["half"] == ["half POST -> HalfViewSet.create: no policy_needs"]


def test_unknown_needs_are_flagged() -> None:
    def typo(request: Any) -> None:
        return None

    typo.policy_needs = ("cases:view", "public")  # type: ignore[attr-defined]
    assert unknown_needs(typo) == ["cases:view"]
    assert unknown_needs(_declared) == []


# --- the declaration is the check ------------------------------------------------------------


def _kwargs_for(pattern: Any) -> dict[str, Any]:
    converters = getattr(pattern.pattern, "converters", {})
    return {name: 1 if "Int" in type(conv).__name__ else "x" for name, conv in converters.items()}


def _walk_patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _walk_patterns(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def _verified_without_roles() -> Any:
    from weerstand import testing as t

    u = t.user()  # signed in, both factors, but no role grants anything
    u.is_verified = lambda: True  # what OTPMiddleware binds after the second factor
    return u


def _declared_web_views() -> list[tuple[str, Any]]:
    out = []
    for route, p in _walk_patterns(get_resolver().url_patterns):
        cb = p.callback
        if _excluded(cb) or route.startswith(("api/", "beheer/")):
            continue
        if getattr(cb, "cls", None) or getattr(cb, "view_class", None):
            continue
        needs = _needs_list(getattr(cb, "policy_needs", None))
        if needs and not set(needs) & SPECIAL_NEEDS:
            out.append((route, p))
    return out


@pytest.mark.django_db
def test_every_declared_web_view_is_404_for_a_role_without_the_grant() -> None:
    """Every page that declares `resource:action` refuses a verified user whose roles grant
    none of it, with the 404 of an absent page, before the view itself runs."""
    from django.http import Http404
    from django.test import RequestFactory

    user = _verified_without_roles()
    views = _declared_web_views()
    assert len(views) > 40, "the walk found too few declared pages; is it broken?"
    open_ = []
    for route, p in views:
        outcome = None
        for method in ("get", "post"):
            request = getattr(RequestFactory(), method)("/" + route)
            request.user = user
            request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # factory
            try:
                response = p.callback(request, **_kwargs_for(p))
            except Http404:
                outcome = 404
                break
            except Exception as exc:  # the view itself ran (and tripped over the bare request)
                outcome = f"view ran ({type(exc).__name__})"
                break
            outcome = response.status_code
            if outcome != 405:
                break
        if outcome != 404:
            open_.append(f"/{route}: {outcome}")
    assert not open_, "Declared pages that did not refuse a user without grants:\n  " + (
        "\n  ".join(open_)
    )


@pytest.mark.django_db
def test_every_api_action_is_a_404_problem_for_a_role_without_the_grant() -> None:
    """The API's permission class checks each action's `policy_needs` like `@requires`."""
    from rest_framework.test import APIRequestFactory, force_authenticate

    user = _verified_without_roles()
    factory = APIRequestFactory()
    checked = 0
    open_ = []
    for route, p in _walk_patterns(get_resolver().url_patterns):
        actions = getattr(p.callback, "actions", None)
        if not route.startswith("api/") or not actions:
            continue
        for method in list(actions):  # the view adds "head" to its actions when called
            request = getattr(factory, method)("/" + route, {}, format="json")
            force_authenticate(request, user=user)
            response = p.callback(request, **_kwargs_for(p)).render()
            checked += 1
            is_problem = response.get("Content-Type", "").startswith("application/problem+json")
            if response.status_code != 404 or not is_problem:
                open_.append(f"{method.upper()} /{route}: {response.status_code}")
    assert checked > 40, "the walk found too few API actions; is it broken?"
    assert not open_, "API actions that did not refuse a user without grants:\n  " + (
        "\n  ".join(open_)
    )


@pytest.mark.django_db
def test_requires_runs_the_view_only_for_a_granted_need() -> None:
    from django.http import Http404, HttpResponse
    from django.test import RequestFactory

    from weerstand import testing as t
    from weerstand.core.decorators import public, requires

    ran: list[str] = []

    @requires("case:create", "signal:view")
    def view(request: Any) -> HttpResponse:
        ran.append(request.user.username)
        return HttpResponse("ok")

    @requires("authenticated")
    def own(request: Any) -> HttpResponse:
        ran.append("own")
        return HttpResponse("ok")

    @public
    def health(request: Any) -> HttpResponse:
        return HttpResponse("ok")

    def request_as(u: Any) -> Any:
        request = RequestFactory().get("/")
        request.user = u
        return request

    analyst = t.user("analyst")  # grants case:create (one of the two suffices)
    analyst.is_verified = lambda: True
    assert view(request_as(analyst)).status_code == 200
    assert ran == [analyst.username]

    nobody = _verified_without_roles()
    with pytest.raises(Http404):
        view(request_as(nobody))
    assert own(request_as(nobody)).status_code == 200

    unverified = t.user("analyst")  # password only: the second factor is missing
    with pytest.raises(Http404):
        view(request_as(unverified))
    with pytest.raises(Http404):
        own(request_as(unverified))
    assert ran == [analyst.username, "own"]
    assert view.policy_needs == ("case:create", "signal:view")  # the marker the walk reads
    assert health(request_as(unverified)).status_code == 200
