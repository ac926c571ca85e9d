from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.advisory import selectors
from weerstand.advisory.models import AdviceTheme
from weerstand.advisory.services import FIRST_YEAR
from weerstand.core.forms import WeerstandForm


class AggregateQueryForm(WeerstandForm):
    year = forms.TypedChoiceField(label=_("Jaar"), coerce=int)
    period = forms.ChoiceField(
        label=_("Periode"), choices=[("quarter", _("Per kwartaal")), ("year", _("Per jaar"))]
    )
    breakdown = forms.ChoiceField(
        label=_("Uitsplitsing"),
        required=False,
        choices=[("", _("Landelijk totaal")), ("phenomenon", _("Per dreigingsfenomeen"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = [(y, str(y)) for y in range(this, FIRST_YEAR - 1, -1)]


class AdviceForm(WeerstandForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    body = forms.CharField(label=_("Advies"), widget=forms.Textarea, max_length=20000)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"), queryset=AdviceTheme.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        themes.queryset = selectors.themes(user)


class ThemeForm(WeerstandForm):
    name = forms.CharField(label=_("Thema"), max_length=120)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea, required=False)


class ResponseForm(WeerstandForm):
    body = forms.CharField(label=_("Reactie van de NCTV"), widget=forms.Textarea, max_length=20000)
