"""Hand-built PDFs for the attachment checks: exact bytes, a correct cross-reference table,
and optionally objects packed into a compressed object stream with a cross-reference stream
(PDF 1.5), which is how active content hides from a scan of the raw bytes."""

from __future__ import annotations

import zlib

TEXT_CONTENT = b"BT /F1 12 Tf 50 700 Td (Dreiging tegen betrokkene) Tj ET"


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(body), extra, body)


def base_objects(*, catalog_extra: bytes = b"", page_extra: bytes = b"") -> dict[int, bytes]:
    """A one-page document with text: 1 catalog, 2 pages, 3 page, 4 content, 5 font."""
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        4: _stream(TEXT_CONTENT),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }


def stream(body: bytes, extra: bytes = b"") -> bytes:
    """An uncompressed stream object (an embedded file, an XFA packet)."""
    return _stream(body, extra)


def build(
    objects: dict[int, bytes], *, compressed: tuple[int, ...] = (), unlisted: tuple[int, ...] = ()
) -> bytes:
    """A PDF of these numbered objects (object 1 is the catalog).

    Objects named in `compressed` go into one FlateDecode object stream, and the file then
    uses a cross-reference stream, so none of their bytes appear in the file as written.
    Compressed objects named in `unlisted` stay in the object stream, but the cross-reference
    stream does not point to them."""
    if not compressed:
        return _classic(objects)
    return _with_object_stream(objects, compressed, unlisted)


def _classic(objects: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref_at)
    return bytes(out)


def _with_object_stream(
    objects: dict[int, bytes], compressed: tuple[int, ...], unlisted: tuple[int, ...]
) -> bytes:
    packed = [n for n in sorted(objects) if n in compressed]
    loose = {n: body for n, body in objects.items() if n not in compressed}
    objstm_number = max(objects) + 1
    xref_number = objstm_number + 1
    # The object stream: "number offset" pairs, then the objects themselves.
    bodies = bytearray()
    header_parts = []
    for number in packed:
        header_parts.append(b"%d %d" % (number, len(bodies)))
        bodies += objects[number] + b"\n"
    header = b" ".join(header_parts) + b"\n"
    data = zlib.compress(header + bytes(bodies))
    loose[objstm_number] = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
        % (
            len(packed),
            len(header),
            len(data),
        )
        + b"\nstream\n"
        + data
        + b"\nendstream"
    )

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(loose):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, loose[number])
    offsets[xref_number] = len(out)
    size = xref_number + 1
    rows = bytearray()
    for number in range(size):
        if number in offsets:
            rows += bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif number in packed and number not in unlisted:
            index = packed.index(number)
            rows += bytes([2]) + objstm_number.to_bytes(4, "big") + index.to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    xref_data = zlib.compress(bytes(rows))
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode " % (
        xref_number,
        size,
    )
    out += b"/Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(xref_data), xref_data)
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)
