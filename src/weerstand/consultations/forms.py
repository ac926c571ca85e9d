"""The record form of a consultation (Dutch labels)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.consultations.models import Interest
from weerstand.core.forms import WeerstandForm


def _area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


class ConsultationForm(WeerstandForm):
    held_at = forms.DateTimeField(
        label=_("Gehouden op"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    participants = forms.TypedMultipleChoiceField(
        label=_("Deelnemers"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    interests = forms.ChoiceField(label=_("Gewogen belangen"), choices=Interest.choices)
    protection_interest = forms.CharField(
        label=_("Belang van de beveiliging"), max_length=4000, widget=_area()
    )
    investigation_interest = forms.CharField(
        label=_("Belang van de opsporing"), max_length=4000, widget=_area()
    )
    sharing_agreement = forms.CharField(
        label=_("Afspraken over delen van informatie (wat met wie)"),
        max_length=4000,
        widget=_area(),
    )
    timing_agreement = forms.CharField(
        label=_("Afspraken over timing"), max_length=4000, widget=_area()
    )
    key_date = forms.DateField(
        label=_("Belangrijke datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    key_date_event = forms.CharField(
        label=_("Wat er op die datum gebeurt"), required=False, max_length=200
    )
    follow_up = forms.CharField(label=_("Vervolgactie"), required=False, max_length=4000)
    follow_up_owner = forms.TypedChoiceField(
        label=_("Eigenaar van de actie"), coerce=int, required=False, choices=(), empty_value=None
    )
    follow_up_due = forms.DateField(
        label=_("Uiterlijk op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, members: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.display_name) for u in members]
        self.typed_field("participants", forms.TypedMultipleChoiceField).choices = choices
        self.typed_field("follow_up_owner", forms.TypedChoiceField).choices = [
            ("", "—"),
            *choices,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("follow_up") and not (
            data.get("follow_up_owner") and data.get("follow_up_due")
        ):
            raise forms.ValidationError(_("Een vervolgactie heeft een eigenaar en een datum."))
        return data


class LinkForm(WeerstandForm):
    om_office = forms.CharField(label=_("Parket van het OM"), max_length=200)
    investigation_name = forms.CharField(label=_("Naam van het onderzoek"), max_length=200)
