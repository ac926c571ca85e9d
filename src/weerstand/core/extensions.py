"""Where domain apps plug into the shared pages: the main menu and the start page.

The base template and the start page belong to `core`; each domain app registers its menu
items and start-page panels here from its AppConfig.ready(), so no app edits another's files.
Both are computed per request from the policy (a menu item the user may not use is absent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    """A menu entry; `visible(user)` asks the policy, never a role name alone."""

    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass
class Panel:
    """One section of the start page: a template and its context (already policy-scoped)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelBuilder = Callable[[Any], Panel | None]
CaseSectionBuilder = Callable[[Any, Any], Panel | None]

NAV_ITEMS: list[NavItem] = []
PANELS: list[PanelBuilder] = []
CASE_SECTIONS: list[CaseSectionBuilder] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)


def register_panel(builder: PanelBuilder) -> None:
    if builder not in PANELS:
        PANELS.append(builder)


def nav_for(user: Any, current: str | None) -> list[dict[str, Any]]:
    out = []
    for item in sorted(NAV_ITEMS, key=lambda i: i.order):
        if item.visible(user):
            out.append(
                {
                    "label": item.label,
                    "url": reverse(item.url_name),
                    "current": current == item.url_name,
                }
            )
    return out


def panels_for(user: Any) -> list[Panel]:
    panels = [p for builder in PANELS if (p := builder(user)) is not None]
    return sorted(panels, key=lambda p: p.order)


def register_case_section(builder: CaseSectionBuilder) -> None:
    """A section of the case page (products, gaps, assessments, decisions of one case).

    `builder(user, case)` is only called for a case the user may view; it returns None when the
    user has nothing to see there, and must scope its own rows with `visible_to(user)`.
    """
    if builder not in CASE_SECTIONS:
        CASE_SECTIONS.append(builder)


def case_sections_for(user: Any, case: Any) -> list[Panel]:
    sections = [p for builder in CASE_SECTIONS if (p := builder(user, case)) is not None]
    return sorted(sections, key=lambda p: p.order)
