"""Shared set-up of the matching tests: an investigation opened through the services by an
information coordinator with an OM co-owner, and a protection case with a known protectee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from weerstand import testing as t
from weerstand.matching import services
from weerstand.policy import compartments
from weerstand.policy.models import ChangeKind

PROTECTEE = {
    "first_name": "José",
    "last_name": "de Vries",
    "date_of_birth": date(1980, 5, 1),
    "phone_numbers": "06-12345678, 020 123 4567",
    "home_address": "Dorpsstraat 12-a, 1234 AB Ons Dorp",
}


@dataclass
class Setup:
    coordinator: Any
    om: Any
    investigation: Any


def open_investigation(title: str = "Onderzoek Zwaluw") -> Setup:
    coordinator, om = t.user("information_coordinator"), t.user("om_officer")
    investigation = services.open_investigation(
        coordinator,
        services.InvestigationData(title=title, co_owner=om.pk, reason="Afgeschermd onderzoek"),
    )
    return Setup(coordinator, om, investigation)


def add_member(setup: Setup, user: Any) -> None:
    change = compartments.propose(
        setup.coordinator,
        setup.investigation.compartment_id,
        user.pk,
        kind=ChangeKind.ADD,
        reason="Lid van het onderzoeksteam",
    )
    compartments.decide(setup.om, change.pk, approve=True)


def protection_case(**person: Any) -> tuple[Any, Any, Any]:
    """(case, its owner, an analyst in its team) with the protectee of `PROTECTEE`."""
    owner, analyst = t.user("analyst"), t.user("analyst")
    fields = {**PROTECTEE, **person}
    protectee = t.person(fields.pop("first_name"), fields.pop("last_name"), **fields)
    case = t.case(owner, protectee=protectee, owner=owner, team=(analyst,), state="assessment")
    return case, owner, analyst


def register(setup: Setup, kind: str, value: str, label: str) -> Any:
    return services.register_for_investigation(
        setup.coordinator,
        setup.investigation.pk,
        services.SelectorData(kind=kind, value=value, label=label),
    )
