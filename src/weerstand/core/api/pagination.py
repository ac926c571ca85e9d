"""Page-number pagination with the links the API Design Rules expect.

`page` and `pageSize` are validated like any other input: a value that is not a positive
whole number, or a page past the last one, is a 400 problem naming the parameter, not a
silent fallback to some other page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

PAGE_PARAMS = ("page", "pageSize")


def _positive_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [_error("Geef een positief geheel getal.", "invalid")]})
    return value


def _error(text: str, code: str) -> ErrorDetail:
    return ErrorDetail(text, code=code)


class Pagination(PageNumberPagination):
    page_size_query_param = "pageSize"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        size = _positive_int(request, self.page_size_query_param)
        if size is None:
            if self.page_size is None:
                raise ImproperlyConfigured("Set REST_FRAMEWORK['PAGE_SIZE'], the default page size")
            return self.page_size
        if size > self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _error(f"Hoogstens {self.max_page_size} per pagina.", "max-value")
                    ]
                }
            )
        return size

    def paginate_queryset[R](
        self,
        queryset: QuerySet[Any, R] | Sequence[R],
        request: Request,
        view: APIView | None = None,
    ) -> list[R]:
        page_size = self.get_page_size(request)
        number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise ValidationError(
                {self.page_query_param: [_error("Deze pagina bestaat niet.", "out-of-range")]}
            ) from exc
        self.request = request
        return list(self.page)

    def get_paginated_response(self, data: Any) -> Response:
        if self.page is None:
            raise RuntimeError("get_paginated_response() before paginate_queryset()")
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Paginanummer (vanaf 1).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Aantal per pagina (1 tot en met {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
