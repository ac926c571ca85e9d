"""Running a search for one user: need-to-know first, then matching, ranking, counting, facets.

Every query this module sends starts from `candidates(user)`: index entries whose object is in
`Model.objects.visible_to(user)` for its kind (a subquery per kind, in the same SQL statement).
Ranking, the total, every facet count and every snippet are computed from that set only, so
a hidden document cannot move a rank, a count or a facet, and its text is never decrypted
for the user. The query words are blinded exactly like the index (`search.text`), under every
configured key version, so a search keeps working while `search-reindex` runs after a key
rotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from weerstand.policy import engine as policy
from weerstand.policy.table import Action
from weerstand.search import index, text
from weerstand.search.models import FTS_TABLE, SearchDocument

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
RELIABILITY = tuple("ABCDEF")
CREDIBILITY = (1, 2, 3, 4, 5, 6)
FACETS = ("kind", "phenomenon", "originator", "reliability", "credibility")
_T = '"search_searchdocument"'


@dataclass
class Filters:
    """What the user asked for; validated by the form/serializer before it gets here."""

    q: str
    kind: str = ""
    phenomenon: str = ""
    originator: int | None = None  # organisation id
    reliability: str = ""
    credibility: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def summary(self) -> dict[str, str]:
        """For the audit record: the query and the filters that were set."""
        return {
            k: str(v)
            for k, v in (
                ("q", self.q),
                ("kind", self.kind),
                ("phenomenon", self.phenomenon),
                ("originator", self.originator),
                ("reliability", self.reliability),
                ("credibility", self.credibility),
                ("from", self.date_from),
                ("to", self.date_to),
            )
            if v not in ("", None)
        }


# --- the candidate set: need-to-know first ---------------------------------------------------


def visible_q(user: Any) -> Q:
    """Index entries whose object the user may view, one policy subquery per kind."""
    principal = policy.principal(user)  # raises without an authenticated user
    q = Q(pk__in=[])
    for kind, source in index.active_sources().items():
        # No shortcut on "has a view grant": a rule may admit rows through another grant
        # (a reporter sees their own signal). A rule that admits nothing compiles away.
        model = source.model
        assert model is not None
        ids = policy.scope(model._default_manager.all(), principal, Action.VIEW).values("pk")
        q |= Q(kind=kind, object_id__in=ids)
    return q


def candidates(user: Any) -> QuerySet:
    return SearchDocument.objects.filter(visible_q(user)).defer("vector")


def _filtered(qs: QuerySet, f: Filters) -> QuerySet:
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.phenomenon:
        qs = qs.filter(phenomenon=f.phenomenon)
    if f.originator is not None:
        qs = qs.filter(originator_id=f.originator)
    if f.reliability:
        qs = qs.filter(reliability=f.reliability)
    if f.credibility is not None:
        qs = qs.filter(credibility=f.credibility)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(date__gte=datetime.combine(f.date_from, time.min, tz))
    if f.date_to:
        qs = qs.filter(date__lt=datetime.combine(f.date_to + timedelta(days=1), time.min, tz))
    return qs


# --- matching and ranking ---------------------------------------------------------------------


def _token_groups(lexemes: list[str]) -> list[list[str]]:
    """The query's tokens under every configured index key (one AND-group per key)."""
    groups = []
    for version in text.key_versions():
        _, key = text.index_key(version)
        groups.append(text.blind_all(lexemes, key))
    return groups


def _pg_tsquery(groups: list[list[str]]) -> str:
    return " | ".join("(" + " & ".join(g) + ")" for g in groups)


def _fts_query(groups: list[list[str]]) -> str:
    return " OR ".join("(" + " AND ".join(g) + ")" for g in groups)


