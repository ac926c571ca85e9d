"""The authority's decision and what it sets in motion: security assignments to police and
KMar, and notices to the local authorities whose powers a measure touches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.assessments.levels import ResistanceLevel
from weerstand.policy.managers import PolicyManager


class DecisionType(models.TextChoices):
    DESIGNATE = "designate", _("Aanwijzen als te beveiligen persoon")
    REFUSE = "refuse", _("Aanwijzing weigeren")
    START = "start", _("Starten")
    CONTINUE = "continue", _("Voortzetten")
    ADJUST = "adjust", _("Aanpassen")
    SCALE_DOWN = "scale_down", _("Afschalen")
    STOP = "stop", _("Beëindigen")
    NO_MEASURES = "no_measures", _("Geen maatregelen")


# Decisions about admission to the system rest on the triage advice, not on an assessment.
ADMISSION_TYPES = (DecisionType.DESIGNATE, DecisionType.REFUSE)
# Decisions whose measures run; the one in force is "the live decision" of a case.
PROTECTION_TYPES = (
    DecisionType.START,
    DecisionType.CONTINUE,
    DecisionType.ADJUST,
    DecisionType.SCALE_DOWN,
)


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    AWAITING_APPROVAL = "awaiting_approval", _("Wacht op accordering")
    APPROVED = "approved", _("Geaccordeerd, nog niet van kracht")
    IN_FORCE = "in_force", _("Van kracht")
    SUPERSEDED = "superseded", _("Vervangen")
    ENDED = "ended", _("Beëindigd")
    REJECTED = "rejected", _("Afgewezen")


# Decisions whose measures run (or will run once their effective date comes).
LIVE_STATUSES = (DecisionStatus.APPROVED, DecisionStatus.IN_FORCE)


class Decision(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    # Null only for admission decisions (designation, refusal), which rest on the triage advice.
    assessment = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decision_type = models.CharField(
        _("soort besluit"), max_length=16, choices=DecisionType.choices
    )
    required_resistance = models.PositiveSmallIntegerField(
        _("benodigde weerstand"), choices=ResistanceLevel.choices, null=True, blank=True
    )
    packages = models.ManyToManyField(
        "catalogue.Package", blank=True, related_name="decisions", verbose_name=_("pakketten")
    )
    # The measures that result: packages in force on the effective date, plus and minus
    # the reasoned deviations. Frozen at decision time (the catalogue versions used).
    measures = models.ManyToManyField(
        "catalogue.Measure", blank=True, related_name="decisions", verbose_name=_("maatregelen")
    )
    reasoning = models.TextField(_("motivering"))
    effective_date = models.DateField(_("ingangsdatum"))
    next_recalibration = models.DateField(_("volgende herijking"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=DecisionStatus.choices,
        default=DecisionStatus.AWAITING_APPROVAL,
    )
    needs_approval = models.BooleanField(_("vier-ogen vereist"), default=True)
    # Where the measures are carried out, and the local authorities that are told.
    municipality = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemeente"),
    )
    prosecutor_office = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("parket"),
    )
    # A refusal of admission that hands the case to a mayor or chief prosecutor (local domain).
    hand_over_to = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("overdragen aan (lokaal gezag)"),
    )
    # Written for that local authority and shared with it as it stands (never the reasoning).
    hand_over_note = models.TextField(_("overdrachtsnotitie voor het lokaal gezag"), blank=True)
    preferred_executor = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorkeur uitvoerende organisatie"),
    )
    # What the decision-maker saw and acknowledged on the decision screen.
    disagreement_acknowledged = models.BooleanField(default=False)
    complexity_acknowledged = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="decisions_taken"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_approved",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_rejected",
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    in_force_since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("decision")

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        indexes = [models.Index(fields=["status", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_decision_type_display()})"

    def audit_label(self) -> str:
        return f"besluit {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class DeviationKind(models.TextChoices):
    ADDED = "added", _("Toegevoegd aan het standaardpakket")
    OMITTED = "omitted", _("Weggelaten uit het standaardpakket")


class Deviation(models.Model):
    """A measure added to or left out of the standard package, with its own reasoning."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="deviations")
    measure = models.ForeignKey("catalogue.Measure", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=DeviationKind.choices)
    reasoning = models.TextField(_("motivering"))

    objects = PolicyManager("decision_deviation")

    class Meta:
        ordering = ["kind", "measure__code"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "measure"], name="unique_deviation")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.kind} {self.measure_id}"


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op bevestiging")
    ACKNOWLEDGED = "acknowledged", _("Bevestigd")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Beëindigd")
    SUPERSEDED = "superseded", _("Vervangen")


