"""Capacity: who can protect (officers, their absences) and the plans that deploy them.

Units are the organisations app's `Unit` (one register of police, KMar and private units);
this app adds the officers in them. Officers are not case content but personal data of
officers: they are scoped by organisation (see `capacity.rules`). A plan run stores the
solver's figures, its lines and its shortages; shortages point at the security assignment
and its case so that the pages can show them only to users who may see that assignment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.policy.managers import PolicyManager


class ShiftCode(models.TextChoices):
    """The planner's shift types (see `capacity.demand.SHIFTS` for the hours)."""

    EARLY = "E", _("Vroeg (07-15)")
    LATE = "L", _("Laat (15-23)")
    NIGHT = "N", _("Nacht (23-07)")


class ShiftWish(models.TextChoices):
    NONE = "", _("Geen voorkeur")
    EARLY = "E", _("Liefst vroege diensten")
    LATE = "L", _("Liefst late diensten")
    NO_NIGHTS = "no_nights", _("Liefst geen nachtdiensten")


class Officer(models.Model):
    """A protection officer in a unit; fictional in the demo, personal data in production."""

    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="officers"
    )
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("achternaam"), max_length=100)
    badge = models.CharField(_("personeelsnummer"), max_length=32, unique=True)
    qualifications = models.JSONField(_("kwalificaties"), default=list, blank=True)
    contract_hours = models.PositiveSmallIntegerField(_("contracturen per week"), default=36)
    active = models.BooleanField(_("inzetbaar"), default=True)
    shift_wish = models.CharField(
        _("voorkeur diensten"), max_length=16, choices=ShiftWish.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("capacity")

    EDITABLE_FIELDS = (
        "first_name",
        "last_name",
        "qualifications",
        "contract_hours",
        "active",
        "shift_wish",
        "unit",
    )

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.badge})"

    def audit_label(self) -> str:
        return f"medewerker {self.badge}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def qualifications_label(self) -> str:
        """The officer's qualifications in words (the field holds codes)."""
        from weerstand.capacity.qualifications import Qualification

        labels = dict(Qualification.choices)
        return ", ".join(str(labels.get(q, q)) for q in self.qualifications or [])


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("Verlof")
    TRAINING = "training", _("Training")
    SICK = "sick", _("Ziek")


