"""Forms of the modules app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm


class AssignForm(WeerstandForm):
    """The resilience expert gives a person concerned a module (choices filled per request)."""

    case_person = forms.TypedChoiceField(label=_("Voor wie"), coerce=int, choices=())
    module_version = forms.TypedChoiceField(label=_("Module"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Toelichting voor de persoon"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De persoon leest dit in het portaal. Schrijf in eenvoudige taal."),
    )
