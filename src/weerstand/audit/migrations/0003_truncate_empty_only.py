"""PostgreSQL: TRUNCATE of an audit table is refused only when it holds rows.

Truncating an empty table loses nothing, and allowing it lets the test runner's flush (one
TRUNCATE over all tables) work once a test has removed its own audit rows as a DBA would.
UPDATE, DELETE and TRUNCATE of a non-empty table stay refused for every role.
"""

from django.db import migrations

TABLES = ("audit_auditrecord", "audit_auditcheckpoint")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION weerstand_audit_no_truncate() RETURNS trigger AS $$
DECLARE
  has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
    INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION 'audit trail is append-only: TRUNCATE on % refused', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute(PG_FUNCTION)
        for t in TABLES:
            cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")
            cur.execute(
                f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
                "FOR EACH STATEMENT EXECUTE FUNCTION weerstand_audit_no_truncate()"
            )


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        for t in TABLES:
            cur.execute(f"DROP TRIGGER IF EXISTS {t}_no_truncate ON {t}")
            cur.execute(
                f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
                "FOR EACH STATEMENT EXECUTE FUNCTION weerstand_audit_append_only()"
            )
        cur.execute("DROP FUNCTION IF EXISTS weerstand_audit_no_truncate()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
