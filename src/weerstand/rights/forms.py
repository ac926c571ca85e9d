"""Forms of the rights app. They only parse input; the services decide and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.core.forms import WeerstandForm
from weerstand.rights.models import FrameworkVersion, ObjectionOutcome


class FrameworkForm(WeerstandForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    effective_from = forms.DateField(
        label=_("Geldig vanaf"), widget=forms.DateInput(attrs={"type": "date"})
    )
    person_text = forms.CharField(
        label=_("Wat de persoon mag verwachten en moet doen"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Korte zinnen. Een regel die met '- ' begint wordt een opsomming."),
    )
    employer_text = forms.CharField(
        label=_("Wat de werkgever mag verwachten en moet doen"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    state_text = forms.CharField(
        label=_("Wat de overheid doet"), widget=forms.Textarea(attrs={"rows": 6})
    )
    person_text_en = forms.CharField(
        label=_("Persoon (Engels)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    employer_text_en = forms.CharField(
        label=_("Werkgever (Engels)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    state_text_en = forms.CharField(
        label=_("Overheid (Engels)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    objection_address = forms.CharField(
        label=_("Waar de persoon bezwaar kan maken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change_note = forms.CharField(
        label=_("Wat is er veranderd?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_version(cls, fw: FrameworkVersion) -> FrameworkForm:
        initial: dict[str, Any] = {
            name: getattr(fw, name) for name in FrameworkVersion.EDITABLE_FIELDS
        }
        initial["version"] = fw.version
        return cls(initial=initial)

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class LetterTextForm(WeerstandForm):
    shareable_reason = forms.CharField(
        label=_("Waarom? Uitleg voor de persoon (Nederlands, B1)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Deze tekst komt in de brief. Schrijf alleen wat de persoon mag weten: geen "
            "gerubriceerde informatie, geen bronnen, geen inhoud van producten."
        ),
    )
    shareable_reason_en = forms.CharField(
        label=_("Uitleg voor de persoon (Engels)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    household_text = forms.CharField(
        label=_("Wat vragen we van de naasten? (Nederlands, B1)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Komt in de brief aan de naasten die brieven mogen krijgen. Leeg: zij krijgen "
            "alleen een brief als er maatregelen bij hun huis zijn."
        ),
    )
    household_text_en = forms.CharField(
        label=_("Wat vragen we van de naasten? (Engels)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    employer_text = forms.CharField(
        label=_("Wat vragen we van de werkgever? (Nederlands, B1)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Komt in de brief aan de contactpersoon van de werkgever. Leeg: de werkgever krijgt "
            "alleen een brief als er maatregelen op het werk zijn."
        ),
    )
    employer_text_en = forms.CharField(
        label=_("Wat vragen we van de werkgever? (Engels)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ObjectionForm(WeerstandForm):
    """The person's objection: their own words, no legal form required."""

    grounds = forms.CharField(
        label=_("Waarom bent u het niet eens met het besluit?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Schrijf het in uw eigen woorden. U hoeft geen juridische taal te gebruiken."),
    )
    lateness_reason = forms.CharField(
        label=_("Bent u te laat? Schrijf dan op waarom."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaperObjectionForm(ObjectionForm):
    """An objection that arrived on paper, recorded by a member of the case team."""

    objector_name = forms.CharField(label=_("Naam van de indiener"), max_length=200)
    received_on = forms.DateField(
        label=_("Datum van ontvangst"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    field_order = ["objector_name", "received_on", "grounds", "lateness_reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grounds"].label = _("Gronden van het bezwaar (zoals ontvangen)")
        self.fields["lateness_reason"].label = _("Reden van te laat indienen (indien vermeld)")


class ExtendForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Reden van de verdaging"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutcomeForm(WeerstandForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect
    )
    reasoning = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class EmployerMeasureForm(WeerstandForm):
    """The case team records what the employer is expected to do."""

    contact = forms.TypedChoiceField(label=_("Contactpersoon van de werkgever"), coerce=int)
    title = forms.CharField(
        label=_("Maatregel"),
        max_length=200,
        help_text=_("Kort en in gewone woorden, bijvoorbeeld: toegangscontrole bij de receptie."),
    )
    description = forms.CharField(
        label=_("Toelichting voor de werkgever"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De werkgever leest dit in het portaal."),
    )
    due_on = forms.DateField(
        label=_("Klaar uiterlijk op"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, contacts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contact = self.fields["contact"]
        assert isinstance(contact, forms.ChoiceField)
        contact.choices = contacts


class ConfirmEmployerMeasureForm(WeerstandForm):
    """The employer says the measure is done."""

    note = forms.CharField(
        label=_("Wat hebt u gedaan? (mag leeg blijven)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
