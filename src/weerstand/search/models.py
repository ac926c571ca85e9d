"""The search index: one row per searchable object, holding only blinded tokens and filters.

No plaintext of any indexed field is stored here (see `search.text`): on PostgreSQL the tokens
are a `tsvector` with positions and weights (GIN index, created in the migration), on SQLite
they live in the FTS5 table `search_fts` whose rowid is this row's id. The filter columns
(phenomenon, originator, grading, date) are copies of unprotected metadata of the object; who
may see the object is never stored here but asked of the policy at query time.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FTS_TABLE = "search_fts"


class DocumentKind(models.TextChoices):
    PRODUCT = "product", _("Dreigingsproduct")
    SIGNAL = "signal", _("Signaal")
    CASE = "case", _("Casus")


class BlindVectorField(models.Field):
    """`tsvector` on PostgreSQL; an unused text column elsewhere (SQLite keeps FTS5)."""

    description = "Blinded search tokens"

    def db_type(self, connection: Any) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_placeholder_sql(
        self, value: Any, compiler: Any, connection: Any
    ) -> tuple[str, tuple[Any, ...]]:
        # The value is a tsvector literal built in Python from blinded tokens.
        if hasattr(value, "as_sql"):
            sql, params = compiler.compile(value)
            return sql, tuple(params)
        return ("%s::tsvector" if connection.vendor == "postgresql" else "%s"), (value,)


class SearchDocument(models.Model):
    # Not a column: the engine sets it on the entries one search returns (higher is better).
    rank: float

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    object_id = models.BigIntegerField()
    phenomenon = models.CharField(max_length=32, blank=True, default="")
    originator = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reliability = models.CharField(max_length=1, blank=True, default="")
    credibility = models.PositiveSmallIntegerField(null=True, blank=True)
    date = models.DateTimeField(null=True, blank=True)
    key_version = models.PositiveSmallIntegerField()
    vector = BlindVectorField(null=True, blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_unique_object")
        ]
        indexes = [
            models.Index(fields=["date"], name="search_doc_date"),
            models.Index(fields=["key_version"], name="search_doc_key_version"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
