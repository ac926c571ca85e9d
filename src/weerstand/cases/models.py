"""The protection case: one threatened person's path from referral to closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.policy.managers import PolicyManager


class Phenomenon(models.TextChoices):
    ORGANISED_CRIME = "organised_crime", _("Georganiseerde/ondermijnende criminaliteit")
    TERRORISM = "terrorism", _("Terrorisme")
    STATE_ACTORS = "state_actors", _("Statelijke actoren")
    RADICALISED_LONER = "radicalised_loner", _("Geradicaliseerde eenling")
    RELATIONAL_VIOLENCE = "relational_violence", _("Relationeel geweld")
    STALKING = "stalking", _("Stalking")
    HONOUR_VIOLENCE = "honour_violence", _("Eergerelateerd geweld")
    OTHER_LOCAL = "other_local", _("Overig (lokaal domein)")


NATIONAL_PHENOMENA = frozenset(
    {
        Phenomenon.ORGANISED_CRIME,
        Phenomenon.TERRORISM,
        Phenomenon.STATE_ACTORS,
        Phenomenon.RADICALISED_LONER,
    }
)


class Severity(models.TextChoices):
    LOW = "low", _("Laag: geen concrete dreiging")
    ELEVATED = "elevated", _("Verhoogd: dreiging, niet tegen het leven")
    SERIOUS = "serious", _("Ernstig: dreiging tegen het leven")
    CRITICAL = "critical", _("Acuut: concrete, directe dreiging tegen het leven")


class CaseState(models.TextChoices):
    REFERRAL = "referral", _("Aanmelding")
    TRIAGE = "triage", _("Triage")
    DESIGNATION = "designation", _("Aanwijzing door het gezag")
    ASSESSMENT = "assessment", _("Dreigingsinschatting")
    DECISION = "decision", _("Besluitvorming")
    PROTECTION_ACTIVE = "protection_active", _("Beveiliging actief")
    RECALIBRATION = "recalibration", _("Herijking")
    LOCAL_DOMAIN = "local_domain", _("Overgedragen aan lokaal domein")
    ENDED = "ended", _("Beëindigd")


class Domain(models.TextChoices):
    NATIONAL = "national", _("Rijksdomein")
    LOCAL = "local", _("Lokaal domein")


class TriageAdvice(models.TextChoices):
    """The analysts' advice to the authority after triage; the authority decides."""

    NATIONAL = "national", _("Aanwijzen: naar het rijksdomein")
    LOCAL = "local", _("Niet aanwijzen: naar het lokale domein")
    REFUSE = "refuse", _("Niet aanwijzen: geen beveiliging in het stelsel")


class Origin(models.TextChoices):
    REFERRAL = "referral", _("Nieuwe aanmelding")
    OM_TRANSFER = "om_transfer", _("Overdracht van het OM")


