"""The one registry of what domain apps contribute, read from their AppConfigs.

The kernel (`core`, `policy`, `audit`) knows no domain app. Each domain app's AppConfig is a
`WeerstandAppConfig` that declares, in one method, everything it plugs into the kernel: its rows
of the policy table, its row rules, menu items, start-page panels, case-page sections, demo
data, scheduled jobs and URL maps. The kernel reads those declarations from
`django.apps.apps.get_app_configs()`, once, when the app registry is ready; nothing in the
kernel names an app, and no app edits another's files.

Menu items, panels and sections are computed per request from the policy (a menu item the
user may not use is absent).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import Q

    from weerstand.policy.engine import ObjectCheck


@dataclass(frozen=True)
class NavItem:
    """A menu entry; `visible(user)` asks the policy, never a role name alone.

    `group` names the task the entry belongs to ("Casussen", "Besluiten", ...): entries of one
    group share one top-level item, so a role sees a few tasks instead of a long flat list.
    Without a group the entry is a top-level link of its own (the portal's few pages).
    """

    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100
    group: str | None = None  # a key of NAV_GROUPS
    # A search page taking this query parameter: shown as a search field in the header (as on
    # government sites), not as a menu item.
    search_field: str | None = None

    def __post_init__(self) -> None:
        if self.group is not None and self.group not in NAV_GROUPS:
            raise ValueError(f"unknown menu group {self.group!r} of {self.url_name}")


# The tasks of the menu, in menu order. Named so no two can be mistaken for each other, nor
# for an entry inside them.
NAV_GROUPS: dict[str, Any] = {
    "cases": _("Casussen"),
    "signals": _("Signalen"),
    "analysis": _("Analyse"),
    "decisions": _("Besluiten"),
    "execution": _("Uitvoering"),
    "oversight": _("Toezicht"),
}


@dataclass
class Panel:
    """One section of the start page: a template and its context (already policy-scoped)."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100
    # The portal's short start page shows this few-line version (same context) and leaves the
    # full panel to the overview page; a panel without one is only on the overview.
    brief_template: str = ""


@dataclass(frozen=True)
class WorkItem:
    """One job on the start page's "what needs me today": what, why this user, by when, where.

    Built by the app that owns the job, from `visible_to(user)` rows the user may act on (a
    change/decide grant, never a read grant alone), and audited by that app.
    """

    title: Any  # what to do, e.g. "Besluit accorderen"
    reason: Any  # why it is this user's job, in words
    url: str  # the page where the job is done
    deadline: date | datetime | None = None
    case_reference: str = ""
    priority: bool = False  # urgent beyond its deadline (e.g. escalated)
    # What kind of job (the start page shows a few of each kind); default: the page's view.
    kind: str = ""


@dataclass(frozen=True)
class WorkCount:
    """A number of things of one kind that wait for the user, linking to their full list."""

    label: Any
    n: int
    url: str
    order: int = 100


PanelBuilder = Callable[[Any], Panel | None]
WorkBuilder = Callable[[Any], Sequence[WorkItem]]
CountBuilder = Callable[[Any], Sequence[WorkCount]]
CaseSectionBuilder = Callable[[Any, Any], Panel | None]
RuleBuilder = Callable[[Any, str], "Q"]


@dataclass(frozen=True)
class RowRule:
    """Which rows of `resource` a user may see or change: `builder(user, action) -> Q`.

    `models` ("app.model") are the models whose rows the rule filters, also when their
    default manager is not a PolicyManager (timeline entries, relations).
    """

    resource: str
    builder: RuleBuilder
    models: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoStep:
    """One app's part of the demo world: `seed(world) -> counts` runs in `order`.

    `fingerprint()` returns the rows this step decides (lists of value tuples, without primary
    keys, ciphertexts or timestamps); the demo's determinism fingerprint hashes them all.
    `around()` is a context the whole seed runs in (e.g. indexing suspended until a rebuild).
    """

    order: int
    seed: Callable[[Any], dict[str, Any] | None]
    fingerprint: Callable[[], list[list[Any]]] | None = None
    around: Callable[[], AbstractContextManager[Any]] | None = None


@dataclass(frozen=True)
class Job:
    """A scheduled job: idempotent, safe to run at any time, never from a page view.

    `run(now)` returns how many things it did (for the job log).
    """

    name: str
    run: Callable[[datetime], int]
    help: str
    every_minutes: int = 5


@dataclass
class Contributions:
    """Everything one app plugs into the kernel. Empty by default."""

    grants: dict[Any, dict[tuple[Any, Any], tuple[Any, ...]]] = field(default_factory=dict)
    notes: Sequence[str] = ()
    rules: Sequence[RowRule] = ()
    # Object checks of field-level resources: resource -> check(principal, obj, action).
    checks: Mapping[str, ObjectCheck] = field(default_factory=dict)
    nav: Sequence[NavItem] = ()
    panels: Sequence[PanelBuilder] = ()
    # The start page's "what needs me today": the user's own jobs, and counts linking to lists.
    work: Sequence[WorkBuilder] = ()
    counts: Sequence[CountBuilder] = ()
    case_sections: Sequence[CaseSectionBuilder] = ()
    demo: Sequence[DemoStep] = ()
    jobs: Sequence[Job] = ()
    # Conditions other apps put on a step of the case life cycle: transition name ->
    # guard(case) returning why the step cannot be taken now, or None (e.g. "submitting for a
    # decision needs a finalised assessment", owned by the assessments app).
    transition_guards: dict[str, Callable[[Any], str | None]] = field(default_factory=dict)
    # Sections of docs/access-policy.md, each a function returning Markdown lines.
    policy_doc: Sequence[Callable[[], list[str]]] = ()
    # What the app links to a case that carries a classification: floor(case) is the highest
    # classification among those rows, or None. A case is never classified below any floor
    # (`cases.selectors.classification_floor`), so its own level never understates its content.
    classification_floors: Sequence[Callable[[Any], int | None]] = ()
    # The latest date the app's rules allow for a case's next recalibration, or None (the
    # assessments app: derived from the threat level of the picture in force). A date set by
    # hand may only come earlier (`cases.selectors.recalibration_limit`).
    recalibration_limits: Sequence[Callable[[Any], date | None]] = ()
    # What the app does when a decision of the authority comes in force (e.g. a stop or a
    # scale-down starts the resilience end phase and invites the person's experience). Called
    # inside the transaction that puts the decision in force, after the case has followed.
    decision_in_force: Sequence[Callable[[Any], None]] = ()
    # What the app does when a decision of the authority is taken for good (approved by the
    # second decision-maker, or taken directly without four eyes): its letters go out then
    # (e.g. the rights app addresses the letters to the protectee, relatives and employer).
    # Called inside the transaction that approves the decision, before it is in force.
    decision_approved: Sequence[Callable[[Any], None]] = ()
    # Kinds of objects the retention app may destroy or anonymise when their retention period
    # has passed, and report on in a person's access request (`retention.types.ObjectType`).
    retention_types: Sequence[Any] = ()


class WeerstandAppConfig(AppConfig):
    """The AppConfig of a Weerstand app that plugs into the kernel.

    `web_prefix` mounts `<app>.urls` under that path; `has_api` mounts `<app>.api.urls` under
    `/api/v1/`. `contribute()` returns the rest; it runs once the app registry is ready, so it
    may import the app's models, rules and panels.
    """

    default_auto_field = "django.db.models.BigAutoField"
    web_prefix: str | None = None
    has_api: bool = False

    def contribute(self) -> Contributions:
        return Contributions()


# --- reading the registry ------------------------------------------------------------------


def domain_apps() -> list[WeerstandAppConfig]:
    """The installed apps that contribute, in INSTALLED_APPS order."""
    return [cfg for cfg in apps.get_app_configs() if isinstance(cfg, WeerstandAppConfig)]


@functools.cache
def contributions() -> tuple[tuple[WeerstandAppConfig, Contributions], ...]:
    """Every domain app with what it contributes (read once; the app registry must be ready)."""
    apps.check_apps_ready()
    return tuple((cfg, cfg.contribute()) for cfg in domain_apps())


def _all[T](pick: Callable[[Contributions], Sequence[T]]) -> list[T]:
    return [item for _cfg, c in contributions() for item in pick(c)]


def nav_items() -> list[NavItem]:
    return sorted(_all(lambda c: c.nav), key=lambda i: i.order)


def demo_steps() -> list[DemoStep]:
    return sorted(_all(lambda c: c.demo), key=lambda s: s.order)


def jobs() -> list[Job]:
    return _all(lambda c: c.jobs)


def transition_guards(name: str) -> list[Callable[[Any], str | None]]:
    return [g for _cfg, c in contributions() if (g := c.transition_guards.get(name)) is not None]


def classification_floors() -> list[Callable[[Any], int | None]]:
    return _all(lambda c: c.classification_floors)


def recalibration_limits() -> list[Callable[[Any], date | None]]:
    return _all(lambda c: c.recalibration_limits)


def decision_in_force_hooks() -> list[Callable[[Any], None]]:
    return _all(lambda c: c.decision_in_force)


def decision_approved_hooks() -> list[Callable[[Any], None]]:
    return _all(lambda c: c.decision_approved)


def retention_types() -> list[Any]:
    return _all(lambda c: c.retention_types)


def row_rules() -> list[RowRule]:
    return _all(lambda c: c.rules)


def web_routes() -> list[tuple[str, str]]:
    """(path prefix, urls module) of every app with web pages."""
    return [
        (cfg.web_prefix, f"{cfg.name}.urls") for cfg in domain_apps() if cfg.web_prefix is not None
    ]


def api_url_modules() -> list[str]:
    return [f"{cfg.name}.api.urls" for cfg in domain_apps() if cfg.has_api]


# --- what the shared pages ask ---------------------------------------------------------------


def nav_for(user: Any, current: str | None) -> list[dict[str, Any]]:
    """The menu of one user: the task groups with the entries the policy lets them use.

    A group with one visible entry is shown as that entry's plain link (`items` of one, with
    `single`); a group with more is a disclosure. A group is `current` when one of its entries
    is the page shown, so the menu says where the user is even when the group is closed.
    """
    groups: dict[str, dict[str, Any]] = {}
    for item in nav_items():
        if item.search_field or not item.visible(user):
            continue
        entry = {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": current == item.url_name,
        }
        # An entry without a group is a top-level link of its own.
        key = item.group or item.url_name
        label = NAV_GROUPS[item.group] if item.group else item.label
        group = groups.setdefault(
            key, {"key": key, "label": label, "items": [], "order": item.order}
        )
        group["items"].append(entry)
    result = []
    for group in groups.values():
        group["single"] = len(group["items"]) == 1
        group["current"] = any(e["current"] for e in group["items"])
        result.append(group)
    ranked = {name: i for i, name in enumerate(NAV_GROUPS)}
    result.sort(key=lambda g: (ranked.get(g["key"], len(ranked)), g["order"]))
    return result


def search_for(user: Any) -> dict[str, Any] | None:
    """The header's search field, when the user may search: where it goes and its parameter."""
    for item in nav_items():
        if item.search_field and item.visible(user):
            return {"url": reverse(item.url_name), "field": item.search_field, "label": item.label}
    return None


def panels_for(user: Any) -> list[Panel]:
    panels = [p for builder in _all(lambda c: c.panels) if (p := builder(user)) is not None]
    return sorted(panels, key=lambda p: p.order)


def work_items_for(user: Any) -> list[WorkItem]:
    """Every app's work items for the user (unsorted; the start page orders them)."""
    return [item for builder in _all(lambda c: c.work) for item in builder(user)]


def work_counts_for(user: Any) -> list[WorkCount]:
    """Every app's counts for the user; a count of nothing is left out."""
    counts = [c for builder in _all(lambda c: c.counts) for c in builder(user) if c.n]
    return sorted(counts, key=lambda c: c.order)


def case_sections_for(user: Any, case: Any) -> list[Panel]:
    """Sections of the case page (products, gaps, assessments, decisions of one case).

    Each builder is only called for a case the user may view; it returns None when the user
    has nothing to see there, and scopes its own rows with `visible_to(user)`.
    """
    builders = _all(lambda c: c.case_sections)
    sections = [p for builder in builders if (p := builder(user, case)) is not None]
    return sorted(sections, key=lambda p: p.order)
