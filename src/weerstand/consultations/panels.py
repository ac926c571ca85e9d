"""The case-page section of the consultations app (both sides of the case team)."""

from __future__ import annotations

from typing import Any

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.consultations import rules, selectors, services
from weerstand.core.extensions import Panel


def case_section(user: Any, case: Any) -> Panel | None:
    """Consultations of the case, and a hint when the case touches an investigation and has
    none yet. Nothing at all for whoever has no need (no grant reaching this case)."""
    if not rules.may_read(user, case):
        return None
    rows = selectors.case_consultations(user, case, limit=5)
    touches = services.touches_investigation(case)
    if not rows and not touches:
        return None
    if rows:
        audit.record(
            AuditAction.LIST,
            object_type="consultations.consultation",
            object_repr=f"{len(rows)} afstemmingsoverleggen (casuspagina)",
            case_id=case.pk,
            changes={"ids": [r.pk for r in rows]},
        )
    return Panel(
        template="consultations/_case_section.html",
        context={
            "case": case,
            "rows": rows,
            "missing": touches and not rows,
            "may_record": rules.may_record(user, case),
        },
        order=50,
    )