class Case(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=32, unique=True)
    codename = models.CharField(_("werknaam"), max_length=100)
    state = models.CharField(
        _("status"), max_length=32, choices=CaseState.choices, default=CaseState.REFERRAL
    )
    phenomenon = models.CharField(_("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices)
    severity = models.CharField(
        _("ernst"), max_length=16, choices=Severity.choices, default=Severity.SERIOUS
    )
    person_can_resist = models.BooleanField(
        _("persoon kan zelf voldoende weerstand bieden"), default=False
    )
    employer_can_resist = models.BooleanField(
        _("werkgever kan voldoende weerstand bieden"), default=False
    )
    summary = models.TextField(_("aanleiding"), blank=True)
    protectee = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="protected_cases"
    )
    referring_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="referred_cases"
    )
    referred_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    team = models.OneToOneField(
        "policy.Compartment", on_delete=models.PROTECT, related_name="team_case"
    )
    restricted_compartment = models.ForeignKey(
        "policy.Compartment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restricted_cases",
    )
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.REFERRAL)
    # Measures the previous authority (OM) had in place; they stay until the NCTV decides.
    interim_measures = models.TextField(_("lopende maatregelen (vorig gezag)"), blank=True)
    interim_authority = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interim_cases",
    )
    interim_measures_active = models.BooleanField(default=False)
    # Triage: the rule-based recommendation and the human confirmation or override.
    triage_rule = models.CharField(max_length=32, blank=True)
    triage_recommendation = models.CharField(max_length=16, choices=Domain.choices, blank=True)
    triage_advice = models.CharField(max_length=16, choices=TriageAdvice.choices, blank=True)
    domain = models.CharField(max_length=16, choices=Domain.choices, blank=True)
    triage_overridden = models.BooleanField(default=False)
    triage_reason = models.TextField(blank=True)
    local_authority = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_cases",
    )
    on_limitative_list = models.BooleanField(default=False)
    next_recalibration = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PolicyManager("case")

    EDITABLE_FIELDS = (
        "codename",
        "summary",
        "severity",
        "person_can_resist",
        "employer_can_resist",
        "classification",
        "next_recalibration",
    )

    class Meta:
        ordering = ["-referred_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        indexes = [
            models.Index(fields=["state"]),
            # The case list's order (`-referred_at, -pk`): an inspector sees every case, so
            # without it the list is a full scan and sort (issue 19). Read backwards.
            models.Index(fields=["referred_at", "id"], name="case_referred_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.codename}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    def audit_label(self) -> str:
        return f"casus {self.reference}"

    @property
    def audit_case_id(self) -> int:
        return self.pk

    @property
    def is_national(self) -> bool:
        return self.phenomenon in NATIONAL_PHENOMENA


class CasePersonRole(models.TextChoices):
    PROTECTEE = "protectee", _("Te beveiligen persoon")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Kind")
    PARENT = "parent", _("Ouder")
    SIBLING = "sibling", _("Broer of zus")
    RELATIVE = "relative", _("Naaste")
    LAWYER = "lawyer", _("Advocaat")
    CONFIDANT = "confidant", _("Vertrouwenspersoon")
    EMPLOYER_CONTACT = "employer_contact", _("Contactpersoon werkgever")
    PROFESSIONAL = "professional", _("Professional in het proces")


class ShareCategory(models.TextChoices):
    """What of the case may be shared with a person concerned (through the portal, a letter or
    the contact person). Nothing is shared unless named here; the analysis, the sources and
    other persons' data never are."""

    PROTECTION_STATUS = "protection_status", _("Of er beveiliging is en vanaf wanneer")
    OWN_MEASURES = "own_measures", _("Maatregelen bij hun woning of werk")
    EXPECTATIONS = "expectations", _("Wat van hen verwacht wordt")
    CONTACT_PERSON = "contact_person", _("De vaste contactpersoon")
    LETTERS = "letters", _("Brieven die aan hen gericht zijn")


class CasePerson(models.Model):
    """A person concerned in a case. Visible only when both the case and the person are."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="cases")
    role = models.CharField(max_length=32, choices=CasePersonRole.choices)
    # ShareCategory values: what this person may be told about the case.
    shares = models.JSONField(default=list, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("case_person")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="unique_case_person")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.person_id} {self.role}"


class CaseEvent(models.Model):
    """One entry of the case timeline: a transition or another event, with its reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32)  # transition name or event kind
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class ClassificationChangeStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op akkoord")
    APPLIED = "applied", _("Akkoord, doorgevoerd")
    REJECTED = "rejected", _("Afgewezen")


class ClassificationChange(models.Model):
    """A request to lower a case's classification. Lowering exposes the case to people with a
    lower screening, so it takes effect only when a second person of the team approves it
    (`cases.classification`); raising needs no request. Never below what is linked to the case
    (`cases.selectors.classification_floor`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="classification_changes")
    from_classification = models.IntegerField(
        _("huidige rubricering"), choices=Classification.choices
    )
    to_classification = models.IntegerField(_("nieuwe rubricering"), choices=Classification.choices)
    reason = models.TextField(_("reden"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_by_name = models.CharField(max_length=200)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClassificationChangeStatus.choices,
        default=ClassificationChangeStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    objects = PolicyManager("case_classification_change")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("verzoek tot verlaging van de rubricering")
        verbose_name_plural = _("verzoeken tot verlaging van de rubricering")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="one_pending_classification_change_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_classification} → {self.to_classification}"

    def audit_label(self) -> str:
        return f"verlaging rubricering {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class HandoverStatus(models.TextChoices):
    OFFERED = "offered", _("Aangeboden, wacht op antwoord")
    ACCEPTED = "accepted", _("Aanvaard door het lokaal gezag")
    RETURNED = "returned", _("Teruggegeven aan de NCTV")
    WITHDRAWN = "withdrawn", _("Ingetrokken door de NCTV")


# The ONLY fields of a hand-over the local authority (the mayor's office, the OM office) ever
# sees: what the NCTV shares with it (copied onto the record when the case is handed over, so
# nothing is followed through the case), and its own answer. Never the case file, the
# assessment, products or persons. Pages and API render the local authority's view from
# `LocalHandover.shared()`; a test compares the model and the serializer with this list.
HANDOVER_SHARED_FIELDS = (
    "id",  # the record's own number, to address it
    "case_reference",
    "phenomenon",
    "authority",
    "handed_over_at",
    "contact_name",
    "contact_organisation",
    "contact_line",
    "note",
    # The local authority's own answer, and whether the NCTV took the case back.
    "status",
    "answer_reason",
    "answered_by_name",
    "answered_at",
    "withdrawn_at",
)
# The rest of the record is for the case team (and inspectors) only.
HANDOVER_TEAM_FIELDS = (
    "case",
    "decision_reference",
    "offered_by",
    "contact",
    "answered_by",
    "version",
)


class LocalHandover(models.Model):
    """A case handed to the local domain: offered to a named mayor or chief prosecutor, who
    accepts it or returns it to the NCTV with a reason."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="local_handovers")
    authority = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="local_handovers",
        verbose_name=_("lokaal gezag"),
    )
    case_reference = models.CharField(_("kenmerk casus"), max_length=32)
    phenomenon = models.CharField(_("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices)
    handed_over_at = models.DateTimeField(_("overgedragen op"), default=timezone.now)
    # The decision of the authority that refused designation with this hand-over.
    decision_reference = models.CharField(max_length=32, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The named NCTV contact person (the case owner when the case was handed over).
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contactpersoon NCTV"), max_length=200)
    contact_organisation = models.CharField(_("organisatie contactpersoon"), max_length=200)
    contact_line = models.CharField(_("bereikbaar via"), max_length=200)
    # Written for the local authority by the authority's decision; shared as it stands.
    note = models.TextField(_("overdrachtsnotitie"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=HandoverStatus.choices, default=HandoverStatus.OFFERED
    )
    answer_reason = models.TextField(_("toelichting lokaal gezag"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_by_name = models.CharField(_("beantwoord door"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("local_handover")

    class Meta:
        ordering = ["-handed_over_at", "-pk"]
        verbose_name = _("overdracht aan het lokale domein")
        verbose_name_plural = _("overdrachten aan het lokale domein")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="offered"),
                name="one_offered_handover_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_reference} → {self.authority_id} ({self.status})"

    def audit_label(self) -> str:
        return f"overdracht lokaal domein {self.case_reference}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    def shared(self) -> dict[str, object]:
        """What the local authority may see, and only that (its pages render from here)."""
        return {name: getattr(self, name) for name in HANDOVER_SHARED_FIELDS}
