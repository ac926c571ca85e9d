"""Start-page work: the user's open tasks to inform a protected person, and the compact panel
with the form to record that it is done (the task has no page of its own)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.core.extensions import Panel, WorkItem


def work(user: Any) -> list[WorkItem]:
    """Open tasks assigned to this user on cases they may still see (policy-scoped)."""
    from weerstand.capacity import selectors
    from weerstand.core.dashboard import audit_work

    tasks = selectors.open_tasks(user)
    audit_work("capacity.informtask", [t.pk for t in tasks], "taken om te informeren", user)
    return [
        WorkItem(
            title=_("Beschermde persoon informeren"),
            reason=_(
                "Het LCC bevestigde minder beveiliging door een capaciteitstekort; "
                "u bent de vaste contactpersoon"
            ),
            url=reverse("core:home") + f"#taak-{t.pk}",
            deadline=t.deadline,
            case_reference=t.case.reference,
            priority=t.escalated_at is not None,
        )
        for t in tasks
    ]


def inform_task_panel(user: Any) -> Panel | None:
    """Open tasks assigned to this user on cases they may still see (policy-scoped)."""
    from weerstand.capacity import selectors

    tasks = selectors.open_tasks(user)
    if not tasks:
        return None
    return Panel(template="capacity/_panel.html", context={"tasks": tasks}, order=40)
