"""Forms of the break-glass pages. The service decides; these only check shape."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm

DURATIONS = [
    (30, _("30 minuten")),
    (60, _("1 uur")),
    (120, _("2 uur")),
    (240, _("4 uur (maximum)")),
]


class BreakGlassForm(WeerstandForm):
    case_reference = forms.CharField(
        label=_("Kenmerk van de casus"),
        max_length=32,
        help_text=_("Bijvoorbeeld WS-2025-0001."),
    )
    reason = forms.CharField(
        label=_("Reden van de noodtoegang"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Beschrijf de noodsituatie concreet (minimaal 20 tekens). De eigenaar van de "
            "casus krijgt direct bericht en de inspectie beoordeelt het gebruik."
        ),
    )
    minutes = forms.TypedChoiceField(label=_("Duur"), choices=DURATIONS, coerce=int, initial=60)


class ReviewForm(WeerstandForm):
    note = forms.CharField(
        label=_("Oordeel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Was de noodtoegang gerechtvaardigd? Licht kort toe."),
    )
