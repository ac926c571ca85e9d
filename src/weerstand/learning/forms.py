"""Forms of the learning pages (Dutch labels). The version field carries the version the
editor saw, so a stale save is refused without losing the text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.learning.models import TargetType


def _area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 5})


class EvaluationForm(WeerstandForm):
    what_worked = forms.CharField(
        label=_("Wat werkte"), required=False, max_length=8000, widget=_area()
    )
    what_did_not = forms.CharField(
        label=_("Wat werkte niet"), required=False, max_length=8000, widget=_area()
    )
    conclusions = forms.CharField(
        label=_("Conclusies"), required=False, max_length=8000, widget=_area()
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(WeerstandForm):
    known_before = forms.CharField(
        label=_("Wat was vooraf bekend"), required=False, max_length=8000, widget=_area()
    )
    decided = forms.CharField(
        label=_("Wat was besloten"), required=False, max_length=8000, widget=_area()
    )
    happened = forms.CharField(
        label=_("Wat is er gebeurd"), required=False, max_length=8000, widget=_area()
    )
    lessons = forms.CharField(label=_("Lessen"), required=False, max_length=8000, widget=_area())
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContributionForm(WeerstandForm):
    text = forms.CharField(label=_("Uw inbreng"), max_length=8000, widget=_area())


class ActionForm(WeerstandForm):
    description = forms.CharField(label=_("Actie"), max_length=4000)
    assignee = forms.TypedChoiceField(label=_("Toegewezen aan"), coerce=int, choices=())
    due_on = forms.DateField(
        label=_("Uiterlijk op"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]  # a tuple default
        super().__init__(*args, **kwargs)
        self.typed_field("assignee", forms.TypedChoiceField).choices = [
            (u.pk, u.display_name) for u in people
        ]


class ActionDoneForm(WeerstandForm):
    note = forms.CharField(label=_("Wat is er gedaan"), max_length=4000)


class LessonForm(WeerstandForm):
    text = forms.CharField(label=_("Les"), max_length=8000, widget=_area())


class LessonLinkForm(WeerstandForm):
    target_type = forms.ChoiceField(label=_("Soort"), choices=TargetType.choices)
    target_pk = forms.IntegerField(label=_("Id van de versie"), min_value=1)
