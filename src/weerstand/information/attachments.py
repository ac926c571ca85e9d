"""Checking and reading uploaded attachments before anything is stored.

A partner's file is hostile until proven otherwise. We accept five types only (PDF, DOCX,
plain text, PNG, JPEG); the declared content type, the extension and the magic bytes must
agree; the file must parse with a strict reader; and known tricks are refused: zip bombs,
macros, encrypted documents, active PDF content, markup disguised as text, and polyglots
(a second format hidden in, or appended to, the first). Active content is judged on the
parsed document, never by a byte search that escaped names, compressed streams or XML
character references slip past: a PDF's whole object graph (`pdf_active`), a DOCX's
relationships and declared content types. Files are only ever offered for download
(`Content-Disposition: attachment`, `nosniff`), never rendered inline.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from weerstand.conf.env import config_int
from weerstand.core.errors import InvalidParam, ValidationFailed
from weerstand.information import pdf_active

_DEFAULT_MAX = config_int(
    "WEERSTAND_ATTACHMENT_MAX_BYTES",
    10 * 1024 * 1024,
    help="Largest attachment accepted with a threat-information product, in bytes.",
)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {
    PDF: (".pdf",),
    DOCX: (".docx",),
    TEXT: (".txt",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
}
MAGIC = {
    PDF: (b"%PDF-",),
    DOCX: (b"PK\x03\x04",),
    PNG: (b"\x89PNG\r\n\x1a\n",),
    JPEG: (b"\xff\xd8\xff",),
}
# Other formats' signatures: a plain-text file starting with one of these is something else.
_FOREIGN_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"MZ",
    b"\x7fELF",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",  # OLE2 (old Office, often with macros)
    b"{\\rtf",
)
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|object|embed|svg|meta|a\s|img\s|\?xml)",
    re.IGNORECASE,
)
_HTML_SNIFF = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|script|iframe|svg)[\s>/]", re.IGNORECASE
)

# DOCX (zip) limits: a document needs far less; anything beyond is a bomb or a smuggle.
ZIP_MAX_ENTRIES = 1000
ZIP_MAX_ENTRY_BYTES = 50 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
TEXT_MAX_CHARS = 1_000_000  # extracted text kept for search
PDF_MAX_PAGES = 500
IMAGE_MAX_PIXELS = 50_000_000


def max_bytes() -> int:
    """The size limit: a test or deployment may set WEERSTAND_ATTACHMENT_MAX_BYTES in settings."""
    override = getattr(settings, "WEERSTAND_ATTACHMENT_MAX_BYTES", None)
    return int(override) if override is not None else _DEFAULT_MAX


class Rejected(ValidationFailed):
    """The file was refused; the message says why, never what it contains."""

    def __init__(self, reason: str, code: str = "rejected") -> None:
        super().__init__(
            _("Bijlage geweigerd: %(reason)s") % {"reason": reason},
            invalid_params=[InvalidParam("file", code, reason)],
        )


@dataclass(frozen=True)
class InspectedFile:
    filename: str
    content_type: str
    size: int
    sha256: str
    text: str
    data: bytes


def safe_filename(name: str) -> str:
    """A display/download name without paths, control characters or quotes."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[";<>:|?*\x00]', "_", name).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 150 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:150]
    return name or "bijlage"


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def inspect(filename: str, declared_type: str, data: bytes) -> InspectedFile:
    """Check a file and extract its text, or raise `Rejected` with a plain reason."""
    limit = max_bytes()
    if len(data) > limit:
        raise Rejected(
            _("het bestand is groter dan %(mb).1f MB.") % {"mb": limit / 1024 / 1024}, "too-large"
        )
    if not data:
        raise Rejected(_("het bestand is leeg."), "empty")
    name = safe_filename(filename)
    content_type = (declared_type or "").split(";", 1)[0].strip().lower()
    if content_type == "image/jpg":
        content_type = JPEG
    if content_type not in EXTENSIONS:
        raise Rejected(
            _("dit bestandstype wordt niet aanvaard (alleen PDF, DOCX, tekst, PNG en JPEG)."),
            "type-not-allowed",
        )
    if _extension(name) not in EXTENSIONS[content_type]:
        raise Rejected(_("de extensie past niet bij het bestandstype."), "extension-mismatch")
    magic = MAGIC.get(content_type)
    if magic and not data.startswith(magic):
        raise Rejected(_("de inhoud past niet bij het opgegeven bestandstype."), "magic-mismatch")
    if content_type != DOCX and _is_zip(data):
        raise Rejected(_("het bestand bevat een verborgen archief."), "polyglot")
    if content_type != DOCX and _HTML_SNIFF.search(data[:1024]):
        # What a browser's sniffer would take for HTML, whatever the headers say.
        raise Rejected(_("het bestand bevat opmaakcode (HTML/XML/SVG)."), "markup")
    reader = {PDF: _pdf_text, DOCX: _docx_text, TEXT: _plain_text, PNG: _image, JPEG: _image}
    text = reader[content_type](data, content_type)
    text = text.replace("\x00", "")[:TEXT_MAX_CHARS]
    return InspectedFile(
        filename=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        data=data,
    )


