"""A private PostgreSQL 15 server for the HQ suite (DESIGN §10).

As a normal user, pytest-postgresql's `postgresql_proc` factory starts it from the installed
binaries. PostgreSQL refuses to run as root, and pytest-postgresql has no option to switch
user, so under root (CI containers, the build box) this module runs initdb / pg_ctl itself
through `runuser -u postgres`, in a temporary directory owned by that account, listening on
127.0.0.1 only with trust authentication. Either way a test gets its own fresh database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_CTL = PG_BIN / "pg_ctl"
SKIP_REASON = f"PostgreSQL 15 server binaries not installed ({PG_CTL} is missing)"


def available() -> bool:
    return PG_CTL.exists()


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    password: str | None = None

    def url(self, dbname: str) -> str:
        auth = self.user + (f":{self.password}" if self.password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"

    def create_database(self) -> str:
        import psycopg

        name = "hq_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RootPgServer:
    """initdb + pg_ctl as the `postgres` account (for when the tests run as root)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base = Path(tempfile.mkdtemp(prefix="hq-pg-"))
        self.data = self.base / "data"
        self.socket_dir = self.base / "sock"
        self.log = self.base / "postgres.log"

    def _as_postgres(self, *cmd: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True,
                       capture_output=True, timeout=120)

    def start(self) -> PgServer:
        shutil.chown(self.base, "postgres", "postgres")
        os.chmod(self.base, 0o700)
        self._as_postgres("mkdir", "-p", str(self.socket_dir))
        self._as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust",
                          "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=100")
        self._as_postgres(str(PG_CTL), "-D", str(self.data), "-o", options, "-l",
                          str(self.log), "-w", "-t", "60", "start")
        return PgServer(host="127.0.0.1", port=self.port, user="postgres")

    def stop(self) -> None:
        try:
            self._as_postgres(str(PG_CTL), "-D", str(self.data), "-m", "immediate", "-w",
                              "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
