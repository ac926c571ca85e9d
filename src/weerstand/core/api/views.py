"""The base of every API viewset (declared and enforced needs, shared schema, routes) and
If-Match handling.

Like the web views (`core.decorators.requires`), each viewset action declares what it needs in
`policy_needs`, and the declaration is checked (`core.api.permissions.DeclaredNeeds`): no
grant for any of them is a 404 problem. A test walks the API URLs and fails when an action
declares nothing. Which rows the caller may see or change is still decided by the policy
engine and the domain services. The shared reads (list, retrieve, filters, audit) are in
`core.api.mixins`; the URL patterns come from each viewset's `routes` (`core.api.routes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, overload

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request

from weerstand.audit import services as audit
from weerstand.audit.models import AuditAction
from weerstand.core.api.permissions import DeclaredNeeds
from weerstand.core.api.problems import PreconditionRequired
from weerstand.core.api.routes import Route
from weerstand.core.api.schema import WeerstandAutoSchema
from weerstand.core.errors import ConcurrencyConflict

if TYPE_CHECKING:
    from rest_framework.decorators import ViewSetAction
    from rest_framework.views import AsView, GenericView

_ETAG = re.compile(r'^(W/)?"(\d{1,10})"$')


class PolicyViewSet(viewsets.GenericViewSet):
    """Viewsets of `/api/v1/`. Subclasses map every action to its needs, e.g.
    ``policy_needs = {"list": "case:view", "create": "case:create"}``."""

    # (This docstring is the OpenAPI description of viewsets without their own.) A need may
    # be a tuple when any of several suffices; `routes` lists the URLs (`core.api.routes`).

    policy_needs: ClassVar[dict[str, str | tuple[str, ...]]] = {}
    problem_statuses: ClassVar[dict[str, tuple[int, ...]]] = {}
    routes: ClassVar[tuple[Route, ...]] = ()
    permission_classes = [DeclaredNeeds]
    metadata_class = None  # no OPTIONS introspection: the OpenAPI document is the description
    http_method_names = ["get", "post", "patch", "head"]
    schema = WeerstandAutoSchema()

    @classmethod
    def as_view(
        cls, actions: dict[str, str | ViewSetAction[Any]] | None = None, **initkwargs: Any
    ) -> AsView[GenericView]:
        view = super().as_view(actions, **initkwargs)
        needs = [
            cls.policy_needs.get(action) if isinstance(action, str) else None
            for action in (actions or {}).values()
        ]
        if needs and all(needs):
            # Same marker as `@requires` (a flat tuple of needs), so one URL-walking test
            # covers web and API views; left off when any action of this URL declares
            # nothing, so that test fails.
            flat = (n for need in needs for n in ((need,) if isinstance(need, str) else need or ()))
            view.policy_needs = tuple(dict.fromkeys(flat))  # type: ignore[attr-defined]  # marker
        return view

    def paginate_queryset[R](self, queryset: QuerySet[Any, R] | Sequence[R]) -> list[R]:
        """One page of rows. Every route that lists is paginated (`Route(paginated=True)`,
        the default); asking for a page on one that is not is a programming error."""
        page = super().paginate_queryset(queryset)
        if page is None:
            raise ImproperlyConfigured(f"{type(self).__name__}: this route is not paginated")
        return page

    def audited_page(
        self,
        queryset: QuerySet[Any, Any],
        serializer: type[serializers.BaseSerializer],
        *,
        noun: str,
    ) -> Any:
        """One page of a sub-list (a case's selectors, a trajectory's circle...), its LIST
        record in the audit trail (the ids shown, never their content), and the response."""
        rows = self.paginate_queryset(queryset)
        audit_rows(AuditAction.LIST, queryset.model, rows, noun=noun, actor=self.request.user)
        return self.get_paginated_response(serializer(rows, many=True).data)


def etag(version: int) -> str:
    return f'"{version}"'


@overload
def expected_version(request: Request, *, required: Literal[True]) -> int: ...
@overload
def expected_version(request: Request, *, required: bool) -> int | None: ...
def expected_version(request: Request, *, required: bool) -> int | None:
    """The version named in If-Match, or None for no check.

    Missing: 428 when required, else no check. `*` (RFC 9110: any current version) names no
    version: where a version is required it is refused like a missing header (428, as
    documented by `schema.if_match`); where it is optional it is the same as no header.
    """
    raw = (request.headers.get("If-Match") or "").strip()
    if not raw:
        if required:
            raise PreconditionRequired()
        return None
    if raw == "*":
        if required:
            raise PreconditionRequired("If-Match: * noemt geen versie; stuur de ETag mee.")
        return None
    match = _ETAG.match(raw)
    if match is None:
        raise ValidationError(
            {"If-Match": [ErrorDetail('Geen geldige ETag, verwacht bijv. "3".', code="invalid")]}
        )
    if match.group(1):
        # We only hand out strong ETags; a weak one never matches for a write (RFC 9110).
        raise ConcurrencyConflict("Een zwakke ETag kan niet worden gebruikt voor een wijziging.")
    return int(match.group(2))


def reject_unknown(
    data: Any, allowed: Iterable[str], *, what: str = "veld", prefix: str = ""
) -> None:
    """Unknown keys are an error, not silently ignored (a typo must not pass as 'no filter',
    and `{"state": "ended"}` in a PATCH must not look like it worked)."""
    if not hasattr(data, "keys"):
        return
    unknown = sorted(set(data.keys()) - set(allowed))
    if unknown:
        raise ValidationError(
            {prefix + name: [ErrorDetail(f"Onbekend {what}.", code="unknown")] for name in unknown}
        )


def reject_unknown_nested(serializer: serializers.Serializer, data: Any, prefix: str = "") -> None:
    """`reject_unknown` on `data` and on every nested object and list of objects in it, as
    the OpenAPI document promises (`additionalProperties: false` on every request object)."""
    reject_unknown(data, serializer.fields, prefix=prefix)
    if not hasattr(data, "get"):
        return
    for name, field in serializer.fields.items():
        value = data.get(name)
        if isinstance(field, serializers.ListSerializer) and isinstance(value, list):
            child = field.child
            if isinstance(child, serializers.Serializer):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        reject_unknown_nested(child, item, f"{prefix}{name}[{i}].")
        elif isinstance(field, serializers.Serializer) and isinstance(value, dict):
            reject_unknown_nested(field, value, f"{prefix}{name}.")


def validated(serializer_class: type, data: Any) -> dict[str, Any]:
    """Validate request data strictly: unknown keys refused (nested ones too), then the
    serializer's own rules."""
    serializer = serializer_class(data=data)
    reject_unknown_nested(serializer, data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def audit_rows(
    action: AuditAction,
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    noun: str,
    extra: dict[str, Any] | None = None,
    actor: Any = None,
) -> None:
    """One record for a list or search: which rows were shown (ids), never their content."""
    audit.record(
        action,
        object_type=model._meta.label_lower,
        object_repr=f"{len(rows)} {noun}",
        changes={"ids": [r.pk for r in rows], **(extra or {})},
        actor=actor,
    )
