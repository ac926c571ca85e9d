"""The protected person's side: the framework of rights and obligations, the decision letter's
shareable text, and objections that go to the independent appeal body.

Everything here may reach the person. Nothing in these tables may hold classified content:
the letter's "why" is written for the person by the decision-maker (`LetterText`), never
copied from the decision's reasoning or the threat picture.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class FrameworkVersion(models.Model):
    """One version of the framework: what the person, the employer and the state may expect
    and must do. The version in force is the one with the latest `effective_from` that has
    begun; a later version replaces it on its own date, so there is never a gap or overlap."""

    number = models.PositiveIntegerField(_("versienummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    effective_from = models.DateField(_("geldig vanaf"), unique=True)
    person_text = models.TextField(_("wat u mag verwachten en wat wij van u vragen"))
    employer_text = models.TextField(_("wat de werkgever mag verwachten en moet doen"))
    state_text = models.TextField(_("wat de overheid doet"))
    person_text_en = models.TextField(_("persoon (Engels)"), blank=True)
    employer_text_en = models.TextField(_("werkgever (Engels)"), blank=True)
    state_text_en = models.TextField(_("overheid (Engels)"), blank=True)
    objection_address = models.TextField(
        _("waar de persoon bezwaar kan maken"),
        blank=True,
        help_text=_("Adres en wijze van indienen bij de onafhankelijke bezwaarcommissie."),
    )
    change_note = models.TextField(_("wat is er veranderd"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("rights_framework")

    # Not a column: the versions page counts the acknowledgements this reader may see.
    acks: int

    EDITABLE_FIELDS = (
        "title",
        "effective_from",
        "person_text",
        "employer_text",
        "state_text",
        "person_text_en",
        "employer_text_en",
        "state_text_en",
        "objection_address",
        "change_note",
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("versie kader rechten en plichten")
        verbose_name_plural = _("versies kader rechten en plichten")

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def audit_label(self) -> str:
        return f"kader rechten en plichten versie {self.number}"

    def text(self, part: str, lang: str = "nl") -> str:
        """One part ('person', 'employer', 'state') in the language asked, Dutch as fallback."""
        if lang == "en":
            english = getattr(self, f"{part}_text_en")
            if english:
                return english
        return getattr(self, f"{part}_text")


class FrameworkAcknowledgement(models.Model):
    """'Ik heb dit gelezen': one portal user, one framework version, one moment."""

    framework = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="framework_acks"
    )
    person = models.ForeignKey(
        "registry.Person", null=True, on_delete=models.PROTECT, related_name="framework_acks"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("framework_acknowledgement")

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "user"], name="unique_framework_ack")
        ]
        verbose_name = _("kennisname kader")
        verbose_name_plural = _("kennisnames kader")

    def __str__(self) -> str:
        return f"{self.user_id} las versie {self.framework_id}"

    def audit_label(self) -> str:
        return f"kennisname kader {self.pk}"


class LetterText(models.Model):
    """What the decision-maker wrote for the person: the shareable 'why' of a decision.

    Kept apart from the decision's reasoning on purpose. The reasoning may rest on classified
    products and sources; this text is written to be read by the person and so must be safe
    to share. Without it the letter uses a generic sentence.
    """

    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.CASCADE, related_name="letter_text"
    )
    shareable_reason = models.TextField(_("uitleg voor de persoon (Nederlands)"))
    shareable_reason_en = models.TextField(_("uitleg voor de persoon (Engels)"), blank=True)
    # What the decision asks of the people at home and of the employer, written for them
    # (shareable). A relative or employer gets a letter when this is filled in, even without
    # measures at their home or work (`rights.services.addressing`).
    household_text = models.TextField(_("wat we vragen van de naasten (Nederlands)"), blank=True)
    household_text_en = models.TextField(_("wat we vragen van de naasten (Engels)"), blank=True)
    employer_text = models.TextField(_("wat we vragen van de werkgever (Nederlands)"), blank=True)
    employer_text_en = models.TextField(_("wat we vragen van de werkgever (Engels)"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("letter_text")

    class Meta:
        verbose_name = _("tekst besluitbrief")
        verbose_name_plural = _("teksten besluitbrief")

    def __str__(self) -> str:
        return f"brieftekst besluit {self.decision_id}"

    def audit_label(self) -> str:
        return f"brieftekst besluit {self.decision_id}"

    @property
    def audit_case_id(self) -> int:
        return self.decision.case_id


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    IN_TREATMENT = "in_treatment", _("In behandeling")
    DECIDED = "decided", _("Beslist")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class ObjectionOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Ongegrond")
    FOUNDED = "founded", _("Gegrond")
    PARTLY_FOUNDED = "partly_founded", _("Gedeeltelijk gegrond")


class ObjectionChannel(models.TextChoices):
    PORTAL = "portal", _("Via het portaal")
    PAPER = "paper", _("Per post of op papier ontvangen")


OPEN_STATUSES = (ObjectionStatus.RECEIVED, ObjectionStatus.IN_TREATMENT)
NEW_DECISION_OUTCOMES = (ObjectionOutcome.FOUNDED, ObjectionOutcome.PARTLY_FOUNDED)


class Objection(models.Model):
    """An objection (bezwaar) against a decision, handled by the independent appeal body.

    Deadlines follow the General Administrative Law Act (Awb): the objection period is six
    weeks after the letter date (art. 6:7/6:8); a late objection is accepted but marked late,
    because excusable lateness is allowed (art. 6:11). The appeal body decides within six
    weeks after the objection period ended, once extendable by six weeks (art. 7:10).
    """

    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="objections"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="objections")
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objector_name = models.CharField(_("naam indiener"), max_length=200)
    # The registry person who objected: the protectee, or a relative or employer contact who
    # is an interested party (Awb 1:2). Empty on older rows: then it was the protectee.
    objector_person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("ontvangen"), max_length=16, choices=ObjectionChannel.choices)
    lodged_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    received_on = models.DateField(_("datum van ontvangst"))
    grounds = EncryptedTextField(_("gronden van het bezwaar"))
    letter_date = models.DateField(_("datum besluitbrief"))
    objection_period_ends = models.DateField(_("einde bezwaartermijn"))
    is_late = models.BooleanField(_("te laat ingediend"), default=False)
    lateness_reason = models.TextField(_("reden van te laat indienen"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ObjectionStatus.choices, default="received"
    )
    deadline = models.DateField(_("uiterste beslisdatum"))
    extended_until = models.DateField(_("verdaagd tot"), null=True, blank=True)
    extension_reason = models.TextField(_("reden verdaging"), blank=True)
    outcome = models.CharField(
        _("uitkomst"), max_length=16, choices=ObjectionOutcome.choices, blank=True
    )
    outcome_reasoning = models.TextField(_("motivering uitkomst"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    requires_new_decision = models.BooleanField(_("nieuw besluit nodig"), default=False)
    escalated_at = models.DateTimeField(_("geëscaleerd op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("objection")

    SECRET_FIELDS = ("grounds",)

    class Meta:
        ordering = ["-lodged_at"]
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.reference

    def audit_label(self) -> str:
        return f"bezwaar {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def due_date(self) -> date:
        """The date by which the appeal body must decide (after an extension, the new one)."""
        return self.extended_until or self.deadline

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_date < today


class LetterKind(models.TextChoices):
    PROTECTEE = "protectee", _("Besluitbrief aan de te beveiligen persoon")
    HOUSEHOLD = "household", _("Brief aan een naaste")
    EMPLOYER = "employer", _("Brief aan de werkgever")


class AddressedLetter(models.Model):
    """One letter of a decision addressed to one person concerned, sent when the decision is
    taken (approved, or taken directly).

    The text is not stored: it is built from the decision's shareable sources for this
    addressee (`rights.letter.build` for the protectee, `build_addressed` for a relative or
    the employer), exactly like the protectee's letter, so there is one way to write a letter.
    What is stored is who it went to, what they may be told (frozen at sending), whether it
    gives them an objection route, and whether they read it.
    """

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="addressed_letters"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("soort brief"), max_length=16, choices=LetterKind.choices)
    role = models.CharField(_("rol in de casus"), max_length=32)
    # ShareCategory values of the link at the moment the letter was sent.
    shares = models.JSONField(default=list, blank=True)
    # Catalogue codes of the measures at the addressee's home or work that the letter names.
    measure_codes = models.JSONField(default=list, blank=True)
    # An interested party (Awb 1:2): measures at their home or work, or obligations on them.
    may_object = models.BooleanField(_("mag bezwaar maken"), default=False)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PolicyManager("addressed_letter")

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="unique_letter_per_person")
        ]
        verbose_name = _("verstuurde brief")
        verbose_name_plural = _("verstuurde brieven")

    def __str__(self) -> str:
        return f"brief {self.pk}"

    def audit_label(self) -> str:
        return f"brief {self.pk} ({self.kind})"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class EmployerMeasureStatus(models.TextChoices):
    OPEN = "open", _("Nog te doen")
    DONE = "done", _("Gedaan")
    CANCELLED = "cancelled", _("Vervallen")


class EmployerMeasure(models.Model):
    """What the employer is expected to do themselves (e.g. access control at the reception),
    recorded by the case team for one employer contact of a case, confirmed by the employer,
    followed up when overdue (`rights.services.employer_measures`)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    # The employer contact (a registry person linked to the case as employer_contact).
    contact = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("maatregel"), max_length=200)
    # Written for the employer: they read it in the portal.
    description = EncryptedTextField(_("toelichting voor de werkgever"), blank=True)
    due_on = models.DateField(_("klaar uiterlijk op"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EmployerMeasureStatus.choices,
        default=EmployerMeasureStatus.OPEN,
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmation_note = EncryptedTextField(_("wat de werkgever heeft gedaan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    escalated_at = models.DateTimeField(_("opgevolgd op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("employer_measure")

    SECRET_FIELDS = ("description", "confirmation_note")
    EDITABLE_FIELDS = ("title", "description", "due_on", "status")

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("maatregel van de werkgever")
        verbose_name_plural = _("maatregelen van de werkgever")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"maatregel werkgever {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == EmployerMeasureStatus.OPEN and self.due_on < today
