"""Sharded audit chains (issue 19): appends no longer queue behind one lock.

Records gain `shard` and `shard_seq`; existing records become shard 0 as they are (no row is
rewritten: an append-only table stays untouched, and their NULL shard_seq means 'equal to
seq'), so every existing hash and checkpoint stays valid. Checkpoints gain `heads`, the heads
of all shards they sign.

PostgreSQL: the global seq comes from a sequence (gaps are normal: a rolled-back append uses a
number), and `weerstand_audit_claim` locks a free shard and reads its head in one round trip.
SQLite: adding the columns rebuilds the tables, which drops their triggers; they are created
again here.
"""

from django.db import migrations, models

RECORD_TABLES = ("audit_auditrecord", "audit_auditcheckpoint")

PG_CLAIM = """
CREATE OR REPLACE FUNCTION weerstand_audit_claim(shards int[], lock_class int)
RETURNS TABLE(o_shard int, o_shard_seq bigint, o_hash varchar, o_seq bigint) AS $$
DECLARE
  s int;
BEGIN
  o_shard := NULL;
  FOREACH s IN ARRAY shards LOOP
    IF pg_try_advisory_xact_lock(lock_class, s) THEN
      o_shard := s;
      EXIT;
    END IF;
  END LOOP;
  IF o_shard IS NULL THEN
    o_shard := shards[1];
    PERFORM pg_advisory_xact_lock(lock_class, o_shard);
  END IF;
  -- A new statement, so a new snapshot: it sees the head committed before the lock was ours.
  SELECT COALESCE(r.shard_seq, r.seq), r.hash INTO o_shard_seq, o_hash
    FROM audit_auditrecord r WHERE r.shard = o_shard ORDER BY r.seq DESC LIMIT 1;
  o_seq := nextval('audit_auditrecord_seq');
  RETURN NEXT;
END;
$$ LANGUAGE plpgsql VOLATILE;
"""


def forwards(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute("CREATE SEQUENCE IF NOT EXISTS audit_auditrecord_seq")
            cur.execute(
                "SELECT setval('audit_auditrecord_seq', COALESCE(max(seq), 0) + 1, false) "
                "FROM audit_auditrecord"
            )
            cur.execute(PG_CLAIM)
        elif conn.vendor == "sqlite":
            for t in RECORD_TABLES:
                for op in ("UPDATE", "DELETE"):
                    cur.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {t}_no_{op.lower()} BEFORE {op} ON {t} "
                        f"BEGIN SELECT RAISE(ABORT, 'audit trail is append-only: {op} refused'); END"
                    )


def backwards(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor == "postgresql":
        with conn.cursor() as cur:
            cur.execute("DROP FUNCTION IF EXISTS weerstand_audit_claim(int[], int)")
            cur.execute("DROP SEQUENCE IF EXISTS audit_auditrecord_seq")


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_auditpayload")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="shard",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="auditrecord",
            name="shard_seq",
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="auditcheckpoint",
            name="heads",
            field=models.TextField(blank=True, db_default="", default=""),
        ),
        migrations.AddConstraint(
            model_name="auditrecord",
            constraint=models.UniqueConstraint(
                fields=("shard", "shard_seq"), name="audit_shard_seq_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="auditrecord",
            index=models.Index(fields=["shard", "seq"], name="audit_shard_seq"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
