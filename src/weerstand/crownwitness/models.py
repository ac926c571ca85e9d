"""Crown-witness trajectories and their circle (issue 16).

A trajectory lives in its own restricting compartment (`policy.Compartment`, kind
crown_witness): only its members see it, inspectors included. Its circle maps every person
whose safety depends on the deal. For a person covered by the witness protection programme,
Weerstand records only *that* and *by which programme*: there are deliberately no fields for
a new identity or location.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class TrajectoryStatus(models.TextChoices):
    CONSIDERED = "considered", _("In overweging")
    RUNNING = "running", _("Lopend")
    PUBLISHED = "published", _("Bekendgemaakt")
    STOPPED = "stopped", _("Gestopt")


class Trajectory(models.Model):
    """A crown-witness deal under consideration, opened by the OM."""

    compartment = models.OneToOneField(
        "policy.Compartment", on_delete=models.PROTECT, related_name="trajectory"
    )
    # The witness's own case, when there is one; a deal may be considered before the
    # witness has a case in Weerstand, so the trajectory can stand alone.
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("naam"), max_length=200)
    description = EncryptedTextField(_("omschrijving"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TrajectoryStatus.choices,
        default=TrajectoryStatus.CONSIDERED,
    )
    planned_date = models.DateField(_("geplande datum van bekendmaking"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("trajectory")

    SECRET_FIELDS = ("description",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kroongetuigetraject")
        verbose_name_plural = _("kroongetuigetrajecten")

    def __str__(self) -> str:
        return f"kroongetuigetraject {self.pk}"

    def audit_label(self) -> str:
        return f"kroongetuigetraject {self.pk}"


class PlannedDateChange(models.Model):
    """History of the planned date: set or moved, always with a reason."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="date_changes"
    )
    old_date = models.DateField(null=True, blank=True)
    new_date = models.DateField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_date_change")

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_date} → {self.new_date}"

    def audit_label(self) -> str:
        return f"datumwijziging traject {self.trajectory_id}"


class Relation(models.TextChoices):
    PARENT = "parent", _("Ouder")
    SIBLING = "sibling", _("Broer of zus")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Kind")
    LAWYER = "lawyer", _("Advocaat van de getuige")
    CONFIDANT = "confidant", _("Vertrouwenspersoon")
    TRIAL_JUDGE = "trial_judge", _("Rechter in het proces")
    TRIAL_PROSECUTOR = "trial_prosecutor", _("Officier van justitie in het proces")
    TRIAL_LAWYER = "trial_lawyer", _("Advocaat in het proces")
    TRIAL_OTHER = "trial_other", _("Andere professional in het proces")


class Coverage(models.TextChoices):
    WEERSTAND = "weerstand", _("Beveiliging door Weerstand nodig")
    PROGRAMME = "programme", _("Gedekt door het getuigenbeschermingsprogramma")


