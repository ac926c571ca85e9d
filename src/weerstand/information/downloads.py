"""How an attachment leaves the system, for the page and the API alike: as a download only,
never inline, never sniffed, sandboxed if a browser opens it anyway."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse

from weerstand.information.models import Attachment

SAFE_DOWNLOAD_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/png",
    "image/jpeg",
}


def attachment_response(attachment: Attachment) -> HttpResponse:
    """The file as a download only: never inline, never sniffed, sandboxed if opened."""
    content_type = attachment.content_type
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
        data = _text_as_utf8(attachment.data())
    elif content_type in SAFE_DOWNLOAD_TYPES:
        data = attachment.data()
    else:
        content_type, data = "application/octet-stream", attachment.data()
    response = HttpResponse(data, content_type=content_type)
    ascii_name = attachment.filename.encode("ascii", "replace").decode().replace("?", "_")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(data))
    return response


def _text_as_utf8(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("latin-1").encode("utf-8")
