"""Demo data of the retention app: the default retention rules, a legal hold on an ended
demo case (an objection is still running), and an access request of the demo protectee,
all through `retention.services` as the privacy officer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from weerstand.retention import services
from weerstand.retention.models import CountedFrom, HoldKind, RetentionAction

RULES = (
    # Threat-information products: five years after the product's date.
    ("threat_product", "", 5 * 365, CountedFrom.PRODUCT_DATE, RetentionAction.DESTROY, ""),
    # Person data of closed cases: anonymised two years after the last case closed.
    ("person", "", 2 * 365, CountedFrom.CASE_CLOSED, RetentionAction.ANONYMISE, ""),
    # Signals (soft information): one year after the signal, or after its case closed.
    (
        "signal",
        "",
        365,
        CountedFrom.SIGNAL_DATE,
        RetentionAction.DESTROY,
        "Wpg art. 4 en art. 8: zachte informatie niet langer dan nodig; een jaar na het "
        "signaal, voor een signaal bij een casus een jaar na sluiting van die casus.",
    ),
    # A closed case's file: its free texts anonymised ten years after closing.
    (
        "case_file",
        "",
        10 * 365,
        CountedFrom.CASE_CLOSED,
        RetentionAction.ANONYMISE,
        "Archiefwet 1995 art. 5, selectielijst: dossier beveiligingscasus tien jaar na "
        "afsluiting; kenmerk, data, statussen en besluiten blijven voor de verantwoording.",
    ),
)


def seed(world: Any) -> dict[str, Any]:
    privacy = world.users.get("privacy")
    if privacy is None:
        return {"retention": {"rules": 0}}
    made = 0
    for object_type, basis, days, counted_from, action, note in RULES:
        services.create_rule(
            privacy,
            {
                "object_type": object_type,
                "legal_basis": basis,
                "period_days": days,
                "counted_from": counted_from,
                "action": action,
                "note": note,
            },
        )
        made += 1
    holds = 0
    ended = next((s.case for s in world.cases if s.case.state == "ended"), None)
    if ended is not None:
        services.place_hold(
            privacy,
            case_id=ended.pk,
            kind=HoldKind.OBJECTION,
            reason="Bezwaar tegen het beëindigingsbesluit loopt nog.",
        )
        holds = 1
    requests = 0
    person = world.portal_persons.get("tbp")
    if person is not None:
        request = services.create_access_request(
            privacy, person.pk, (world.now - timedelta(days=3)).date()
        )
        services.collect_items(privacy, request.pk)
        requests = 1
    return {"retention": {"rules": made, "holds": holds, "access_requests": requests}}
