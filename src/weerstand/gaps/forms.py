"""Forms of the gaps app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.forms import WeerstandForm
from weerstand.gaps import services
from weerstand.information.models import LegalBasis
from weerstand.organisations.models import Organisation

MAX = services.MAX_TEXT


class GapForm(WeerstandForm):
    description = forms.CharField(
        label=_("Wat weten we niet?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX
    )
    why_it_matters = forms.CharField(
        label=_("Waarom doet het ertoe?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX,
    )


class LegalBasisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: LegalBasis) -> str:
        return f"{obj.law}: {obj.name}"


class RequestForm(WeerstandForm):
    addressee: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Aan (partnerorganisatie)"), queryset=None
    )
    legal_basis = LegalBasisChoiceField(label=_("Wettelijke grondslag"), queryset=None)
    question = forms.CharField(
        label=_("Vraag"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX
    )
    due_date = forms.DateField(
        label=_("Uiterlijk beantwoorden op"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        addressee, legal_basis = self.fields["addressee"], self.fields["legal_basis"]
        assert isinstance(addressee, forms.ModelChoiceField)
        assert isinstance(legal_basis, LegalBasisChoiceField)
        addressee.queryset = services.addressee_organisations()
        legal_basis.queryset = services.active_legal_bases()
        if not self.is_bound:
            self.initial.setdefault(
                "due_date", (timezone.localdate() + timedelta(days=14)).isoformat()
            )

    def request_data(self) -> services.RequestData:
        d = self.cleaned_data
        return services.RequestData(
            addressee_id=d["addressee"].pk,
            legal_basis_id=d["legal_basis"].pk,
            question=d["question"],
            due_date=d["due_date"],
        )


class NoteForm(WeerstandForm):
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), max_length=MAX
    )


def _reliability_choices() -> list[tuple[str, Any]]:
    from weerstand.signals.models import Reliability

    return list(Reliability.choices)


def _credibility_choices() -> list[tuple[int, Any]]:
    from weerstand.signals.models import Credibility

    return list(Credibility.choices)


class AnswerForm(WeerstandForm):
    """The addressee answers with a threat product (graded, classified, under the RFI's basis)."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    summary = forms.CharField(
        label=_("Antwoord"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX
    )
    reliability = forms.ChoiceField(label=_("Betrouwbaarheid bron"), choices=())
    credibility = forms.TypedChoiceField(
        label=_("Geloofwaardigheid informatie"), choices=(), coerce=int
    )
    classification = forms.TypedChoiceField(label=_("Rubricering"), coerce=int, choices=())
    partner_reference = forms.CharField(label=_("Uw eigen kenmerk"), required=False, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reliability = self.fields["reliability"]
        credibility = self.fields["credibility"]
        classification = self.fields["classification"]
        assert isinstance(reliability, forms.ChoiceField)
        assert isinstance(credibility, forms.ChoiceField)
        assert isinstance(classification, forms.ChoiceField)
        reliability.choices = _reliability_choices()
        credibility.choices = _credibility_choices()
        classification.choices = [
            (v, label) for v, label in Classification.choices if v <= user.clearance
        ]
        self.initial.setdefault("classification", min(Classification.DEPV, user.clearance))

    def answer_data(self) -> services.AnswerData:
        d = self.cleaned_data
        return services.AnswerData(
            title=d["title"],
            summary=d["summary"],
            reliability=d["reliability"],
            credibility=d["credibility"],
            classification=d["classification"],
            partner_reference=d.get("partner_reference", ""),
        )
