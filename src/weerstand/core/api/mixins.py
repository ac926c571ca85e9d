"""The reads every API viewset does the same way: policy-scoped, audited, strictly filtered.

A viewset declares what is particular to it and inherits the rest::

    @extend_schema_view(
        list=extend_schema(summary="Leemten die u mag zien"),
        retrieve=extend_schema(summary="Eén leemte", parameters=[ETAG_HEADER]),
    )
    class GapViewSet(ListMixin, RetrieveMixin, PolicyViewSet):
        model = Gap
        list_serializer = detail_serializer = GapSerializer
        filter_serializer = GapFilterSerializer
        ordering = ("-created_at", "-pk")
        audit_noun = "leemten"
        with_etag = True
        policy_needs = {"list": "gap:view", "retrieve": "gap:view"}
        routes = (
            Route("gaps", {"get": "list"}, "api-gap-list"),
            Route("gaps/<int:pk>", {"get": "retrieve"}, "api-gap-detail"),
        )

        def filter_rows(self, qs, f):
            return qs.filter(case=f["case"]) if f.get("case") else qs

What that buys, everywhere alike:

- rows come from the policy only: lists from `engine.scope` (what `visible_to` does), single
  objects from `engine.get_for`, so a hidden object answers exactly like an absent one (404);
- each list page writes one LIST audit record with the ids shown, each single read one READ;
- query parameters are validated strictly: unknown names are a 400 problem, the page
  parameters of the viewset's own pagination are always known, every integer filter is
  bounded to the database's range (`?case=9223372036854775808` is a 400, not a 500), and an
  empty value is a 400 unless the filter allows blank (`?status=` does not mean "any");
- the filter serializer is documented as the list's query parameters in the OpenAPI document.

Everything else (writes, extra actions, special audit) stays in the viewset, as methods that
call `get_object`, `query_filters`, `audit_read` and friends.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, QueryDict
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.views import audit_rows, etag, reject_unknown
from weerstand.policy import engine, probing

# The range of the database's integer keys (PostgreSQL bigint, SQLite INTEGER).
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def bound_integers(serializer: serializers.Serializer) -> serializers.Serializer:
    """Give every integer field without its own limits the database's range, so an absurd
    number is a validation error (400) instead of an overflow deep in the query (500)."""
    for field in serializer.fields.values():
        if not isinstance(field, serializers.IntegerField):
            continue
        if field.max_value is None:
            field.max_value = INT_MAX
            message = field.error_messages["max_value"].format(max_value=INT_MAX)
            field.validators.append(MaxValueValidator(INT_MAX, message=message))
        if field.min_value is None:
            field.min_value = INT_MIN
            message = field.error_messages["min_value"].format(min_value=INT_MIN)
            field.validators.append(MinValueValidator(INT_MIN, message=message))
    return serializer


class ScopedMixin(viewsets.GenericViewSet):
    """One model read through the policy. Declare `model` (and `related` for
    `select_related`); `get_object()` and `visible()` do the rest."""

    model: ClassVar[type[models.Model]]
    related: ClassVar[tuple[str, ...]] = ()
    detail_serializer: ClassVar[type[serializers.BaseSerializer] | None] = None
    with_etag: ClassVar[bool] = False  # the object's `version` as ETag on single reads

    def base_queryset(self) -> models.QuerySet:
        """All rows with their related objects, before the policy (never returned as is)."""
        qs = self.model._default_manager.all()
        return qs.select_related(*self.related) if self.related else qs

    def visible(self, action: str = "view") -> models.QuerySet:
        """The rows the caller may see (or act on, for another `action`)."""
        return engine.scope(self.base_queryset(), self.request.user, action)

    def get_object(self, pk: Any = None, action: str = "view") -> Any:
        """The one row `pk` (default: from the URL) the caller may `action`; else 404."""
        pk = self.kwargs.get("pk") if pk is None else pk
        if isinstance(pk, int) and not INT_MIN <= pk <= INT_MAX:
            probing.not_found(self.model, self.request.user, action, {"pk": pk})
            raise Http404("Niet gevonden")
        return engine.get_for(self.base_queryset(), self.request.user, action, pk=pk)

    def serializer_context(self, rows: list[Any]) -> dict[str, Any]:
        """Context for the serializers of `rows` (e.g. which related objects are visible)."""
        return {}

    def audit_read(self, obj: models.Model, **kwargs: Any) -> None:
        audit.record(AuditAction.READ, obj, actor=self.request.user, **kwargs)

    def detail_response(self, obj: Any, status: int = 200, **headers: str) -> Response:
        """`obj` through `detail_serializer`, with its version as ETag when `with_etag`."""
        assert self.detail_serializer is not None, f"{type(self).__name__}.detail_serializer"
        data = self.detail_serializer(obj, context=self.serializer_context([obj])).data
        if self.with_etag:
            headers.setdefault("ETag", etag(obj.version))
        return Response(data, status=status, headers=headers or None)


class QueryFiltersMixin(viewsets.GenericViewSet):
    """Strict query parameters: those of `filter_serializer`, the pagination's own page
    parameters, and `extra_query_params`; anything else is refused (a typo must not pass as
    'no filter')."""

    filter_serializer: ClassVar[type[serializers.Serializer] | None] = None
    extra_query_params: ClassVar[tuple[str, ...]] = ()

    def paging_params(self) -> tuple[str, ...]:
        paginator = self.paginator
        if paginator is None:
            return ()
        names = (
            getattr(paginator, "page_query_param", None),
            getattr(paginator, "page_size_query_param", None),
        )
        return tuple(n for n in names if n)

    def query_filters(self) -> dict[str, Any]:
        """The validated filters (a 400 problem naming each bad or unknown parameter)."""
        params = self.request.query_params
        known = (*self.paging_params(), *self.extra_query_params)
        if self.filter_serializer is None:
            reject_unknown(params, known, what="filter")
            return {}
        filters = bound_integers(self.filter_serializer(data=params))
        reject_unknown(params, (*filters.fields, *known), what="filter")
        reject_empty(params, filters)
        filters.is_valid(raise_exception=True)
        return dict(filters.validated_data)


def reject_empty(params: QueryDict, filters: serializers.Serializer) -> None:
    """`?status=` is a 400 like any other invalid value. DRF reads a query string like an
    HTML form, where an empty optional field counts as absent: the filter would silently not
    apply, while the document says the value needs at least one character or is an enum."""
    errors = {
        name: [ErrorDetail("Geef een waarde of laat de parameter weg.", code="blank")]
        for name, field in filters.fields.items()
        if name in params
        and "" in (v.strip() for v in params.getlist(name))
        and not getattr(field, "allow_blank", False)
    }
    if errors:
        raise ValidationError(errors)


class ListMixin(QueryFiltersMixin, ScopedMixin):
    """`list`: visible rows, filtered (`filter_rows`), ordered (`ordering`), one page,
    one LIST audit record naming the ids shown (`audit_noun`), serialized with
    `list_serializer`."""

    list_serializer: ClassVar[type[serializers.BaseSerializer] | None] = None
    ordering: ClassVar[tuple[str, ...]] = ("pk",)
    audit_noun: ClassVar[str] = ""

    def filter_rows(self, qs: models.QuerySet, filters: dict[str, Any]) -> models.QuerySet:
        """Apply the validated filters; order here too when the order depends on them."""
        return qs

    def audit_list(self, rows: list[Any], filters: dict[str, Any]) -> None:
        assert self.audit_noun, f"{type(self).__name__}.audit_noun"
        user = self.request.user
        audit_rows(AuditAction.LIST, self.model, rows, noun=self.audit_noun, actor=user)

    def list(self, request: Request) -> Response:
        filters = self.query_filters()
        qs = self.filter_rows(self.visible(), filters)
        if not qs.query.order_by:
            qs = qs.order_by(*self.ordering)
        page = self.paginate_queryset(qs) or []
        self.audit_list(page, filters)
        assert self.list_serializer is not None, f"{type(self).__name__}.list_serializer"
        data = self.list_serializer(page, many=True, context=self.serializer_context(page)).data
        return self.get_paginated_response(data)


class RetrieveMixin(ScopedMixin):
    """`retrieve`: the object through the policy (404 for hidden and absent alike), one READ
    audit record, serialized with `detail_serializer`."""

    def retrieve(self, request: Request, pk: int) -> Response:
        obj = self.get_object(pk)
        self.audit_read(obj)
        return self.detail_response(obj)
