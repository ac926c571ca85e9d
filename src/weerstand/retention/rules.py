"""Row rules of the retention app: configuration-like rows without case content, so the
grant decides alone (scope `all` or nothing); no clearance or compartment applies because no
row carries classified content (see `retention.models`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from weerstand.core.extensions import RowRule
from weerstand.policy import engine
from weerstand.policy.engine import NOTHING
from weerstand.policy.table import Action, Resource, Scope, scopes_for


def _all_or_nothing(resource: Resource) -> Any:
    def rule(user: Any, action: str = Action.VIEW) -> Q:
        p = engine.principal(user)
        try:
            act = Action(action)
        except ValueError:
            return NOTHING
        if act not in (Action.VIEW, Action.CHANGE):
            return NOTHING
        return Q() if Scope.ALL in scopes_for(p.roles, resource, act) else NOTHING

    return rule


RULES = (
    RowRule(
        "retention_rule", _all_or_nothing(Resource.RETENTION_RULE), ("retention.retentionrule",)
    ),
    RowRule("legal_hold", _all_or_nothing(Resource.LEGAL_HOLD), ("retention.legalhold",)),
    RowRule(
        "destruction_report",
        _all_or_nothing(Resource.DESTRUCTION_REPORT),
        ("retention.destructionreport",),
    ),
    RowRule(
        "access_request",
        _all_or_nothing(Resource.ACCESS_REQUEST),
        ("retention.accessrequest", "retention.accessrequestitem"),
    ),
)
