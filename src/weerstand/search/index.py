"""Keeping the search index in step with the objects: `update(obj)`, `remove(obj)`, `rebuild()`.

Each searchable kind is a `Source`: which model, which texts at which weight, which filter
metadata. Sources of apps that are not installed (or not built yet) are skipped, so a new kind
plugs in by adding one entry to `SOURCES`.

Indexing runs inside the caller's transaction (a rolled-back change leaves no index entry)
and is triggered without touching the owners' code: Django signals on the models, plus the
audit trail (every domain service writes an audit record in the same transaction as its
change, also when it changes rows with a queryset `.update()`, which sends no signal).
The objects are read with the base manager: this is system work, not a user's read, and
nothing read here leaves the database except as blinded tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from weerstand.search import text
from weerstand.search.models import FTS_TABLE, DocumentKind, SearchDocument

WEIGHTS = ("A", "B", "C", "D")  # titles, summaries, bodies, attachments
MAX_POSITION = 16383  # PostgreSQL's limit for tsvector positions
MAX_POSITIONS_PER_LEXEME = 256  # and for positions per lexeme
BATCH = 500


# --- what is indexed, per kind ---------------------------------------------------------------


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


def _aware(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time(12)))
    return None


def _case_texts(case: Any) -> tuple[str, str, str, str]:
    # Only the case's own fields: the protectee's name is a person field with its own rule,
    # so finding a case by it would tell who is protected to users who may not know.
    return (_join(case.reference, case.codename), case.summary or "", "", "")


def _case_meta(case: Any) -> dict[str, Any]:
    return {"phenomenon": case.phenomenon or "", "date": case.referred_at}


def _filename_words(name: str) -> str:
    """ "tapverslag-kentekens.txt" as words: PostgreSQL's parser keeps a file name whole."""
    return re.sub(r"[\W_]+", " ", name).strip()


def _attachment_texts(product_ids: list[int]) -> dict[int, list[str]]:
    """Attachment texts per product, for a whole batch in one query."""
    attachment = apps.get_model("information", "Attachment")
    out: dict[int, list[str]] = {}
    rows = (
        attachment._base_manager.filter(product__in=product_ids)
        .order_by("pk")
        .only("product_id", "filename", "extracted_text")
    )
    for a in rows:
        out.setdefault(a.product_id, []).append(
            _join(_filename_words(a.filename), a.extracted_text or "")
        )
    return out


def _product_prefetch(products: list[Any]) -> None:
    texts = _attachment_texts([p.pk for p in products])
    for p in products:
        p._search_attachments = texts.get(p.pk, [])


def _product_texts(product: Any) -> tuple[str, str, str, str]:
    attachments = getattr(product, "_search_attachments", None)
    if attachments is None:
        attachments = _attachment_texts([product.pk]).get(product.pk, [])
    return (
        _join(product.reference, product.title),
        product.summary or "",
        getattr(product, "body", "") or "",
        _join(*attachments),
    )


def _product_meta(product: Any) -> dict[str, Any]:
    return {
        "phenomenon": getattr(product, "phenomenon", "") or "",
        "originator_id": product.originator_id,
        "reliability": product.reliability or "",
        "credibility": product.credibility,
        "date": _aware(product.received_at) or _aware(getattr(product, "valid_from", None)),
    }


def _signal_texts(signal: Any) -> tuple[str, str, str, str]:
    # Reporter, case link and triage notes are left out: who reported is not for every reader.
    return (
        signal.reference or "",
        getattr(signal, "subject", "") or "",
        _join(signal.what, getattr(signal, "noticed_by", "")),
        "",
    )


def _signal_meta(signal: Any) -> dict[str, Any]:
    return {
        "reliability": signal.reliability or "",
        "credibility": signal.credibility,
        "date": _aware(signal.happened_at) or _aware(signal.created_at),
    }


