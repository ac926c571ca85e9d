"""A throw-away PostgreSQL cluster for the fault and restore checks.

The checks stop a server with an immediate shutdown and restore into a fresh cluster; they must
never do that to a shared server, so each starts its own cluster in a temporary directory on a
free loopback port, with the machine's PostgreSQL binaries, and removes it afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def pg_bin(name: str) -> str:
    """A PostgreSQL server binary: `PG_BINDIR` if set, else the newest Debian version."""
    if bindir := os.environ.get("PG_BINDIR"):
        return str(Path(bindir) / name)
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return found[-1]
    if path := shutil.which(name):
        return path
    raise SystemExit(f"PostgreSQL binary {name!r} not found (set PG_BINDIR)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(argv: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: run them as the `postgres` account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


class Cluster:
    """One PostgreSQL cluster in `root`, listening on 127.0.0.1:`port` (trust, loopback only)."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.data = root / "data"

    @property
    def url_base(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def url(self, database: str) -> str:
        return f"{self.url_base}/{database}"

    def run(self, argv: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(_as_owner(argv), check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload]

    def initdb(self) -> None:
        self.run(
            [pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nfsync = on\n"
                "synchronous_commit = on\n"
            )

    def start(self) -> None:
        self.run(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )

    def stop(self, mode: str = "fast") -> None:
        self.run([pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def psql(self, database: str, sql: str) -> str:
        out = subprocess.run(
            [
                "psql",
                "-X",
                "-qAt",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-c",
                sql,
            ],
            check=True,
            text=True,
            capture_output=True,
        )
        return out.stdout.strip()

    def createdb(self, name: str) -> None:
        self.psql("postgres", f"CREATE DATABASE {name}")


@contextlib.contextmanager
def temporary_cluster(*, init: bool = True, start: bool = True) -> Iterator[Cluster]:
    """A fresh cluster, removed (server stopped, files deleted) when the block ends."""
    root = Path(tempfile.mkdtemp(prefix="weerstand-pg-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    cluster = Cluster(root, free_port())
    try:
        if init:
            cluster.initdb()
        if init and start:
            cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            if (cluster.data / "postmaster.pid").exists():
                cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def wait_until(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")
