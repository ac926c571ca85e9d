"""URL patterns of `/api/v1/` built from what each viewset declares, not wired by hand.

A viewset lists its URLs next to its actions::

    class SignalViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
        routes = (
            Route("signals", {"get": "list", "post": "create"}, "api-signal-list"),
            Route("signals/<int:pk>", {"get": "retrieve"}, "api-signal-detail"),
            # A decision, not a page of results: no pagination for this URL.
            Route("signals/<int:pk>/triages", {"post": "triage"}, "api-signal-triages",
                  paginated=False),
        )

and the app's `api/urls.py` asks for them: ``urlpatterns = patterns(SignalViewSet)``. Paths
are kebab-case without trailing slashes; the name is the URL name tests and `reverse` use.

Routes can also be given next to a viewset that does not (yet) declare its own:
``patterns((CaseViewSet, CASE_ROUTES))``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, path


@dataclass(frozen=True)
class Route:
    """One URL of a viewset: `path` (Django syntax, relative to `/api/v1/`), the `actions`
    per HTTP method (``{"get": "list", "post": "create"}``), the URL `name`, and whether
    list actions on it are `paginated`."""

    path: str
    actions: Mapping[str, str]
    name: str
    paginated: bool = True
    initkwargs: Mapping[str, Any] = field(default_factory=dict)

    def pattern(self, viewset: Any) -> URLPattern:
        unknown = [a for a in self.actions.values() if not callable(getattr(viewset, a, None))]
        if unknown:
            raise ValueError(f"{viewset.__name__} has no action {', '.join(unknown)} ({self.path})")
        initkwargs = dict(self.initkwargs)
        if not self.paginated:
            initkwargs["pagination_class"] = None
        view = viewset.as_view(dict(self.actions), **initkwargs)
        return path(self.path, view, name=self.name)


type Declared = Any | tuple[Any, Sequence[Route]]


def patterns(*viewsets: Declared) -> list[URLPattern]:
    """The URL patterns of `viewsets`, in the order given and each in its `routes` order.

    Each item is a viewset class with `routes`, or a ``(viewset, routes)`` pair. A viewset
    without any route is an error: it would be unreachable, which is never what was meant.
    """
    out: list[URLPattern] = []
    for item in viewsets:
        viewset, routes = item if isinstance(item, tuple) else (item, item.routes)
        if not routes:
            raise ValueError(f"{viewset.__name__} declares no routes")
        out.extend(route.pattern(viewset) for route in routes)
    return out
