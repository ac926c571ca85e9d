"""Forms of the capacity pages; they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.capacity import selectors, services
from weerstand.capacity.models import AbsenceKind, Officer, ShiftWish
from weerstand.capacity.qualifications import Qualification
from weerstand.core.forms import WeerstandForm
from weerstand.organisations.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanForm(WeerstandForm):
    start = forms.DateField(label=_("Eerste dag"), widget=DateInput())
    days = forms.IntegerField(
        label=_("Aantal dagen"),
        min_value=1,
        max_value=services.MAX_DAYS,
        help_text=_("Ten hoogste 28 dagen."),
    )
    time_limit = forms.FloatField(
        label=_("Tijdslimiet (seconden)"),
        min_value=services.MIN_TIME_LIMIT,
        max_value=services.MAX_TIME_LIMIT,
        help_text=_("De rekentijd van de planner; het plan is er binnen deze tijd."),
    )

    @classmethod
    def initial_values(cls) -> dict[str, Any]:
        return {
            "start": timezone.localdate(),
            "days": 7,
            "time_limit": services.default_time_limit(),
        }


class ReasonForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Motivering van de prioritering"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=5,
        help_text=_(
            "Waarom deze verdeling verantwoord is; wordt vastgelegd en gaat mee naar de "
            "casuseigenaren."
        ),
    )


class PublishForm(WeerstandForm):
    version = forms.IntegerField(widget=forms.HiddenInput())


class TaskDoneForm(WeerstandForm):
    note = forms.CharField(
        label=_("Wat heeft u de persoon verteld?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        min_length=5,
    )
    # How it was told: logged with the message in the case's communication log.
    channel = forms.ChoiceField(
        label=_("Hoe?"),
        choices=[
            ("phone", _("Telefoon")),
            ("in_person", _("In een gesprek")),
            ("letter", _("Brief")),
            ("portal", _("Bericht in het portaal")),
            ("email", _("E-mail")),
        ],
        initial="phone",
        required=False,
    )


class OfficerForm(WeerstandForm):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(label=_("Eenheid"), queryset=None)
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Achternaam"), max_length=100)
    badge = forms.CharField(label=_("Personeelsnummer"), max_length=32)
    qualifications = forms.MultipleChoiceField(
        label=_("Kwalificaties"),
        choices=Qualification.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contract_hours = forms.IntegerField(label=_("Contracturen per week"), min_value=0, max_value=60)
    shift_wish = forms.ChoiceField(
        label=_("Voorkeur diensten"), choices=ShiftWish.choices, required=False
    )
    active = forms.BooleanField(label=_("Inzetbaar"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args: Any, user: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = selectors.units_for(user, action)

    @classmethod
    def for_officer(cls, officer: Officer, user: Any) -> OfficerForm:
        form = cls(
            user=user,
            action="change",
            initial={
                "unit": officer.unit_id,
                "first_name": officer.first_name,
                "last_name": officer.last_name,
                "badge": officer.badge,
                "qualifications": officer.qualifications,
                "contract_hours": officer.contract_hours,
                "shift_wish": officer.shift_wish,
                "active": officer.active,
                "version": officer.version,
            },
        )
        form.fields["badge"].disabled = True
        return form


class AbsenceForm(WeerstandForm):
    kind = forms.ChoiceField(label=_("Soort"), choices=AbsenceKind.choices)
    starts_on = forms.DateField(label=_("Van"), widget=DateInput())
    ends_on = forms.DateField(label=_("Tot en met"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), max_length=200, required=False)
