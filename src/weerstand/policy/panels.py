"""The policy kernel's part of the start page: uses of break-glass that wait for review, and
compartment changes that wait for the second person of the owning side."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from weerstand.core.extensions import WorkCount, WorkItem
from weerstand.policy import engine
from weerstand.policy.table import Action, Resource, Scope, scopes_for


def counts(user: Any) -> list[WorkCount]:
    """Unreviewed uses of break-glass, for those who oversee every case's audit trail (the
    review is their job); a count, its list is the oversight page."""
    from weerstand.policy.models import BreakGlassGrant

    if Scope.ALL not in scopes_for(user.role_codes, Resource.CASE_AUDIT, Action.VIEW):
        return []
    n = (
        engine.scope(BreakGlassGrant.objects.all(), user)
        .filter(reviewed_at__isnull=True)
        .exclude(user=user.pk)
        .count()
    )
    label = ngettext("noodtoegang te beoordelen", "noodtoegangen te beoordelen", n)
    return [WorkCount(label, n, reverse("policy:oversight"), 15)]


def work(user: Any) -> list[WorkItem]:
    """Membership changes of a compartment that wait for this user as the second person of
    its owning side (never their own proposal)."""
    from weerstand.core.dashboard import audit_work
    from weerstand.policy import compartments
    from weerstand.policy.models import ChangeStatus, CompartmentChange

    pending = (
        CompartmentChange.objects.filter(
            compartment__in=engine.visible_compartments(user), status=ChangeStatus.PENDING
        )
        .exclude(proposed_by=user.pk)
        .select_related("compartment", "user", "proposed_by")
        .order_by("proposed_at", "pk")[:20]
    )
    rows = [c for c in pending if compartments.is_owning_member(user, c.compartment)]
    audit_work("policy.compartmentchange", [c.pk for c in rows], "compartimentwijzigingen", user)
    return [
        WorkItem(
            title=_("Wijziging in %(name)s beoordelen") % {"name": c.compartment.name},
            reason=_("%(kind)s van %(who)s, voorgesteld door %(by)s; wacht op u als tweede persoon")
            % {
                "kind": c.get_kind_display(),
                "who": c.user.display_name,
                "by": c.proposed_by.display_name,
            },
            url=reverse("policy:compartment", args=[c.compartment_id]),
        )
        for c in rows
    ]