def matching(qs: QuerySet, lexemes: list[str]) -> QuerySet:
    """Entries of `qs` holding every query lexeme, with a `rank` (higher is better).

    The SQL below is constant (table names from this module); the blinded tokens are bound.
    """
    groups = _token_groups(lexemes)
    if connection.vendor == "postgresql":
        tsq = _pg_tsquery(groups)
        # Weights {D, C, B, A}: a title hit counts five times a body hit.
        match_sql = f'{_T}."vector" @@ %s::tsquery'
        rank_sql = f"ts_rank_cd('{{0.1, 0.2, 0.5, 1.0}}', {_T}.\"vector\", %s::tsquery)"
        param = tsq
    else:
        param = _fts_query(groups)
        match_sql = f'{_T}."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'  # noqa: S608
        rank_sql = (
            f"(SELECT -bm25({FTS_TABLE}, 10.0, 5.0, 2.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
            f'WHERE {FTS_TABLE} MATCH %s AND rowid = {_T}."id")'
        )
    match = RawSQL(match_sql, [param], output_field=BooleanField())  # noqa: S611
    rank = RawSQL(rank_sql, [param], output_field=FloatField())  # noqa: S611
    return qs.filter(match).annotate(rank=rank)


def valid_query(q: str) -> str | None:
    """A reason the query text is unusable, or None."""
    if not q.strip():
        return "empty"
    if len(q) > MAX_QUERY_LENGTH:
        return "too-long"
    if len(text.words(q)) > MAX_QUERY_WORDS:
        return "too-many-words"
    return None


def search(user: Any, f: Filters) -> tuple[QuerySet, list[str]]:
    """The ranked, need-to-know-restricted result set (lazy) and the query's lexemes.

    A query of only stop words matches nothing (it would otherwise match everything).
    """
    base = _filtered(candidates(user), f)
    lexemes = index.query_lexemes(f.q)[:MAX_QUERY_WORDS]
    if not lexemes:
        return base.none().annotate(rank=F("pk")), []
    ranked = matching(base, lexemes).order_by(
        F("rank").desc(), F("date").desc(nulls_last=True), "-pk"
    )
    return ranked, lexemes


# --- facets -----------------------------------------------------------------------------------


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


_FACET_COLUMNS = {
    "kind": "kind",
    "phenomenon": "phenomenon",
    "originator": "originator_id",
    "reliability": "reliability",
    "credibility": "credibility",
}


def facets(results: QuerySet) -> dict[str, list[FacetValue]]:
    """Counts per kind, phenomenon, originator and grading over the (visible) result set
    (one GROUP BY per facet; `run` does all of them in one statement on PostgreSQL)."""
    plain = results.order_by()
    raw: dict[str, list[tuple[str, int]]] = {}
    for name, column in _FACET_COLUMNS.items():
        rows = plain.values_list(column).annotate(n=Count("pk")).order_by(column)
        raw[name] = [(str(v), n) for v, n in rows if v not in (None, "")]
    return _labelled(raw)


def _labelled(raw: dict[str, list[tuple[str, int]]]) -> dict[str, list[FacetValue]]:
    from weerstand.cases.models import Phenomenon
    from weerstand.organisations.models import Organisation
    from weerstand.search.models import DocumentKind

    orgs = dict(
        Organisation.objects.filter(
            pk__in=[int(v) for v, _ in raw.get("originator", [])]
        ).values_list("pk", "name")
    )
    labels: dict[str, dict[str, str]] = {
        "kind": {k: str(v) for k, v in DocumentKind.choices},
        "phenomenon": {k: str(v) for k, v in Phenomenon.choices},
        "originator": {str(k): v for k, v in orgs.items()},
    }
    out: dict[str, list[FacetValue]] = {}
    for name in _FACET_COLUMNS:
        values = sorted(raw.get(name, []))
        out[name] = [FacetValue(v, labels.get(name, {}).get(v, v), n) for v, n in values]
    return out


@dataclass
class Outcome:
    """One page of a search: the entries shown, the total and the facets (all visible-only)."""

    docs: list[SearchDocument]
    total: int
    facets: dict[str, list[FacetValue]]
    lexemes: list[str]
    number: int
    size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


class PageOutOfRange(ValueError):
    """Asked for a page past the last one."""


_DOC_COLUMNS = (
    "id", "kind", "object_id", "phenomenon", "originator_id", "reliability", "credibility",
    "date", "rank",
)  # fmt: skip
# GROUPING(kind, phenomenon, originator_id, reliability, credibility): the set each row is of.
_GROUPING = {15: "kind", 23: "phenomenon", 27: "originator", 29: "reliability", 30: "credibility"}
_TOTAL = 31


