"""The experience questionnaire: how the person and their relatives experienced the
protection, asked when it ends or changes materially.

One invitation per person per decision. The answers are part of the case's evaluation:
visible to the case team and the person only; outside the team only as aggregates over all
cases, with a minimum group size and never the free text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager


class QuestionnaireStatus(models.TextChoices):
    INVITED = "invited", _("Uitgenodigd")
    ANSWERED = "answered", _("Ingevuld")
    DECLINED = "declined", _("Liever niet")


class ExperienceQuestionnaire(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey("decisions.Decision", on_delete=models.PROTECT, related_name="+")
    trigger = models.CharField(_("aanleiding"), max_length=16)
    questions_version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.INVITED
    )
    invited_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    open_answer = EncryptedTextField(_("open antwoord"), blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = PolicyManager("experience_questionnaire")

    class Meta:
        ordering = ["-invited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "person"], name="unique_experience_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"ervaringsvragenlijst {self.pk}"

    def audit_label(self) -> str:
        return f"ervaringsvragenlijst {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id


class ExperienceAnswer(models.Model):
    """One score (1-5) on one scale question."""

    questionnaire = models.ForeignKey(
        ExperienceQuestionnaire, on_delete=models.PROTECT, related_name="answers"
    )
    question = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField()

    objects = PolicyManager("experience_answer")

    class Meta:
        ordering = ["questionnaire", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "question"], name="unique_experience_answer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="experience_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}/{self.question}"
