"""Forms of the classification page. Shape only: `cases.classification` decides whether a
case may be lowered, to what, and by whom."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.forms import WeerstandForm

REASON_HELP = _("Komt op de tijdlijn van de casus en in het auditspoor.")


class LoweringRequestForm(WeerstandForm):
    """Ask for a lower classification; the choices stop below the case's current level."""

    classification = forms.TypedChoiceField(label=_("Nieuwe, lagere rubricering"), coerce=int)
    reason = forms.CharField(
        label=_("Waarom mag de casus lager gerubriceerd worden?"),
        min_length=5,
        max_length=2000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    prefix = "lower"

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.typed_field("classification", forms.TypedChoiceField)
        field.choices = [(v, label) for v, label in Classification.choices if v < current]


class ClassificationDecisionForm(WeerstandForm):
    """The second person's answer, with the case version they saw."""

    outcome = forms.ChoiceField(
        label=_("Uw besluit"),
        choices=[("approved", _("Akkoord: verlagen")), ("rejected", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        help_text=_("Nodig als u afwijst; komt op de tijdlijn en in het auditspoor."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
