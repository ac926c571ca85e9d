"""Make the audit tables append-only in the database itself.

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) for every role, the owner
included; on PostgreSQL the privileges are also revoked from PUBLIC. `weerstand db-grant-app-role`
grants a separate application role only SELECT and INSERT on these tables.
"""

from django.db import migrations

TABLES = ("audit_auditrecord", "audit_auditcheckpoint")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION weerstand_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            for t in TABLES:
                cur.execute(
                    f"CREATE TRIGGER {t}_no_update_delete BEFORE UPDATE OR DELETE ON {t} "
                    "FOR EACH ROW EXECUTE FUNCTION weerstand_audit_append_only()"
                )
                cur.execute(
                    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION weerstand_audit_append_only()"
                )
                cur.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM PUBLIC")
        elif conn.vendor == "sqlite":
            for t in TABLES:
                for op in ("UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} "
                        f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: {op} refused'); END"
                    )


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        for t in TABLES:
            if conn.vendor == "postgresql":
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_update_delete ON {t}")
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")
            elif conn.vendor == "sqlite":
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_update")
                cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
