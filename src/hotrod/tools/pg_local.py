"""A real PostgreSQL 15 on a loopback port, for tests and local development.

``LocalPostgres(port).start()`` creates a data directory (``initdb``) the first
time, starts the server listening on 127.0.0.1 only (its Unix socket inside
the data directory), waits until it accepts connections, and bootstraps what
the ``pg`` target expects: the ETL login role ``hotrod_etl`` (not a superuser;
``CREATEROLE`` so that ``dbt run-operation create_test_roles`` works) owning the
database ``hotrod``. When the server binaries are missing they are installed
with ``apt-get`` (Debian package ``postgresql-15``). ``initdb`` and
``postgres`` refuse to run as root, so as root they run as the ``postgres``
system user.

The command line is ``scripts/pg_local start|stop|status|env|destroy``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from hotrod.tools import system_packages

PG_MAJOR = 15
DEFAULT_PORT = 54329
DEFAULT_DATA_DIR = Path(os.environ.get("HOTROD_PG_DATA", "/tmp/hotrod_pg"))
ETL_USER = "hotrod_etl"
ETL_PASSWORD = "hotrod_etl"
DATABASE = "hotrod"
SERVICE_USER = "postgres"

# Settings for a throwaway server: durability traded for speed, UTC clock.
DEFAULT_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "timezone": "UTC",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "512MB",
    "work_mem": "64MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "4GB",
    "max_connections": "50",
    "jit": "off",
}


class PostgresError(Exception):
    """The local server could not be installed, initialised or started."""


def bin_dir() -> Path:
    return Path(os.environ.get("HOTROD_PG_BIN", f"/usr/lib/postgresql/{PG_MAJOR}/bin"))


def ensure_installed() -> Path:
    """Return the server binary directory, installing PostgreSQL with apt-get when it is missing."""
    directory = bin_dir()
    if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
        return directory
    try:
        system_packages.apt_install(f"postgresql-{PG_MAJOR}")
    except system_packages.PackageError as exc:
        raise PostgresError(f"PostgreSQL {PG_MAJOR} server binaries not found in {directory}: {exc}") from exc
    if not (directory / "initdb").exists():
        raise PostgresError(f"apt-get installed postgresql-{PG_MAJOR} but {directory}/initdb is still missing")
    return directory


@dataclass
class LocalPostgres:
    port: int = DEFAULT_PORT
    data_dir: Path | None = None
    settings: dict = field(default_factory=dict)

    def __post_init__(self):
        self.data_dir = Path(self.data_dir) if self.data_dir else DEFAULT_DATA_DIR / str(self.port)
        self.settings = {**DEFAULT_SETTINGS, **self.settings}

    # -- paths -------------------------------------------------------------
    @property
    def pgdata(self) -> Path:
        return self.data_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.data_dir / "socket"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "server.log"

    # -- process control ---------------------------------------------------
    def _as_service_user(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVICE_USER, "--"] + command
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise PostgresError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
        return result

    def _ensure_service_user(self) -> None:
        if os.geteuid() != 0:
            return
        if subprocess.run(["id", "-u", SERVICE_USER], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "--system", "--no-create-home", SERVICE_USER], check=True)

    def _chown(self) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", f"{SERVICE_USER}:", str(self.data_dir)], check=True)

    def initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def is_running(self) -> bool:
        bins = bin_dir()
        if not (bins / "pg_isready").exists():
            return False
        result = subprocess.run(
            [str(bins / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)], capture_output=True
        )
        return result.returncode == 0

    def start(self, timeout_s: float = 60.0) -> "LocalPostgres":
        """Install if needed, initialise if needed, start if not running, bootstrap the role and database."""
        bins = ensure_installed()
        self._ensure_service_user()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._chown()
        if not self.initialised():
            self._as_service_user([
                str(bins / "initdb"), "-D", str(self.pgdata), "-U", SERVICE_USER, "-A", "trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ])
            hba = self.pgdata / "pg_hba.conf"
            # Local socket: trust (for the bootstrap); TCP: passwords.
            self._as_service_user(["sh", "-c", (
                f"printf 'local all all trust\\nhost all all 127.0.0.1/32 scram-sha-256\\n"
                f"host all all ::1/128 scram-sha-256\\n' > {hba}"
            )])
        if not self.is_running():
            options = " ".join(f"-c {k}={v}" for k, v in self.settings.items())
            options += f" -p {self.port} -k {self.socket_dir}"
            result = self._as_service_user([
                str(bins / "pg_ctl"), "-D", str(self.pgdata), "-l", str(self.log_file), "-o", options,
                "-w", "-t", str(int(timeout_s)), "start",
            ], check=False)
            if result.returncode != 0:
                log = self.log_file.read_text()[-3000:] if self.log_file.exists() else ""
                raise PostgresError(f"PostgreSQL did not start on port {self.port}:\n{result.stdout}{result.stderr}\n{log}")
        deadline = time.monotonic() + timeout_s
        while not self.is_running():
            if time.monotonic() > deadline:
                raise PostgresError(f"PostgreSQL on port {self.port} did not accept connections within {timeout_s}s")
            time.sleep(0.2)
        self._bootstrap()
        return self

    def _psql(self, sql: str, database: str = "postgres") -> str:
        result = self._as_service_user([
            str(bin_dir() / "psql"), "-h", str(self.socket_dir), "-p", str(self.port), "-U", SERVICE_USER,
            "-d", database, "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql,
        ])
        return result.stdout.strip()

    def _bootstrap(self) -> None:
        if not self._psql(f"select 1 from pg_roles where rolname = '{ETL_USER}'"):
            self._psql(f"create role {ETL_USER} login createrole password '{ETL_PASSWORD}'")
        if not self._psql(f"select 1 from pg_database where datname = '{DATABASE}'"):
            self._psql(f"create database {DATABASE} owner {ETL_USER}")

    def stop(self) -> None:
        if self.initialised() and self.is_running():
            self._as_service_user([str(bin_dir() / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"])

    def destroy(self) -> None:
        """Stop the server and delete its data directory."""
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    # -- clients -----------------------------------------------------------
    def env(self) -> dict[str, str]:
        """The libpq variables the ``pg`` target reads."""
        return {
            "PGHOST": "127.0.0.1",
            "PGPORT": str(self.port),
            "PGUSER": ETL_USER,
            "PGPASSWORD": ETL_PASSWORD,
            "PGDATABASE": DATABASE,
        }

    def superuser_sql(self, sql: str, database: str = DATABASE) -> str:
        """Run one statement as the ``postgres`` superuser over the Unix socket; returns psql's output."""
        return self._psql(sql, database)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="scripts/pg_local",
        description="Run a local PostgreSQL 15 for the pg target (loopback only, data under HOTROD_PG_DATA).",
    )
    parser.add_argument("command", choices=["start", "stop", "status", "env", "destroy"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PGPORT_LOCAL", DEFAULT_PORT)),
                        help=f"TCP port on 127.0.0.1 (default {DEFAULT_PORT}, the pg target's default)")
    args = parser.parse_args(argv)
    server = LocalPostgres(port=args.port)
    try:
        if args.command == "start":
            server.start()
            print(f"PostgreSQL {PG_MAJOR} running on 127.0.0.1:{args.port} (data in {server.pgdata})")
            print("point the pg target at it with:  eval \"$(scripts/pg_local env)\"")
        elif args.command == "stop":
            server.stop()
            print("stopped")
        elif args.command == "destroy":
            server.destroy()
            print(f"stopped and removed {server.data_dir}")
        elif args.command == "status":
            running = server.is_running()
            print(f"{'running' if running else 'not running'} on 127.0.0.1:{args.port}")
            return 0 if running else 3
        else:
            for key, value in server.env().items():
                print(f"export {key}={value}")
    except PostgresError as exc:
        print(f"pg_local: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
