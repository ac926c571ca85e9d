"""Forms of the retention pages (the services check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.retention import types
from weerstand.retention.models import (
    AccessException,
    CountedFrom,
    HoldKind,
    ItemDecision,
    RetentionAction,
)


def _type_choices(governed: bool) -> list[tuple[str, str]]:
    found = types.governed_types() if governed else types.all_types()
    return [(code, t.label) for code, t in sorted(found.items())]


def _basis_choices() -> list[tuple[str, Any]]:
    from weerstand.information.models import LegalBasis

    rows = LegalBasis.objects.filter(active=True).order_by("law", "code")
    return [("", _("Elke grondslag zonder eigen regel"))] + [(b.code, str(b)) for b in rows]


class RuleForm(WeerstandForm):
    object_type = forms.ChoiceField(label=_("Soort object"))
    legal_basis = forms.ChoiceField(label=_("Grondslag"), required=False)
    period_days = forms.IntegerField(label=_("Bewaartermijn (dagen)"), min_value=0, max_value=36500)
    counted_from = forms.ChoiceField(label=_("Gerekend vanaf"), choices=CountedFrom.choices)
    action = forms.ChoiceField(label=_("Handeling na afloop"), choices=RetentionAction.choices)
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("object_type", forms.ChoiceField).choices = _type_choices(True)
        self.typed_field("legal_basis", forms.ChoiceField).choices = _basis_choices()


class HoldForm(WeerstandForm):
    kind = forms.ChoiceField(label=_("Soort bewaarplicht"), choices=HoldKind.choices)
    case = forms.IntegerField(
        label=_("Casusnummer"),
        required=False,
        min_value=1,
        help_text=_("Voor een hele casus; of vul hieronder een object in."),
    )
    object_type = forms.ChoiceField(label=_("Soort object"), required=False)
    object_id = forms.IntegerField(label=_("Objectnummer"), required=False, min_value=1)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("object_type", forms.ChoiceField).choices = [
            ("", "—"),
            *_type_choices(True),
        ]


class ReasonForm(WeerstandForm):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea)


class AccessRequestForm(WeerstandForm):
    person = forms.IntegerField(label=_("Persoonsnummer in het register"), min_value=1)
    received_on = forms.DateField(
        label=_("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ItemDecisionForm(WeerstandForm):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (ItemDecision.DISCLOSE, ItemDecision.DISCLOSE.label),
            (ItemDecision.WITHHOLD, ItemDecision.WITHHOLD.label),
        ],
    )
    exception = forms.ChoiceField(
        label=_("Wettelijke uitzondering"),
        required=False,
        choices=[("", "—"), *AccessException.choices],
    )
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea)
