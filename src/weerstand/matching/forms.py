"""Forms of the matching pages: registering a selector (the value goes in and is never shown
again, not even after a refusal) and deciding on a hit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.information.models import Credibility, Handling, LegalBasis, Reliability
from weerstand.matching.models import SharingOutcome
from weerstand.matching.normalise import SelectorKind
from weerstand.matching.services import MAX_LABEL, SelectorData


class NoEchoInput(forms.TextInput):
    """A text input that never renders a value: a refused selector is not shown again."""

    def format_value(self, value: Any) -> None:
        return None


class SelectorForm(WeerstandForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=SelectorKind.choices)
    value = forms.CharField(
        label=_("Selector"),
        max_length=300,
        # The value never comes back: not in the page after a refusal either.
        widget=NoEchoInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "Wordt genormaliseerd en alleen als sleutel-hash bewaard; u ziet hem hierna niet "
            "meer terug. Naam met geboortedatum als 'Naam, 01-05-1980'."
        ),
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=MAX_LABEL,
        help_text=_("Kort en niet-herleidbaar, zoals 'telefoon 1'."),
    )

    def selector_data(self) -> SelectorData:
        d = self.cleaned_data
        return SelectorData(kind=d["kind"], value=d["value"], label=d["label"])


class DecisionForm(WeerstandForm):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=SharingOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies delen of niet delen.")},
    )
    reasons = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nodig als u niet deelt."),
    )
    reconsider_on = forms.DateField(
        label=_("Heroverwegen op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Bij niet delen; standaard over drie maanden."),
    )
    title = forms.CharField(label=_("Titel van het product"), required=False, max_length=200)
    summary = forms.CharField(
        label=_("Wat de casus moet weten"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag van verstrekking"),
        queryset=LegalBasis.objects.filter(active=True),
        required=False,
        to_field_name="code",
    )
    handling = forms.ChoiceField(
        label=_("Behandelvoorschrift"),
        choices=Handling.choices,
        initial=Handling.ANALYSIS_ONLY,
        required=False,
    )
    reliability = forms.ChoiceField(
        label=_("Betrouwbaarheid bron"), choices=Reliability.choices, initial="B", required=False
    )
    credibility = forms.TypedChoiceField(
        label=_("Geloofwaardigheid informatie"),
        choices=Credibility.choices,
        coerce=int,
        initial=2,
        required=False,
    )
