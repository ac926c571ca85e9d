"""The questionnaire form: one radio group per scale question (none preselected), and the
open question."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.experience import questions


class AnswerForm(WeerstandForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = questions.scale_labels()
        for q in questions.scale_questions():
            self.fields[q.code] = forms.TypedChoiceField(
                label=q.shown,
                choices=labels,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies een antwoord.")},
            )
        open_q = questions.open_question()
        if open_q is not None:
            self.fields["open_answer"] = forms.CharField(
                label=open_q.shown,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Niet verplicht. Noem liever geen namen van anderen."),
            )

    def scale_fields(self) -> list[Any]:
        return [self[q.code] for q in questions.scale_questions()]

    def scores(self) -> dict[str, int]:
        return {q.code: self.cleaned_data[q.code] for q in questions.scale_questions()}