class Absence(models.Model):
    """Days an officer cannot be planned (both dates included)."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("soort"), max_length=16, choices=AbsenceKind.choices)
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("capacity_absence")

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="capacity_absence_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer_id} {self.kind} {self.starts_on}..{self.ends_on}"

    def audit_label(self) -> str:
        return f"afwezigheid {self.pk} van medewerker {self.officer_id}"


class RunStatus(models.TextChoices):
    OPTIMAL = "OPTIMAL", _("Optimaal (bewezen)")
    FEASIBLE = "FEASIBLE", _("Uitvoerbaar (niet bewezen optimaal)")
    INFEASIBLE = "INFEASIBLE", _("Onuitvoerbaar")
    UNKNOWN = "UNKNOWN", _("Geen plan binnen de tijdslimiet")
    MODEL_INVALID = "MODEL_INVALID", _("Model ongeldig")


class PlanRun(models.Model):
    """One solve of the national plan for a horizon, with the solver's own figures."""

    horizon_start = models.DateField(_("eerste dag"))
    days = models.PositiveSmallIntegerField(_("aantal dagen"))
    time_limit = models.FloatField(_("tijdslimiet (s)"))
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices)
    source = models.CharField(max_length=32, blank=True)
    message = models.CharField(max_length=300, blank=True)
    solve_seconds = models.FloatField(_("rekentijd (s)"), default=0)
    objective = models.BigIntegerField(_("doelfunctie"), null=True, blank=True)
    best_bound = models.FloatField(_("beste grens"), null=True, blank=True)
    gap = models.FloatField(_("gat"), null=True, blank=True)
    required_total = models.PositiveIntegerField(default=0)
    covered_total = models.PositiveIntegerField(default=0)
    covered_upper_bound = models.PositiveIntegerField(
        _("maximaal haalbaar"),
        null=True,
        blank=True,
        help_text=_("Bewezen bovengrens van het aantal te bemannen diensten."),
    )
    coverage_bound_method = models.CharField(max_length=8, blank=True)
    officers_total = models.PositiveIntegerField(default=0)
    assignments_total = models.PositiveIntegerField(default=0)
    changed_published = models.PositiveIntegerField(default=0)
    validator_ok = models.BooleanField(default=False)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published = models.BooleanField(_("gepubliceerd"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("capacity_plan")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("planrun")
        verbose_name_plural = _("planruns")

    def __str__(self) -> str:
        return f"plan {self.pk} {self.horizon_start} +{self.days}"

    def audit_label(self) -> str:
        return f"planrun {self.pk} ({self.horizon_start}, {self.days} dagen)"

    @property
    def coverage(self) -> float:
        return 1.0 if not self.required_total else self.covered_total / self.required_total

    @property
    def coverage_upper_bound(self) -> float | None:
        """The most coverage any rule-abiding roster could reach (None: not computed)."""
        if self.covered_upper_bound is None:
            return None
        return 1.0 if not self.required_total else self.covered_upper_bound / self.required_total

    @property
    def coverage_bound_gap(self) -> float | None:
        """Coverage points between the bound and this plan (0.0: provably the most coverage)."""
        bound = self.coverage_upper_bound
        return None if bound is None else max(0.0, bound - self.coverage)

    @property
    def short_total(self) -> int:
        return self.required_total - self.covered_total


class PlanLine(models.Model):
    """One officer on one assignment for one shift on one day."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="lines")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="plan_lines")
    date = models.DateField()
    shift = models.CharField(max_length=2, choices=ShiftCode.choices)
    # The security assignment (decisions app) and its case (kept for the row rules).
    assignment = models.ForeignKey(
        "decisions.SecurityAssignment", on_delete=models.PROTECT, related_name="+"
    )
    assignment_reference = models.CharField(max_length=64)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")

    objects = PolicyManager("capacity_plan_line")

    class Meta:
        ordering = ["date", "shift", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "officer", "date"], name="capacity_one_post_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.officer_id} {self.date} {self.shift}"


class PlanCoverage(models.Model):
    """Officer-shifts required and staffed per assignment and day (the heat map's cells)."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="coverage_cells")
    assignment = models.ForeignKey(
        "decisions.SecurityAssignment", on_delete=models.PROTECT, related_name="+"
    )
    assignment_reference = models.CharField(max_length=64)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    executing_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    required = models.PositiveIntegerField()
    covered = models.PositiveIntegerField()

    objects = PolicyManager("capacity_coverage")

    class Meta:
        ordering = ["assignment_reference", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "assignment", "date"], name="capacity_one_cell_per_day"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.run_id}: {self.assignment_reference} {self.date} {self.covered}/{self.required}"
        )


class PriorityRule(models.TextChoices):
    """The rule that decided which assignment got the officers (shown with every shortage)."""

    HIGHER_RESISTANCE = "higher_resistance", _("Hogere vereiste weerstand gaat voor")
    HIGHER_THREAT = "higher_threat", _("Hoger dreigingsniveau gaat voor")
    HIGHER_PRIORITY = "higher_priority", _("Hogere prioriteit gaat voor")
    EARLIER_DECISION = "earlier_decision", _("Eerder besluit gaat voor (gelijke prioriteit)")
    NO_CAPACITY = "no_capacity", _("Geen verdringing: te weinig geschikte capaciteit")


class Shortage(models.Model):
    """A demand the plan could not fully staff, why, and which priority rule decided."""

    run = models.ForeignKey(PlanRun, on_delete=models.CASCADE, related_name="shortages")
    assignment = models.ForeignKey(
        "decisions.SecurityAssignment", on_delete=models.PROTECT, related_name="+"
    )
    assignment_reference = models.CharField(max_length=64)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    executing_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    shift = models.CharField(max_length=2, choices=ShiftCode.choices)
    priority = models.IntegerField()
    required = models.PositiveSmallIntegerField()
    covered = models.PositiveSmallIntegerField()
    missing = models.PositiveSmallIntegerField()
    qualifications = models.JSONField(default=list)
    eligible = models.PositiveIntegerField(default=0)
    binding = models.CharField(max_length=48)
    reason_counts = models.JSONField(default=dict)
    priority_rule = models.CharField(max_length=32, choices=PriorityRule.choices)
    displaced_by = models.JSONField(default=list)  # assignment ids that took eligible officers

    objects = PolicyManager("capacity_shortage")

    class Meta:
        ordering = ["-priority", "date", "shift", "pk"]

    def __str__(self) -> str:
        return (
            f"{self.run_id}: {self.assignment_reference} {self.date} {self.shift} -{self.missing}"
        )


class PrioritisationConfirmation(models.Model):
    """The coordinator's confirmation of a run's displacement choices (one per run)."""

    run = models.OneToOneField(
        PlanRun, on_delete=models.PROTECT, related_name="prioritisation_confirmation"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("motivering"))
    tasks_created = models.PositiveIntegerField(default=0)

    objects = PolicyManager("capacity_plan")

    def __str__(self) -> str:
        return f"bevestiging plan {self.run_id}"

    def audit_label(self) -> str:
        return f"prioriteringsbevestiging planrun {self.run_id}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Afgerond")


class InformTask(models.Model):
    """'Inform the protected person about …': for the case's contact person (else its owner)
    after a confirmed shortage."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    run = models.ForeignKey(PlanRun, on_delete=models.PROTECT, related_name="inform_tasks")
    summary = models.TextField(_("samenvatting tekort"))
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    note = models.TextField(_("notitie"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The contact person informs the person within a deadline (`INFORM_TASK_HOURS`); an
    # overdue task is escalated to the case owner once (`escalated_at`).
    deadline = models.DateTimeField(_("informeren vóór"), null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was told, logged in the contact app's communication log when the task was done.
    communication = models.ForeignKey(
        "contact.Communication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PolicyManager("inform_task")

    class Meta:
        ordering = ["status", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case"], name="capacity_one_task_per_case")
        ]

    def __str__(self) -> str:
        return f"informeer {self.case_id} ({self.run_id})"

    def audit_label(self) -> str:
        return f"informeertaak {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id
