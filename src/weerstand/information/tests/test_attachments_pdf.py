"""Active PDFs are refused from the parsed document, whatever the spelling of their names or
the stream they hide in (issue 14, finding 2); plain PDFs with text and links still pass."""

from __future__ import annotations

import io

import pytest

from weerstand.information import attachments as files
from weerstand.information.attachments import PDF, Rejected
from weerstand.information.tests import pdf_builder as b

JS = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"
JS_ESCAPED = b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"


def _code(data: bytes) -> str:
    with pytest.raises(Rejected) as exc:
        files.inspect("bijlage.pdf", PDF, data)
    return exc.value.invalid_params[0].code


def _accepted(data: bytes) -> str:
    return files.inspect("bijlage.pdf", PDF, data).text


# Each case: the objects of a document with one kind of active content (object 6 and up hold
# the active part), and the objects to hide in a compressed object stream.
ACTIVE: dict[str, dict[int, bytes]] = {
    "open-action-javascript": {
        **b.base_objects(catalog_extra=b"/OpenAction 6 0 R "),
        6: JS,
    },
    "open-action-hex-escaped-names": {
        **b.base_objects(catalog_extra=b"/OpenAction 6 0 R "),
        6: JS_ESCAPED,
    },
    "open-action-escaped-inline": {
        **b.base_objects(
            catalog_extra=b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> "
        ),
    },
    "names-javascript-tree": {
        **b.base_objects(catalog_extra=b"/Names << /JavaScript 6 0 R >> "),
        6: b"<< /Names [(init) 7 0 R] >>",
        7: JS,
    },
    "annotation-link-javascript": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [50 50 200 80] /A 7 0 R >>",
        7: JS_ESCAPED,
    },
    "page-additional-action": {
        **b.base_objects(page_extra=b"/AA << /O 6 0 R >> "),
        6: b"<< /S /URI /URI (https://tracker.example/opened) >>",
    },
    "launch": {
        **b.base_objects(catalog_extra=b"/OpenAction 6 0 R "),
        6: b"<< /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>",
    },
    "launch-on-a-link": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /L#61unch /F (x.exe) >> >>",
    },
    "submit-form": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /SubmitForm /F << /FS /URL /F (https://x.example) >> >> >>",
    },
    "import-data": {
        **b.base_objects(catalog_extra=b"/OpenAction << /S /ImportData /F (data.fdf) >> "),
    },
    "remote-go-to": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /GoToR /F (\\\\\\\\host\\\\share\\\\x.pdf) /D [0 /Fit] >> >>",
    },
    "embedded-go-to": {
        **b.base_objects(catalog_extra=b"/OpenAction << /S /GoToE /T << /R /C /N (a) >> >> "),
    },
    "javascript-uri": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /URI /URI (javascript:app.alert\\(1\\)) >> >>",
    },
    "file-uri": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /URI /URI (file:///etc/passwd) >> >>",
    },
    "next-action-chain": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
        b"/A << /S /GoTo /D [3 0 R /Fit] /Next 7 0 R >> >>",
        7: JS_ESCAPED,
    },
    "acroform-xfa": {
        **b.base_objects(catalog_extra=b"/AcroForm << /Fields [] /XFA 6 0 R >> "),
        6: b.stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>"),
    },
    "acroform-field-script": {
        **b.base_objects(
            catalog_extra=b"/AcroForm << /Fields [6 0 R] >> ", page_extra=b"/Annots [6 0 R] "
        ),
        6: b"<< /FT /Tx /T (naam) /Type /Annot /Subtype /Widget /Rect [0 0 9 9] "
        b"/AA << /K 7 0 R >> >>",
        7: JS_ESCAPED,
    },
    "embedded-file": {
        **b.base_objects(catalog_extra=b"/Names << /EmbeddedFiles 6 0 R >> "),
        6: b"<< /Names [(rapport.exe) 7 0 R] >>",
        7: b"<< /Type /Filespec /F (rapport.exe) /EF << /F 8 0 R >> >>",
        8: b.stream(b"MZ not really a program", b"/Type /EmbeddedFile "),
    },
    "embedded-file-escaped": {
        **b.base_objects(catalog_extra=b"/Names << /Embedded#46iles 6 0 R >> "),
        6: b"<< /Names [(a.txt) 7 0 R] >>",
        7: b"<< /Type /Filespec /F (a.txt) /E#46 << /F 8 0 R >> >>",
        8: b.stream(b"hello", b"/Type /Embedded#46ile "),
    },
    "file-attachment-annotation": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 7 0 R >>",
        7: b"<< /Type /Filespec /F (a.txt) >>",
    },
    "rich-media": {
        **b.base_objects(page_extra=b"/Annots [6 0 R] "),
        6: b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>",
    },
}


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_content_is_refused(case: str) -> None:
    assert _code(b.build(ACTIVE[case])) == "active"


@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_content_in_a_compressed_object_stream_is_refused(case: str) -> None:
    objects = ACTIVE[case]
    hidden = tuple(n for n in objects if n == 1 or n >= 6) if len(objects) > 5 else (1,)
    # Stream objects cannot live in an object stream: those stay in the file body.
    hidden = tuple(n for n in hidden if b"stream" not in objects[n])
    data = b.build(objects, compressed=hidden)
    assert b"JavaScript" not in data and b"Launch" not in data  # a byte scan finds nothing
    assert _code(data) == "active"


