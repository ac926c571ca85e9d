"""The audit trail: append-only, hash-chained records anchored by signed checkpoints.

Actors and objects are stored as frozen text and plain ids (no foreign keys), so deleting a
user or an object can never cascade audit rows away. The database refuses UPDATE and DELETE
on both tables (triggers in the migrations; on PostgreSQL also revoked privileges).
"""

from __future__ import annotations

from django.db import models
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

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The probing detector counts one actor's refusals in a recent window on every
            # refusal; this keeps that count an index range scan, however long the trail.
            models.Index(
                fields=["actor_id", "action", "created_at"], name="audit_actor_action_time"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_name} {self.action} {self.object_type}:{self.object_id}"


class AuditCheckpoint(models.Model):
    """A signed statement 'the chain up to seq N ends in hash H' (Ed25519)."""

    seq = models.BigIntegerField(unique=True)
    record_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint @{self.seq}"
