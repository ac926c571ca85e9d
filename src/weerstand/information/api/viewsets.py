"""`/api/v1/threat-products`, `/entities`, `/attachments`, `/product-imports`: thin handlers.

Reads go through the policy and are audited; writes call `information.services`, which checks,
changes and audits in one transaction. Hidden objects answer exactly like absent ones (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.downloads import DownloadMixin, download_responses
from weerstand.core.api.mixins import ListMixin, RetrieveMixin, ScopedMixin
from weerstand.core.api.routes import Route
from weerstand.core.api.views import PolicyViewSet, audit_rows, reject_unknown, validated
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.information import selectors, services
from weerstand.information.api.serializers import (
    CaseLinkSerializer,
    EntitySerializer,
    ImportReportSerializer,
    ProductCreateSerializer,
    ProductFilterSerializer,
    ProductListItemSerializer,
    ProductSerializer,
    ProductVersionInputSerializer,
    WithdrawalSerializer,
)
from weerstand.information.downloads import SAFE_DOWNLOAD_TYPES, attachment_response
from weerstand.information.models import Attachment, Entity, ThreatProduct


def _product_data(body: dict[str, Any]) -> services.ProductData:
    return services.ProductData(
        title=body["title"],
        legal_basis=body["legalBasis"],
        reliability=body["reliability"],
        credibility=int(body["credibility"]),
        originator=body.get("originator"),
        classification=int(body["classification"]),
        handling=body["handling"],
        summary=body.get("summary") or "",
        body=body.get("body") or "",
        partner_reference=body.get("partnerReference") or "",
        valid_from=body.get("validFrom"),
        valid_until=body.get("validUntil"),
        phenomenon=body.get("phenomenon") or "",
        cases=list(body.get("cases") or []),
        persons=list(body.get("persons") or []),
        entities=[(e["kind"], e["value"]) for e in body.get("entities") or []],
        attachments=[
            services.AttachmentData(a["filename"], a["contentType"], a["contentBase64"])
            for a in body.get("attachments") or []
        ],
    )


def with_visible_relations(product: ThreatProduct, user: Any) -> ThreatProduct:
    """Attach the product's cases, entities and attachments as the user may see them."""
    relations = selectors.product_relations(user, product)
    product.visible_cases = relations["cases"]
    product.visible_persons = relations["persons"]
    product.visible_entities = relations["entities"]
    product.visible_attachments = relations["attachments"]
    return product


@extend_schema_view(
    list=extend_schema(
        summary="Informatieproducten die u mag zien",
        description="Telling en lijst bevatten alleen producten die u mag zien; ingetrokken "
        "producten blijven zichtbaar met de reden van intrekking.",
        responses=ProductListItemSerializer(many=True),
    ),
    retrieve=extend_schema(summary="Eén informatieproduct", responses=ProductSerializer),
)
class ThreatProductViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
    """Threat-information products, graded on the Admiralty scale."""

    model = ThreatProduct
    related = ("originator", "legal_basis")
    list_serializer = ProductListItemSerializer
    detail_serializer = ProductSerializer
    filter_serializer = ProductFilterSerializer
    audit_noun = "producten"
    policy_needs = {
        "list": "threat_product:view",
        "retrieve": "threat_product:view",
        "create": "threat_product:create",
        "withdraw": "threat_product:change",
        "versions": "threat_product:view",
        "new_version": "threat_product:change",
        # Linking needs view of the product and change of the case (checked in the service).
        "link_case": "threat_product:view",
    }
    problem_statuses = {
        "list": (400,),
        "create": (400, 403),
        "withdraw": (400, 403, 409),
        "versions": (400,),
        "new_version": (400, 403, 409),
        "link_case": (400, 403, 409),
    }
    routes = (
        Route("threat-products", {"get": "list", "post": "create"}, "api-threat-product-list"),
        Route("threat-products/<int:pk>", {"get": "retrieve"}, "api-threat-product-detail"),
        Route(
            "threat-products/<int:pk>/withdrawals",
            {"post": "withdraw"},
            "api-threat-product-withdrawals",
        ),
        Route(
            "threat-products/<int:pk>/versions",
            {"get": "versions", "post": "new_version"},
            "api-threat-product-versions",
        ),
        Route(
            "threat-products/<int:pk>/case-links",
            {"post": "link_case"},
            "api-threat-product-case-links",
        ),
    )

    def filter_rows(self, qs: QuerySet, f: dict[str, Any]) -> QuerySet:
        return selectors.filter_products(qs, self.request.user, f)

    def detail_response(self, obj: Any, status: int = 200, **headers: str) -> Response:
        obj = with_visible_relations(obj, self.request.user)
        return super().detail_response(obj, status, **headers)

    @extend_schema(
        summary="Een informatieproduct aanleveren",
        description="De grondslag moet verstrekking door de verstrekker aan de NCTV toestaan.",
        request=ProductCreateSerializer,
        responses={201: ProductSerializer},
    )
    def create(self, request: Request) -> Response:
        body = validated(ProductCreateSerializer, request.data)
        product = services.create_product(request.user, _product_data(body))
        return self.detail_response(product, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Product intrekken (alleen de verstrekker)",
        request=WithdrawalSerializer,
        responses={201: ProductSerializer},
    )
    def withdraw(self, request: Request, pk: int) -> Response:
        product = self.get_object(pk)
        body = validated(WithdrawalSerializer, request.data)
        product = services.withdraw_product(request.user, product.pk, reason=body["reason"])
        return self.detail_response(product, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Alle versies van een product (oudste eerst)",
        responses=ProductListItemSerializer(many=True),
    )
    def versions(self, request: Request, pk: int) -> Response:
        reject_unknown(request.query_params, self.paging_params(), what="filter")
        product = self.get_object(pk)
        chain = self.paginate_queryset(selectors.product_chain(product, request.user))
        audit_rows(AuditAction.LIST, ThreatProduct, chain, noun="versies", actor=request.user)
        return self.get_paginated_response(ProductListItemSerializer(chain, many=True).data)

    @extend_schema(
        summary="Nieuwe versie uitbrengen (alleen de verstrekker)",
        request=ProductVersionInputSerializer,
        responses={201: ProductSerializer},
    )
    def new_version(self, request: Request, pk: int) -> Response:
        product = self.get_object(pk)
        body = validated(ProductVersionInputSerializer, request.data)
        new = services.new_version(request.user, product.pk, _product_data(body))
        return self.detail_response(new, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Product aan een casus koppelen (analist, casus die u mag wijzigen)",
        request=CaseLinkSerializer,
        responses={201: ProductSerializer},
    )
    def link_case(self, request: Request, pk: int) -> Response:
        product = self.get_object(pk)
        body = validated(CaseLinkSerializer, request.data)
        services.link_product_to_case(request.user, product.pk, body["case"])
        return self.detail_response(product, status.HTTP_201_CREATED)


