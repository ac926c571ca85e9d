"""The portal's own start-page panels: 'Uw beveiliging nu' (10) and 'Wat u aan ons meldde'
(30). Other apps add theirs (contact person, letters, conversations...) at their own order."""

from __future__ import annotations

from typing import Any

from weerstand.accounts.roles import is_portal_user
from weerstand.core.extensions import Panel
from weerstand.portal import selectors


def protection_panel(user: Any) -> Panel | None:
    """The measures that apply now and what is expected, within what the case shares."""
    now = selectors.protection_now(user)
    if now is None:
        return None
    return Panel(
        template="portal/_protection.html",
        context={"now": now},
        order=10,
        brief_template="portal/_protection_brief.html",
    )


def reports_panel(user: Any) -> Panel | None:
    """Their own reports and where each stands, with the way to report something new."""
    from weerstand.signals import rules

    if not is_portal_user(user) or not rules.may_report_in_portal(user):
        return None
    return Panel(
        template="portal/_reports.html",
        context={"reports": selectors.own_reports(user)},
        order=30,
    )


BUILDERS = (protection_panel, reports_panel)
