"""The API checks what each action declares, exactly like `@requires` does for pages.

`PolicyViewSet` uses `DeclaredNeeds`: without credentials the answer is 401; when no role of
the caller grants any of the action's `policy_needs` (see `core.decorators.admits`) it is a
404 problem, the same answer as for a resource that does not exist. An action that declares
nothing is refused as well, so a forgotten declaration closes rather than opens.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from weerstand.core.decorators import SAFE_METHODS, admits


def _as_tuple(needs: Any) -> tuple[str, ...]:
    if not needs:
        return ()
    if isinstance(needs, str):
        return (needs,)
    return tuple(needs)


def declared_needs(view: Any) -> tuple[str, ...] | None:
    """The needs of the action `view` is about to run; None when no action is routed for this
    method (DRF then answers 405 itself)."""
    action = getattr(view, "action", None)
    if action is None or action not in getattr(view, "action_map", {}).values():
        return None  # e.g. OPTIONS ("metadata"): not routed here
    declared = getattr(view, "policy_needs", None)
    need = declared.get(action) if isinstance(declared, dict) else None
    return _as_tuple(need or getattr(getattr(view, action, None), "policy_needs", None))


def _check(request: Request, needs: tuple[str, ...], view: Any = None) -> bool:
    user = request.user
    if user is None or not user.is_authenticated:
        return False  # DRF turns this into 401 (no or bad credentials)
    if not admits(user, needs, method=request.method or "GET"):
        _trace(request, view)
        raise NotFound()
    return True


def _trace(request: Request, view: Any) -> None:
    """A role without the grant asked anyway: the 404 stays, the refusal is audited
    (`policy.probing`), naming the object when the URL names one of the view's model."""
    from weerstand.policy import probing

    model = getattr(view, "model", None)
    pk = (getattr(view, "kwargs", None) or {}).get("pk")
    write = (request.method or "GET").upper() not in SAFE_METHODS
    if model is not None and pk is not None:
        probing.not_found(model, request.user, "change" if write else "view", {"pk": pk})
    else:
        probing.action_refused(request.user, reason="geen bevoegdheid voor deze handeling")


class DeclaredNeeds(BasePermission):
    """Signed in (token or verified session) and granted one of the action's `policy_needs`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        needs = declared_needs(view)
        if needs is None:
            user = request.user
            return bool(user and user.is_authenticated)
        return _check(request, needs, view)


def needs_permission(needs: tuple[str, ...]) -> type[BasePermission]:
    """A permission class for fixed needs (what `@requires` adds to a plain DRF view)."""

    class Requires(BasePermission):
        def has_permission(self, request: Request, view: Any) -> bool:
            return _check(request, needs, view)

    Requires.__name__ = Requires.__qualname__ = f"Requires({', '.join(needs)})"
    return Requires
