"""Threat-information products from partners, their attachments, entities and re-assessment
advice.

A product is the unit in which a partner (police, KMar, AIVD, MIVD, OM, DJI, Reclassering, a
municipality) provides threat information to the NCTV's analysis function. Who may read it is
decided by `information.rules` from the product's classification, legal basis, handling
restriction and the cases it is linked to; see docs/architecture.md.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from weerstand.accounts.roles import Classification
from weerstand.cases.models import Case, Phenomenon
from weerstand.core.crypto.fields import EncryptedTextField
from weerstand.policy.managers import PolicyManager

if TYPE_CHECKING:
    from weerstand.registry.models import Person


class LegalBasis(models.Model):
    """A legal ground on which information may be provided (configurable data).

    `provider_kinds` and `recipient_kinds` are lists of `OrganisationKind` values: who may
    provide under this ground, and to whom it may be provided onward.
    """

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    law = models.CharField(_("wetsartikel"), max_length=100)
    description = models.TextField(_("toelichting"), blank=True)
    provider_kinds = models.JSONField(_("verstrekkers (soorten organisatie)"), default=list)
    recipient_kinds = models.JSONField(_("ontvangers (soorten organisatie)"), default=list)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["law", "code"]
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")

    def __str__(self) -> str:
        return f"{self.law} - {self.name}"


class Handling(models.TextChoices):
    """Handling restrictions the originator attaches to a product (see information.rules)."""

    NONE = "none", _("Geen beperking")
    ANALYSIS_ONLY = "analysis_only", _("Alleen dreigingsanalysefunctie")
    ORCON = "orcon", _("Verdere verspreiding alleen met toestemming verstrekker (ORCON)")
    NO_OPERATIONAL_USE = "no_operational_use", _("Niet voor operationeel gebruik")


class Reliability(models.TextChoices):
    """Admiralty scale: reliability of the source."""

    A = "A", _("volledig betrouwbaar")
    B = "B", _("doorgaans betrouwbaar")
    C = "C", _("redelijk betrouwbaar")
    D = "D", _("doorgaans niet betrouwbaar")
    E = "E", _("onbetrouwbaar")
    F = "F", _("betrouwbaarheid niet te beoordelen")


class Credibility(models.IntegerChoices):
    """Admiralty scale: credibility of the information."""

    CONFIRMED = 1, _("bevestigd door andere bronnen")
    PROBABLY_TRUE = 2, _("waarschijnlijk waar")
    POSSIBLY_TRUE = 3, _("mogelijk waar")
    DOUBTFUL = 4, _("twijfelachtig")
    IMPROBABLE = 5, _("onwaarschijnlijk")
    CANNOT_JUDGE = 6, _("waarheid niet te beoordelen")


class ProductStatus(models.TextChoices):
    ACTIVE = "active", _("Actueel")
    SUPERSEDED = "superseded", _("Vervangen door nieuwe versie")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class ThreatProduct(models.Model):
    """One version of a partner's threat-information product."""

    reference = models.CharField(_("kenmerk"), max_length=40, unique=True)
    originator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="threat_products",
        verbose_name=_("verstrekker"),
    )
    partner_reference = models.CharField(_("kenmerk verstrekker"), max_length=100, blank=True)
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, related_name="products", verbose_name=_("grondslag")
    )
    classification = models.IntegerField(
        _("rubricering"), choices=Classification.choices, default=Classification.DEPV
    )
    handling = models.CharField(
        _("behandelvoorschrift"), max_length=32, choices=Handling.choices, default=Handling.NONE
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = EncryptedTextField(_("samenvatting"), blank=True)
    body = EncryptedTextField(_("inhoud"), blank=True)
    reliability = models.CharField(
        _("betrouwbaarheid bron"), max_length=1, choices=Reliability.choices
    )
    credibility = models.IntegerField(
        _("geloofwaardigheid informatie"), choices=Credibility.choices
    )
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProductStatus.choices, default=ProductStatus.ACTIVE
    )
    withdrawn_reason = models.TextField(_("reden van intrekking"), blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The number of this version in its chain (1 = first issue).
    version = models.PositiveIntegerField(_("versie"), default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("vervangt"),
    )
    phenomenon = models.CharField(
        _("dreigingsfenomeen"), max_length=32, choices=Phenomenon.choices, blank=True
    )
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Hash of the imported record's content: an identical re-import is "unchanged".
    import_fingerprint = models.CharField(max_length=64, blank=True)
    cases = models.ManyToManyField(
        "cases.Case", through="ProductCase", related_name="threat_products", blank=True
    )
    persons = models.ManyToManyField(
        "registry.Person", through="ProductPerson", related_name="threat_products", blank=True
    )

    objects = PolicyManager("threat_product")

    # Not columns: the API's detail sets what this reader may see (`with_visible_relations`).
    visible_cases: list[Case]
    visible_persons: list[Person]
    visible_entities: list[Entity]
    visible_attachments: list[Attachment]

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dreigingsinformatieproduct")
        verbose_name_plural = _("dreigingsinformatieproducten")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["originator", "status"]),
            # The need-to-know rule tests these columns of EVERY product (a search asks for the
            # visible set as a whole): PostgreSQL answers it from this index alone instead of
            # reading the products' wide rows (issue 19).
            models.Index(
                fields=["classification", "legal_basis", "handling", "originator", "id"],
                name="info_product_need_to_know",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["originator", "partner_reference", "version"],
                condition=~Q(partner_reference=""),
                name="unique_partner_reference_version",
            ),
            models.CheckConstraint(
                condition=Q(classification__gte=0) & Q(classification__lte=4),
                name="product_classification_range",
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=1) & Q(credibility__lte=6),
                name="product_credibility_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def audit_label(self) -> str:
        return f"product {self.reference}"

    @property
    def grading(self) -> str:
        """The Admiralty code, e.g. "B2"."""
        return f"{self.reliability}{self.credibility}"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == ProductStatus.WITHDRAWN

    def is_valid_on(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def searchable_text(self) -> str:
        """Title, summary, body and attachment texts in plaintext, for the search index.

        Reads attachments unscoped: the caller indexes a product it already holds, and the
        index applies need-to-know on the product before any hit is shown.
        """
        parts = [self.title, self.summary or "", self.body or ""]
        parts += [
            text
            for text in Attachment.objects.filter(product=self.pk)
            .order_by("pk")
            .values_list("extracted_text", flat=True)
            if text
        ]
        return "\n".join(p for p in parts if p)


class ProductCase(models.Model):
    """A product concerns a case."""

    product = models.ForeignKey(ThreatProduct, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="product_links")

    objects = PolicyManager("product_case")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "case"], name="unique_product_case")
        ]
        indexes = [
            # From a few cases to their products (restricting compartments, the user's teams,
            # the reached cases) without reading the links' rows (issue 19).
            models.Index(fields=["case", "product"], name="info_productcase_case_product")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.case_id}"


