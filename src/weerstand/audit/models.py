"""The audit trail: append-only, hash-chained records anchored by signed checkpoints.

Actors and objects are stored as frozen text and plain ids (no foreign keys), so deleting a
user or an object can never cascade audit rows away. The database refuses UPDATE and DELETE
on both tables (triggers in the migrations; on PostgreSQL also revoked privileges).

Since format 2 a record's erasable part (object_repr, changes, reason) lives in
`AuditPayload`, and the chain commits to a salted digest of it. Retention can then erase that
payload (`services.erase_payloads`, the only DELETE the database allows on it) while the
record, the fact, and the chain stay. Read records through `AuditRecord.objects`: it joins
the payload back in, and shows an erased one as `ERASED`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    READ = "read", _("ingezien")
    LIST = "list", _("lijst ingezien")
    SEARCH = "search", _("gezocht")
    EXPORT = "export", _("geëxporteerd")
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    TRANSITION = "transition", _("statusovergang")
    DELETE = "delete", _("verwijderd")
    LOGIN = "login", _("aangemeld")
    LOGIN_FAILED = "login_failed", _("aanmelding mislukt")
    LOGOUT = "logout", _("afgemeld")
    LOCKED = "locked", _("account geblokkeerd")
    TOKEN = "token", _("API-token")
    BREAK_GLASS = "break_glass", _("noodtoegang")
    DENIED = "denied", _("geweigerd")
    # A read of an object the actor may not see (or that does not exist), and a refused
    # write: written by `policy.probing`, counted to spot someone feeling for hidden objects.
    DENIED_READ = "denied_read", _("inzage geweigerd")
    DENIED_WRITE = "denied_write", _("wijziging geweigerd")
    PROBE_ALERT = "probe_alert", _("aftasten gesignaleerd")
    ADMIN = "admin", _("beheer")
    KEY_ROTATION = "key_rotation", _("sleutelrotatie")


ERASED = "gewist (bewaartermijn)"
ERASABLE_FIELDS = ("object_repr", "changes", "reason")


class _WithPayload(ModelIterable):
    """Model instances with the payload's fields in place (the record's own are empty)."""

    def __iter__(self) -> Iterator[Any]:
        for rec in super().__iter__():
            if rec.format >= 2:
                rec.fill_payload()
            yield rec


class AuditRecordQuerySet(models.QuerySet):
    """Keyword filters on an erasable field (`reason=...`, `changes__has_key=...`) look in the
    record's own column (format 1) or in its payload (format 2)."""

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> Any:
        plain, either = {}, []
        for key, value in kwargs.items():
            if key.split("__", 1)[0] in ERASABLE_FIELDS:
                either.append(
                    Q(format=1, **{key: value}) | Q(format__gte=2, **{f"payload__{key}": value})
                )
            else:
                plain[key] = value
        return super()._filter_or_exclude(negate, (*args, *either), plain)  # type: ignore[misc]


class AuditRecordManager(models.Manager.from_queryset(AuditRecordQuerySet)):  # type: ignore[misc]
    """The one way to read records: format-2 instances get their payload joined in."""

    def get_queryset(self) -> models.QuerySet:
        qs = super().get_queryset().select_related("payload")
        qs._iterable_class = _WithPayload
        return qs


class AuditRecord(models.Model):
    seq = models.BigIntegerField(unique=True)
    created_at = models.DateTimeField()
    request_id = models.CharField(max_length=64)
    client_ip = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=16)
    actor_id = models.BigIntegerField(null=True)
    actor_name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    roles = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    case_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    result = models.CharField(max_length=16, default="ok")
    reason = models.TextField(blank=True)
    break_glass = models.BooleanField(default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # 1: the hash commits to the fields themselves; 2: to `payload_digest` (see chain.py).
    format = models.PositiveSmallIntegerField(default=1, db_default=1)
    payload_digest = models.CharField(max_length=64, blank=True, default="", db_default="")
    # Sharded chains (format 3): each shard is a chain of its own, linked through prev_hash
    # and numbered 1, 2, ... by shard_seq; `seq` stays unique and grows within a shard, but
    # has gaps across shards. Records from before sharding are shard 0 with shard_seq NULL:
    # their place in the chain is their seq (see `chain_seq`).
    shard = models.PositiveSmallIntegerField(default=0, db_default=0)
    shard_seq = models.BigIntegerField(null=True, blank=True)

    objects = AuditRecordManager()

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["shard", "shard_seq"], name="audit_shard_seq_unique")
        ]
        indexes = [
            # A shard's head (the append) and the verifier's walk of one shard.
            models.Index(fields=["shard", "seq"], name="audit_shard_seq"),
            models.Index(fields=["object_type", "object_id"]),
            # The probing detector counts one actor's refusals in a recent window on every
            # refusal; this keeps that count an index range scan, however long the trail.
            models.Index(
                fields=["actor_id", "action", "created_at"], name="audit_actor_action_time"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_name} {self.action} {self.object_type}:{self.object_id}"

    @property
    def chain_seq(self) -> int:
        """The record's place in its shard's chain."""
        return self.shard_seq if self.shard_seq is not None else self.seq

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        if self.format >= 2:
            self._state.fields_cache.pop("payload", None)
            self.fill_payload()

    @property
    def erased(self) -> bool:
        return getattr(self, "_erased", False)

    def fill_payload(self) -> None:
        """Put the payload's fields on this format-2 record, or `ERASED` when it is gone."""
        try:
            payload = self.payload
        except AuditPayload.DoesNotExist:
            payload = None
        if payload is None:
            self._erased = True
            self.object_repr, self.changes, self.reason = ERASED, {}, ERASED
        else:
            self.object_repr = payload.object_repr
            self.changes = payload.changes
            self.reason = payload.reason


class AuditPayload(models.Model):
    """The erasable part of a format-2 record, with the salt of its digest.

    The database refuses UPDATE; DELETE only inside `services.erase_payloads`, which first
    writes the erasure as a record of its own. Without a foreign-key constraint, like the
    records themselves.
    """

    record = models.OneToOneField(
        AuditRecord,
        to_field="seq",
        db_column="seq",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="payload",
    )
    salt = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"payload #{self.record_id}"


class AuditCheckpoint(models.Model):
    """A signed statement about the heads of the chain (Ed25519).

    Format 1 (before sharding): 'the chain up to seq N ends in hash H'. Format 2: 'up to seq
    N, shard i ends at shard_seq n_i with hash h_i, for every shard' (`heads`, see
    `chain.heads_text`); `record_hash` is then the digest of `heads`.
    """

    seq = models.BigIntegerField(unique=True)
    record_hash = models.CharField(max_length=64)
    heads = models.TextField(blank=True, default="", db_default="")
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint @{self.seq}"