@dataclass(frozen=True)
class Source:
    kind: str
    model_label: str  # "app_label.ModelName"
    resource: str  # the policy resource whose visible_to() decides who may find it
    texts: Callable[[Any], tuple[str, str, str, str]]  # one text per weight A-D
    meta: Callable[[Any], dict[str, Any]]
    related: tuple[str, ...] = ()  # "app.Model:fk" whose changes re-index the parent
    prefetch: Callable[[list[Any]], None] | None = None  # batch reads before texts()

    @property
    def model(self) -> type[models.Model] | None:
        try:
            return apps.get_model(self.model_label)
        except LookupError:
            return None


SOURCES: dict[str, Source] = {
    DocumentKind.PRODUCT: Source(
        DocumentKind.PRODUCT,
        "information.ThreatProduct",
        "threat_product",
        _product_texts,
        _product_meta,
        related=("information.Attachment:product",),
        prefetch=_product_prefetch,
    ),
    DocumentKind.SIGNAL: Source(
        DocumentKind.SIGNAL, "signals.Signal", "signal", _signal_texts, _signal_meta
    ),
    DocumentKind.CASE: Source(DocumentKind.CASE, "cases.Case", "case", _case_texts, _case_meta),
}


def active_sources() -> dict[str, Source]:
    """The kinds whose model exists in this installation."""
    return {kind: s for kind, s in SOURCES.items() if s.model is not None}


def source_for(model: type[models.Model]) -> Source | None:
    label = model._meta.label_lower
    return next((s for s in SOURCES.values() if s.model_label.lower() == label), None)


# --- lexemes and tokens ----------------------------------------------------------------------


def lexemes_many(texts: list[str]) -> list[list[tuple[str, int]]]:
    """Normalised (lexeme, position) lists: PostgreSQL's Dutch configuration there, the same
    Snowball algorithm in Python elsewhere."""
    if connection.vendor == "postgresql":
        out: list[list[tuple[str, int]]] = []
        with connection.cursor() as cur:
            for start in range(0, len(texts), 2000):
                out += text.pg_lexemes_many(cur, texts[start : start + 2000])
        return out
    return [text.python_lexemes(t) for t in texts]


def query_lexemes(query: str) -> list[str]:
    """The distinct normalised lexemes of a query, in order (stop words dropped)."""
    seen: dict[str, None] = {}
    for lexeme, _ in sorted(lexemes_many([query])[0], key=lambda lp: lp[1]):
        seen.setdefault(lexeme, None)
    return list(seen)


@dataclass
class Blinded:
    """The stored form of one document: a tsvector literal or four FTS5 column texts."""

    vector: str
    columns: tuple[str, str, str, str]


def blind_document(
    per_weight: list[list[tuple[str, int]]], key: bytes, tokens: dict[str, str] | None = None
) -> Blinded:
    """`tokens`: lexeme -> blinded token already computed under `key` (shared by a batch, so
    each distinct lexeme costs one HMAC per batch instead of one per occurrence)."""
    if tokens is None:
        tokens = {}
    positions: dict[str, list[str]] = {}
    columns: list[str] = []
    offset = 0
    for weight, lexemes in zip(WEIGHTS, per_weight, strict=True):
        column = []
        last = 0
        for lexeme, position in lexemes:
            token = tokens.get(lexeme)
            if token is None:
                token = tokens[lexeme] = text.blind(lexeme, key)
            column.append(token)
            if position > last:
                last = position
            slot = positions.get(token)
            if slot is None:
                slot = positions[token] = []
            if len(slot) < MAX_POSITIONS_PER_LEXEME:
                pos = offset + position
                slot.append(f"{pos if pos < MAX_POSITION else MAX_POSITION}{weight}")
        columns.append(" ".join(column))
        offset += last
    vector = " ".join(f"'{tok}':{','.join(pos)}" for tok, pos in sorted(positions.items()))
    return Blinded(vector, (columns[0], columns[1], columns[2], columns[3]))


# --- writing ---------------------------------------------------------------------------------


