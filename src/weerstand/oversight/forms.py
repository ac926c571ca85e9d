"""The period choice of the quality monitor (a GET form: bookmarkable, no state)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.oversight.periods import MAX_PERIODS, count_periods, default_range

PERIOD_CHOICES = [("month", _("Maand")), ("quarter", _("Kwartaal")), ("year", _("Jaar"))]


class PeriodForm(WeerstandForm):
    period = forms.ChoiceField(label=_("Periode"), choices=PERIOD_CHOICES, initial="quarter")
    start = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period")
        if not kind:
            return data
        first, last = default_range(kind)
        start: date = data.get("start") or first
        end: date = data.get("end") or last
        if start > end:
            self.add_error("end", _("Kies een datum na de begindatum."))
        elif count_periods(kind, start, end) > MAX_PERIODS:
            self.add_error("start", _("Kies een kortere reeks (hoogstens 60 perioden)."))
        data["start"], data["end"] = start, end
        return data

    @classmethod
    def from_query(cls, params: Any) -> PeriodForm:
        """Bound to the query string when it names a period, else to the defaults."""
        if "period" in params:
            return cls(params)
        return cls({"period": "quarter"})
