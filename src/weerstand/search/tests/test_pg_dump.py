"""PostgreSQL: a pg_dump of an indexed database holds no word of an encrypted field."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from weerstand import testing as t
from weerstand.audit.tests.test_pg_dump import _pg_dump
from weerstand.search import engine
from weerstand.search.models import SearchDocument
from weerstand.search.tests import builders as b

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"),
]


def test_dump_of_the_index_holds_no_marker_word() -> None:
    tag = uuid.uuid4().hex[:10]
    marker = f"zoekmerk{tag}"  # one Dutch-looking word: stemmed, normalised, blinded
    analyst = t.user("analyst")
    case = t.case(analyst, team=(analyst,), state="assessment")
    product = b.product(
        title="Titel",
        summary=f"Samenvatting met {marker}woning",
        body=f"Het {marker} werd bedreigd.",
        cases=(case,),
        attachments=(("bijlage.txt", f"Bijlagetekst {marker}bijlage"),),
    )
    signal = b.signal(what=f"Gezien: {marker}signaal bij de deur", reporter=analyst)
    assert SearchDocument.objects.filter(kind="product", object_id=product.pk).exists()
    assert SearchDocument.objects.filter(kind="signal", object_id=signal.pk).exists()

    dump = _pg_dump()
    assert "search_searchdocument" in dump and "COPY public.search_searchdocument" in dump
    assert marker not in dump
    assert tag not in dump
    # ... and yet the index finds them (dumped first: the search's audit record names the query).
    for word, kind, pk in (
        (marker, "product", product.pk),
        (f"{marker}woning", "product", product.pk),
        (f"{marker}bijlage", "product", product.pk),
        (f"{marker}signaal", "signal", signal.pk),
    ):
        results, _ = engine.search(analyst, engine.Filters(q=word))
        assert [(d.kind, d.object_id) for d in results] == [(kind, pk)], word
