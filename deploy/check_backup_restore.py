"""Backup and restore check: both ways of backing up restore to a database whose audit chain
verifies and whose content is the source's.

1. `pg_dump` (custom format) of the live database, restored with `pg_restore` into a fresh
   cluster;
2. a base backup with its WAL (`pg_basebackup -X stream`), started as a fresh cluster.

In each restored copy `audit-verify` must pass and the row counts of the case, person and audit
tables must equal the source's. Then one audit record in the dump's copy is altered behind the
application's back and `audit-verify` must fail: the check can see a broken restore.
Run: `make check-backup` (a few minutes). Exit code non-zero when a promise is broken.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgcluster import Cluster, pg_bin, temporary_cluster

TABLES = ("cases_case", "registry_person", "audit_auditrecord", "audit_auditcheckpoint")


def weerstand(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, "-m", "weerstand", *args], env=env, text=True, capture_output=True
    )
    if check and done.returncode != 0:
        raise SystemExit(f"weerstand {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def counts(pg: Cluster, database: str) -> dict[str, int]:
    return {t: int(pg.psql(database, f"SELECT count(*) FROM {t}")) for t in TABLES}


def verified(pg: Cluster, database: str, label: str, broken: list[str]) -> None:
    done = weerstand(pg.url(database), "audit-verify", check=False)
    print(f"{label}: audit-verify: {(done.stdout or done.stderr).strip()}")
    if done.returncode != 0:
        broken.append(f"{label}: audit-verify fails")


def main() -> int:
    broken: list[str] = []
    with temporary_cluster() as source:
        source.createdb("weerstand")
        url = source.url("weerstand")
        print(f"source cluster on port {source.port}: migrate and seed the demo world")
        weerstand(url, "migrate", "-v0")
        weerstand(url, "seed-demo", "--if-empty")
        weerstand(url, "run-jobs", "--once")  # escalations, checkpoints: more audited writes
        expected = counts(source, "weerstand")
        print("source:", expected)
        verified(source, "weerstand", "source", broken)

        # 1. pg_dump -> pg_restore into a fresh cluster.
        dump = source.root / "weerstand.dump"
        source.run(
            [
                pg_bin("pg_dump"),
                "-Fc",
                "-h",
                "127.0.0.1",
                "-p",
                str(source.port),
                "-U",
                "postgres",
                "-f",
                str(dump),
                "weerstand",
            ]
        )
        with temporary_cluster() as restored:
            restored.createdb("weerstand")
            restored.run(
                [
                    pg_bin("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(restored.port),
                    "-U",
                    "postgres",
                    "-d",
                    "weerstand",
                    str(dump),
                ]
            )
            got = counts(restored, "weerstand")
            print("pg_restore copy:", got)
            if got != expected:
                broken.append(f"pg_restore copy differs: {got} != {expected}")
            verified(restored, "weerstand", "pg_restore copy", broken)
            # The check must be able to fail: alter one record's content behind the app's back.
            restored.psql(
                "weerstand",
                "ALTER TABLE audit_auditrecord DISABLE TRIGGER ALL; "
                "UPDATE audit_auditrecord SET actor_name = actor_name || ' (gewijzigd)' "
                "WHERE seq = (SELECT seq FROM audit_auditrecord ORDER BY seq "
                "OFFSET (SELECT count(*) / 2 FROM audit_auditrecord) LIMIT 1); "
                "ALTER TABLE audit_auditrecord ENABLE TRIGGER ALL;",
            )
            tampered = weerstand(restored.url("weerstand"), "audit-verify", check=False)
            print("tampered copy: audit-verify:", (tampered.stdout or tampered.stderr).strip())
            if tampered.returncode == 0:
                broken.append("audit-verify does not notice an altered record in a restore")

        # 2. Base backup with streamed WAL, started as its own cluster.
        with temporary_cluster(init=False) as copy:
            copy.run(
                [
                    pg_bin("pg_basebackup"),
                    "-D",
                    str(copy.data),
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(source.port),
                    "-U",
                    "postgres",
                ]
            )
            with open(copy.data / "postgresql.conf", "a") as conf:
                conf.write(f"\nport = {copy.port}\nunix_socket_directories = '{copy.root}'\n")
            copy.start()
            got = counts(copy, "weerstand")
            print("base backup copy:", got)
            if got != expected:
                broken.append(f"base backup copy differs: {got} != {expected}")
            verified(copy, "weerstand", "base backup copy", broken)

    for problem in broken:
        print("BROKEN:", problem)
    print("backup and restore: " + ("FAILED" if broken else "every promise kept"))
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
