"""Each view declares what it needs, and the declaration is the check.

`@requires("case:view")` both documents a view's needs (a test walks every URL and fails when
a view declares nothing) and enforces them: the view runs only for a signed-in, verified user
whose roles grant at least one of the declared needs; anyone else gets a 404, the same answer
as for a page that does not exist. A declaration therefore cannot drift from the check.

What the decorator checks is the coarse question "does any role of this user grant this at
all". Which rows the user may see or change stays with the policy engine (`visible_to`,
`engine.get_for`) and the domain services; a view keeps those object-level checks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.http import Http404, HttpRequest

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SPECIAL_NEEDS = frozenset({PUBLIC, AUTHENTICATED})


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def admits(user: Any, needs: Iterable[str], *, method: str = "GET") -> bool:
    """Does `user` hold at least one of `needs` for a request with this HTTP `method`?

    A need is `"resource:action"`: some role of the user grants that action on that resource
    (`engine.can` without an object). `"authenticated"` admits every signed-in user,
    `"public"` everyone. No needs at all admit nobody: an undeclared view stays closed.

    One leniency, for writes only: a POST (or PATCH) by a user who may *view* the declared
    resource is let through to the service, which refuses it with its own 403 and reason
    ("you may see this case but not change it"). The object is visible to them, so the
    refusal tells nothing new; a user who may not even view the resource gets the 404 of an
    absent page, and a page (GET) for an action the user lacks is a 404 as well.

    Authentication is the caller's business: the web decorator requires the second factor,
    the API its token or verified session. Shared by both, so they answer alike.
    """
    from weerstand.policy import engine

    needs = tuple(needs)
    if PUBLIC in needs:
        return True
    if user is None or not user.is_authenticated:
        return False
    if AUTHENTICATED in needs:
        return True
    write = method.upper() not in SAFE_METHODS
    for need in needs:
        resource, _, action = need.partition(":")
        if engine.can(user, resource, action):
            return True
        if write and action != "view" and engine.can(user, resource, "view"):
            return True
    return False


def requires(*needs: str) -> Callable[[F], F]:
    """Declare and enforce the policy needs of a view; any one of them suffices.

    Example::

        @login_required
        @require_POST
        @requires("gap:create")
        def gap_create(request, case_id):
            case = engine.get_for(Case.objects.all(), request.user, Action.VIEW, pk=case_id)
            ...

    A user without any role granting `gap:create` (see `admits` for the one leniency on
    writes) gets a 404 before the view runs, so the view does not repeat
    `if not engine.can(user, Resource.GAP, Action.CREATE): raise Http404`. Checks on the
    object itself (may this user change *this* gap) remain in the view or the service.
    `@requires("authenticated")` admits every signed-in user (their own tokens, the start
    page); public pages use `@public` instead.

    On a DRF view (`SomeAPIView.as_view()`), which authenticates inside the view, the check
    is added to its permission classes instead, answering a 404 problem after
    authentication; API viewsets declare `policy_needs` per action instead.
    """
    if not needs:
        raise ValueError("@requires needs at least one need; use @public for public views")

    def decorate(view: F) -> F:
        if getattr(view, "cls", None) is not None and hasattr(view, "initkwargs"):
            return _requires_in_api(view, needs)

        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            from weerstand.accounts.services import is_verified

            user = request.user
            method = request.method or "GET"
            if not (is_verified(user) and admits(user, needs, method=method)):
                if is_verified(user):  # a signed-in user asked for what no role of theirs grants
                    from weerstand.policy import probing

                    probing.action_refused(user, reason="geen bevoegdheid voor deze pagina")
                raise Http404("Niet gevonden")
            return view(request, *args, **kwargs)

        checked.policy_needs = needs  # type: ignore[attr-defined]  # read by tests and middleware
        return checked  # type: ignore[return-value]  # same signature as `view`

    return decorate


def _requires_in_api(view: Any, needs: tuple[str, ...]) -> Any:
    """The same DRF view, built again with the declared needs among its permissions."""
    from weerstand.core.api.permissions import needs_permission

    cls = view.cls
    initkwargs = dict(view.initkwargs)
    initkwargs["permission_classes"] = [
        *initkwargs.get("permission_classes", cls.permission_classes),
        needs_permission(needs),
    ]
    actions = getattr(view, "actions", None)
    rebuilt = cls.as_view(actions, **initkwargs) if actions else cls.as_view(**initkwargs)
    rebuilt.policy_needs = needs
    return rebuilt


def public[V: Callable[..., Any]](view: V) -> V:
    """Mark a view that is deliberately reachable without signing in (sign-in, health)."""
    view.policy_needs = (PUBLIC,)  # type: ignore[attr-defined]  # marker read by tests
    return view
