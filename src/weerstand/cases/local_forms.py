"""Forms of the local authority's hand-over pages. Shape only: `cases.local_domain` decides
whether the answer is allowed and audits it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.cases.local_domain import MAX_REASON, MIN_RETURN_REASON
from weerstand.core.forms import WeerstandForm


class AcceptForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld wie bij u de zaak oppakt. De NCTV ziet deze toelichting."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Waarom geeft u de zaak terug?"),
        min_length=MIN_RETURN_REASON,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Minimaal 10 tekens. De zaak gaat terug naar de NCTV (triage); de eigenaar van de "
            "casus krijgt uw reden."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