class CirclePerson(models.Model):
    """One person in the circle of the witness, with who covers their protection."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="circle")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relatie"), max_length=32, choices=Relation.choices)
    coverage = models.CharField(_("dekking"), max_length=16, choices=Coverage.choices)
    # Programme cover: only that and by which programme, with the reason. Nothing else.
    programme = models.CharField(_("programma"), max_length=100, blank=True)
    coverage_reason = EncryptedTextField(_("onderbouwing"), blank=True)
    # Weerstand protection: the person's own case (assessment and decision hang from it).
    protection_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_late = models.BooleanField(_("laat toegevoegd"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_person")

    SECRET_FIELDS = ("coverage_reason",)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "person"], name="unique_circle_person")
        ]

    def __str__(self) -> str:
        return f"kring {self.trajectory_id}: persoon {self.person_id}"

    def audit_label(self) -> str:
        return f"kringpersoon {self.pk} (traject {self.trajectory_id})"


class WeighingOutcome(models.TextChoices):
    CONTINUE = "continue", _("Doorgaan met het traject")
    STOP = "stop", _("Het traject stoppen")


class Weighing(models.Model):
    """One version of the OM's integrated weighing: the interests side by side, as equals.

    Never edited: a changed picture is a new version (`number`), so the history of the
    weighing is the trajectory's record. A decision to stop is a valid outcome."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="weighings")
    number = models.PositiveIntegerField(_("versie"))
    prosecution_value = EncryptedTextField(_("gewicht van de informatie voor de vervolging"))
    witness_reliability = EncryptedTextField(_("betrouwbaarheid van de getuige"))
    safety_risks = EncryptedTextField(_("veiligheidsrisico's voor de hele kring"))
    measures_needed = EncryptedTextField(_("benodigde beveiligingsmaatregelen"))
    state_capacity = EncryptedTextField(_("kan de staat ze leveren (capaciteit)"))
    bearability = EncryptedTextField(_("draagbaarheid voor getuige en kring"))
    ethical_consequences = EncryptedTextField(_("ethische gevolgen van de maatregelen"))
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=WeighingOutcome.choices)
    conclusion = EncryptedTextField(_("afweging en conclusie"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_weighing")

    SECRET_FIELDS = (
        "prosecution_value",
        "witness_reliability",
        "safety_risks",
        "measures_needed",
        "state_capacity",
        "bearability",
        "ethical_consequences",
        "conclusion",
    )

    class Meta:
        ordering = ["-number", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="unique_weighing_version")
        ]

    def __str__(self) -> str:
        return f"weging {self.number} (traject {self.trajectory_id})"

    def audit_label(self) -> str:
        return f"weging {self.number} (traject {self.trajectory_id})"


class ExpertKind(models.TextChoices):
    SAFETY = "safety", _("Veiligheid (dreiging)")
    PROTECTION = "protection", _("Beveiliging")
    ETHICS = "ethics", _("Ethiek")


class WeighingContribution(models.Model):
    """An expert's contribution to the weighing (safety, protection or ethics). It is made
    on the trajectory and names the weighing version that was current, if any."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="contributions"
    )
    weighing = models.ForeignKey(
        Weighing, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(_("expertise"), max_length=16, choices=ExpertKind.choices)
    text = EncryptedTextField(_("bijdrage"))
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributed_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_weighing")

    SECRET_FIELDS = ("text",)

    class Meta:
        ordering = ["contributed_at", "pk"]

    def __str__(self) -> str:
        return f"bijdrage {self.pk} (traject {self.trajectory_id})"

    def audit_label(self) -> str:
        return f"bijdrage aan de weging {self.pk} (traject {self.trajectory_id})"


class ReviewBody(models.TextChoices):
    EXAMINING_JUDGE = "examining_judge", _("Rechter-commissaris")
    INDEPENDENT_COMMITTEE = "independent_committee", _("Onafhankelijke commissie")


class ReviewVerdict(models.TextChoices):
    POSITIVE = "positive", _("Positief")
    NEGATIVE = "negative", _("Negatief")


class Review(models.Model):
    """The independent review of one weighing version and of the protection agreement.

    It counts for the publication gate only while it reviewed the latest weighing and the
    circle has not changed since (`circle_size` at the time of the review)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="reviews")
    weighing = models.ForeignKey(Weighing, on_delete=models.PROTECT, related_name="reviews")
    body = models.CharField(_("toetsende instantie"), max_length=32, choices=ReviewBody.choices)
    verdict = models.CharField(_("oordeel"), max_length=16, choices=ReviewVerdict.choices)
    reasons = EncryptedTextField(_("motivering"))
    circle_size = models.PositiveIntegerField(_("omvang van de kring bij de toetsing"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_review")

    SECRET_FIELDS = ("reasons",)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"toetsing {self.pk} (traject {self.trajectory_id})"

    def audit_label(self) -> str:
        return f"toetsing {self.pk} (traject {self.trajectory_id})"


class StatementDisclosure(models.Model):
    """The OM's record that the witness's statement was added to a criminal case file: a
    step that makes the deal known, so it passes the same publication gate."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="disclosures")
    reference = models.CharField(_("kenmerk van het strafdossier"), max_length=100)
    reason = models.TextField(_("toelichting"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("trajectory_disclosure")

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"verklaring in dossier {self.reference}"

    def audit_label(self) -> str:
        return f"verklaring in strafdossier (traject {self.trajectory_id})"
