"""Forms of the decision pages. They only parse input; the services decide."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.assessments.levels import ResistanceLevel
from weerstand.cases.models import Case
from weerstand.catalogue.models import Measure, Package
from weerstand.core.forms import WeerstandForm
from weerstand.decisions.models import (
    ADMISSION_TYPES,
    PROTECTION_TYPES,
    DecisionType,
    DeviationKind,
    NotificationResponse,
)
from weerstand.decisions.services import DecisionData, DeviationData
from weerstand.organisations.models import Organisation, OrganisationKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(WeerstandForm):
    """The decision screen. One row per measure in force: ticked = in the decision; a tick
    that differs from the chosen package is a deviation and needs its own reasoning."""

    decision_type = forms.ChoiceField(label=_("Soort besluit"), choices=DecisionType.choices)
    required_resistance = forms.TypedChoiceField(
        label=_("Benodigde weerstand"),
        choices=[("", "—"), *ResistanceLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    package = forms.ChoiceField(
        label=_("Pakket"),
        required=False,
        help_text=_("Leeg laten: het standaardpakket voor dit fenomeen en niveau."),
    )
    reasoning = forms.CharField(
        label=_("Motivering van het besluit"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Vul de motivering van het besluit in")},
    )
    effective_date = forms.DateField(label=_("Ingangsdatum"), widget=_DATE)
    next_recalibration = forms.DateField(
        label=_("Volgende herijking"), widget=_DATE, required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente waar de maatregelen lopen"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY),
        required=False,
    )
    prosecutor_office = forms.ModelChoiceField(
        label=_("Parket (hoofdofficier van justitie)"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.OM),
        required=False,
    )
    preferred_executor = forms.ModelChoiceField(
        label=_("Voorkeur uitvoerende organisatie"),
        queryset=Organisation.objects.filter(
            kind__in=(OrganisationKind.POLICE, OrganisationKind.KMAR), parent__isnull=True
        ),
        required=False,
    )
    acknowledge_disagreement = forms.BooleanField(
        label=_("Ik heb kennisgenomen van het resterende meningsverschil"), required=False
    )
    acknowledge_complexity = forms.BooleanField(
        label=_("Ik heb de uitkomst van de extra toets voor complexe casussen meegewogen"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        case: Case,
        types: list[str],
        base_codes: set[str],
        on: date,
        show_disagreement: bool,
        show_complexity: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("decision_type", forms.ChoiceField).choices = [
            (v, label) for v, label in DecisionType.choices if v in types
        ]
        packages = Package.objects.in_force(on).filter(phenomenon=case.phenomenon)
        self.typed_field("package", forms.ChoiceField).choices = [("", _("Standaardpakket"))] + [
            (p.code, f"{p.name} (niveau {p.resistance_level})") for p in packages
        ]
        if not show_disagreement:
            del self.fields["acknowledge_disagreement"]
        if not show_complexity:
            del self.fields["acknowledge_complexity"]
        self.measures = list(Measure.objects.in_force(on).order_by("name"))
        self.base_codes = base_codes
        for m in self.measures:
            self.fields[f"measure_{m.code}"] = forms.BooleanField(
                label=m.name, required=False, initial=m.code in base_codes
            )
            self.fields[f"reason_{m.code}"] = forms.CharField(
                label=_("Motivering afwijking: %(name)s") % {"name": m.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def measure_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "measure": m,
                "in_package": m.code in self.base_codes,
                "check": self[f"measure_{m.code}"],
                "reason": self[f"reason_{m.code}"],
            }
            for m in self.measures
        ]

    def to_data(self, base_codes: set[str]) -> DecisionData:
        """Deviations are the ticks that differ from `base_codes` (the chosen package)."""
        d = self.cleaned_data
        deviations = []
        if d["decision_type"] in PROTECTION_TYPES:
            for m in self.measures:
                ticked = bool(d.get(f"measure_{m.code}"))
                if ticked == (m.code in base_codes):
                    continue
                kind = DeviationKind.ADDED if ticked else DeviationKind.OMITTED
                deviations.append(DeviationData(m.code, kind, d.get(f"reason_{m.code}", "")))
        return DecisionData(
            decision_type=d["decision_type"],
            reasoning=d["reasoning"],
            effective_date=d["effective_date"],
            required_resistance=d.get("required_resistance"),
            next_recalibration=d.get("next_recalibration"),
            package_codes=[d["package"]] if d.get("package") else None,
            deviations=deviations,
            acknowledge_disagreement=bool(d.get("acknowledge_disagreement")),
            acknowledge_complexity=bool(d.get("acknowledge_complexity")),
            municipality=d.get("municipality"),
            prosecutor_office=d.get("prosecutor_office"),
            preferred_executor=d.get("preferred_executor"),
        )


class AdmissionForm(WeerstandForm):
    """The authority's decision on a referral the analysts advised on: designate, or refuse
    (optionally handing the case to a mayor or chief prosecutor)."""

    decision_type = forms.ChoiceField(
        label=_("Besluit over de aanwijzing"),
        choices=[(v, label) for v, label in DecisionType.choices if v in ADMISSION_TYPES],
        widget=forms.RadioSelect,
    )
    reasoning = forms.CharField(
        label=_("Motivering van het besluit"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Minimaal 20 tekens. De motivering komt niet in de brief aan de persoon."),
    )
    effective_date = forms.DateField(label=_("Ingangsdatum"), widget=_DATE)
    hand_over_to = forms.ModelChoiceField(
        label=_("Bij weigering: overdragen aan (lokaal gezag)"),
        queryset=Organisation.objects.filter(
            kind__in=(OrganisationKind.MUNICIPALITY, OrganisationKind.OM)
        ).order_by("kind", "name"),
        required=False,
        help_text=_("De burgemeester of hoofdofficier die de zaak overneemt; leeg: geen."),
    )
    hand_over_note = forms.CharField(
        label=_("Bij overdracht: notitie voor het lokaal gezag"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optioneel. Gaat zoals u het schrijft naar de burgemeester of hoofdofficier: "
            "schrijf alleen wat zij nodig hebben, niet de motivering of het dossier."
        ),
    )

    def to_data(self) -> DecisionData:
        d = self.cleaned_data
        return DecisionData(
            decision_type=d["decision_type"],
            reasoning=d["reasoning"],
            effective_date=d["effective_date"],
            hand_over_to=d.get("hand_over_to"),
            hand_over_note=d.get("hand_over_note") or "",
        )


def default_dates(recalibration: date | None) -> dict[str, date]:
    today = timezone.localdate()
    return {
        "effective_date": today,
        "next_recalibration": recalibration
        if recalibration and recalibration > today
        else today + timedelta(days=90),
    }


class ApprovalForm(WeerstandForm):
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class RejectionForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Reden van afwijzing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vul de reden in waarom u het besluit afwijst")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcknowledgeForm(WeerstandForm):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.TextInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResponseForm(WeerstandForm):
    """The local authority's reply to a new measure that touches its powers."""

    response = forms.ChoiceField(
        label=_("Uw reactie"),
        choices=[
            (v, label)
            for v, label in NotificationResponse.choices
            if v != NotificationResponse.PENDING
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reden of vraag"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Nodig bij 'niet akkoord' (uw reden) en bij een vraag om informatie (uw "
            "vraag), minimaal 10 tekens. De NCTV krijgt uw reactie; u reageert één keer."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
