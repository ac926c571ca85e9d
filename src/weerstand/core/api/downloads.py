"""Files from the API (attachments, PDF reports, letters): negotiated and documented like JSON.

A download action declares the media types it serves in `download_types`; the viewset then
accepts exactly those and `application/octet-stream` (the generic type any client may ask a
file as) in content negotiation, instead of refusing every `Accept` but JSON with a 406::

    class AttachmentViewSet(DownloadMixin, ScopedMixin, PolicyViewSet):
        download_types = {"retrieve": ATTACHMENT_TYPES}

        @extend_schema(responses=download_responses(*ATTACHMENT_TYPES))
        def retrieve(self, request, pk):
            response = self.negotiated(attachment_response(attachment))  # 406 before the audit
            audit.record(AuditAction.EXPORT, attachment, ...)
            return response

`negotiated` serves the file's own type when the client accepts it (or says nothing), as
`application/octet-stream` when the client asks only for that, and refuses anything else with
a 406 problem, before anything is audited as given out. Errors stay problem+json whatever was
accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import viewsets
from rest_framework.exceptions import NotAcceptable
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.utils.mediatypes import media_type_matches

OCTET_STREAM = "application/octet-stream"


class DownloadRenderer(BaseRenderer):
    """Lets content negotiation accept a file's media type. The file itself leaves as an
    `HttpResponse` the view builds; only a problem (a dict) is ever rendered here, as JSON
    under the problem's own Content-Type."""

    media_type = OCTET_STREAM
    format = "download"
    charset = None
    render_style = "binary"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return JSONRenderer().render(data, None, renderer_context)


def download_renderers(*media_types: str) -> list[BaseRenderer]:
    """One renderer per media type a download serves, and `application/octet-stream`."""
    types = dict.fromkeys((*media_types, OCTET_STREAM))
    return [
        type(f"DownloadRenderer[{media_type}]", (DownloadRenderer,), {"media_type": media_type})()
        for media_type in types
    ]


def download_responses(*media_types: str) -> dict[tuple[int, str], OpenApiResponse]:
    """The 200 response of a download, one entry per media type it can be served as."""
    types = dict.fromkeys((*media_types, OCTET_STREAM))
    return {(200, media_type): OpenApiResponse(OpenApiTypes.BINARY) for media_type in types}


def _accepted_ranges(request: Request) -> list[str] | None:
    """The media ranges of the Accept header, without parameters and without those the
    client refuses (q=0); None when the client says nothing, which accepts anything."""
    header = (request.headers.get("Accept") or "").strip()
    if not header:
        return None
    ranges = []
    for part in header.split(","):
        media_range, *params = (p.strip() for p in part.split(";"))
        refused = any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
        if media_range and not refused:
            ranges.append(media_range)
    return ranges


def served_type(request: Request, file_type: str) -> str:
    """`file_type` (its parameters aside) when the client accepts it, else
    `application/octet-stream` when it accepts that; else a 406."""
    ranges = _accepted_ranges(request)
    if ranges is None:
        return file_type
    bare = file_type.split(";")[0].strip()
    if any(media_type_matches(bare, r) for r in ranges):
        return file_type
    if any(media_type_matches(OCTET_STREAM, r) for r in ranges):
        return OCTET_STREAM
    raise NotAcceptable()


class DownloadMixin(viewsets.GenericViewSet):
    """Negotiates the actions in `download_types` as files (see the module docstring)."""

    download_types: ClassVar[dict[str, tuple[str, ...]]] = {}

    def get_renderers(self) -> list[BaseRenderer]:
        types = self.download_types.get(getattr(self, "action", None) or "")
        if types is None:
            return super().get_renderers()
        return download_renderers(*types)

    def negotiated(self, response: HttpResponse) -> HttpResponse:
        """`response` (a file) with the Content-Type the client accepts, or a 406."""
        response["Content-Type"] = served_type(self.request, response["Content-Type"])
        return response
