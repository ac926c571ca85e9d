"""Triage: recommend national or local domain from explicit, ordered rules.

The first rule that fires decides the recommendation; its code and text are stored with the
case so everyone can see why. A person then confirms or overrides with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from weerstand.cases.models import NATIONAL_PHENOMENA, Domain, Severity


@dataclass(frozen=True)
class TriageInput:
    phenomenon: str
    severity: str
    person_can_resist: bool
    employer_can_resist: bool
    on_limitative_list: bool = False


@dataclass(frozen=True)
class TriageRule:
    code: str
    text: str
    applies: Callable[[TriageInput], bool]
    domain: Domain


_SERIOUS = {Severity.SERIOUS, Severity.CRITICAL}

RULES: tuple[TriageRule, ...] = (
    TriageRule(
        "LIMITATIVE_LIST",
        str(_("De persoon staat op de limitatieve lijst: altijd rijksdomein.")),
        lambda i: i.on_limitative_list,
        Domain.NATIONAL,
    ),
    TriageRule(
        "LOCAL_PHENOMENON",
        str(
            _(
                "Het fenomeen (relationeel geweld, stalking, eergerelateerd geweld of overig) "
                "hoort bij het lokale domein."
            )
        ),
        lambda i: i.phenomenon not in NATIONAL_PHENOMENA,
        Domain.LOCAL,
    ),
    TriageRule(
        "BELOW_THRESHOLD",
        str(_("Er is geen ernstige dreiging tegen het leven vastgesteld.")),
        lambda i: i.severity not in _SERIOUS,
        Domain.LOCAL,
    ),
    TriageRule(
        "SELF_RESILIENT",
        str(_("Persoon en werkgever kunnen samen zelf voldoende weerstand bieden.")),
        lambda i: i.person_can_resist and i.employer_can_resist,
        Domain.LOCAL,
    ),
    TriageRule(
        "NATIONAL_SCOPE",
        str(
            _(
                "Ernstige dreiging tegen het leven vanuit een rijksfenomeen, en persoon en "
                "werkgever kunnen onvoldoende weerstand bieden."
            )
        ),
        lambda i: True,
        Domain.NATIONAL,
    ),
)


def recommend(data: TriageInput) -> TriageRule:
    """The first rule that applies. The last rule always applies."""
    for rule in RULES:
        if rule.applies(data):
            return rule
    raise AssertionError("unreachable: NATIONAL_SCOPE always applies")


def rule_by_code(code: str) -> TriageRule | None:
    return next((r for r in RULES if r.code == code), None)
