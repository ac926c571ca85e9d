"""Forms of the four-eyes access changes and the enrolment link. Validation only: the rules
live in `accounts.access_changes` and `accounts.enrolment`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.models import AccessChangeKind
from weerstand.accounts.roles import Clearance, Role
from weerstand.core.forms import WeerstandForm

REQUESTABLE = [
    (k, label) for k, label in AccessChangeKind.choices if k != AccessChangeKind.CREATE_ACCOUNT
]
_REASON_HELP = _("Minimaal 10 tekens; de tweede persoon leest haar en zij komt in het auditspoor.")


class AccessChangeForm(WeerstandForm):
    target = forms.TypedChoiceField(label=_("Account"), coerce=int)
    kind = forms.ChoiceField(label=_("Wijziging"), choices=REQUESTABLE)
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[("", _("(niet van toepassing)")), *Role.choices],
        required=False,
        help_text=_("Alleen bij 'Rol toekennen'."),
    )
    clearance = forms.TypedChoiceField(
        label=_("Nieuw screeningsniveau"),
        choices=[("", _("(niet van toepassing)")), *Clearance.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Alleen bij 'Screeningsniveau verhogen'."),
    )
    reason = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_REASON_HELP
    )

    def __init__(self, *args: Any, accounts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("target", forms.TypedChoiceField).choices = [
            ("", _("Kies een account"))
        ] + [(u.pk, f"{u.username} ({u.display_name}, {u.organisation})") for u in accounts]


class DecisionForm(WeerstandForm):
    outcome = forms.ChoiceField(
        label=_("Uw besluit"),
        choices=[("approved", _("Akkoord: de wijziging gaat nu in")), ("rejected", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Nodig als u afwijst (minimaal 10 tekens)."),
    )


class LinkPasswordForm(WeerstandForm):
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=4096,
    )
