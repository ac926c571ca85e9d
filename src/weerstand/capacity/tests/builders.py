"""Test builders for capacity: units, officers and real security assignments (via the ORM,
bypassing the decision workflow, which has its own tests)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.capacity.models import Officer
from weerstand.organisations.models import Organisation, Unit

_seq = itertools.count(1)
ALL_DAYS = [0, 1, 2, 3, 4, 5, 6]


def unit(organisation: Organisation, kind: str = "dkdb", code: str | None = None) -> Unit:
    code = code or f"{organisation.code}-{kind}-{next(_seq)}"
    return Unit.objects.create(organisation=organisation, code=code, name=code, kind=kind)


def officer(u: Unit, *quals: str, hours: int = 36, **kwargs: Any) -> Officer:
    n = next(_seq)
    return Officer.objects.create(
        unit=u,
        first_name="Agent",
        last_name=f"Nummer{n}",
        badge=kwargs.pop("badge", f"B{n:05d}"),
        qualifications=list(quals) or ["personal_protection", "firearms"],
        contract_hours=hours,
        **kwargs,
    )


def assignment(
    case: Any,
    executing: Organisation,
    *,
    officers: int = 1,
    qualifications: tuple[str, ...] = ("personal_protection",),
    start_hour: int = 7,
    end_hour: int = 15,
    weekdays: list[int] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    priority: int = 5,
    resistance: int = 2,
    threat: int = 3,
    mixed: bool = False,
    status: str = "active",
    decided_at: Any = None,
) -> Any:
    """A real decisions.SecurityAssignment with the minimum chain behind it."""
    from weerstand.assessments.models import Assessment
    from weerstand.catalogue.models import Measure
    from weerstand.decisions.models import Decision, SecurityAssignment

    n = next(_seq)
    author = t.user("analyst")
    assessment = Assessment.objects.create(
        case=case,
        number=n,
        status="finalised",
        author=author,
        threat_level=threat,
        recommended_resistance=resistance,
    )
    measure = Measure.objects.create(
        code=f"m-{n}", name=f"Maatregel {n}", effective_from=date(2020, 1, 1)
    )
    decision = Decision.objects.create(
        reference=f"BS-T-{n}",
        case=case,
        assessment=assessment,
        decision_type="start",
        required_resistance=resistance,
        reasoning="test",
        effective_date=date(2020, 1, 1),
        status="in_force",
        decided_by=author,
        decided_at=decided_at or timezone.now(),
    )
    now = timezone.now()
    return SecurityAssignment.objects.create(
        reference=f"BO-T-{n:04d}",
        decision=decision,
        case=case,
        measure=measure,
        executing_organisation=executing,
        officers=officers,
        qualifications=list(qualifications),
        start_hour=start_hour,
        end_hour=end_hour,
        weekdays=ALL_DAYS if weekdays is None else weekdays,
        mixed_team_allowed=mixed,
        starts_on=starts_on or timezone.localdate() - timedelta(days=30),
        ends_on=ends_on,
        priority=priority,
        status=status,
        acknowledge_before=now,
        staffed_before=now,
    )
