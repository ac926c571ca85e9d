"""Forms of the contact app's pages (the service checks everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.contact.models import Channel, Topic
from weerstand.core.forms import WeerstandForm


class AssignForm(WeerstandForm):
    contact = forms.TypedChoiceField(label=_("Vaste contactpersoon"), coerce=int)
    contact_phone = forms.CharField(label=_("Telefoon contactpersoon (werk)"), max_length=32)
    deputy = forms.TypedChoiceField(
        label=_("Vervanger"), coerce=int, required=False, empty_value=None
    )
    deputy_phone = forms.CharField(
        label=_("Telefoon vervanger (werk)"), max_length=32, required=False
    )
    note = forms.CharField(
        label=_("Notitie voor het casusteam (niet zichtbaar voor de persoon)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    reason = forms.CharField(label=_("Reden"), max_length=2000, min_length=5)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, candidates: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        people = [(u.pk, f"{u.display_name} ({u.organisation})") for u in candidates]
        self.typed_field("contact", forms.TypedChoiceField).choices = people
        self.typed_field("deputy", forms.TypedChoiceField).choices = [
            ("", _("Geen vervanger")),
            *people,
        ]


class MessageForm(WeerstandForm):
    recipient = forms.TypedChoiceField(label=_("Aan wie"), coerce=int)
    channel = forms.ChoiceField(label=_("Hoe"), choices=Channel.choices)
    topic = forms.ChoiceField(
        label=_("Onderwerp"), choices=[("", _("Geen onderwerp")), *Topic.choices], required=False
    )
    text = forms.CharField(
        label=_("Wat heeft u verteld?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=3,
        max_length=4000,
    )
    told_at = forms.DateTimeField(
        label=_("Wanneer (leeg: nu)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    corrects = forms.TypedChoiceField(
        label=_("Corrigeert een eerder bericht"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        recipients: list[Any] = (),  # type: ignore[assignment]
        earlier: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("recipient", forms.TypedChoiceField).choices = [
            (cp.pk, f"{cp.person.first_name} {cp.person.last_name} ({cp.get_role_display()})")
            for cp in recipients
        ]
        self.typed_field("corrects", forms.TypedChoiceField).choices = [
            ("", _("Nee, een nieuw bericht")),
            *[(m.pk, f"{m.told_at:%d-%m-%Y %H:%M} · {m.get_channel_display()}") for m in earlier],
        ]
