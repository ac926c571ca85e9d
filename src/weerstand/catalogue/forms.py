"""Forms of the catalogue pages: a change is always a new version from a date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.assessments.levels import ResistanceLevel
from weerstand.capacity.qualifications import Qualification
from weerstand.cases.models import Phenomenon
from weerstand.catalogue.models import ExecutingKind, LocalPower, Measure
from weerstand.core.forms import WeerstandForm

WEEKDAYS = [
    (0, _("maandag")),
    (1, _("dinsdag")),
    (2, _("woensdag")),
    (3, _("donderdag")),
    (4, _("vrijdag")),
    (5, _("zaterdag")),
    (6, _("zondag")),
]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _VersionFields(WeerstandForm):
    effective_from = forms.DateField(
        label=_("Geldig vanaf"), widget=_DATE, initial=timezone.localdate
    )
    reason = forms.CharField(
        label=_("Reden van de wijziging"), widget=forms.Textarea(attrs={"rows": 2})
    )


class MeasureForm(_VersionFields):
    code = forms.SlugField(label=_("Code"), max_length=64)
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    executing_kinds = forms.MultipleChoiceField(
        label=_("Uitvoerende organisaties"),
        choices=ExecutingKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    officers = forms.IntegerField(label=_("Beveiligers per post"), min_value=0, max_value=50)
    qualifications = forms.MultipleChoiceField(
        label=_("Kwalificaties"),
        choices=Qualification.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    start_hour = forms.IntegerField(label=_("Van (uur)"), min_value=0, max_value=23)
    end_hour = forms.IntegerField(label=_("Tot (uur)"), min_value=1, max_value=24)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Dagen"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    mixed_team_allowed = forms.BooleanField(
        label=_("Gemengd team politie/KMar toegestaan"), required=False
    )
    touches_local_powers = forms.ChoiceField(
        label=_("Raakt bevoegdheden van"), choices=LocalPower.choices, required=False
    )


class PackageForm(_VersionFields):
    code = forms.SlugField(label=_("Code"), max_length=64)
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    phenomenon = forms.ChoiceField(label=_("Dreigingsfenomeen"), choices=Phenomenon.choices)
    resistance_level = forms.TypedChoiceField(
        label=_("Benodigde weerstand"), choices=ResistanceLevel.choices, coerce=int
    )
    measures = forms.MultipleChoiceField(
        label=_("Maatregelen"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measures = self.fields["measures"]
        assert isinstance(measures, forms.MultipleChoiceField)
        measures.choices = [(m.code, m.name) for m in Measure.objects.in_force().order_by("name")]