def _documents(
    source: Source, objs: list[Any], key_version: int, key: bytes, tokens: dict[str, str]
) -> list[tuple[SearchDocument, Blinded]]:
    texts: list[str] = []
    if source.prefetch is not None:
        source.prefetch(objs)
    for obj in objs:
        texts.extend(source.texts(obj))
    lexemes = lexemes_many(texts)
    postgres = connection.vendor == "postgresql"
    now = timezone.now()
    out = []
    for i, obj in enumerate(objs):
        blinded = blind_document(lexemes[4 * i : 4 * i + 4], key, tokens)
        meta = source.meta(obj)
        doc = SearchDocument(
            kind=source.kind,
            object_id=obj.pk,
            phenomenon=meta.get("phenomenon", "") or "",
            originator_id=meta.get("originator_id"),
            reliability=meta.get("reliability", "") or "",
            credibility=meta.get("credibility"),
            date=meta.get("date"),
            key_version=key_version,
            vector=blinded.vector if postgres else None,
            indexed_at=now,
        )
        out.append((doc, blinded))
    return out


# Every column an entry's re-indexing rewrites (all but its identity).
_REWRITTEN = (
    "phenomenon", "originator", "reliability", "credibility", "date", "key_version", "vector",
    "indexed_at",
)  # fmt: skip


def _store(source: Source, docs: list[tuple[SearchDocument, Blinded]]) -> None:
    if not docs:
        return
    if connection.vendor == "postgresql":
        # One statement per batch: new entries are inserted, existing ones rewritten in place
        # (INSERT ... ON CONFLICT (kind, object_id) DO UPDATE), no read-then-delete first.
        SearchDocument.objects.bulk_create(
            [d for d, _ in docs],
            update_conflicts=True,
            unique_fields=("kind", "object_id"),
            update_fields=_REWRITTEN,
        )
        return
    ids = [d.object_id for d, _ in docs]
    with transaction.atomic():
        old = list(
            SearchDocument.objects.filter(kind=source.kind, object_id__in=ids).values_list(
                "pk", flat=True
            )
        )
        _delete_fts(old)
        SearchDocument.objects.filter(pk__in=old).delete()
        created = SearchDocument.objects.bulk_create([d for d, _ in docs])
        if connection.vendor == "sqlite":
            # Rows left by a flush that reset the id sequence (tests) must not stay attached.
            _delete_fts([doc.pk for doc in created])
            with connection.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, a, b, c, d) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                    [(doc.pk, *b.columns) for doc, (_, b) in zip(created, docs, strict=True)],
                )


def _delete_fts(pks: list[int]) -> None:
    if connection.vendor != "sqlite" or not pks:
        return
    with connection.cursor() as cur:
        cur.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk in pks])  # noqa: S608


def index_objects(source: Source, objs: Iterable[Any]) -> int:
    """(Re)index objects of one kind in batches; returns how many were indexed."""
    version, key = text.index_key()
    tokens: dict[str, str] = {}  # lexeme -> token under `key`, for this run only
    n = 0
    batch: list[Any] = []
    for obj in objs:
        batch.append(obj)
        if len(batch) >= BATCH:
            _store(source, _documents(source, batch, version, key, tokens))
            n += len(batch)
            batch = []
    if batch:
        _store(source, _documents(source, batch, version, key, tokens))
        n += len(batch)
    return n


_SUSPENDED: ContextVar[bool] = ContextVar("search_index_suspended", default=False)


@contextmanager
def suspended() -> Iterator[None]:
    """Skip per-object index updates for a bulk load that ends with `rebuild()` (the demo
    seed): indexing each write of the load would be thrown away by the rebuild anyway."""
    token = _SUSPENDED.set(True)
    try:
        yield
    finally:
        _SUSPENDED.reset(token)


def update(obj: models.Model) -> None:
    """Index one object (or, for an attachment, its product) after a change."""
    if _SUSPENDED.get():
        return
    model = type(obj)
    source = source_for(model)
    if source is None:
        parent = _parent_of(obj)
        if parent is not None:
            update(parent)
        return
    fresh = model._base_manager.filter(pk=obj.pk).first()
    if fresh is None:
        remove(obj)
        return
    index_objects(source, [fresh])


