"""Forms of the information pages. They check shape only; the services decide and audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Clearance
from weerstand.cases.models import Case, Phenomenon
from weerstand.core.forms import WeerstandForm
from weerstand.information import attachments as files
from weerstand.information import rules
from weerstand.information.models import (
    Credibility,
    EntityKind,
    Handling,
    LegalBasis,
    ProductStatus,
    Reliability,
)
from weerstand.information.services import AttachmentData, ProductData
from weerstand.organisations.models import Organisation, OrganisationKind
from weerstand.registry.models import Person

ALL = [("", _("Alle"))]
PARTNER_KINDS = (
    OrganisationKind.NCTV,
    OrganisationKind.POLICE,
    OrganisationKind.KMAR,
    OrganisationKind.AIVD,
    OrganisationKind.MIVD,
    OrganisationKind.OM,
    OrganisationKind.DJI,
    OrganisationKind.RECLASSERING,
    OrganisationKind.MUNICIPALITY,
)


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} {obj.codename}"


class CaseMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.reference} {obj.codename}"


class PersonMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.first_name} {obj.last_name}"


class ProductFilterForm(WeerstandForm):
    q = forms.CharField(label=_("Titel of kenmerk"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=ALL + ProductStatus.choices
    )
    originator = forms.ModelChoiceField(
        label=_("Verstrekker"),
        required=False,
        queryset=Organisation.objects.filter(kind__in=PARTNER_KINDS).order_by("name"),
        empty_label=_("Alle"),
    )
    phenomenon = forms.ChoiceField(
        label=_("Dreigingsfenomeen"), required=False, choices=ALL + Phenomenon.choices
    )
    reliability = forms.ChoiceField(
        label=_("Betrouwbaarheid bron"), required=False, choices=ALL + Reliability.choices
    )
    credibility = forms.TypedChoiceField(
        label=_("Geloofwaardigheid"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ALL + [(str(v), f"{v} - {lbl}") for v, lbl in Credibility.choices],
    )
    handling = forms.ChoiceField(
        label=_("Behandelvoorschrift"), required=False, choices=ALL + Handling.choices
    )
    received_from = forms.DateField(label=_("Ontvangen vanaf"), required=False)
    received_until = forms.DateField(label=_("Ontvangen tot en met"), required=False)


class ProductForm(WeerstandForm):
    """Create a product or a new version of one."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    originator = forms.ModelChoiceField(
        label=_("Verstrekker"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Laat leeg voor uw eigen organisatie."),
    )
    partner_reference = forms.CharField(
        label=_("Kenmerk van de verstrekker"), max_length=100, required=False
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Grondslag van verstrekking"), queryset=LegalBasis.objects.filter(active=True)
    )
    classification = forms.TypedChoiceField(
        label=_("Rubricering"), coerce=int, choices=Clearance.choices, initial=Clearance.DEPV
    )
    handling = forms.ChoiceField(
        label=_("Behandelvoorschrift"), choices=Handling.choices, initial=Handling.NONE
    )
    reliability = forms.ChoiceField(
        label=_("Betrouwbaarheid van de bron (A-F)"),
        choices=[(v, f"{v} - {lbl}") for v, lbl in Reliability.choices],
    )
    credibility = forms.TypedChoiceField(
        label=_("Geloofwaardigheid van de informatie (1-6)"),
        coerce=int,
        choices=[(v, f"{v} - {lbl}") for v, lbl in Credibility.choices],
    )
    summary = forms.CharField(label=_("Samenvatting"), widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(
        label=_("Inhoud"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    phenomenon = forms.ChoiceField(
        label=_("Dreigingsfenomeen"), choices=[("", "-"), *Phenomenon.choices], required=False
    )
    valid_from = forms.DateField(label=_("Geldig vanaf"), required=False)
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False)
    cases = CaseMultipleChoiceField(
        label=_("Betreft casussen"), queryset=Case.objects.none(), required=False
    )
    persons = PersonMultipleChoiceField(
        label=_("Betreft personen"), queryset=Person.objects.none(), required=False
    )
    entities = forms.CharField(
        label=_("Entiteiten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén per regel als 'soort: waarde', bijvoorbeeld 'phone: 06-12345678', "
            "'vehicle: AB-123-C', 'address: Dorpsstraat 1, Utrecht'."
        ),
    )
    attachment = forms.FileField(
        label=_("Bijlage"),
        required=False,
        help_text=_("PDF, DOCX, tekst, PNG of JPEG."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cases, persons = self.fields["cases"], self.fields["persons"]
        assert isinstance(cases, CaseMultipleChoiceField)
        assert isinstance(persons, PersonMultipleChoiceField)
        cases.queryset = Case.objects.visible_to(user).order_by("reference")
        persons.queryset = Person.objects.visible_to(user).order_by("last_name", "first_name", "pk")
        if rules.may_provide_for_others(user):
            originator = self.fields["originator"]
            assert isinstance(originator, forms.ModelChoiceField)
            originator.queryset = Organisation.objects.filter(kind__in=PARTNER_KINDS).order_by(
                "name"
            )
        else:
            del self.fields["originator"]
        self.fields["attachment"].help_text = _(
            "PDF, DOCX, tekst, PNG of JPEG; hoogstens %(mb)d MB."
        ) % {"mb": files.max_bytes() // (1024 * 1024)}

    def clean_entities(self) -> list[tuple[str, str]]:
        out = []
        for n, line in enumerate((self.cleaned_data.get("entities") or "").splitlines(), 1):
            if not line.strip():
                continue
            kind, sep, value = line.partition(":")
            kind = kind.strip().lower()
            if not sep or kind not in EntityKind.values or not value.strip():
                raise forms.ValidationError(
                    _("Regel %(n)d: gebruik 'soort: waarde' met soort %(kinds)s."),
                    params={"n": n, "kinds": ", ".join(EntityKind.values)},
                )
            out.append((kind, value.strip()))
        return out

    def product_data(self) -> ProductData:
        d = self.cleaned_data
        upload = d.get("attachment")
        items = []
        if upload:
            items.append(
                AttachmentData(
                    filename=upload.name,
                    content_type=upload.content_type or "",
                    data=_read_upload(upload),
                )
            )
        return ProductData(
            title=d["title"],
            legal_basis=d["legal_basis"],
            reliability=d["reliability"],
            credibility=d["credibility"],
            originator=d.get("originator"),
            classification=d["classification"],
            handling=d["handling"],
            summary=d["summary"],
            body=d.get("body") or "",
            partner_reference=d.get("partner_reference") or "",
            valid_from=d.get("valid_from"),
            valid_until=d.get("valid_until"),
            phenomenon=d.get("phenomenon") or "",
            cases=list(d.get("cases") or []),
            persons=list(d.get("persons") or []),
            entities=d.get("entities") or [],
            attachments=items,
        )


def _read_upload(upload: Any) -> bytes:
    """Read at most one byte past the limit: the service refuses anything longer."""
    return upload.read(files.max_bytes() + 1)


class AttachmentForm(WeerstandForm):
    file = forms.FileField(label=_("Bestand"))

    def attachment_data(self) -> AttachmentData:
        upload = self.cleaned_data["file"]
        return AttachmentData(
            filename=upload.name, content_type=upload.content_type or "", data=_read_upload(upload)
        )


class WithdrawForm(WeerstandForm):
    reason = forms.CharField(
        label=_("Reden van intrekking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Iedere lezer van het product ziet deze reden."),
    )


class ResolveAdviceForm(WeerstandForm):
    resolution = forms.CharField(
        label=_("Wat is er met het advies gedaan?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkCaseForm(WeerstandForm):
    """Attach a product to a case the user may change (analysts, from the intake)."""

    case = CaseChoiceField(label=_("Koppelen aan casus"), queryset=Case.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        case = self.fields["case"]
        assert isinstance(case, CaseChoiceField)
        case.queryset = Case.objects.visible_to(user, "change").order_by("reference")
