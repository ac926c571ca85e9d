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


def grants_any(user: Any, needs: Iterable[str]) -> bool:
    """Does `user` hold at least one of `needs`?

    A need is `"resource:action"` (some role of the user grants that action on that resource,
    `engine.can` without an object), `"authenticated"` (signed in with both factors) or
    `"public"` (anyone). No needs at all grants nothing: an undeclared view stays closed.
    Shared by the web decorator and the API's permission class, so both answer alike.
    """
    from weerstand.accounts.services import is_verified
    from weerstand.policy import engine

    needs = tuple(needs)
    if PUBLIC in needs:
        return True
    if not is_verified(user):
        return False
    for need in needs:
        if need == AUTHENTICATED:
            return True
        resource, _, action = need.partition(":")
        if action and engine.can(user, resource, action):
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

    A user without any role granting `gap:create` gets a 404 before the view runs, so the
    view does not repeat `if not engine.can(user, Resource.GAP, Action.CREATE): raise Http404`.
    Checks on the object itself (may this user change *this* gap) remain in the view or the
    service. `@requires("authenticated")` admits every signed-in user (their own tokens, the
    start page); public pages use `@public` instead.
    """
    if not needs:
        raise ValueError("@requires needs at least one need; use @public for public views")

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not grants_any(request.user, needs):
                raise Http404("Niet gevonden")
            return view(request, *args, **kwargs)

        checked.policy_needs = needs  # type: ignore[attr-defined]  # read by tests and middleware
        return checked  # type: ignore[return-value]  # same signature as `view`

    return decorate


def public[V: Callable[..., Any]](view: V) -> V:
    """Mark a view that is deliberately reachable without signing in (sign-in, health)."""
    view.policy_needs = (PUBLIC,)  # type: ignore[attr-defined]  # marker read by tests
    return view
