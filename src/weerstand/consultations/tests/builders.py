"""A fresh world for consultation tests, built through the services by the roles that own
each step: a case transferred by the OM, with a team of both sides and partners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from weerstand import testing as t
from weerstand.consultations import services


@dataclass
class World:
    case: Any
    analyst: Any
    om: Any
    police: Any
    planner: Any
    resilience: Any
    outsider_analyst: Any
    outsider_om: Any
    inspector: Any


def world() -> World:
    analyst = t.user("analyst")
    om = t.user("om_officer")
    police = t.user("police_liaison")
    planner = t.user("unit_planner")
    resilience = t.user("resilience_expert")
    case = t.case(
        analyst, owner=analyst, team=(om, police, planner, resilience), state="assessment"
    )
    return World(
        case=case,
        analyst=analyst,
        om=om,
        police=police,
        planner=planner,
        resilience=resilience,
        outsider_analyst=t.user("analyst"),
        outsider_om=t.user("om_officer"),
        inspector=t.user("inspector"),
    )


def data(w: World, marker: str = "", **kwargs: Any) -> services.ConsultationData:
    values: dict[str, Any] = {
        "held_at": timezone.now() - timedelta(hours=2),
        "participant_ids": [w.analyst.pk, w.om.pk],
        "interests": "both",
        "protection_interest": f"Woning eerst beveiligd {marker}",
        "investigation_interest": f"Verdachten mogen niets merken {marker}",
        "sharing_agreement": f"Parket deelt bevindingen met de analist {marker}",
        "timing_agreement": f"Aanhoudingen pas na plaatsing camera {marker}",
        "key_date": timezone.localdate() + timedelta(days=14),
        "key_date_event": "Aanhoudingen",
        "follow_ups": [
            services.FollowUpData(
                f"Plan afstemmen {marker}", w.om.pk, timezone.localdate() + timedelta(days=3)
            )
        ],
    }
    values.update(kwargs)
    return services.ConsultationData(**values)
