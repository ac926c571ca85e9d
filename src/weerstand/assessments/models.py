"""The integrated threat picture (geïntegreerd dreigingsbeeld): versioned per case.

A version is drafted by an analyst of the case team, challenged by another analyst
(tegenspraak, with an ACH matrix), answered by the author, checked by a senior analyst when the
case is complex, and then finalised. A finalised version never changes: recalibration makes a
new version that starts as a copy. The method (which factors to weigh per phenomenon) is data,
so senior analysts can refine it without a release.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.assessments.levels import ResistanceLevel, ThreatLevel
from weerstand.cases.models import Phenomenon
from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.core.errors import InvalidTransition
from weerstand.policy.managers import PolicyManager


class ImmutableVersion(InvalidTransition):
    """A finalised assessment (or a part of it) was about to be changed."""

    code = "immutable-version"
    title = "Een vastgestelde versie kan niet meer veranderen"


# --------------------------------------------------------------------------- the method


class FactorGroup(models.TextChoices):
    FACTOR = "factor", _("Weegfactor")
    WARNING_BEHAVIOUR = "warning_behaviour", _("Waarschuwingsgedrag (proximaal)")
    DISTAL = "distal", _("Achtergrondkenmerk (distaal)")


class MethodTemplate(models.Model):
    """The factors an analyst weighs for one phenomenon. Versioned: an assessment keeps the
    version it was drafted with, so a later refinement never rewrites an old judgement."""

    phenomenon = models.CharField(_("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices)
    version = models.PositiveIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    effective_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phenomenon", "-version"]
        verbose_name = _("methodesjabloon")
        verbose_name_plural = _("methodesjablonen")
        constraints = [
            models.UniqueConstraint(
                fields=["phenomenon", "version"], name="unique_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class TemplateFactor(models.Model):
    template = models.ForeignKey(MethodTemplate, on_delete=models.CASCADE, related_name="factors")
    code = models.SlugField(_("code"), max_length=64)
    group = models.CharField(
        _("groep"), max_length=32, choices=FactorGroup.choices, default=FactorGroup.FACTOR
    )
    label = models.CharField(_("factor"), max_length=200)
    guidance = models.TextField(_("wegingsaanwijzing"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="unique_template_factor")
        ]

    def __str__(self) -> str:
        return self.label


class AssessmentRules(models.Model):
    """The configurable rules of the method (one row; defaults apply when there is none):
    recalibration intervals per threat level and the criteria that make a case complex."""

    recalibration_days = models.JSONField(
        _("herijkingstermijn per dreigingsniveau (dagen)"),
        default=dict,
        help_text=_('Bijvoorbeeld {"5": 14, "4": 30, "3": 60, "2": 90, "1": 180}.'),
    )
    complex_crown_witness = models.BooleanField(_("complex bij kroongetuigetraject"), default=True)
    complex_min_threat_level = models.PositiveSmallIntegerField(
        _("complex vanaf dreigingsniveau"), default=4
    )
    complex_multiple_phenomena = models.BooleanField(
        _("complex bij meerdere fenomenen"), default=True
    )
    complex_incident_days = models.PositiveSmallIntegerField(
        _("complex bij incident in de laatste (dagen)"), default=30
    )
    trigger_window_days = models.PositiveSmallIntegerField(
        _("herijking bij triggermoment binnen (dagen)"), default=14
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    DEFAULT_DAYS = {5: 14, 4: 30, 3: 60, 2: 90, 1: 180}

    class Meta:
        verbose_name = _("methoderegels")
        verbose_name_plural = _("methoderegels")

    def __str__(self) -> str:
        return "methoderegels"

    @classmethod
    def current(cls) -> AssessmentRules:
        """The configured rules, or the defaults (unsaved) when nobody configured them."""
        return cls.objects.order_by("-pk").first() or cls()

    def days_for(self, level: int) -> int:
        configured = {int(k): int(v) for k, v in (self.recalibration_days or {}).items()}
        return configured.get(int(level), self.DEFAULT_DAYS.get(int(level), 90))


# --------------------------------------------------------------------------- the assessment


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    CHALLENGE = "challenge", _("In tegenspraak")
    ANSWERED = "answered", _("Tegenspraak beantwoord")
    SENIOR_CHECK = "senior_check", _("Wacht op seniorcontrole")
    FINALISED = "finalised", _("Vastgesteld")
    SUPERSEDED = "superseded", _("Vervangen")


EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.ANSWERED})
FINAL_STATUSES = frozenset({AssessmentStatus.FINALISED, AssessmentStatus.SUPERSEDED})


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=16, choices=AssessmentStatus.choices, default="draft"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_assessments"
    )
    template = models.ForeignKey(
        MethodTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("methodesjabloon"),
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    summary = EncryptedTextField(_("integraal oordeel"), blank=True)
    threat_level = models.PositiveSmallIntegerField(
        _("dreigingsniveau"), choices=ThreatLevel.choices, null=True, blank=True
    )
    person_resilience = EncryptedTextField(_("weerbaarheid van de persoon"), blank=True)
    employer_measures = EncryptedTextField(_("maatregelen van de werkgever"), blank=True)
    measures_in_place = EncryptedTextField(_("maatregelen die al gelden"), blank=True)
    measures_effectiveness = EncryptedTextField(_("effectiviteit van die maatregelen"), blank=True)
    residual_risk = EncryptedTextField(_("restrisico"), blank=True)
    recommended_resistance = models.PositiveSmallIntegerField(
        _("aanbevolen benodigde weerstand"), choices=ResistanceLevel.choices, null=True, blank=True
    )
    no_gaps = models.BooleanField(
        _("er zijn geen relevante informatieleemten"),
        default=False,
        help_text=_("Een expliciete verklaring; zwijgen over leemten is geen verklaring."),
    )
    no_gaps_reason = EncryptedTextField(_("onderbouwing geen leemten"), blank=True)
    is_complex = models.BooleanField(_("complexe casus"), default=False)
    complexity_reasons = models.JSONField(default=list, blank=True)
    unresolved_disagreement = EncryptedTextField(_("resterend meningsverschil"), blank=True)
    senior_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="senior_checked_assessments",
    )
    senior_checked_at = models.DateTimeField(null=True, blank=True)
    senior_check_note = EncryptedTextField(_("bevindingen seniorcontrole"), blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finalised_assessments",
    )
    next_recalibration = models.DateField(_("volgende herijking"), null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("assessment")

    EDITABLE_FIELDS = (
        "summary",
        "threat_level",
        "person_resilience",
        "employer_measures",
        "measures_in_place",
        "measures_effectiveness",
        "residual_risk",
        "recommended_resistance",
        "no_gaps",
        "no_gaps_reason",
        "classification",
    )

    class Meta:
        ordering = ["case", "-number"]
        verbose_name = _("dreigingsbeeld")
        verbose_name_plural = _("dreigingsbeelden")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_assessment_number")
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The model-level guard: a finalised version is never saved again. Services change
        statuses with a compare-and-swap `update()`, which this guard does not need to see."""
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True)
            if stored and stored[0] in FINAL_STATUSES:
                raise ImmutableVersion("Een vastgestelde versie kan niet meer veranderen.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_final:
            raise ImmutableVersion("Een vastgestelde versie kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)

    @property
    def reference(self) -> str:
        # The case's reference, not its primary key: stable across databases and seeds.
        return f"DB-{self.case.reference}-v{self.number}"

    def audit_label(self) -> str:
        return f"dreigingsbeeld {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class AssessmentPart(models.Model):
    """A part of the content of one version: frozen with it once the version is final."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self) -> None:
        status = (
            Assessment._base_manager.filter(pk=self.assessment_id)  # type: ignore[attr-defined]
            .values_list("status", flat=True)
            .first()
        )
        if status in FINAL_STATUSES:
            raise ImmutableVersion("Een vastgestelde versie kan niet meer veranderen.")


class Judgement(models.TextChoices):
    PRESENT = "present", _("Aanwezig")
    PARTLY = "partly", _("Deels aanwezig")
    ABSENT = "absent", _("Afwezig")
    UNKNOWN = "unknown", _("Onbekend (leemte)")
    NOT_APPLICABLE = "not_applicable", _("Niet van toepassing")


class FactorJudgement(AssessmentPart):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="factor_judgements"
    )
    factor = models.ForeignKey(TemplateFactor, on_delete=models.PROTECT, related_name="+")
    judgement = models.CharField(
        _("oordeel"), max_length=16, choices=Judgement.choices, default=Judgement.UNKNOWN
    )
    note = EncryptedTextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["factor__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "factor"], name="unique_factor_judgement")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.factor_id}: {self.judgement}"


class ProductCitation(AssessmentPart):
    """A threat-information product the assessment rests on; the grading at the time of
    citing is kept, so a later re-grading shows as a difference rather than a silent change."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="product_citations"
    )
    product = models.ForeignKey(
        "information.ThreatProduct", on_delete=models.PROTECT, related_name="+"
    )
    grading = models.CharField(_("beoordeling"), max_length=4)
    note = EncryptedTextField(_("gebruik in het oordeel"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "product"], name="unique_product_cite")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} cites product {self.product_id} ({self.grading})"


