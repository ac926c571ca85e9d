"""Forms of the trajectory pages (Dutch labels; the services check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.crownwitness.models import (
    Coverage,
    ExpertKind,
    Relation,
    ReviewBody,
    ReviewVerdict,
    WeighingOutcome,
)


class _OwnIds(WeerstandForm):
    """The trajectory page holds several forms with a `reason`: each gets its own ids, so a
    label points at its own field (duplicate ids would tie labels to the wrong form)."""

    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class PlannedDateForm(_OwnIds):
    id_prefix = "datum"
    planned_date = forms.DateField(
        label=_("Geplande datum van bekendmaking"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CirclePersonForm(_OwnIds):
    id_prefix = "kring"
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100)
    relation = forms.ChoiceField(label=_("Relatie"), choices=Relation.choices)
    coverage = forms.ChoiceField(label=_("Dekking"), choices=Coverage.choices)
    programme = forms.CharField(
        label=_("Programma (alleen bij programmadekking)"), max_length=100, required=False
    )
    coverage_reason = forms.CharField(
        label=_("Onderbouwing van de programmadekking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WeighingForm(WeerstandForm):
    """A new version of the weighing: every interest is required, they are equals."""

    prosecution_value = _text(_("Gewicht van de informatie voor de vervolging"))
    witness_reliability = _text(_("Betrouwbaarheid van de getuige"))
    safety_risks = _text(_("Veiligheidsrisico's voor iedereen in de kring"))
    measures_needed = _text(_("Benodigde beveiligingsmaatregelen"))
    state_capacity = _text(
        _("Kan de staat ze leveren?"), _("Afgezet tegen de beschikbare capaciteit.")
    )
    bearability = _text(_("Draagbaarheid voor de getuige en de kring"))
    ethical_consequences = _text(_("Ethische gevolgen van de maatregelen"))
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=WeighingOutcome.choices, widget=forms.RadioSelect
    )
    conclusion = _text(_("Afweging en conclusie"))
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ContributionForm(WeerstandForm):
    kind = forms.ChoiceField(label=_("Expertise"), choices=ExpertKind.choices)
    text = _text(_("Bijdrage"))

    def __init__(self, *args: Any, kinds: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kinds:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in ExpertKind.choices if c[0] in kinds]


class ReviewForm(WeerstandForm):
    body = forms.ChoiceField(label=_("Toetsende instantie"), choices=ReviewBody.choices)
    verdict = forms.ChoiceField(
        label=_("Oordeel"), choices=ReviewVerdict.choices, widget=forms.RadioSelect
    )
    reasons = _text(_("Motivering"), _("Het oordeel en de redenen worden deel van het traject."))
    weighing = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
