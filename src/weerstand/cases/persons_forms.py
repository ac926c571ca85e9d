"""Forms of the persons page of a case. Shape only: `cases.persons` decides and refuses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.cases.models import CasePersonRole, ShareCategory
from weerstand.cases.persons import LINKABLE_ROLES
from weerstand.core.forms import WeerstandForm

ROLE_CHOICES = [("", _("Kies een rol"))] + [
    (value, label) for value, label in CasePersonRole.choices if value in LINKABLE_ROLES
]


def _reason() -> forms.CharField:
    return forms.CharField(
        label=_("Reden"),
        min_length=5,
        max_length=2000,
        help_text=_("Komt op de tijdlijn van de casus en in het auditspoor."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _shares() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Wat mag met deze persoon gedeeld worden"),
        choices=ShareCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: er wordt niets over de casus met deze persoon gedeeld."),
    )


class LinkPersonForm(WeerstandForm):
    """A new person (first and last name, date of birth) or one the user may already see."""

    existing = forms.TypedChoiceField(
        label=_("Bestaande persoon"), coerce=int, required=False, empty_value=None
    )
    first_name = forms.CharField(label=_("Voornaam (nieuwe persoon)"), required=False)
    last_name = forms.CharField(label=_("Achternaam (nieuwe persoon)"), required=False)
    date_of_birth = forms.DateField(
        label=_("Geboortedatum (nieuwe persoon)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=ROLE_CHOICES)
    shares = _shares()
    reason = _reason()

    prefix = "link"

    def __init__(self, *args: Any, persons: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("existing", forms.TypedChoiceField).choices = [
            ("", _("Geen: een nieuwe persoon"))
        ] + [(p.pk, f"{p.first_name} {p.last_name}") for p in persons]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        has_new = bool(data.get("first_name") or data.get("last_name"))
        if data.get("existing") and has_new:
            raise forms.ValidationError(_("Kies een bestaande persoon of vul een nieuwe in."))
        if not data.get("existing") and not (data.get("first_name") and data.get("last_name")):
            raise forms.ValidationError(
                _("Kies een bestaande persoon, of vul voornaam en achternaam in.")
            )
        return data


class ChangeLinkForm(WeerstandForm):
    role = forms.ChoiceField(label=_("Rol in de casus"), choices=ROLE_CHOICES)
    shares = _shares()
    reason = _reason()


class UnlinkForm(WeerstandForm):
    reason = _reason()


class PortalAccountForm(WeerstandForm):
    """Ask a portal account for a linked person: it waits for a second person."""

    email = forms.EmailField(
        label=_("Eigen e-mailadres van de persoon"),
        help_text=_("Hier komt de eenmalige link om het account in te stellen."),
    )
    reason = _reason()