def run(user: Any, f: Filters, *, number: int = 1, size: int = 20) -> Outcome:
    """Rank, count, facet and page a search in one go.

    PostgreSQL: ONE statement. The need-to-know-restricted, filtered, matched and ranked set
    is materialised once (a CTE); the page, the total and every facet count are read from it.
    Elsewhere: the same queries one by one, each starting from the same restricted set.
    """
    ranked, lexemes = search(user, f)
    if not lexemes:
        if number > 1:
            raise PageOutOfRange(number)
        return Outcome([], 0, _labelled({}), [], 1, size)
    if connection.vendor != "postgresql":
        total = ranked.count()
        outcome = Outcome([], total, {}, lexemes, number, size)
        if number > outcome.num_pages:
            raise PageOutOfRange(number)
        offset = (number - 1) * size
        outcome.docs = list(ranked[offset : offset + size])
        outcome.facets = facets(ranked) if total else _labelled({})
        return outcome
    try:
        inner, params = ranked.order_by().values_list(*_DOC_COLUMNS).query.sql_with_params()
    except EmptyResultSet:  # nothing visible at all (e.g. no searchable grant): no SQL to run
        if number > 1:
            raise PageOutOfRange(number) from None
        return Outcome([], 0, _labelled({}), lexemes, 1, size)
    columns = ", ".join(_DOC_COLUMNS)
    sql = (
        f"WITH hits ({columns}) AS MATERIALIZED ({inner}) "  # noqa: S608 - ORM-compiled SQL
        "(SELECT 0 AS part, id, kind, object_id, phenomenon, originator_id, reliability, "
        "credibility, date, rank, NULL::bigint AS n, 0 AS g FROM hits "
        "ORDER BY rank DESC, date DESC NULLS LAST, id DESC LIMIT %s OFFSET %s) "
        "UNION ALL "
        "(SELECT 1, NULL, kind, NULL, phenomenon, originator_id, reliability, credibility, "
        "NULL, NULL, count(*), "
        "GROUPING(kind, phenomenon, originator_id, reliability, credibility) FROM hits "
        "GROUP BY GROUPING SETS ((kind), (phenomenon), (originator_id), (reliability), "
        "(credibility), ()))"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [*params, size, (number - 1) * size])
        rows = cur.fetchall()
    docs: list[SearchDocument] = []
    raw: dict[str, list[tuple[str, int]]] = {name: [] for name in _FACET_COLUMNS}
    total = 0
    for part, pk, kind, object_id, phen, orig, rel, cred, date_, rank, n, g in rows:
        if part == 0:
            doc = SearchDocument(
                pk=pk, kind=kind, object_id=object_id, phenomenon=phen or "",
                originator_id=orig, reliability=rel or "", credibility=cred, date=date_,
            )  # fmt: skip
            doc.rank = rank
            docs.append(doc)
        elif g == _TOTAL:
            total = n
        elif g in _GROUPING:
            name = _GROUPING[g]
            value = {"kind": kind, "phenomenon": phen, "originator": orig}.get(
                name, rel if name == "reliability" else cred
            )
            if value not in (None, ""):
                raw[name].append((str(value), n))
    outcome = Outcome(
        docs, total, _labelled(raw) if total else _labelled({}), lexemes, number, size
    )
    if number > outcome.num_pages:
        raise PageOutOfRange(number)
    return outcome


# --- presenting hits --------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    object_id: int
    reference: str
    title: str
    url: str
    rank: float
    date: datetime | None
    grading: str = ""
    status: str = ""
    originator: str = ""
    snippet: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def snippet_text(self) -> str:
        return "".join(part for part, _ in self.snippet)


_URL_NAMES = {
    "case": ("cases:detail",),
    "product": ("information:product-detail", "information:detail"),
    "signal": ("signals:detail", "signals:signal-detail"),
}


def _url(kind: str, pk: int) -> str:
    for name in _URL_NAMES.get(kind, ()):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return ""


_WORD_SPAN = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")
SNIPPET_BEFORE, SNIPPET_AFTER = 8, 22


