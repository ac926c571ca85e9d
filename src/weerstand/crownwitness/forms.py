"""Forms of the trajectory pages (Dutch labels; the services check everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.crownwitness.models import Coverage, Relation


class PlannedDateForm(forms.Form):
    planned_date = forms.DateField(
        label=_("Geplande datum van bekendmaking"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CirclePersonForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100)
    relation = forms.ChoiceField(label=_("Relatie"), choices=Relation.choices)
    coverage = forms.ChoiceField(label=_("Dekking"), choices=Coverage.choices)
    programme = forms.CharField(
        label=_("Programma (alleen bij programmadekking)"), max_length=100, required=False
    )
    coverage_reason = forms.CharField(
        label=_("Onderbouwing van de programmadekking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
