"""The accounts app's part of the start page: the access changes waiting for this user as the
second person (the administration itself is reached from the header's "Beheer")."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from weerstand.core.extensions import WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource


def work(user: Any) -> list[WorkItem]:
    if not engine.can(user, Resource.ACCESS_CHANGE, Action.CHANGE):
        return []
    from weerstand.accounts import access_changes
    from weerstand.core.dashboard import audit_work

    pending = access_changes.queue(user)[:20]
    audit_work("accounts.accesschangerequest", [r.pk for r in pending], "toegangswijzigingen", user)
    return [
        WorkItem(
            title=_("Toegangswijziging voor %(who)s beoordelen") % {"who": r.target.display_name},
            reason=_("Aangevraagd door %(by)s; wacht op u als tweede persoon")
            % {"by": r.requested_by.display_name},
            url=reverse("accounts:access-changes"),
        )
        for r in pending
    ]