class SignalCitation(AssessmentPart):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="signal_citations"
    )
    signal = models.ForeignKey("signals.Signal", on_delete=models.PROTECT, related_name="+")
    grading = models.CharField(_("beoordeling"), max_length=4)
    note = EncryptedTextField(_("gebruik in het oordeel"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "signal"], name="unique_signal_cite")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} cites signal {self.signal_id} ({self.grading})"


class AssessmentGap(AssessmentPart):
    """A remaining information gap: a recorded gap of the case, or one stated here."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="gaps")
    gap = models.ForeignKey(
        "gaps.Gap", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = EncryptedTextField(_("leemte"), blank=True)
    consequence = EncryptedTextField(_("gevolg voor het oordeel"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"gap {self.pk} of {self.assessment_id}"


class Likelihood(models.TextChoices):
    """The fixed probability yardstick: words with their band, never a bare word."""

    REMOTE = "remote", _("Vrijwel uitgesloten (0-5%)")
    HIGHLY_UNLIKELY = "highly_unlikely", _("Zeer onwaarschijnlijk (10-20%)")
    UNLIKELY = "unlikely", _("Onwaarschijnlijk (25-35%)")
    REALISTIC = "realistic_possibility", _("Reële mogelijkheid (40-50%)")
    LIKELY = "likely", _("Waarschijnlijk (55-75%)")
    HIGHLY_LIKELY = "highly_likely", _("Zeer waarschijnlijk (80-90%)")
    ALMOST_CERTAIN = "almost_certain", _("Vrijwel zeker (95-100%)")


LIKELIHOOD_BANDS: dict[str, tuple[int, int]] = {
    "remote": (0, 5),
    "highly_unlikely": (10, 20),
    "unlikely": (25, 35),
    "realistic_possibility": (40, 50),
    "likely": (55, 75),
    "highly_likely": (80, 90),
    "almost_certain": (95, 100),
}


class Impact(models.TextChoices):
    LIMITED = "limited", _("Beperkt")
    SERIOUS = "serious", _("Ernstig: letsel")
    SEVERE = "severe", _("Zeer ernstig: zwaar letsel")
    FATAL = "fatal", _("Fataal: aanslag op het leven")


class Scenario(AssessmentPart):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scenarios")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("scenario"), max_length=200)
    actor = EncryptedTextField(_("wie"), blank=True)
    intent = EncryptedTextField(_("intentie"), blank=True)
    capability = EncryptedTextField(_("capaciteit"), blank=True)
    opportunity = EncryptedTextField(_("gelegenheid"), blank=True)
    likelihood = models.CharField(
        _("waarschijnlijkheid"), max_length=32, choices=Likelihood.choices
    )
    impact = models.CharField(_("impact"), max_length=16, choices=Impact.choices)
    impact_note = EncryptedTextField(_("toelichting impact"), blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def band(self) -> tuple[int, int]:
        return LIKELIHOOD_BANDS[self.likelihood]


class ScenarioTrigger(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="triggers")
    description = models.CharField(_("triggermoment"), max_length=300)
    expected_on = models.DateField(_("verwachte datum"), null=True, blank=True)

    class Meta:
        ordering = ["expected_on", "pk"]

    def __str__(self) -> str:
        return self.description

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._guard()
        return super().delete(*args, **kwargs)

    def _guard(self) -> None:
        status = (
            Assessment._base_manager.filter(scenarios=self.scenario_id)
            .values_list("status", flat=True)
            .first()
        )
        if status in FINAL_STATUSES:
            raise ImmutableVersion("Een vastgestelde versie kan niet meer veranderen.")


class Confidence(models.TextChoices):
    LOW = "low", _("Laag")
    MODERATE = "moderate", _("Matig")
    HIGH = "high", _("Hoog")


class Assumption(AssessmentPart):
    """A key assumption: what would prove it wrong, and by when it must be looked at again."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assumptions")
    statement = EncryptedTextField(_("aanname"))
    basis = EncryptedTextField(_("grondslag"), blank=True)
    confidence = models.CharField(_("zekerheid"), max_length=16, choices=Confidence.choices)
    disproved_if = EncryptedTextField(_("onjuist als"), blank=True)
    review_by = models.DateField(_("toetsen vóór"))

    class Meta:
        ordering = ["review_by", "pk"]

    def __str__(self) -> str:
        return f"assumption {self.pk} (review by {self.review_by})"


