"""Test worlds for the retention app: products made through the information services (so
their audit records are the real ones), the privacy officer and the inspector."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

from weerstand import testing as t


def world() -> SimpleNamespace:
    from weerstand.information.legal_bases import ensure_default_legal_bases

    bases = ensure_default_legal_bases()
    police = t.org("police", code="pol-ret")
    liaison = t.user("police_liaison", organisation=police)
    analyst = t.user("analyst")
    case = t.case(t.user("mayor"), team=(liaison, analyst), state="assessment")
    return SimpleNamespace(
        bases=bases,
        police=police,
        liaison=liaison,
        analyst=analyst,
        case=case,
        privacy=t.user("privacy_officer"),
        inspector=t.user("inspector"),
    )


def marker() -> str:
    return f"bewaarmerk{uuid.uuid4().hex[:10]}"


def product(w: SimpleNamespace, mark: str, *, cases: tuple[Any, ...] = (), **kw: Any) -> Any:
    """A product with `mark` in every content field: title, summary, body, an entity, and
    an attachment's name and text."""
    from weerstand.information import services
    from weerstand.information.services import AttachmentData, ProductData

    data = ProductData(
        title=f"Titel {mark}",
        legal_basis=w.bases["wpg-19"],
        reliability="B",
        credibility=2,
        summary=f"Samenvatting {mark}",
        body=f"Inhoud {mark}",
        cases=list(cases or (w.case,)),
        entities=[("organisation", f"Stichting {mark}")],
        attachments=[
            AttachmentData(f"verslag-{mark}.txt", "text/plain", f"Bijlage {mark}".encode())
        ],
        **kw,
    )
    return services.create_product(w.liaison, data)


def rule(w: SimpleNamespace, **kw: Any) -> Any:
    from weerstand.retention import services

    values = {
        "object_type": "threat_product",
        "legal_basis": "",
        "period_days": 365,
        "counted_from": "product_date",
        "action": "destroy",
        **kw,
    }
    return services.create_rule(w.privacy, values)
