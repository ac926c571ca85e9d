"""Forms of the case pages. They check shape only; the domain services decide and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Clearance
from weerstand.cases.models import Case, CaseState, Domain, Phenomenon, Severity, TriageAdvice
from weerstand.core.forms import WeerstandForm, conditional
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.registry.models import Person

ALL = [("", _("Alle"))]

# Translatable labels of the life-cycle steps (the state machine keeps plain Dutch labels).
TRANSITION_LABELS = {
    "start_triage": _("Triage starten"),
    "advise_authority": _("Advies aan het gezag"),
    "route_national": _("Aangewezen: naar het rijksdomein"),
    "route_local": _("Niet aangewezen: naar het lokale domein"),
    "reject_referral": _("Niet aangewezen"),
    "return_to_triage": _("Terug naar triage"),
    "submit_for_decision": _("Voorleggen aan gezag"),
    "return_to_assessment": _("Terug naar analyse"),
    "activate_protection": _("Beveiliging starten"),
    "decide_no_measures": _("Besluit: geen maatregelen"),
    "start_recalibration": _("Herijking starten"),
    "continue_protection": _("Beveiliging voortzetten"),
    "end_protection": _("Beveiliging beëindigen"),
}
EVENT_LABELS = {
    **TRANSITION_LABELS,
    "referral": _("Aanmelding"),
    "om_transfer": _("Overdracht van het OM"),
    # Timeline entries written by the information and assessment apps.
    "reassessment_advised": _("Herbeoordeling geadviseerd"),
    "reassessment_advice_resolved": _("Advies tot herbeoordeling afgehandeld"),
    "assessment_started": _("Dreigingsinschatting gestart"),
    "assessment_finalised": _("Dreigingsinschatting vastgesteld"),
    # The case team and the persons concerned.
    "team_added": _("Teamlid toegevoegd"),
    "team_removed": _("Teamlid verwijderd"),
    "team_function": _("Functie in het team gewijzigd"),
    "owner_handover": _("Eigenaarschap overgedragen"),
    "person_linked": _("Betrokken persoon gekoppeld"),
    "person_changed": _("Betrokken persoon gewijzigd"),
    "person_unlinked": _("Betrokken persoon ontkoppeld"),
    # The local domain: the hand-over and the local authorities' replies to measures.
    "local_handover_offered": _("Overdracht aangeboden aan het lokaal gezag"),
    "local_handover_accepted": _("Overdracht aanvaard door het lokaal gezag"),
    "local_handover_returned": _("Overdracht teruggegeven door het lokaal gezag"),
    "local_handover_withdrawn": _("Overdracht ingetrokken door de NCTV"),
    "local_measure_agreed": _("Lokaal gezag akkoord met maatregel"),
    "local_measure_declined": _("Lokaal gezag niet akkoord met maatregel"),
    "local_measure_question": _("Lokaal gezag vraagt informatie over maatregel"),
    # The classification: lowering takes a second person (cases.classification).
    "classification_requested": _("Verlaging van de rubricering gevraagd"),
    "classification_rejected": _("Verlaging van de rubricering afgewezen"),
    "classification_lowered": _("Rubricering verlaagd (vier ogen)"),
    # Written by the cases, contact and persons services.
    "restricted": _("Casus afgeschermd in een compartiment"),
    "contact_person": _("Vaste contactpersoon of vervanger uit het team gehaald"),
    "portal_account_requested": _("Portaalaccount aangevraagd"),
}


def transition_label(name: str) -> str:
    from weerstand.cases.state_machine import TRANSITIONS

    label = TRANSITION_LABELS.get(name)
    if label is not None:
        return str(label)
    t = TRANSITIONS.get(name)
    return t.label if t else name


def event_label(kind: str) -> str:
    """The timeline label; an unknown kind reads as a neutral word, never as its code."""
    label = EVENT_LABELS.get(kind)
    return str(label) if label is not None else str(_("Gebeurtenis"))


def classification_choices(user: Any) -> list[tuple[int, str | Promise]]:
    """Only the levels the user is screened for: nobody can classify above their clearance."""
    return [(v, label) for v, label in Clearance.choices if v <= user.clearance]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        born = f" ({obj.date_of_birth:%d-%m-%Y})" if obj.date_of_birth else ""
        return f"{obj.last_name}, {obj.first_name}{born}"


class CaseFilterForm(WeerstandForm):
    q = forms.CharField(label=_("Zoek op kenmerk of werknaam"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=ALL + CaseState.choices)
    phenomenon = forms.ChoiceField(
        label=_("Dreigingsfenomeen"), required=False, choices=ALL + Phenomenon.choices
    )
    domain = forms.ChoiceField(label=_("Domein"), required=False, choices=ALL + Domain.choices)


class ReferralForm(WeerstandForm):
    """A referral about an existing (visible) person or a new one."""

    existing_person = PersonChoiceField(
        label=_("Bestaande persoon"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— nieuwe persoon invoeren —"),
        help_text=_(
            "Kies een persoon die al in het register staat, of laat leeg en vul hieronder "
            "een nieuwe persoon in."
        ),
    )
    first_name = conditional(forms.CharField(label=_("Voornaam"), required=False, max_length=100))
    last_name = conditional(forms.CharField(label=_("Achternaam"), required=False, max_length=100))
    date_of_birth = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    home_address = forms.CharField(
        label=_("Woonadres"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    phone_numbers = forms.CharField(label=_("Telefoonnummers"), required=False, max_length=200)
    phenomenon = forms.ChoiceField(
        label=_("Dreigingsfenomeen"),
        choices=[("", _("— kies een fenomeen —")), *Phenomenon.choices],
    )
    severity = forms.ChoiceField(
        label=_("Ernst van de dreiging"), choices=Severity.choices, initial=Severity.SERIOUS
    )
    summary = forms.CharField(
        label=_("Aanleiding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er gebeurd, en wat weten we (nog) niet?"),
        error_messages={"required": _("Beschrijf de aanleiding: wat is er gebeurd?")},
    )
    codename = forms.CharField(
        label=_("Werknaam"),
        required=False,
        max_length=100,
        help_text=_("Leeg laten: het kenmerk wordt als werknaam gebruikt."),
    )
    person_can_resist = forms.BooleanField(
        label=_("De persoon kan zelf voldoende weerstand bieden"), required=False
    )
    employer_can_resist = forms.BooleanField(
        label=_("De werkgever kan voldoende weerstand bieden"), required=False
    )
    on_limitative_list = forms.BooleanField(
        label=_("De persoon staat op de limitatieve lijst"), required=False
    )
    classification = forms.TypedChoiceField(label=_("Rubricering"), coerce=int)

    person_fields = ("first_name", "last_name", "date_of_birth", "home_address", "phone_numbers")

    def __init__(self, *args: Any, user: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("existing_person", PersonChoiceField).queryset = persons
        self.typed_field("classification", forms.TypedChoiceField).choices = classification_choices(
            user
        )
        if not self.is_bound:
            self.initial.setdefault("classification", min(int(Clearance.DEPV), int(user.clearance)))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        existing = data.get("existing_person")
        new_given = any(data.get(f) for f in self.person_fields)
        if existing and new_given:
            raise forms.ValidationError(
                _("Kies een bestaande persoon óf vul een nieuwe persoon in, niet allebei.")
            )
        if not existing:
            missing = {
                "first_name": _("Vul de voornaam van de nieuwe persoon in"),
                "last_name": _("Vul de achternaam van de nieuwe persoon in"),
            }
            for name, message in missing.items():
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
        return data


class OmTransferForm(ReferralForm):
    """An OM protection taken over by the NCTV: the OM's measures stay in force meanwhile."""

    om_office = forms.ModelChoiceField(
        label=_("Parket van het OM (vorig gezag)"), queryset=Organisation.objects.none()
    )
    interim_measures = forms.CharField(
        label=_("Lopende maatregelen van het OM"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deze maatregelen blijven van kracht tot het gezag zelf besluit."),
    )
    reason = forms.CharField(
        label=_("Reden van de overdracht"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Vul de reden van de overdracht in")},
    )

    def __init__(self, *args: Any, user: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, persons=persons, **kwargs)
        offices = Organisation.objects.filter(kind=OrganisationKind.OM).order_by("name")
        self.typed_field("om_office", forms.ModelChoiceField).queryset = offices
        org = getattr(user, "organisation", None)
        if not self.is_bound and org is not None and org.kind == OrganisationKind.OM:
            self.initial.setdefault("om_office", org.pk)


class TransitionForm(WeerstandForm):
    """One life-cycle step. A reason is always asked; the advice to the authority also names
    the advice and, for the local domain, the authority that would take over."""

    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Komt in de tijdlijn en het auditspoor."),
        error_messages={"required": _("Vul de reden van deze stap in")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, transition: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", transition)
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition == "advise_authority":
            from weerstand.cases.services import LOCAL_AUTHORITY_KINDS

            self.fields["advice"] = forms.ChoiceField(
                label=_("Advies aan het gezag"),
                choices=TriageAdvice.choices,
                widget=forms.RadioSelect,
                help_text=_(
                    "Het gezag (de NCTV) besluit over de aanwijzing; de persoon krijgt dat "
                    "besluit in een brief en kan bezwaar maken."
                ),
            )
            self.order_fields(["advice", "reason"])
            self.fields["local_authority"] = forms.ModelChoiceField(
                label=_("Lokaal gezag (gemeente of OM-parket)"),
                queryset=Organisation.objects.filter(kind__in=LOCAL_AUTHORITY_KINDS).order_by(
                    "kind", "name"
                ),
                required=False,
                empty_label=_("— kies het lokale gezag —"),
                help_text=_(
                    "Alleen bij advies lokaal domein: de burgemeester of hoofdofficier die de "
                    "zaak overneemt."
                ),
            )


class CaseEditForm(WeerstandForm):
    """The descriptive fields of a case (Case.EDITABLE_FIELDS), with the version read."""

    codename = forms.CharField(label=_("Werknaam"), max_length=100)
    summary = forms.CharField(label=_("Aanleiding"), widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(label=_("Ernst van de dreiging"), choices=Severity.choices)
    person_can_resist = forms.BooleanField(
        label=_("De persoon kan zelf voldoende weerstand bieden"), required=False
    )
    employer_can_resist = forms.BooleanField(
        label=_("De werkgever kan voldoende weerstand bieden"), required=False
    )
    classification = forms.TypedChoiceField(label=_("Rubricering"), coerce=int)
    next_recalibration = forms.DateField(
        label=_("Volgende herijking"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    prefix = "edit"

    def __init__(self, *args: Any, user: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.typed_field("classification", forms.TypedChoiceField).choices = classification_choices(
            user
        )
        if case is not None:
            self.fields["classification"].help_text = _(
                "Verhogen kan hier. Verlagen vraagt het akkoord van een tweede persoon: "
                "via de pagina Rubricering."
            )
            from weerstand.cases.selectors import recalibration_limit

            limit = recalibration_limit(case)
            if limit is not None:
                self.fields["next_recalibration"].help_text = _(
                    "Uiterlijk %(date)s: die datum volgt uit het dreigingsniveau. U kunt de "
                    "herijking alleen vervroegen."
                ) % {"date": f"{limit:%d-%m-%Y}"}

    @classmethod
    def for_case(cls, case: Case, user: Any) -> CaseEditForm:
        initial = {name: getattr(case, name) for name in Case.EDITABLE_FIELDS}
        initial["version"] = case.version
        return cls(initial=initial, user=user, case=case)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in Case.EDITABLE_FIELDS}
