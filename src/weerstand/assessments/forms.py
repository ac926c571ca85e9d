"""Forms of the assessment pages. They parse input only; every rule lives in the services."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.assessments.levels import ResistanceLevel, ThreatLevel
from weerstand.assessments.models import (
    Assessment,
    ChallengePoint,
    Confidence,
    Consistency,
    FactorGroup,
    FactorJudgement,
    Impact,
    Judgement,
    Likelihood,
    Position,
)
from weerstand.core.forms import WeerstandForm

if TYPE_CHECKING:
    from weerstand.gaps.models import Gap
    from weerstand.information.models import ThreatProduct
    from weerstand.signals.models import Signal

TEXTAREA = forms.Textarea(attrs={"rows": 3})
MAX_HYPOTHESES = 4
MAX_EVIDENCE = 6
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(WeerstandForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssessmentForm(VersionedForm):
    summary = forms.CharField(label=_("Integraal oordeel"), widget=TEXTAREA, required=False)
    threat_level = forms.TypedChoiceField(
        label=_("Dreigingsniveau"),
        choices=[("", "—"), *ThreatLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    person_resilience = forms.CharField(
        label=_("Weerbaarheid van de persoon"), widget=TEXTAREA, required=False
    )
    employer_measures = forms.CharField(
        label=_("Maatregelen van de werkgever"), widget=TEXTAREA, required=False
    )
    measures_in_place = forms.CharField(
        label=_("Maatregelen die al gelden"), widget=TEXTAREA, required=False
    )
    measures_effectiveness = forms.CharField(
        label=_("Effectiviteit van die maatregelen"), widget=TEXTAREA, required=False
    )
    residual_risk = forms.CharField(label=_("Restrisico"), widget=TEXTAREA, required=False)
    recommended_resistance = forms.TypedChoiceField(
        label=_("Aanbevolen benodigde weerstand"),
        choices=[("", "—"), *ResistanceLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    no_gaps = forms.BooleanField(
        label=_("Er zijn geen relevante informatieleemten (expliciete verklaring)"),
        required=False,
    )
    no_gaps_reason = forms.CharField(
        label=_("Onderbouwing: waarom zijn er geen leemten?"), widget=TEXTAREA, required=False
    )
    classification = forms.TypedChoiceField(
        label=_("Rubricering"), choices=Classification.choices, coerce=int
    )

    @classmethod
    def for_assessment(cls, a: Assessment) -> AssessmentForm:
        initial = {name: getattr(a, name) for name in Assessment.EDITABLE_FIELDS}
        return cls(initial={**initial, "version": a.version})


class ProductCiteForm(VersionedForm):
    product = forms.TypedChoiceField(
        label=_("Product"),
        coerce=int,
        error_messages={"required": _("Kies het product dat u citeert")},
    )
    note = forms.CharField(label=_("Gebruik in het oordeel"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, products: Sequence[ThreatProduct] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("product", forms.TypedChoiceField).choices = [
            (p.pk, f"{p.reference} [{p.grading}] {p.title}") for p in products
        ]


class SignalCiteForm(VersionedForm):
    signal = forms.TypedChoiceField(
        label=_("Signaal"),
        coerce=int,
        error_messages={"required": _("Kies het signaal dat u citeert")},
    )
    note = forms.CharField(label=_("Gebruik in het oordeel"), widget=TEXTAREA, required=False)

    def __init__(self, *args: Any, signals: Sequence[Signal] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("signal", forms.TypedChoiceField).choices = [
            (s.pk, f"{s.reference} [{s.grading}] {s.get_kind_display()}") for s in signals
        ]


class GapForm(VersionedForm):
    gap = forms.TypedChoiceField(
        label=_("Vastgelegde leemte van de casus"), coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(
        label=_("Of: beschrijf de leemte"), widget=TEXTAREA, required=False
    )
    consequence = forms.CharField(
        label=_("Gevolg voor het oordeel"), widget=TEXTAREA, required=False
    )

    def __init__(self, *args: Any, gaps: Sequence[Gap] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("gap", forms.TypedChoiceField).choices = [("", "—")] + [
            (g.pk, f"#{g.pk} {str(g.description)[:80]}") for g in gaps
        ]


class ScenarioForm(VersionedForm):
    title = forms.CharField(
        label=_("Scenario"),
        max_length=200,
        error_messages={"required": _("Vul het scenario in, in één zin")},
    )
    actor = forms.CharField(label=_("Wie"), widget=TEXTAREA, required=False)
    intent = forms.CharField(label=_("Intentie"), widget=TEXTAREA, required=False)
    capability = forms.CharField(label=_("Capaciteit"), widget=TEXTAREA, required=False)
    opportunity = forms.CharField(label=_("Gelegenheid"), widget=TEXTAREA, required=False)
    likelihood = forms.ChoiceField(label=_("Waarschijnlijkheid"), choices=Likelihood.choices)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices)
    impact_note = forms.CharField(label=_("Toelichting impact"), widget=TEXTAREA, required=False)
    trigger_1 = forms.CharField(label=_("Triggermoment 1"), max_length=300, required=False)
    trigger_1_on = forms.DateField(label=_("Datum triggermoment 1"), widget=DATE, required=False)
    trigger_2 = forms.CharField(label=_("Triggermoment 2"), max_length=300, required=False)
    trigger_2_on = forms.DateField(label=_("Datum triggermoment 2"), widget=DATE, required=False)

    def item(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            **{k: d[k] for k in ("title", "actor", "intent", "capability", "opportunity")},
            **{k: d[k] for k in ("likelihood", "impact", "impact_note")},
            "triggers": [
                {"description": d[f"trigger_{n}"], "expected_on": d[f"trigger_{n}_on"]}
                for n in (1, 2)
                if d[f"trigger_{n}"]
            ],
        }


class AssumptionForm(VersionedForm):
    statement = forms.CharField(
        label=_("Aanname"),
        widget=TEXTAREA,
        error_messages={"required": _("Vul de aanname in waarop het oordeel rust")},
    )
    basis = forms.CharField(label=_("Grondslag"), widget=TEXTAREA, required=False)
    confidence = forms.ChoiceField(label=_("Zekerheid"), choices=Confidence.choices)
    disproved_if = forms.CharField(label=_("Onjuist als"), widget=TEXTAREA, required=False)
    review_by = forms.DateField(
        label=_("Toetsen vóór"),
        widget=DATE,
        error_messages={"required": _("Vul de datum in waarvóór de aanname wordt getoetst")},
    )


class FactorsForm(VersionedForm):
    """One judgement and note per factor of the version's method template."""

    def __init__(
        self, *args: Any, judgements: Sequence[FactorJudgement] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for j in judgements:
            choice = forms.ChoiceField(
                label=j.factor.label,
                choices=Judgement.choices,
                initial=j.judgement,
                help_text=j.factor.guidance,
            )
            note = forms.CharField(
                label=_("Toelichting: %(factor)s") % {"factor": j.factor.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                initial=j.note,
            )
            self.fields[f"j_{j.factor_id}"] = choice
            self.fields[f"n_{j.factor_id}"] = note
            self.rows.append((j, f"j_{j.factor_id}", f"n_{j.factor_id}"))

    def grouped(self) -> list[tuple[str, list[tuple[Any, Any]]]]:
        groups: dict[str, list[tuple[Any, Any]]] = {}
        for j, jn, nn in self.rows:
            groups.setdefault(str(FactorGroup(j.factor.group).label), []).append(
                (self[jn], self[nn])
            )
        return list(groups.items())

    def items(self) -> list[dict[str, Any]]:
        return [
            {
                "factor": j.factor_id,
                "judgement": self.cleaned_data[jn],
                "note": self.cleaned_data[nn],
            }
            for j, jn, nn in self.rows
        ]


class ReasonForm(WeerstandForm):
    reason = forms.CharField(label=_("Aanleiding"), widget=TEXTAREA, required=False)


class ChallengeForm(WeerstandForm):
    summary = forms.CharField(
        label=_("Samenvatting van de tegenspraak"),
        widget=TEXTAREA,
        error_messages={"required": _("Vul de samenvatting van de tegenspraak in")},
    )
    alternatives = forms.CharField(
        label=_("Alternatieve verklaringen (één per regel)"), widget=TEXTAREA, required=False
    )
    blind_spots = forms.CharField(
        label=_("Blinde vlekken (één per regel)"), widget=TEXTAREA, required=False
    )
    disagreements = forms.CharField(
        label=_("Punten van onenigheid (één per regel)"), widget=TEXTAREA, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for h in range(MAX_HYPOTHESES):
            self.fields[f"h{h}"] = forms.CharField(
                label=_("Hypothese %(n)s") % {"n": h + 1}, max_length=300, required=False
            )
        for e in range(MAX_EVIDENCE):
            self.fields[f"e{e}"] = forms.CharField(
                label=_("Bewijsstuk %(n)s") % {"n": e + 1}, max_length=300, required=False
            )
        for h in range(MAX_HYPOTHESES):
            for e in range(MAX_EVIDENCE):
                self.fields[f"r{h}_{e}"] = forms.ChoiceField(
                    label=_("Bewijsstuk %(e)s tegen hypothese %(h)s") % {"e": e + 1, "h": h + 1},
                    choices=Consistency.choices,
                    initial="N",
                    required=False,
                )

    def matrix(self) -> list[tuple[Any, list[Any]]]:
        return [
            (self[f"e{e}"], [self[f"r{h}_{e}"] for h in range(MAX_HYPOTHESES)])
            for e in range(MAX_EVIDENCE)
        ]

    def hypothesis_fields(self) -> list[Any]:
        return [self[f"h{h}"] for h in range(MAX_HYPOTHESES)]

    def data_for_service(self) -> Any:
        from weerstand.assessments.services import ChallengeData

        d = self.cleaned_data
        hyps = [h for h in range(MAX_HYPOTHESES) if d[f"h{h}"].strip()]
        evs = [e for e in range(MAX_EVIDENCE) if d[f"e{e}"].strip()]

        def lines(name: str) -> list[str]:
            return [line.strip() for line in d[name].splitlines() if line.strip()]

        return ChallengeData(
            summary=d["summary"],
            hypotheses=[d[f"h{h}"] for h in hyps],
            evidence=[d[f"e{e}"] for e in evs],
            ratings=[[d[f"r{h}_{e}"] or "N" for e in evs] for h in hyps],
            alternatives=lines("alternatives"),
            blind_spots=lines("blind_spots"),
            disagreements=lines("disagreements"),
        )


class AnswerForm(VersionedForm):
    def __init__(self, *args: Any, points: Sequence[ChallengePoint] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for p in points:
            self.fields[f"p_{p.pk}"] = forms.ChoiceField(
                label=_("Uw positie"),
                choices=Position.choices,
                widget=forms.RadioSelect,
            )
            self.fields[f"a_{p.pk}"] = forms.CharField(
                label=_("Uw antwoord"), widget=TEXTAREA, required=False
            )
            self.rows.append((p, self[f"p_{p.pk}"], self[f"a_{p.pk}"]))

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            p.pk: (self.cleaned_data[f"p_{p.pk}"], self.cleaned_data[f"a_{p.pk}"])
            for p, _pos, _ans in self.rows
        }


class SeniorCheckForm(WeerstandForm):
    note = forms.CharField(
        label=_("Bevindingen van de extra controle"),
        widget=TEXTAREA,
        error_messages={"required": _("Vul de bevindingen van de extra controle in")},
    )


class TemplateVersionForm(WeerstandForm):
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), widget=TEXTAREA, required=False)
    effective_from = forms.DateField(label=_("Geldig vanaf"), widget=DATE)
    factors = forms.CharField(
        label=_("Factoren"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Eén factor per regel: groep | code | factor | wegingsaanwijzing. Groepen: "
            "factor, warning_behaviour, distal."
        ),
    )
