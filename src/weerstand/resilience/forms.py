"""Forms of the resilience app (Dutch labels; the services check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.resilience.models import Channel, Phase, ShareItem

TEXT = 4000


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(WeerstandForm):
    person = forms.TypedChoiceField(label=_("Met wie"), coerce=int, choices=())
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices)
    planned_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    channel = forms.ChoiceField(label=_("Hoe"), choices=Channel.choices)
    place = forms.CharField(label=_("Plaats of kanaal"), required=False, max_length=500)

    def __init__(self, *args: Any, persons: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.typed_field("person", forms.TypedChoiceField).choices = [
            (p.pk, f"{p.first_name} {p.last_name}") for p in persons
        ]


class UpdateForm(WeerstandForm):
    planned_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    channel = forms.ChoiceField(label=_("Hoe"), choices=Channel.choices)
    place = forms.CharField(label=_("Plaats of kanaal"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(WeerstandForm):
    reason = forms.CharField(label=_("Reden van de annulering"), widget=_area(2), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class NotesForm(WeerstandForm):
    wellbeing = forms.CharField(
        label=_("Hoe gaat het met de persoon?"), widget=_area(), max_length=TEXT
    )
    worries = forms.CharField(label=_("Zorgen"), widget=_area(), max_length=TEXT, required=False)
    strengths = forms.CharField(
        label=_("Wat geeft kracht?"), widget=_area(), max_length=TEXT, required=False
    )
    agreements = forms.CharField(
        label=_("Afspraken"), widget=_area(), max_length=TEXT, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FollowUpForm(WeerstandForm):
    description = forms.CharField(label=_("Wat is afgesproken?"), widget=_area(2), max_length=TEXT)
    owner = forms.TypedChoiceField(label=_("Eigenaar"), coerce=int, choices=())
    due_on = forms.DateField(
        label=_("Uiterlijk op"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, owners: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.typed_field("owner", forms.TypedChoiceField).choices = [
            (u.pk, u.display_name) for u in owners
        ]


class ProposeForm(WeerstandForm):
    buddy = forms.TypedChoiceField(label=_("Buddy"), coerce=int, choices=())
    ends_on = forms.DateField(
        label=_("Einddatum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, volunteers: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.typed_field("buddy", forms.TypedChoiceField).choices = [
            (v.person_id, f"{v.person.first_name} {v.person.last_name}") for v in volunteers
        ]


class WithdrawForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Waarom stopt u? (mag leeg blijven)"),
        widget=_area(2),
        max_length=500,
        required=False,
    )


class ShareForm(WeerstandForm):
    items = forms.MultipleChoiceField(
        label=_("Wat mag uw buddy zien?"),
        choices=ShareItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact = forms.CharField(
        label=_("Hoe kan uw buddy u bereiken?"), required=False, max_length=500
    )
    message = forms.CharField(
        label=_("Uw bericht aan uw buddy"), widget=_area(3), required=False, max_length=500
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