def _is_zip(data: bytes) -> bool:
    # zip readers find an archive by its end record, wherever the start of the file points.
    return b"PK\x05\x06" in data[-(65536 + 22) :] or b"PK\x06\x06" in data[-(65536 + 22) :]


def _pdf_text(data: bytes, _type: str) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        # Strict: a file whose structure a reader has to guess at (broken cross-reference
        # table, objects where the table does not point) may be guessed differently by the
        # viewer, which would then see objects this check never saw.
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            raise Rejected(
                _("de PDF is versleuteld; lever een onversleutelde versie."), "encrypted"
            )
        pdf_active.check(reader, data)
        if len(reader.pages) > PDF_MAX_PAGES:
            raise Rejected(_("de PDF heeft te veel pagina's."), "too-many-pages")
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            chunk = page.extract_text() or ""
            parts.append(chunk)
            size += len(chunk)
            if size > TEXT_MAX_CHARS:
                break
        return "\n".join(parts).strip()
    except Rejected:
        raise
    except pdf_active.ActiveContent as exc:
        raise Rejected(
            _("de PDF bevat actieve inhoud (scripts, ingesloten bestanden)."), "active"
        ) from exc
    except pdf_active.TooComplex as exc:
        raise Rejected(_("de PDF is te complex om te controleren."), "too-complex") from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise Rejected(_("de PDF is beschadigd of niet te lezen."), "unreadable") from exc
    except (RecursionError, OSError, EOFError, zlib.error) as exc:
        raise Rejected(_("de PDF is beschadigd of niet te lezen."), "unreadable") from exc


def _docx_text(data: bytes, _type: str) -> str:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Rejected(_("het DOCX-bestand is geen geldig archief."), "unreadable") from exc
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Rejected(_("het DOCX-bestand bevat te veel onderdelen."), "zip-bomb")
    total = 0
    names = set()
    for info in infos:
        name = info.filename
        names.add(name)
        if info.flag_bits & 0x1:
            raise Rejected(_("het DOCX-bestand is versleuteld."), "encrypted")
        if name.startswith("/") or ".." in name.split("/"):
            raise Rejected(_("het DOCX-bestand bevat ongeldige paden."), "bad-path")
        if _docx_part_is_active(name):
            raise Rejected(_("het DOCX-bestand bevat macro's of ingesloten programma's."), "macro")
        total += info.file_size
        if info.file_size > ZIP_MAX_ENTRY_BYTES or total > ZIP_MAX_TOTAL_BYTES:
            raise Rejected(_("het DOCX-bestand pakt uit tot een te groot geheel."), "zip-bomb")
        if info.compress_size and info.file_size / info.compress_size > ZIP_MAX_RATIO:
            raise Rejected(_("het DOCX-bestand is verdacht sterk gecomprimeerd."), "zip-bomb")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise Rejected(_("het bestand is geen Word-document (DOCX)."), "not-docx")
    try:
        content_types = ElementTree.fromstring(_read_bounded(archive, "[Content_Types].xml"))
        for element in content_types.iter():
            declared = (element.get("ContentType") or "").lower()
            if any(marker in declared for marker in _DOCX_ACTIVE_CONTENT_TYPES):
                raise Rejected(_("het DOCX-bestand bevat macro's."), "macro")
        for rels in sorted(n for n in names if n.lower().endswith(".rels")):
            _check_docx_relationships(ElementTree.fromstring(_read_bounded(archive, rels)))
        root = ElementTree.fromstring(_read_bounded(archive, "word/document.xml"))
    except Rejected:
        raise
    except (DefusedXmlException, ElementTree.ParseError, zipfile.BadZipFile, OSError) as exc:
        raise Rejected(_("het DOCX-bestand is beschadigd of niet te lezen."), "unreadable") from exc
    except (ValueError, RuntimeError, EOFError) as exc:  # zlib errors, encrypted entries
        raise Rejected(_("het DOCX-bestand is beschadigd of niet te lezen."), "unreadable") from exc
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = []
    for para in root.iter(f"{w}p"):
        parts = [node.text or "" for node in para.iter() if node.tag in (f"{w}t", f"{w}tab")]
        paragraphs.append("".join(parts))
    return "\n".join(p for p in paragraphs if p).strip()