class ProductPerson(models.Model):
    """A product concerns a person (protectee, relative, subject of the threat)."""

    product = models.ForeignKey(
        ThreatProduct, on_delete=models.CASCADE, related_name="person_links"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="product_links"
    )

    objects = PolicyManager("product_person")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "person"], name="unique_product_person")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.person_id}"


class Attachment(models.Model):
    """A file delivered with a product. Content and extracted text are stored encrypted
    (the content as base64 inside an EncryptedTextField, so key rotation covers it)."""

    product = models.ForeignKey(ThreatProduct, on_delete=models.CASCADE, related_name="attachments")
    # A file name can name a person or a place ("verklaring-jansen.pdf"): encrypted too.
    filename = EncryptedTextField(_("bestandsnaam"))
    content_type = models.CharField(_("bestandstype"), max_length=100)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(max_length=64)
    content = EncryptedTextField()
    extracted_text = EncryptedTextField(blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PolicyManager("product_attachment")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.filename

    def audit_label(self) -> str:
        return f"bijlage {self.pk} bij product {self.product_id}"

    def data(self) -> bytes:
        """The decrypted file content."""
        import base64

        return base64.b64decode(self.content) if self.content else b""


class EntityKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    PHONE = "phone", _("Telefoonnummer")
    VEHICLE = "vehicle", _("Kenteken")
    ADDRESS = "address", _("Adres")
    ORGANISATION = "organisation", _("Organisatie")


class Entity(models.Model):
    """Something information is about: a phone number, vehicle, address, person, organisation.

    The value is stored encrypted; `lookup` is a keyed hash (HMAC) of the normalised value so
    the same number found in two products is one entity, without a searchable plaintext.
    """

    kind = models.CharField(_("soort"), max_length=16, choices=EntityKind.choices)
    value = EncryptedTextField(_("waarde (genormaliseerd)"))
    label = EncryptedTextField(_("weergave"), blank=True)
    lookup = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PolicyManager("entity")

    # Not columns: the API's entity detail sets what this reader may see.
    visible_products: list[ThreatProduct]
    visible_signals: list[models.Model]

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("entiteit")
        verbose_name_plural = _("entiteiten")
        constraints = [
            models.UniqueConstraint(fields=["kind", "lookup"], name="unique_entity_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_label}"

    def audit_label(self) -> str:
        return f"entiteit {self.pk}"

    @property
    def display_label(self) -> str:
        return self.label or self.value


class EntityLink(models.Model):
    """A product mentions an entity."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="links")
    product = models.ForeignKey(
        ThreatProduct, on_delete=models.CASCADE, related_name="entity_links"
    )

    objects = PolicyManager("entity_link")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "product"], name="unique_entity_product")
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}/{self.product_id}"


class ReassessmentAdvice(models.Model):
    """New information on an active case: the analyst should consider re-assessing it."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reassessment_advice"
    )
    reason = models.TextField(_("reden"))
    source_type = models.CharField(_("bron"), max_length=32)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("afhandeling"), blank=True)

    objects = PolicyManager("reassessment_advice")

    # Not a column: the case section sets the source product when this reader may see it.
    source_product: ThreatProduct | None

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("advies herbeoordeling")
        verbose_name_plural = _("adviezen herbeoordeling")
        indexes = [models.Index(fields=["case", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.source_type} {self.source_id}"

    def audit_label(self) -> str:
        return f"advies herbeoordeling {self.pk}"

    @property
    def audit_case_id(self) -> int:
        return self.case_id

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
