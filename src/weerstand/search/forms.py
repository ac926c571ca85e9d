"""The search form: the query and the filters, validated like every other input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.cases.models import Phenomenon
from weerstand.core.forms import WeerstandForm
from weerstand.organisations.models import Organisation
from weerstand.search import engine, index
from weerstand.search.models import DocumentKind

_ANY = [("", _("Alle"))]


class SearchForm(WeerstandForm):
    q = forms.CharField(
        label=_("Zoekterm"),
        required=False,
        max_length=engine.MAX_QUERY_LENGTH,
        help_text=_(
            "Zoekt in producten (ook bijlagen), signalen en casussen. "
            "Alle woorden moeten voorkomen."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Soort"), required=False)
    phenomenon = forms.ChoiceField(
        label=_("Dreigingsfenomeen"), required=False, choices=_ANY + list(Phenomenon.choices)
    )
    originator = forms.ModelChoiceField(
        label=_("Verstrekker"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Alle"),
    )
    reliability = forms.ChoiceField(
        label=_("Betrouwbaarheid bron"),
        required=False,
        choices=_ANY + [(r, r) for r in engine.RELIABILITY],
    )
    credibility = forms.TypedChoiceField(
        label=_("Betrouwbaarheid informatie"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_ANY + [(str(c), str(c)) for c in engine.CREDIBILITY],
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(DocumentKind.choices)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = _ANY + [(k, labels[k]) for k in index.active_sources()]

    def clean_q(self) -> str:
        q = self.cleaned_data.get("q", "") or ""
        if q and engine.valid_query(q) == "too-many-words":
            raise forms.ValidationError(
                _("Gebruik hoogstens %(n)d woorden."), params={"n": engine.MAX_QUERY_WORDS}
            )
        return q.strip()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("De einddatum ligt vóór de begindatum."))
        return data

    def filters(self) -> engine.Filters:
        d = self.cleaned_data
        return engine.Filters(
            q=d.get("q", ""),
            kind=d.get("kind") or "",
            phenomenon=d.get("phenomenon") or "",
            originator=d["originator"].pk if d.get("originator") else None,
            reliability=d.get("reliability") or "",
            credibility=d.get("credibility"),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
