"""Dutch labels for the planner core's reason codes (the core itself speaks English)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from weerstand.capacity.planner import analysis as a

BINDING_LABELS = {
    a.NO_ELIGIBLE: _("geen medewerker met de vereiste kwalificaties in de toegestane eenheden"),
    a.UNAVAILABLE: _("geschikte medewerkers met verlof, training of ziek"),
    a.ASSIGNED_HIGHER: _("geschikte medewerkers ingezet bij een opdracht met hogere prioriteit"),
    a.ASSIGNED_EQUAL: _("geschikte medewerkers ingezet bij een opdracht met gelijke prioriteit"),
    a.ASSIGNED_LOWER: _("geschikte medewerkers ingezet bij een opdracht met lagere prioriteit"),
    a.RULE_SHIFT_LENGTH: _("dienst langer dan de maximale dienstduur"),
    a.RULE_SHIFTS_OF_TYPE: _("maximum aantal diensten van dit type bereikt"),
    a.RULE_TOTAL_MINUTES: _("maximum aantal uren in de periode bereikt"),
    a.RULE_REST: _("rusttijd van 11 uur tussen diensten"),
    a.RULE_WEEKLY_HOURS: _("maximum van 60 uur per 7 dagen bereikt"),
    a.RULE_CONSECUTIVE: _("maximum aantal diensten achter elkaar bereikt"),
    a.RULE_NIGHTS: _("maximum aantal nachtdiensten achter elkaar bereikt"),
    a.RULE_WEEKENDS: _("maximum aantal werkweekenden bereikt"),
    a.RULE_MIN_CONSECUTIVE: _("te korte reeks diensten"),
    a.RULE_MIN_DAYS_OFF: _("te korte reeks vrije dagen"),
    a.FREE: _("medewerker vrij; de zoektocht stopte op de tijdslimiet"),
}


def binding_label(code: str) -> str:
    """The reason that kept most eligible officers away, in the user's language."""
    return str(BINDING_LABELS.get(code, code))
