"""Forms of the registry pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm


class PersonSearchForm(WeerstandForm):
    q = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100)


class ProgrammeCoverForm(WeerstandForm):
    """Only *that* and *by which programme*: there is deliberately no field for a new
    identity or location (the services check everything again)."""

    programme = forms.CharField(
        label=_("Programma"), max_length=100, initial=_("Getuigenbeschermingsprogramma")
    )
    reason = forms.CharField(
        label=_("Onderbouwing"),
        help_text=_(
            "Waarom valt deze persoon onder het programma? Noem geen nieuwe identiteit of "
            "verblijfplaats."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
