"""hotrod-privacy's command line: its help, and one clear line for each user mistake.

What it prints on a built project, before and after a redaction, is tested
on both engines by tests/integration/test_privacy.py.
"""

from __future__ import annotations

import sys

import duckdb
import pytest

from helpers import run
from hotrod.ingestion import landing


def _privacy(*args, env=None):
    return run([sys.executable, "-m", "hotrod.ingestion.privacy", *args], env=env, check=False, timeout=120)


def test_help_explains_both_commands():
    proc = _privacy("--help")
    assert proc.returncode == 0
    for text in ("data-request", "requests", "customers/redact", "shop/redact", "dbt build"):
        assert text in proc.stdout, text
    sub = _privacy("data-request", "--help")
    assert sub.returncode == 0 and "--customer-id" in sub.stdout and "--target" in sub.stdout


@pytest.mark.parametrize("args, message", [
    (["data-request", "--customer-id", "7"], "the project is not built on this target"),
    (["requests"], "the project is not built on this target"),
    (["data-request", "--customer-id", "7", "--target", "nope"], "does not have a target named 'nope'"),
], ids=["not-built", "requests-not-built", "bad-target"])
def test_mistakes_get_one_line(tmp_path, args, message):
    database = tmp_path / "landing_only.duckdb"
    with duckdb.connect(str(database)) as con:
        landing.ensure_landing_tables(con, "duckdb")
    proc = _privacy(*args, env={"HOTROD_DUCKDB_PATH": str(database)})
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_a_customer_id_must_be_a_number():
    proc = _privacy("data-request", "--customer-id", "ann@example.com")
    assert proc.returncode == 2 and "invalid int value" in proc.stderr
