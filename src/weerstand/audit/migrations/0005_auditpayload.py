"""Erasable audit payloads (format 2): the chain commits to a salted digest of a record's
object_repr, changes and reason, which move to `audit_auditpayload`.

The payload table refuses UPDATE always and DELETE unless the erasure path is active
(`services.erase_payloads`): on PostgreSQL the transaction-local setting `weerstand.erasure`,
on SQLite a row in `audit_erasure_guard`. TRUNCATE of a non-empty payload table is refused
like that of the other audit tables. On SQLite adding the columns rebuilds the record table,
which drops its triggers, so they are created again here.
"""

import django.db.models.deletion
from django.db import migrations, models

PAYLOAD = "audit_auditpayload"
RECORD_TABLES = ("audit_auditrecord", "audit_auditcheckpoint")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION weerstand_audit_payload_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('weerstand.erasure', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit payload: % on % refused (only retention erasure may delete)',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            cur.execute(
                f"CREATE TRIGGER {PAYLOAD}_guard BEFORE UPDATE OR DELETE ON {PAYLOAD} "
                "FOR EACH ROW EXECUTE FUNCTION weerstand_audit_payload_guard()"
            )
            cur.execute(
                f"CREATE TRIGGER {PAYLOAD}_no_truncate BEFORE TRUNCATE ON {PAYLOAD} "
                "FOR EACH STATEMENT EXECUTE FUNCTION weerstand_audit_no_truncate()"
            )
            cur.execute(f"REVOKE UPDATE, TRUNCATE ON {PAYLOAD} FROM PUBLIC")
        elif conn.vendor == "sqlite":
            for t in RECORD_TABLES:
                for op in ("UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {t}_no_{op.lower()} BEFORE {op} ON {t} "
                        f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: {op} refused'); END"
                    )
            cur.execute("CREATE TABLE audit_erasure_guard (active integer NOT NULL)")
            cur.execute(
                f"CREATE TRIGGER {PAYLOAD}_no_update BEFORE UPDATE ON {PAYLOAD} "
                "BEGIN SELECT RAISE(ABORT, 'audit payload: UPDATE refused'); END"
            )
            cur.execute(
                f"CREATE TRIGGER {PAYLOAD}_no_delete BEFORE DELETE ON {PAYLOAD} "
                "WHEN NOT EXISTS (SELECT 1 FROM audit_erasure_guard) "
                "BEGIN SELECT RAISE(ABORT, 'audit payload: DELETE refused "
                "(only retention erasure may delete)'); END"
            )


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(f"DROP TRIGGER IF EXISTS {PAYLOAD}_guard ON {PAYLOAD}")
            cur.execute(f"DROP TRIGGER IF EXISTS {PAYLOAD}_no_truncate ON {PAYLOAD}")
            cur.execute("DROP FUNCTION IF EXISTS weerstand_audit_payload_guard()")
        elif conn.vendor == "sqlite":
            cur.execute(f"DROP TRIGGER IF EXISTS {PAYLOAD}_no_update")
            cur.execute(f"DROP TRIGGER IF EXISTS {PAYLOAD}_no_delete")
            cur.execute("DROP TABLE IF EXISTS audit_erasure_guard")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_probing")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="format",
            field=models.PositiveSmallIntegerField(db_default=1, default=1),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="payload_digest",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        migrations.CreateModel(
            name="AuditPayload",
            fields=[
                (
                    "record",
                    models.OneToOneField(
                        db_column="seq",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="payload",
                        serialize=False,
                        to="audit.auditrecord",
                        to_field="seq",
                    ),
                ),
                ("salt", models.CharField(max_length=64)),
                ("object_repr", models.CharField(blank=True, max_length=300)),
                ("changes", models.JSONField(blank=True, default=dict)),
                ("reason", models.TextField(blank=True)),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
