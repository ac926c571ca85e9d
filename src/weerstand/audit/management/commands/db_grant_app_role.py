"""`weerstand db-grant-app-role ROLE`: least privilege for the role the application runs as."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


def audit_tables() -> set[str]:
    return {m._meta.db_table for m in apps.get_app_config("audit").get_models()}


def grant_statements(role: str) -> list[str]:
    """The GRANT/REVOKE statements for `role` on every table of the current schema."""
    q = connection.ops.quote_name
    protected = audit_tables()
    with connection.cursor() as cur:
        cur.execute("SELECT current_schema()")
        schema = q(cur.fetchone()[0])
        tables = sorted(connection.introspection.table_names(cur))
    statements = [f"GRANT USAGE ON SCHEMA {schema} TO {{role}}"]
    for table in tables:
        if table in protected:
            statements.append(f"REVOKE ALL ON {q(table)} FROM {{role}}")
            # Payloads may be deleted, but only by retention's erasure: the trigger refuses
            # every DELETE unless `weerstand.erasure` is on, and the verifier flags any
            # payload gone without an erasure record.
            grant = "SELECT, INSERT, DELETE" if table == "audit_auditpayload" else "SELECT, INSERT"
            statements.append(f"GRANT {grant} ON {q(table)} TO {{role}}")
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {q(table)} TO {{role}}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {{role}}")
    return [s.format(role=q(role)) for s in statements]


class Command(BaseCommand):
    help = (
        "PostgreSQL only. Grant the application's database role exactly what it needs: "
        "SELECT, INSERT, UPDATE, DELETE on every table except the audit tables, and only "
        "SELECT, INSERT on audit_auditrecord and audit_auditcheckpoint (so even with the "
        "append-only triggers disabled, the application cannot change or remove audit rows), "
        "SELECT, INSERT, DELETE on audit_auditpayload (DELETE only through retention's "
        "erasure, which the trigger enforces and the verifier checks), "
        "plus USAGE on the schema and its sequences. The role must already exist and must not "
        "own the tables: run migrations as the owner role, run Weerstand as ROLE, and run this "
        "command (as the owner) again after every migrate that adds tables. "
        "Example: weerstand db-grant-app-role weerstand_app"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="Existing PostgreSQL role the application connects as.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the statements without running them."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        if connection.vendor != "postgresql":
            raise CommandError("db-grant-app-role werkt alleen op PostgreSQL.")
        if not _ROLE_NAME.match(role):
            raise CommandError(f"Ongeldige rolnaam: {role!r}.")
        with connection.cursor() as cur:
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            row = cur.fetchone()
        if row is None:
            raise CommandError(f"Rol {role!r} bestaat niet; maak hem eerst aan (CREATE ROLE).")
        if row[0]:
            raise CommandError(f"Rol {role!r} is superuser; rechten beperken heeft dan geen zin.")
        with connection.cursor() as cur:
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE tableowner = %s AND tablename = ANY(%s)",
                [role, sorted(audit_tables())],
            )
            owned = [r[0] for r in cur.fetchall()]
        if owned:
            raise CommandError(
                f"Rol {role!r} is eigenaar van {', '.join(owned)} en kan de triggers uitschakelen; "
                "laat een andere rol eigenaar zijn."
            )
        statements = grant_statements(role)
        if options["dry_run"]:
            for sql in statements:
                self.stdout.write(f"{sql};")
            return
        with transaction.atomic(), connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        self.stdout.write(
            f"Rechten toegekend aan {role}: {len(statements)} opdrachten; "
            "audittabellen alleen SELECT, INSERT (payloads ook DELETE, alleen voor wissen "
            "door retentie)."
        )