def snippet(texts: tuple[str, ...], lexemes: set[str]) -> list[tuple[str, bool]]:
    """A short passage around the first word that matches a query lexeme, as (text, is_hit)
    segments (the template escapes them). Summaries and bodies first, the title last."""
    for body in (*texts[1:], texts[0]):
        spans = [m for m in _WORD_SPAN.finditer(body)]
        hits = [i for i, m in enumerate(spans) if text.stem(m.group()) in lexemes]
        if not hits:
            continue
        first = hits[0]
        lo, hi = max(0, first - SNIPPET_BEFORE), min(len(spans), first + SNIPPET_AFTER)
        start, end = spans[lo].start(), spans[hi - 1].end()
        parts: list[tuple[str, bool]] = [("… ", False)] if lo > 0 else []
        cursor = start
        hit_set = set(hits)
        for i in range(lo, hi):
            m = spans[i]
            if i in hit_set:
                if m.start() > cursor:
                    parts.append((body[cursor : m.start()], False))
                parts.append((m.group(), True))
                cursor = m.end()
        if end > cursor:
            parts.append((body[cursor:end], False))
        if hi < len(spans):
            parts.append((" …", False))
        return [(p if hit else _SPACES.sub(" ", p), hit) for p, hit in parts if p]
    return []


def present(user: Any, docs: list[SearchDocument], lexemes: list[str]) -> list[Hit]:
    """Turn a page of index entries into hits, reading each object again through the policy
    (a change between the two queries can only remove a hit, never add one)."""
    sources = index.active_sources()
    by_kind: dict[str, list[int]] = {}
    for d in docs:
        by_kind.setdefault(d.kind, []).append(d.object_id)
    objects: dict[tuple[str, int], Any] = {}
    for kind, ids in by_kind.items():
        source = sources.get(kind)
        if source is None or source.model is None:
            continue
        qs = policy.scope(source.model._default_manager.all(), user, Action.VIEW)
        if kind == "product":
            qs = qs.select_related("originator")
        found = list(qs.filter(pk__in=ids))
        if source.prefetch is not None:
            source.prefetch(found)
        for row in found:
            objects[(kind, row.pk)] = row
    wanted = set(lexemes)
    hits = []
    for d in docs:
        obj = objects.get((d.kind, d.object_id))
        if obj is None:
            continue
        source = sources[d.kind]
        hits.append(_hit(d, obj, source.texts(obj), wanted))
    return hits


def _hit(d: SearchDocument, obj: Any, texts: tuple[str, ...], wanted: set[str]) -> Hit:
    reference = getattr(obj, "reference", "") or ""
    if d.kind == "case":
        title = obj.codename
    elif d.kind == "product":
        title = obj.title
    else:
        title = str(obj.get_kind_display()) if hasattr(obj, "get_kind_display") else ""
    status = ""
    if hasattr(obj, "get_status_display"):
        status = str(obj.get_status_display())
    elif hasattr(obj, "get_state_display"):
        status = str(obj.get_state_display())
    originator = ""
    if d.kind == "product" and getattr(obj, "originator", None) is not None:
        originator = obj.originator.name
    grading = f"{d.reliability}{d.credibility or ''}" if d.reliability else ""
    return Hit(
        kind=d.kind,
        object_id=d.object_id,
        reference=reference,
        title=title,
        url=_url(d.kind, d.object_id),
        rank=float(getattr(d, "rank", 0.0) or 0.0),
        date=d.date,
        grading=grading,
        status=status,
        originator=originator,
        snippet=snippet(texts, wanted),
    )


def audit_search(user: Any, f: Filters, hits: list[Hit], total: int, *, page: int) -> None:
    """One SEARCH record per search: what was asked and which objects were shown.

    The query text is recorded: oversight must be able to see what someone looked for
    (fishing for a name is the misuse to detect), and the audit trail is itself protected.
    Hidden documents are never named, not even as a count (`total` counts visible hits).
    """
    from weerstand.audit import services as audit
    from weerstand.audit.models import AuditAction

    shown: dict[str, list[int]] = {}
    for h in hits:
        shown.setdefault(h.kind, []).append(h.object_id)
    audit.record(
        AuditAction.SEARCH,
        object_type="search.searchdocument",
        object_repr=f"{len(hits)} zoekresultaten (pagina {page})",
        changes={"ids": shown, "filter": f.summary(), "total": total},
        actor=user,
    )