class EntityViewSet(ScopedMixin, PolicyViewSet):
    """Phone numbers, vehicles, addresses: what else is known, within need-to-know."""

    model = Entity
    policy_needs = {"retrieve": "entity:view"}
    routes = (Route("entities/<int:pk>", {"get": "retrieve"}, "api-entity-detail"),)

    @extend_schema(summary="Eén entiteit met wat u erover mag zien", responses=EntitySerializer)
    def retrieve(self, request: Request, pk: int) -> Response:
        user = request.user
        entity = self.get_object(pk)
        entity.visible_products = selectors.entity_products(user, entity)
        entity.visible_signals = selectors.entity_signals(user, entity)
        audit.record(
            AuditAction.READ,
            entity,
            changes={"products": [p.pk for p in entity.visible_products]},
            actor=user,
        )
        return Response(EntitySerializer(entity).data)


# What an attachment is served as: its checked type (see `information.downloads`).
ATTACHMENT_TYPES = (*sorted(SAFE_DOWNLOAD_TYPES), "text/plain")


class AttachmentViewSet(DownloadMixin, ScopedMixin, PolicyViewSet):
    """Attachment downloads: always `Content-Disposition: attachment`, never inline."""

    model = Attachment
    policy_needs = {"retrieve": "threat_product:view"}
    download_types = {"retrieve": ATTACHMENT_TYPES}
    routes = (Route("attachments/<int:pk>", {"get": "retrieve"}, "api-attachment-detail"),)

    @extend_schema(
        summary="Bijlage downloaden",
        description=(
            "Als het gecontroleerde type van de bijlage (`Accept` zonder voorkeur of met dat "
            "type), of als `application/octet-stream` als alleen dat wordt gevraagd."
        ),
        responses=download_responses(*ATTACHMENT_TYPES),
    )
    def retrieve(self, request: Request, pk: int) -> HttpResponse:
        attachment = self.get_object(pk)
        response = self.negotiated(attachment_response(attachment))
        audit.record(
            AuditAction.EXPORT,
            attachment,
            changes={"sha256": attachment.sha256},
            actor=request.user,
        )
        return response


class ProductImportViewSet(PolicyViewSet):
    """Batch import by a partner liaison; idempotent by (originator, partner reference)."""

    policy_needs = {"create": "threat_product:create"}
    problem_statuses = {"create": (400, 403)}
    routes = (Route("product-imports", {"post": "create"}, "api-product-imports"),)

    @extend_schema(
        summary="Producten importeren (JSON, zie docs/import-schema.json)",
        description="Elk record wordt apart verwerkt: een fout record houdt de goede niet "
        "tegen en laat niets half achter. Het antwoord meldt per record accepted, unchanged, "
        "new_version of refused met redenen.",
        request=OpenApiTypes.OBJECT,
        responses={200: ImportReportSerializer},
    )
    def create(self, request: Request) -> Response:
        # The raw body: size and JSON are checked by the import itself, before any record.
        try:
            raw = request._request.body
        except RequestDataTooBig as exc:
            raise ValidationFailed(
                "Het importbestand is groter dan deze server per verzoek aanneemt.",
                invalid_params=[InvalidParam("document", "too-large", "Te groot.")],
            ) from exc
        # The API imports as the caller's own organisation only.
        report = services.import_products(request.user, raw, originator=None)
        return Response(ImportReportSerializer(report).data)
