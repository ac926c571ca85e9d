"""Forms of the signals app: short on purpose (a signal is recorded in under a minute)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.forms import WeerstandForm
from weerstand.signals import services
from weerstand.signals.models import Certainty, Credibility, Reliability, SignalKind
from weerstand.signals.plain import PORTAL_KINDS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.codename}"


def _when_field(label: Any, required: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        error_messages={"required": required},
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


def _split(value: str) -> list[str]:
    """'06-12345678, 06 9876' → two values; newlines and semicolons separate too."""
    raw = (value or "").replace(";", ",").replace("\n", ",")
    return [v.strip() for v in raw.split(",") if v.strip()]


class OfficerSignalForm(WeerstandForm):
    what = forms.CharField(
        label=_("Wat is er gebeurd?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=services.MAX_TEXT,
        error_messages={"required": _("Beschrijf wat er is gebeurd")},
    )
    kind = forms.ChoiceField(label=_("Soort"), choices=SignalKind.choices, initial="observation")
    happened_at = _when_field(_("Wanneer?"), _("Vul in wanneer het gebeurde"))
    noticed_by = forms.CharField(
        label=_("Wie merkte het op?"), required=False, max_length=services.MAX_TEXT
    )
    # No answer is chosen beforehand, as on the portal form: a preselected certainty would
    # end up as the grading of every signal whose reporter did not stop to think about it.
    certainty = forms.ChoiceField(
        label=_("Hoe zeker?"),
        choices=Certainty.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe zeker de waarneming is.")},
    )
    case = CaseChoiceField(
        label=_("Over welke casus? (als u die kent)"),
        queryset=None,
        required=False,
        empty_label=_("Weet ik niet / geen casus"),
    )
    subject = forms.CharField(
        label=_("Over wie of waar? (als u geen casus kiest)"),
        required=False,
        max_length=services.MAX_TEXT,
        help_text=_("Een korte omschrijving van de persoon of plek; een analist koppelt hem."),
    )
    phones = forms.CharField(
        label=_("Telefoonnummers"),
        required=False,
        help_text=_("Gescheiden door komma's."),
    )
    vehicles = forms.CharField(
        label=_("Kentekens"), required=False, help_text=_("Gescheiden door komma's.")
    )
    addresses = forms.CharField(
        label=_("Adressen"), required=False, help_text=_("Gescheiden door puntkomma's.")
    )
    classification = forms.TypedChoiceField(
        label=_("Rubricering"), coerce=int, initial=Classification.DEPV
    )

    def __init__(self, *args: Any, user: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case, classification = self.fields["case"], self.fields["classification"]
        assert isinstance(case, forms.ModelChoiceField)
        assert isinstance(classification, forms.ChoiceField)
        case.queryset = cases
        classification.choices = [
            (v, label) for v, label in Classification.choices if v <= user.clearance
        ] or [(Classification.DEPV, Classification.DEPV.label)]
        if not self.is_bound:
            self.initial.setdefault("happened_at", timezone.localtime().strftime(DATETIME_FORMAT))

    def signal_data(self) -> services.SignalData:
        d = self.cleaned_data
        return services.SignalData(
            what=d["what"],
            happened_at=d["happened_at"],
            kind=d["kind"],
            certainty=d["certainty"],
            noticed_by=d.get("noticed_by", ""),
            case_id=d["case"].pk if d.get("case") else None,
            subject=d.get("subject", ""),
            classification=d.get("classification"),
            phones=_split(d.get("phones", "")),
            vehicles=_split(d.get("vehicles", "")),
            addresses=[a.strip() for a in (d.get("addresses") or "").split(";") if a.strip()],
        )


PORTAL_CERTAINTY = [
    (Certainty.SEEN_MYSELF, _("Ik heb het zelf gezien of gehoord")),
    (Certainty.FAIRLY_SURE, _("Ik ben er vrij zeker van")),
    (Certainty.NOT_SURE, _("Ik weet het niet zeker")),
    (Certainty.HEARSAY, _("Iemand anders vertelde het mij")),
]


class PortalSignalForm(WeerstandForm):
    """Plain Dutch (B1) for protectees, relatives and employers."""

    # No answer is chosen beforehand: the person says what happened and how sure they are,
    # so a report never carries a category they did not pick.
    kind = forms.ChoiceField(
        label=_("Wat is er aan de hand?"),
        choices=PORTAL_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er aan de hand is.")},
    )
    what = forms.CharField(
        label=_("Vertel wat u zag of hoorde"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=services.MAX_TEXT,
        help_text=_("Bijvoorbeeld: wie, wat, waar. Schrijf het op zoals u het zich herinnert."),
        error_messages={"required": _("Schrijf op wat u zag of hoorde.")},
    )
    happened_at = _when_field(_("Wanneer was het?"), _("Vul in wanneer het was"))
    certainty = forms.ChoiceField(
        label=_("Hoe zeker bent u?"),
        choices=PORTAL_CERTAINTY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe zeker u bent.")},
    )
    noticed_by = forms.CharField(
        label=_("Wie zag of hoorde het nog meer?"), required=False, max_length=services.MAX_TEXT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("happened_at", timezone.localtime().strftime(DATETIME_FORMAT))

    def signal_data(self) -> services.SignalData:
        d = self.cleaned_data
        return services.SignalData(
            what=d["what"],
            happened_at=d["happened_at"],
            kind=d["kind"],
            certainty=d["certainty"],
            noticed_by=d.get("noticed_by", ""),
        )


DECISIONS = [
    (services.Decision.LINK, _("Koppelen aan een casus")),
    (services.Decision.TRIAGE, _("Beoordeeld, met toelichting")),
    (services.Decision.DISMISS, _("Afwijzen, met reden")),
]


class TriageForm(WeerstandForm):
    decision = forms.ChoiceField(
        label=_("Beslissing"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met het signaal gebeurt")},
    )
    case = CaseChoiceField(label=_("Casus"), queryset=None, required=False)
    note = forms.CharField(
        label=_("Toelichting of reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=services.MAX_TEXT,
    )
    reliability = forms.ChoiceField(
        label=_("Betrouwbaarheid bron (herwaarderen)"),
        choices=[("", _("ongewijzigd")), *Reliability.choices],
        required=False,
    )
    credibility = forms.TypedChoiceField(
        label=_("Geloofwaardigheid informatie (herwaarderen)"),
        choices=[("", _("ongewijzigd")), *Credibility.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.fields["case"]
        assert isinstance(case, forms.ModelChoiceField)
        case.queryset = cases

    def link_only(self) -> None:
        """Already triaged: the one decision left is linking the signal to a case."""
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [c for c in DECISIONS if c[0] == services.Decision.LINK]


class QueueFilterForm(WeerstandForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Nieuw (te beoordelen)")),
            ("overdue", _("Over de termijn")),
            ("triaged", _("Beoordeeld")),
            ("linked", _("Gekoppeld aan casus")),
            ("dismissed", _("Afgewezen")),
            ("all", _("Alle")),
        ],
    )
