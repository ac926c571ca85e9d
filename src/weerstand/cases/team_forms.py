"""Forms of the case-team page. Shape only: `cases.team` decides who may join and why not."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.cases import rules
from weerstand.core.forms import WeerstandForm
from weerstand.policy.models import MemberFunction

REASON_HELP = _("Komt op de tijdlijn van de casus en in het auditspoor.")


def _reason(label: Any = None) -> forms.CharField:
    return forms.CharField(
        label=label or _("Reden"),
        min_length=5,
        max_length=2000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def function_choices() -> list[tuple[str, Any]]:
    labels = dict(MemberFunction.choices)
    return [(f, labels[f]) for f in rules.TEAM_FUNCTIONS]


class AddMemberForm(WeerstandForm):
    """One choice per eligible person and function ("Besluitvormer: J. Jansen (NCTV)").

    The choice is checked for its shape only: whether that person may join with that function
    is the service's answer (`cases.team`), given with the same words as in the API.
    """

    candidate = forms.CharField(label=_("Wie, en in welke functie"), widget=forms.Select)
    reason = _reason()

    prefix = "add"

    def __init__(self, *args: Any, candidates: dict[str, list[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MemberFunction.choices)
        groups: list[tuple[Any, list[tuple[str, str]]]] = []
        for function, users in candidates.items():
            if users:
                options = [
                    (f"{function}:{u.pk}", f"{u.display_name} ({u.organisation})") for u in users
                ]
                groups.append((labels[function], options))
        self.fields["candidate"].widget.choices = [("", _("Kies een persoon")), *groups]

    def clean_candidate(self) -> str:
        value = self.cleaned_data["candidate"]
        function, sep, user_id = value.partition(":")
        if not sep or function not in rules.TEAM_FUNCTIONS or not user_id.isdigit():
            raise forms.ValidationError(_("Kies een persoon uit de lijst."))
        return value

    def chosen(self) -> tuple[str, int]:
        function, _sep, user_id = self.cleaned_data["candidate"].partition(":")
        return function, int(user_id)


class FunctionForm(WeerstandForm):
    function = forms.ChoiceField(label=_("Nieuwe functie"))
    reason = _reason()

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("function", forms.ChoiceField).choices = choices


class RemoveForm(WeerstandForm):
    reason = _reason(_("Reden van verwijderen"))


class HandoverForm(WeerstandForm):
    member = forms.TypedChoiceField(label=_("Nieuwe eigenaar"), coerce=int)
    reason = _reason()

    prefix = "handover"

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("member", forms.TypedChoiceField).choices = [
            ("", _("Kies een teamlid"))
        ] + [(m.pk, f"{m.user.display_name} ({m.get_function_display()})") for m in members]
