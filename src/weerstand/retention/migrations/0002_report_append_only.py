"""Make the signed destruction reports append-only in the database itself.

A report is the accountability for what the retention run destroyed; `DestructionReport.save`
and `.delete` already refuse a change, and these triggers refuse UPDATE and DELETE for every
role (the owner included), the way the audit trail's are (audit `0002_append_only`). On
PostgreSQL TRUNCATE of a table that holds rows is refused too (an empty one loses nothing and
lets the test runner's flush work), and UPDATE, DELETE and TRUNCATE are revoked from PUBLIC.
"""

from django.db import migrations

TABLES = ("retention_destructionreport",)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION weerstand_retention_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'destruction report is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PG_NO_TRUNCATE = """
CREATE OR REPLACE FUNCTION weerstand_retention_no_truncate() RETURNS trigger AS $$
DECLARE
  has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
    INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION 'destruction report is append-only: TRUNCATE on % refused', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute(PG_FUNCTION)
            cur.execute(PG_NO_TRUNCATE)
            for t in TABLES:
                cur.execute(
                    f"CREATE TRIGGER {t}_no_update_delete BEFORE UPDATE OR DELETE ON {t} "
                    "FOR EACH ROW EXECUTE FUNCTION weerstand_retention_append_only()"
                )
                cur.execute(
                    f"CREATE TRIGGER {t}_no_truncate BEFORE TRUNCATE ON {t} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION weerstand_retention_no_truncate()"
                )
                cur.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {t} FROM PUBLIC")
        elif conn.vendor == "sqlite":
            for t in TABLES:
                for op in ("UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER {t}_no_{op.lower()} BEFORE {op} ON {t} BEGIN "
                        f"SELECT RAISE(ABORT, 'destruction report is append-only: {op} refused'); "
                        "END"
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
        if conn.vendor == "postgresql":
            cur.execute("DROP FUNCTION IF EXISTS weerstand_retention_append_only()")
            cur.execute("DROP FUNCTION IF EXISTS weerstand_retention_no_truncate()")


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