# DOCX is judged by the parsed package, not by names or bytes: a macro project may be stored
# under any part name (the relationship and the content type say what it is), and XML
# character references hide words from a byte search ("&#118;baProject").
_DOCX_ACTIVE_DIRS = ("word/embeddings/", "word/activex/")
_DOCX_ACTIVE_SUFFIXES = (".bin", ".docm", ".dotm", ".xlsm", ".xlsb", ".xltm", ".xlam", ".pptm")
_DOCX_ACTIVE_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "oleobject")
# Relationship types (the last part of their URI) that bring code or other documents in.
_DOCX_ACTIVE_RELATIONSHIPS = frozenset(
    {
        "vbaproject",
        "vbaprojectsignature",
        "keymapcustomizations",
        "wordvbadata",
        "oleobject",
        "package",
        "control",
        "activexcontrolbinary",
        "afchunk",  # altChunk: HTML, RTF or MHT that Word renders into the document
        "subdocument",
        "frame",
    }
)
# A path on the author's own disk ("C:\\...", "file:///C:/...", "file:///Users/..."), not a
# share ("\\\\host\\...", "file:////host", "file://host/...") nor any other scheme.
_LOCAL_TEMPLATE = re.compile(r"^([a-z]:[\\/]|file:///(?![/\\]))", re.IGNORECASE)


def _docx_part_is_active(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(_DOCX_ACTIVE_DIRS) or lowered.endswith(_DOCX_ACTIVE_SUFFIXES)


def _check_docx_relationships(root: Any) -> None:
    """Refuse what the relationships pull in: code, embedded objects, altChunks, and anything
    fetched from outside (a remote template, an image on a share that leaks the reader's
    credentials) except a plain hyperlink. A template on the author's own disk (Word writes
    its path into many documents) is only a name and passes."""
    for rel in root.iter():
        kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        if not kind:
            continue
        if kind in _DOCX_ACTIVE_RELATIONSHIPS:
            raise Rejected(_("het DOCX-bestand bevat macro's of ingesloten programma's."), "macro")
        if (rel.get("TargetMode") or "").lower() != "external" or kind == "hyperlink":
            continue
        if kind == "attachedtemplate" and _LOCAL_TEMPLATE.match(rel.get("Target") or ""):
            continue
        raise Rejected(
            _("het DOCX-bestand haalt inhoud van buiten op (sjabloon, afbeelding of object)."),
            "external",
        )


def _read_bounded(archive: zipfile.ZipFile, name: str) -> bytes:
    """Read one entry, stopping at the limit whatever its header claims (lying headers)."""
    with archive.open(name) as fh:
        out = fh.read(ZIP_MAX_ENTRY_BYTES + 1)
    if len(out) > ZIP_MAX_ENTRY_BYTES:
        raise Rejected(_("het DOCX-bestand pakt uit tot een te groot geheel."), "zip-bomb")
    return out


def _plain_text(data: bytes, _type: str) -> str:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if any(head.startswith(m) for m in _FOREIGN_MAGIC):
        raise Rejected(_("de inhoud is geen platte tekst."), "magic-mismatch")
    if b"\x00" in data:
        raise Rejected(_("de inhoud is geen platte tekst (binaire gegevens)."), "binary")
    if _MARKUP.search(data):
        raise Rejected(_("het bestand bevat opmaakcode (HTML/XML/SVG)."), "markup")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(8, len(text) // 100):
        raise Rejected(_("de inhoud is geen platte tekst (binaire gegevens)."), "binary")
    return text.strip()


def _image(data: bytes, content_type: str) -> str:
    from PIL import Image, UnidentifiedImageError

    expected = "PNG" if content_type == PNG else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format != expected:
                    raise Rejected(_("de inhoud past niet bij het opgegeven bestandstype."))
                width, height = img.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise Rejected(_("de afbeelding is te groot."), "too-large")
                img.verify()
    except Rejected:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise Rejected(_("de afbeelding is beschadigd of niet te lezen."), "unreadable") from exc
    if content_type == PNG and not data.rstrip(b"\x00").endswith(b"IEND\xaeB`\x82"):
        raise Rejected(_("na de afbeelding volgen nog andere gegevens."), "polyglot")
    if content_type == JPEG and not data.rstrip(b"\x00\r\n").endswith(b"\xff\xd9"):
        raise Rejected(_("na de afbeelding volgen nog andere gegevens."), "polyglot")
    return ""
