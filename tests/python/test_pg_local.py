"""scripts/pg_local: the documented command to run a local PostgreSQL for the pg target."""

from __future__ import annotations

import subprocess
import sys

from hotrod.tools.pg_local import DEFAULT_PORT, LocalPostgres
from helpers import ROOT, free_port


def test_env_prints_the_pg_target_variables():
    result = subprocess.run([sys.executable, "-m", "hotrod.tools.pg_local", "env", "--port", "54399"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0
    lines = dict(line.removeprefix("export ").split("=", 1) for line in result.stdout.splitlines())
    assert lines == {"PGHOST": "127.0.0.1", "PGPORT": "54399", "PGUSER": "hotrod_etl",
                     "PGPASSWORD": "hotrod_etl", "PGDATABASE": "hotrod"}


def test_status_of_a_stopped_server_is_not_running():
    port = free_port()
    result = subprocess.run([sys.executable, "-m", "hotrod.tools.pg_local", "status", "--port", str(port)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 3
    assert "not running" in result.stdout


def test_bad_command_is_a_usage_error_without_traceback():
    result = subprocess.run([sys.executable, "-m", "hotrod.tools.pg_local", "launch"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "invalid choice" in result.stderr


def test_default_port_is_the_pg_target_default():
    profile = (ROOT / "profiles.yml.example").read_text()
    assert f"env_var('PGPORT', '{DEFAULT_PORT}')" in profile
    assert LocalPostgres().env()["PGPORT"] == str(DEFAULT_PORT)
