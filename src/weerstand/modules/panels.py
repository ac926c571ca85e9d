"""The portal panel 'Uw modules' and the case-page section for the case team. Built from
policy-scoped reads only, and audited."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.extensions import Panel, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource

LIMIT = 20


def _audit_list(user: Any, rows: list[Any], what: str, case_id: int | None = None) -> None:
    audit.record(
        AuditAction.LIST,
        object_type="modules.moduleassignment",
        object_repr=f"{len(rows)} moduleopdrachten ({what})",
        case_id=case_id,
        changes={"ids": [r.pk for r in rows]},
        actor=user,
    )


def portal_panel(user: Any) -> Panel | None:
    """The person's own modules with their progress (start page, order 50)."""
    from weerstand.modules import rules, selectors

    if not rules.follows_modules(user):
        return None
    rows = selectors.own_assignments(user)[:LIMIT]
    if not rows:
        return None
    _audit_list(user, rows, "portaal")
    progress = selectors.progress_for(rows)
    return Panel(
        template="modules/_panel_portal.html",
        context={"rows": [(a, progress[a.pk]) for a in rows]},
        order=50,
    )


def portal_work(user: Any) -> list[WorkItem]:
    """The person's unfinished modules, one line each on their short start page."""
    from weerstand.modules import rules, selectors

    if not rules.follows_modules(user):
        return []
    rows = selectors.own_assignments(user)[:LIMIT]
    if not rows:
        return []
    progress = selectors.progress_for(rows)
    open_rows = [a for a in rows if progress[a.pk].done < progress[a.pk].total]
    if not open_rows:
        return []
    _audit_list(user, open_rows, "startpagina")
    return [
        WorkItem(
            title=(
                _("Ga verder met de module %(title)s")
                if progress[a.pk].done
                else _("Begin aan de module %(title)s")
            )
            % {"title": a.module_version.shown_title()},
            reason=_("%(done)d van %(total)d delen klaar")
            % {"done": progress[a.pk].done, "total": progress[a.pk].total},
            url=reverse("modules:assignment", args=[a.pk]),
            kind="portal-module",
        )
        for a in open_rows
    ]


def case_section(user: Any, case: Any) -> Panel | None:
    """The modules of the persons concerned, with their progress (case team)."""
    from weerstand.modules import rules, selectors

    if not engine.can(user, Resource.MODULE_ASSIGNMENT, Action.VIEW):
        return None
    rows = selectors.case_assignments(user, case)[:LIMIT]
    can_assign = rules.may_assign(user, case)
    if not rows and not can_assign:
        return None
    if rows:
        _audit_list(user, rows, "casuspagina", case.pk)
    progress = selectors.progress_for(rows)
    return Panel(
        template="modules/_case_section.html",
        context={
            "case": case,
            "rows": [(a, progress[a.pk]) for a in rows],
            "can_assign": can_assign,
        },
        order=85,
    )
