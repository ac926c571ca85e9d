"""The learning system: a structured evaluation when protection ends or changes materially,
a post-incident review after every incident signal, the actions that follow from them, and
the lessons that lead to a new version of a method template or of the measure catalogue.

Evaluations and reviews are case content. Once completed they are final: the services refuse
a change (409), and so does `save()` on the row itself; a correction is an appended
contribution of kind `correction`, never an edit.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.core.errors import DomainError
from weerstand.policy.managers import PolicyManager, PolicyQuerySet


class Finalised(DomainError):
    """A completed evaluation or review is final."""

    status = 409
    code = "finalised"
    title = "Afgerond en definitief"


class ServicesOnlyQuerySet[M: models.Model](PolicyQuerySet[M]):
    """Bulk writes walk past `save()`'s guard and the services' rules, so they are refused.

    The services change one locked row at a time through `save()`; nothing in the learning
    app needs `QuerySet.update()`, `bulk_update()` or `QuerySet.delete()`, and each of them
    could rewrite a completed evaluation or review, a done action or an appended contribution
    without the 409 and without an audit record. (Key rotation re-encrypts ciphertext in raw
    SQL, below this layer, and changes no content.)
    """

    def update(self, **kwargs: Any) -> int:
        raise Finalised("Alleen via de diensten van het leersysteem te wijzigen.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise Finalised("Alleen via de diensten van het leersysteem te wijzigen.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise Finalised("Het leersysteem verwijdert niets.")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Alleen via de diensten van het leersysteem te wijzigen.")


# Module level, so mypy's Django plugin sees the generated class.
_ServicesOnlyPolicyManagerBase = PolicyManager.from_queryset(ServicesOnlyQuerySet)


class ServicesOnlyPolicyManager[M: models.Model](_ServicesOnlyPolicyManagerBase[M]):  # type: ignore[misc,valid-type]
    """`PolicyManager` of the learning models, handing out a `ServicesOnlyQuerySet`."""


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Afgerond")


class FinalOnce(models.Model):
    """Shared guard: a completed row refuses every further save and every delete."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_status() == ReviewStatus.COMPLETED:
            raise Finalised("Afgerond: niet meer te wijzigen. Voeg een correctie toe.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Een evaluatie of nabespreking wordt nooit verwijderd.")

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        rows = type(self)._base_manager.filter(pk=self.pk)
        return rows.values_list("status", flat=True).first()  # type: ignore[misc]  # each concrete subclass declares `status`


class Evaluation(FinalOnce):
    """The evaluation of a case when a decision ends or materially changes protection."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="+"
    )
    trigger = models.CharField(_("aanleiding"), max_length=16)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    what_worked = EncryptedTextField(_("wat werkte"), blank=True)
    what_did_not = EncryptedTextField(_("wat werkte niet"), blank=True)
    conclusions = EncryptedTextField(_("conclusies"), blank=True)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects: ServicesOnlyPolicyManager[Evaluation] = ServicesOnlyPolicyManager("evaluation")

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("evaluatie")

    def __str__(self) -> str:
        return f"evaluatie {self.pk}"

    def audit_label(self) -> str:
        return f"evaluatie {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def trigger_label(self) -> str:
        """The decision kind that opened it, in words (the stored value is its code)."""
        from weerstand.decisions.models import DecisionType

        try:
            return str(DecisionType(self.trigger).label)
        except ValueError:
            return self.trigger


class IncidentReview(FinalOnce):
    """The post-incident review after an incident signal (the case may follow at triage)."""

    signal = models.OneToOneField("signals.Signal", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    known_before = EncryptedTextField(_("wat vooraf bekend was"), blank=True)
    decided = EncryptedTextField(_("wat was besloten"), blank=True)
    happened = EncryptedTextField(_("wat er gebeurde"), blank=True)
    lessons = EncryptedTextField(_("lessen"), blank=True)
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    opened_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects: ServicesOnlyPolicyManager[IncidentReview] = ServicesOnlyPolicyManager(
        "incident_review"
    )

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("nabespreking incident")

    def __str__(self) -> str:
        return f"nabespreking {self.pk}"

    def audit_label(self) -> str:
        return f"nabespreking incident {self.pk}"

    @property
    def audit_case_id(self) -> int | None:
        return self.case_id


def _one_parent(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(models.Q(evaluation__isnull=False) & models.Q(review__isnull=True))
        | (models.Q(evaluation__isnull=True) & models.Q(review__isnull=False)),
        name=f"learning_{name}_one_parent",
    )


class HasParent(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.ForeignKey(
        IncidentReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def parent(self) -> Evaluation | IncidentReview:
        return self.evaluation if self.evaluation_id else self.review  # type: ignore[return-value]  # one is set (constraint)

    @property
    def audit_case_id(self) -> int | None:
        return self.parent.case_id


class ContributionKind(models.TextChoices):
    VIEW = "view", _("Inbreng")
    CORRECTION = "correction", _("Correctie")


class Contribution(HasParent):
    """A partner's view (or, after completion, a correction): appended, never changed."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=ContributionKind.choices)
    text = EncryptedTextField(_("inbreng"))
    created_at = models.DateTimeField(default=timezone.now)

    objects: ServicesOnlyPolicyManager[Contribution] = ServicesOnlyPolicyManager(
        "learning_contribution"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [_one_parent("contribution")]

    def __str__(self) -> str:
        return f"inbreng {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise Finalised("Inbreng wordt niet gewijzigd; voeg een correctie toe.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Inbreng wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"inbreng {self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Gedaan")


