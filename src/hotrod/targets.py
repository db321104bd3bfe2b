"""Resolve a dbt target of this project's profile into a database connection.

The loader, the generator and the export script connect to the database a dbt
target points at, reading the same ``profiles.yml`` dbt reads (rendered by dbt's
own profile renderer, so ``env_var()`` and defaults behave exactly as in dbt).
There is one place to configure a connection.
"""

from __future__ import annotations

import os
from argparse import Namespace
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotrod import PROJECT_ROOT

PROFILE_NAME = "hotrod_an"


class TargetError(Exception):
    """A target cannot be resolved or connected to (a user-facing error)."""


@dataclass(frozen=True)
class Target:
    name: str
    type: str  # "duckdb" or "postgres"
    credentials: Any

    @property
    def duckdb_path(self) -> str:
        path = self.credentials.path
        if path != ":memory:" and not os.path.isabs(path):
            path = str(PROJECT_ROOT / path)
        return path

    def describe(self) -> str:
        if self.type == "duckdb":
            return f"{self.name} (duckdb {self.duckdb_path})"
        c = self.credentials
        return f"{self.name} (postgres {c.user}@{c.host}:{c.port}/{c.database})"

    def connect(self, application_name: str = "hotrod-loader", **libpq_options):
        """Open a DB-API connection (duckdb or psycopg2) to the target.

        Postgres: ``application_name`` names the client in ``pg_stat_activity``; ``libpq_options``
        (e.g. ``keepalives_idle``) are further connection parameters."""
        if self.type == "duckdb":
            import duckdb

            path = self.duckdb_path
            if path == ":memory:":
                raise TargetError(f"target {self.name} is an in-memory DuckDB; nothing can be loaded into it")
            try:
                return duckdb.connect(path)
            except duckdb.IOException as exc:  # locked by another process, bad path
                raise TargetError(f"cannot open DuckDB file {path}: {exc}") from exc
        if self.type == "postgres":
            import psycopg2

            c = self.credentials
            try:
                return psycopg2.connect(
                    host=c.host,
                    port=c.port,
                    user=c.user,
                    password=c.password,
                    dbname=c.database,
                    sslmode=getattr(c, "sslmode", None) or None,
                    connect_timeout=c.connect_timeout,
                    application_name=application_name,
                    **libpq_options,
                )
            except psycopg2.OperationalError as exc:
                raise TargetError(f"cannot connect to {self.describe()}: {str(exc).strip()}") from exc
        raise TargetError(f"target {self.name} has adapter type {self.type!r}; only duckdb and postgres are supported")


def profiles_dir() -> Path:
    env = os.environ.get("DBT_PROFILES_DIR")
    if env:
        return Path(env)
    if (PROJECT_ROOT / "profiles.yml").exists():
        return PROJECT_ROOT
    return Path.home() / ".dbt"


def resolve(target_name: str | None = None) -> Target:
    """Render the profile and return the named target (default: the profile's default)."""
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.flags import set_from_args
    from dbt_common.context import set_invocation_context

    # dbt's renderer reads global flags and the invocation's environment; outside
    # the CLI give it empty flags and this process's environment.
    set_from_args(Namespace(), {})
    set_invocation_context(os.environ)
    directory = profiles_dir()
    raw = read_profile(str(directory))
    if not raw:
        raise TargetError(f"no profiles.yml found in {directory}")
    try:
        profile = Profile.from_raw_profiles(raw, PROFILE_NAME, ProfileRenderer({}), target_override=target_name)
    except Exception as exc:  # dbt raises several error classes; all are configuration mistakes here
        message = str(exc).strip().splitlines()
        raise TargetError(
            f"cannot use target {target_name or '(default)'} of profile {PROFILE_NAME} in "
            f"{directory / 'profiles.yml'}: {' '.join(line.strip() for line in message)}"
        ) from exc
    # dbt leaves a secret whose env_var() is unset unrendered instead of failing: say which one is missing.
    unrendered = [key for key, value in vars(profile.credentials).items() if isinstance(value, str) and "{{" in value]
    if unrendered:
        raise TargetError(
            f"target {profile.target_name} of profile {PROFILE_NAME}: {', '.join(unrendered)} come(s) from an "
            f"environment variable that is not set (see profiles.yml.example; for the pg target: "
            f"eval \"$(scripts/pg_local env)\")"
        )
    return Target(name=profile.target_name, type=profile.credentials.type, credentials=profile.credentials)
