"""The start-page work items, the menu entry and the case-page section of the assessments app.

Everything here is computed from policy-scoped reads (`selectors` read cases and assessments
through `visible_to(user)`), so a hidden case never shows, not even as a count. Nothing here
writes but the audit record of the cases the start page shows.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.assessments import selectors, services
from weerstand.core.extensions import Panel, WorkCount, WorkItem

WORK_ROWS = 10


def sees_overview(user: Any) -> bool:
    return selectors.sees_assessments(user)


def _due_rows(user: Any) -> list[dict[str, Any]]:
    """The due rows, computed once per request for the work list and its count."""
    cached = getattr(user, "_start_due_rows", None)
    if cached is None:
        cached = selectors.due_rows(user)
        user._start_due_rows = cached
    return cached


def _reason(reasons: list[Any]) -> str:
    """The reasons in one line: the advice to re-assess counted, not listed one by one."""
    marker = str(_("advies herbeoordeling"))
    advice = [r for r in reasons if str(r).startswith(marker)]
    rest = [str(r) for r in reasons if not str(r).startswith(marker)]
    if advice:
        rest.append(
            ngettext(
                "%(n)d advies tot herbeoordeling", "%(n)d adviezen tot herbeoordeling", len(advice)
            )
            % {"n": len(advice)}
        )
    return "; ".join(rest)


def work(user: Any) -> list[WorkItem]:
    """Due and overdue recalibrations, for the analysts who write pictures, with the reasons
    (expired term, assumption, trigger, advice to re-assess) and the term as deadline."""
    from weerstand.core.dashboard import audit_work

    if not services.may_write_assessments(user) or not sees_overview(user):
        return []
    rows = _due_rows(user)[:WORK_ROWS]
    audit_work("cases.case", [r["case"].pk for r in rows], "casussen te herijken", user)
    items = []
    for row in rows:
        case, info = row["case"], row["info"]
        current = row["current"]
        url = (
            reverse("assessments:detail", args=[current.pk])
            if current is not None
            else reverse("assessments:case", args=[case.pk])
        )
        items.append(
            WorkItem(
                title=_("Dreigingsbeeld herijken")
                if current is not None
                else _("Eerste dreigingsbeeld opstellen"),
                reason=_reason(info.reasons),
                url=url,
                deadline=current.next_recalibration
                if current is not None
                else case.next_recalibration,
                case_reference=case.reference,
            )
        )
    return items


def counts(user: Any) -> list[WorkCount]:
    if not services.may_write_assessments(user) or not sees_overview(user):
        return []
    n = len(_due_rows(user))
    label = ngettext("dreigingsbeeld te herijken", "dreigingsbeelden te herijken", n)
    return [WorkCount(label, n, reverse("assessments:overview"), 20)]


def case_section(user: Any, case: Any) -> Panel | None:
    """The versions of the case's threat picture that the user may see."""
    if not sees_overview(user):
        return None
    versions = selectors.versions(user, case)
    return Panel(
        template="assessments/_case_assessments.html",
        context={
            "case": case,
            "versions": versions,
            "can_start": services.may_start_version(user, case),
        },
        order=40,
    )