class FollowUpAction(HasParent):
    """An action from an evaluation or review: assigned, due, done with a note."""

    description = EncryptedTextField(_("actie"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk op"))
    status = models.CharField(max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    note = EncryptedTextField(_("toelichting bij afronden"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alerted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects: ServicesOnlyPolicyManager[FollowUpAction] = ServicesOnlyPolicyManager(
        "learning_action"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [_one_parent("action")]

    def __str__(self) -> str:
        return f"leeractie {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == ActionStatus.DONE:
                raise Finalised("Deze actie is al gedaan.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Een leeractie wordt nooit verwijderd.")

    def audit_label(self) -> str:
        return f"leeractie {self.pk}"

    def is_overdue(self, today: Any = None) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < (today or timezone.localdate())


class Lesson(HasParent):
    """A lesson drawn from an evaluation or review; may lead to a new version of a method
    template or of the measure catalogue (`LessonLink`)."""

    text = EncryptedTextField(_("les"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ServicesOnlyPolicyManager[Lesson] = ServicesOnlyPolicyManager("lesson")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [_one_parent("lesson")]

    def __str__(self) -> str:
        return f"les {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise Finalised("Een les wordt niet gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Een les wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"les {self.pk}"

    @property
    def audit_case_id(self) -> int | None:
        return self.parent.case_id


class TargetType(models.TextChoices):
    METHOD_TEMPLATE = "method_template", _("Methodesjabloon")
    MEASURE = "measure", _("Maatregel")
    PACKAGE = "package", _("Pakket")
    PHENOMENON_PROFILE = "phenomenon_profile", _("Fenomeenprofiel")


class LessonLink(models.Model):
    """A lesson that led to one version of a template or catalogue row (the row's own pk,
    with its code and version frozen), readable from both ends without touching those
    apps' tables."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="+")
    target_type = models.CharField(max_length=24, choices=TargetType.choices)
    target_pk = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=200)
    target_version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects: ServicesOnlyPolicyManager[LessonLink] = ServicesOnlyPolicyManager("lesson_link")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "target_type", "target_pk"], name="unique_lesson_link"
            )
        ]

    def __str__(self) -> str:
        return self.audit_label()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise Finalised("Een koppeling wordt niet gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise Finalised("Een koppeling wordt niet verwijderd.")

    def audit_label(self) -> str:
        return f"koppeling les {self.lesson_id} aan {self.target_type} {self.target_pk}"

    @property
    def audit_case_id(self) -> int | None:
        return self.lesson.audit_case_id