# --------------------------------------------------------------------------- the challenge


class Challenge(models.Model):
    """Structured contradiction by another analyst than the author."""

    assessment = models.OneToOneField(
        Assessment, on_delete=models.CASCADE, related_name="challenge"
    )
    challenger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    summary = EncryptedTextField(_("samenvatting tegenspraak"), blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"tegenspraak {self.assessment_id}"


class PointKind(models.TextChoices):
    BLIND_SPOT = "blind_spot", _("Blinde vlek")
    DISAGREEMENT = "disagreement", _("Punt van onenigheid")
    ALTERNATIVE = "alternative", _("Alternatieve verklaring")


class Position(models.TextChoices):
    AGREE = "agree", _("Eens")
    PARTLY = "partly", _("Deels eens")
    DISAGREE = "disagree", _("Oneens")


class ChallengePoint(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="points")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("soort"), max_length=16, choices=PointKind.choices)
    text = EncryptedTextField(_("punt"))
    position = models.CharField(
        _("reactie auteur"), max_length=16, choices=Position.choices, blank=True
    )
    answer = EncryptedTextField(_("antwoord auteur"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"


class Consistency(models.TextChoices):
    """Heuer's ratings of one evidence item against one hypothesis."""

    CC = "CC", _("CC - zeer consistent")
    C = "C", _("C - consistent")
    N = "N", _("N - neutraal / niet van toepassing")
    I = "I", _("I - inconsistent")  # noqa: E741 - the name of the rating
    II = "II", _("II - zeer inconsistent")


INCONSISTENCY_WEIGHT = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}


class AchHypothesis(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="hypotheses")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(_("hypothese"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class AchEvidence(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="evidence")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(_("bewijsstuk"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class AchRating(models.Model):
    hypothesis = models.ForeignKey(AchHypothesis, on_delete=models.CASCADE, related_name="ratings")
    evidence = models.ForeignKey(AchEvidence, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=2, choices=Consistency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hypothesis", "evidence"], name="unique_ach_cell")
        ]

    def __str__(self) -> str:
        return f"{self.hypothesis_id}x{self.evidence_id}: {self.rating}"
