"""Active content in a PDF, found in the parsed document rather than in its raw bytes.

A regular expression over the file's bytes misses what a viewer still executes: names may be
written with ``#xx`` escapes (``/J#61vaScript`` is ``/JavaScript``), and objects may sit in
compressed object streams. So the check walks the parsed document: every indirect object the
cross-reference data lists (in the file body and inside object streams), with the names as
pypdf decodes them, plus the trailer. It refuses:

- JavaScript anywhere: a ``/JS`` or ``/JavaScript`` key (actions, the document's
  ``/Names /JavaScript`` tree), or an action of type ``/JavaScript``;
- actions other than navigation: an ``/OpenAction`` or an additional action (``/AA``, run on
  opening a page, focusing a field, closing the document...) may only go to a place in the
  document (``/GoTo``); a link (``/A`` of an annotation or outline item) may also follow a
  URI or take one of the four standard page steps (``/Named``). Everything else (``/Launch``,
  ``/SubmitForm``, ``/ImportData``, ``/GoToR``, ``/GoToE``, ``/Rendition``, ``/Hide``,
  ``/SetOCGState``, ...) is refused;
- embedded files (``/EmbeddedFiles`` name tree, file specifications with ``/EF``,
  ``/EmbeddedFile`` streams, ``/FileAttachment`` annotations) and multimedia that runs code or
  plays by itself (``/RichMedia``, ``/Screen``, ``/Sound``, ``/Movie``, ``/3D``);
- XFA forms (``/XFA``, a form that is a program); a plain AcroForm without XFA or scripts is
  data and passes.

Choice on links: a URI link is not active content. Viewers ask before they open it and a
reader may as well type the address; threat reports cite sources. Only ``http``, ``https``
and ``mailto`` URIs pass: ``javascript:``, ``file:``, ``smb:``, relative URIs and the like are
refused, because they run code or reach into the reader's own machine or network.

Page content streams are not decoded: they hold drawing operators only; actions, scripts,
forms and attachments live in the object graph, which is walked in full. Object streams are
the exception: their decoded text is also scanned for the names above, so an object hidden
in an object stream that the cross-reference data does not list is caught too, and the raw
file is scanned for the long, unambiguous names (escapes decoded) as a second line against a
viewer that would find objects the parser did not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PdfReader

MAX_OBJECTS = 200_000  # indirect objects: far beyond any report, short of a CPU trap
MAX_NODES = 2_000_000  # dictionary entries and array items visited in all


class ActiveContent(Exception):
    """The PDF holds something a viewer would run; the message names what (for the log)."""


class TooComplex(Exception):
    """The PDF has more objects than the check walks; refused rather than half checked."""


# Keys whose mere presence is active content.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/EmbeddedFiles",
        "/EF",
        "/XFA",
        "/RichMediaContent",
        "/RichMediaSettings",
    }
)
# Name values that are active content wherever they stand (action types, annotation
# subtypes, stream types).
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/GoTo3DView",
        "/RichMedia",
        "/RichMediaExecute",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/Screen",
        "/3D",
        "/EmbeddedFile",
        "/FileAttachment",
    }
)
OPEN_ACTIONS = frozenset({"/GoTo"})  # /OpenAction and every /AA entry
LINK_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})  # /A of a link or outline item
NAMED_STEPS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
URI_SCHEMES = frozenset({"http", "https", "mailto"})

# A PDF name token: '/' and the regular characters up to a delimiter or white space.
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]{1,127})")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# In object streams (decoded PDF syntax, never binary): every name above.
_OBJSTM_TRIPWIRE = frozenset(n.encode()[1:] for n in ACTIVE_KEYS | ACTIVE_NAMES)
# In the raw file, which holds compressed binary data too: only names long enough never to
# occur by chance.
_RAW_TRIPWIRE = frozenset(
    {b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"SubmitForm"}
    | {b"ImportData", b"FileAttachment", b"RichMediaExecute"}
)


def check(reader: PdfReader, data: bytes) -> None:
    """Raise `ActiveContent` when the parsed document (or its raw bytes) holds active content."""
    _tripwire(data, _RAW_TRIPWIRE, "raw file")
    walker = _Walker()
    walker.walk(reader.trailer)
    for count, obj in enumerate(_indirect_objects(reader), start=1):
        if count > MAX_OBJECTS:
            raise TooComplex(f"more than {MAX_OBJECTS} objects")
        walker.walk(obj)


def _tripwire(data: bytes, names: frozenset[bytes], where: str) -> None:
    for match in _NAME.finditer(data):
        raw = match.group(1)
        name = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw
        if name in names:
            raise ActiveContent(f"/{name.decode('latin-1')} in the {where}")


def _indirect_objects(reader: PdfReader) -> Iterator[Any]:
    """Every object the cross-reference data lists: in the file body and in object streams."""
    from pypdf.generic import IndirectObject

    for generation, table in reader.xref.items():
        for number in table:
            yield reader.get_object(IndirectObject(number, generation, reader))
    for number in reader.xref_objStm:
        yield reader.get_object(IndirectObject(number, 0, reader))


def _resolve(value: Any) -> Any:
    from pypdf.generic import IndirectObject

    seen = 0
    while isinstance(value, IndirectObject):
        value = value.get_object()
        seen += 1
        if seen > 32:
            raise TooComplex("a chain of references")
    return value


class _Walker:
    """Visits direct objects without following references (every indirect object is walked
    on its own), resolving a reference only to judge an action where it is used."""

    def __init__(self) -> None:
        self.nodes = 0

    def walk(self, root: Any) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

        stack = [root]
        while stack:
            obj = stack.pop()
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise TooComplex(f"more than {MAX_NODES} entries")
            if isinstance(obj, NameObject):
                if str(obj) in ACTIVE_NAMES:
                    raise ActiveContent(str(obj))
            elif isinstance(obj, DictionaryObject):
                self._dictionary(obj)
                if isinstance(obj, StreamObject) and obj.get("/Type") == "/ObjStm":
                    _tripwire(obj.get_data(), _OBJSTM_TRIPWIRE, "object stream")
                stack.extend(obj.values())
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)

    def _dictionary(self, d: Any) -> None:
        for key in d:
            if str(key) in ACTIVE_KEYS:
                raise ActiveContent(f"{key} key")
        if d.get("/Type") == "/Action":
            _action(d, LINK_ACTIONS)
        if "/OpenAction" in d:
            _action(_resolve(d["/OpenAction"]), OPEN_ACTIONS)
        if "/A" in d:
            # The /A of a link or outline item is an action; a structure element's /A (tagged,
            # accessible PDFs) is its attributes, with no action type.
            link = _resolve(d["/A"])
            if hasattr(link, "get") and ("/S" in link or link.get("/Type") == "/Action"):
                _action(link, LINK_ACTIONS)
        if "/AA" in d:
            triggers = _resolve(d["/AA"])
            if not hasattr(triggers, "values"):
                raise ActiveContent("/AA that is not a dictionary")
            for value in triggers.values():
                _action(_resolve(value), OPEN_ACTIONS)


def _action(action: Any, allowed: frozenset[str], depth: int = 0) -> None:
    """One action (and the actions it chains with /Next) against what this place allows.

    An /OpenAction that is an array is a destination (open at this page): harmless."""
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > 32:
        raise TooComplex("a chain of actions")
    if isinstance(action, ArrayObject):
        if all(isinstance(_resolve(a), DictionaryObject) for a in action) and len(action):
            for item in action:  # /Next may be an array of actions
                _action(_resolve(item), allowed, depth + 1)
        return  # a destination
    if not isinstance(action, DictionaryObject):
        if action is None or str(action) == "null":
            return
        raise ActiveContent(f"an action of the form {type(action).__name__}")
    kind = str(action.get("/S", ""))
    if kind not in allowed:
        raise ActiveContent(f"action {kind or '(no type)'}")
    if kind == "/Named" and str(action.get("/N", "")) not in NAMED_STEPS:
        raise ActiveContent(f"named action {action.get('/N')}")
    if kind == "/URI":
        _uri(_resolve(action.get("/URI", "")))
    if "/Next" in action:
        _action(_resolve(action["/Next"]), allowed, depth + 1)


def _uri(value: Any) -> None:
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    text = "".join(ch for ch in text if ch > " ").strip()
    scheme, sep, _rest = text.partition(":")
    if not sep or scheme.lower() not in URI_SCHEMES:
        raise ActiveContent(f"URI with scheme {scheme[:20]!r}")