OPEN_ASSIGNMENT_STATUSES = (
    AssignmentStatus.PENDING,
    AssignmentStatus.ACKNOWLEDGED,
    AssignmentStatus.ACTIVE,
)


class SecurityAssignment(models.Model):
    """One measure of a decision, assigned to police or KMar with the capacity it demands."""

    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="assignments")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assignments")
    measure = models.ForeignKey(
        "catalogue.Measure", on_delete=models.PROTECT, related_name="assignments"
    )
    executing_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="assignments"
    )
    officers = models.PositiveSmallIntegerField(default=0)
    qualifications = models.JSONField(default=list)
    start_hour = models.PositiveSmallIntegerField(default=0)
    end_hour = models.PositiveSmallIntegerField(default=24)
    weekdays = models.JSONField(default=list)
    mixed_team_allowed = models.BooleanField(default=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("prioriteit"), default=0)
    status = models.CharField(
        max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    acknowledge_before = models.DateTimeField(_("bevestigen vóór"))
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledgement_note = models.TextField(blank=True)
    staffed_before = models.DateTimeField(_("bemensd vóór"))
    staffed_at = models.DateTimeField(null=True, blank=True)
    staffed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    staffing_escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("security_assignment")

    # Not a column: capacity's overview sets the case reference when this reader may see it.
    case_label: str

    class Meta:
        ordering = ["-priority", "starts_on", "reference"]
        verbose_name = _("beveiligingsopdracht")
        verbose_name_plural = _("beveiligingsopdrachten")
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"beveiligingsopdracht {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def hours_label(self) -> str:
        if self.start_hour == 0 and self.end_hour == 24:
            return "24 uur"
        return f"{self.start_hour:02d}:00-{self.end_hour:02d}:00"

    @property
    def capacity_label(self) -> str:
        from weerstand.catalogue.models import capacity_words

        return capacity_words(self.officers, self.start_hour, self.end_hour)


class NotificationKind(models.TextChoices):
    NEW = "new", _("Nieuwe maatregel")
    CHANGED = "changed", _("Gewijzigde einddatum")
    ENDED = "ended", _("Beveiliging beëindigd")


# The ONLY content a local authority receives (measure, where, from when to when, contact
# point at the LCC). Everything else on LocalNotification is bookkeeping. Never the threat,
# the assessment, the person's address or identity: a test compares the model with this list.
NOTIFICATION_CONTENT_FIELDS = (
    "measure_name",
    "municipality",
    "starts_on",
    "ends_on",
    "contact_point",
)
NOTIFICATION_BOOKKEEPING_FIELDS = (
    "id",
    "recipient",
    "kind",
    "source_assignment",
    "created_at",
    "read_at",
    "read_by",
)
# The recipient's own reply to a new measure (its words, not the NCTV's content).
NOTIFICATION_RESPONSE_FIELDS = (
    "response",
    "response_reason",
    "responded_at",
    "responded_by",
    "version",
)


class NotificationResponse(models.TextChoices):
    PENDING = "pending", _("Wacht op reactie")
    AGREED = "agreed", _("Akkoord")
    DECLINED = "declined", _("Niet akkoord")
    NEEDS_INFORMATION = "needs_information", _("Vraagt om informatie")


# Only a new measure asks the local authority for a reply; a changed end date or an end is
# told for information (its response stays empty).
RESPONSE_KINDS = (NotificationKind.NEW,)


class LocalNotification(models.Model):
    """What a mayor or chief prosecutor is told about a measure touching their powers."""

    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="local_notifications"
    )
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    measure_name = models.CharField(_("maatregel"), max_length=200)
    municipality = models.CharField(_("gemeente"), max_length=200)
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    contact_point = models.CharField(_("contactpunt LCC"), max_length=200)
    # A link for updates (an end date after a stop); never rendered or serialised.
    source_assignment = models.ForeignKey(
        SecurityAssignment, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The reply of the recipient organisation (kinds in RESPONSE_KINDS; empty otherwise).
    response = models.CharField(
        _("reactie"), max_length=24, choices=NotificationResponse.choices, blank=True
    )
    response_reason = models.TextField(_("reden of vraag"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("local_notification")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bericht aan lokaal gezag")
        verbose_name_plural = _("berichten aan lokaal gezag")

    def __str__(self) -> str:
        return f"{self.measure_name} ({self.municipality})"

    def audit_label(self) -> str:
        return f"bericht lokaal gezag {self.pk}"

    def content(self) -> dict[str, object]:
        """The allowed content, and only that (pages and API render from here)."""
        return {name: getattr(self, name) for name in NOTIFICATION_CONTENT_FIELDS}