def remove(obj: models.Model) -> None:
    """Drop an object's entry (after a delete); for an attachment, re-index its product."""
    if _SUSPENDED.get():
        return
    source = source_for(type(obj))
    if source is None:
        parent = _parent_of(obj)
        if parent is not None:
            update(parent)
        return
    remove_ids(source.kind, [obj.pk])


def remove_ids(kind: str, object_ids: list[int]) -> None:
    with transaction.atomic():
        pks = list(
            SearchDocument.objects.filter(kind=kind, object_id__in=object_ids).values_list(
                "pk", flat=True
            )
        )
        _delete_fts(pks)
        SearchDocument.objects.filter(pk__in=pks).delete()


def _parent_of(obj: models.Model) -> models.Model | None:
    label = obj._meta.label
    for source in SOURCES.values():
        for rel in source.related:
            rel_label, fk = rel.split(":")
            if rel_label.lower() == label.lower():
                parent_id = getattr(obj, f"{fk}_id", None)
                model = source.model
                if parent_id is not None and model is not None:
                    return model._base_manager.filter(pk=parent_id).first()
    return None


def rebuild(kinds: Iterable[str] | None = None, *, stale_only: bool = False) -> dict[str, int]:
    """Re-index every object of the given kinds (all by default); entries of objects that no
    longer exist are dropped. `stale_only`: only entries under an older index key."""
    counts: dict[str, int] = {}
    sources = active_sources()
    current = text.index_key()[0]
    for kind in kinds or list(sources):
        source = sources.get(kind)
        if source is None:
            continue
        model = source.model
        assert model is not None
        qs = model._base_manager.order_by("pk")
        if stale_only:
            stale = SearchDocument.objects.filter(kind=kind).exclude(key_version=current)
            qs = qs.filter(pk__in=list(stale.values_list("object_id", flat=True)))
        counts[kind] = index_objects(source, qs.iterator(chunk_size=BATCH))
        existing = set(model._base_manager.values_list("pk", flat=True))
        gone = (
            set(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
            - existing
        )
        if gone:
            remove_ids(kind, sorted(gone))
    for kind in set(SearchDocument.objects.values_list("kind", flat=True)) - set(sources):
        remove_ids(
            kind, list(SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
        )
    return counts


# --- hooks (registered in SearchConfig.ready) -------------------------------------------------

WRITE_ACTIONS = frozenset({"create", "update", "transition", "delete"})


def _on_save(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any
) -> None:
    if not raw:
        update(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    remove(instance)


def _on_audit(sender: Any, instance: Any, created: bool = False, **_: Any) -> None:
    """A domain service's audit record of a write names the object it changed."""
    if not created or instance.action not in WRITE_ACTIONS or not instance.object_id:
        return
    for source in SOURCES.values():
        targets = [source.model_label] + [r.split(":")[0] for r in source.related]
        if instance.object_type in {t.lower() for t in targets}:
            model = apps.get_model(instance.object_type)
            try:
                pk = int(instance.object_id)
            except ValueError:
                return
            obj = model._base_manager.filter(pk=pk).first()
            if obj is not None:
                update(obj)
            elif source.model_label.lower() == instance.object_type:
                remove_ids(source.kind, [pk])
            return


def connect() -> list[str]:
    """Connect the hooks for every model that exists; returns the labels connected."""
    from django.db.models.signals import post_delete, post_save

    from weerstand.audit.models import AuditRecord

    connected = []
    for source in SOURCES.values():
        for label in [source.model_label] + [r.split(":")[0] for r in source.related]:
            try:
                model = apps.get_model(label)
            except LookupError:
                continue
            post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search-delete-{label}")
            connected.append(label)
    post_save.connect(_on_audit, sender=AuditRecord, dispatch_uid="search-audit")
    return connected
