"""Sign-in and token forms. Validation only; the rules live in `accounts.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm

TOKEN_DAY_CHOICES = [(7, _("7 dagen")), (30, _("30 dagen")), (90, _("90 dagen"))]


class PasswordForm(WeerstandForm):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    password = forms.CharField(label=_("Wachtwoord"), widget=forms.PasswordInput, max_length=4096)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)


class TotpForm(WeerstandForm):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(WeerstandForm):
    label = forms.CharField(
        label=_("Omschrijving"),
        max_length=100,
        required=False,
        help_text=_("Waarvoor gebruikt u dit token? Bijvoorbeeld de naam van een koppeling."),
    )
    days = forms.TypedChoiceField(
        label=_("Geldig gedurende"),
        choices=TOKEN_DAY_CHOICES,
        coerce=int,
        initial=30,
    )