def test_the_hex_escaped_open_action_passes_a_byte_scan_but_not_the_check() -> None:
    """The issue's example: `/S /J#61vaScript` in the raw bytes, `/JavaScript` once parsed."""
    data = b.build(ACTIVE["open-action-hex-escaped-names"])
    assert b"/JavaScript" not in data and b"/JS " not in data
    assert _code(data) == "active"


@pytest.mark.parametrize("compressed", [(), (1, 2, 3, 5, 6)])
def test_a_plain_pdf_with_text_and_links_passes(compressed: tuple[int, ...]) -> None:
    objects = {
        **b.base_objects(
            catalog_extra=b"/OpenAction [3 0 R /Fit] /Outlines 7 0 R ",
            page_extra=b"/Annots [6 0 R 8 0 R] ",
        ),
        6: b"<< /Type /Annot /Subtype /Link /Rect [50 50 200 80] /Border [0 0 0] "
        b"/A << /Type /Action /S /URI /URI (https://www.nctv.nl/) >> >>",
        7: b"<< /Type /Outlines /Count 0 >>",
        8: b"<< /Type /Annot /Subtype /Link /Rect [50 90 200 120] "
        b"/A << /S /GoTo /D [3 0 R /Fit] /Next << /S /Named /N /NextPage >> >> >>",
    }
    assert "Dreiging tegen betrokkene" in _accepted(b.build(objects, compressed=compressed))


def test_a_tagged_pdf_with_structure_attributes_passes() -> None:
    """A structure element's /A holds layout attributes, not an action."""
    objects = {
        **b.base_objects(catalog_extra=b"/MarkInfo << /Marked true >> /StructTreeRoot 6 0 R "),
        6: b"<< /Type /StructTreeRoot /K 7 0 R >>",
        7: b"<< /Type /StructElem /S /P /P 6 0 R /A << /O /Layout /Placement /Block >> >>",
    }
    assert "Dreiging" in _accepted(b.build(objects))


def test_a_plain_form_without_scripts_passes() -> None:
    objects = {
        **b.base_objects(
            catalog_extra=b"/AcroForm << /Fields [6 0 R] >> ", page_extra=b"/Annots [6 0 R] "
        ),
        6: b"<< /FT /Tx /T (naam) /V (Jansen) /Type /Annot /Subtype /Widget /Rect [0 0 9 9] >>",
    }
    assert "Dreiging" in _accepted(b.build(objects))


def test_a_reportlab_pdf_with_a_link_passes() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(50, 750, "Dreiging tegen betrokkene")
    c.linkURL("https://www.nctv.nl/", (50, 700, 200, 720))
    c.showPage()
    c.save()
    assert "Dreiging" in _accepted(buf.getvalue())


def test_a_pdf_with_a_broken_cross_reference_table_is_refused() -> None:
    """A viewer repairs such a file its own way and may see objects the check did not."""
    good = b.build(b.base_objects())
    broken = good.replace(b"/Type /Catalog", b"/Type /Catalog /Lang (nl-NL)")
    assert _code(broken) == "unreadable"


def test_an_object_stream_the_cross_reference_does_not_list_is_still_scanned() -> None:
    """The object stream is in the file, but the cross-reference data points to none of the
    objects in it: a viewer repairing the file might still find them."""
    objects = {**b.base_objects(), 6: JS_ESCAPED}
    data = b.build(objects, compressed=(6,), unlisted=(6,))
    assert b"JavaScript" not in data
    assert _code(data) == "active"


def test_a_pdf_beyond_the_walk_limit_is_refused_not_half_checked(monkeypatch) -> None:
    from weerstand.information import pdf_active

    monkeypatch.setattr(pdf_active, "MAX_OBJECTS", 3)
    assert _code(b.build(b.base_objects())) == "too-complex"


@pytest.mark.django_db
def test_stored_attachments_are_rechecked_without_changing_them() -> None:
    """Files stored while the byte scan was the check: the command finds the active one."""
    import base64

    from django.core.management import CommandError, call_command

    from weerstand import testing as t
    from weerstand.information.models import Attachment
    from weerstand.search.tests import builders as sb

    product = sb.product(title="Oud product")

    def stored(data: bytes, name: str) -> Attachment:
        return Attachment.objects.create(
            product=product,
            filename=name,
            content_type=PDF,
            size=len(data),
            sha256="0" * 64,
            content=base64.b64encode(data).decode("ascii"),
        )

    good = stored(b.build(b.base_objects()), "goed.pdf")
    bad = stored(b.build(ACTIVE["open-action-hex-escaped-names"]), "verklaring-jansen.pdf")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("attachments_recheck", stdout=out)
    report = out.getvalue()
    assert f"bijlage {bad.pk} bij product {product.pk}: active" in report
    assert f"bijlage {good.pk} " not in report and "jansen" not in report
    assert Attachment.objects.filter(pk__in=[good.pk, bad.pk]).count() == 2  # nothing removed
    record = t.last_audit(object_type="information.attachment")
    assert record.changes["refused"] == [
        {"attachment": bad.pk, "product": product.pk, "code": "active"}
    ]
    assert record.changes["checked"] >= 2
