"""The loader refuses, on both engines alike, every input one of them could not store.

Each bad line is reported as `FILE:LINE: reason`, the load exits 2, and
nothing is written, on DuckDB (the dev target's kind) and on a real
PostgreSQL; lines at the edge of what is allowed load on both, so that
what loads in dev loads in production.
"""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import psycopg2
import pytest

from helpers import python_script

pytestmark = pytest.mark.postgres

ENVELOPE = '{"received_at": "2026-06-01T17:00:00Z", "headers": {"X-Shopify-Topic": "orders/create", ' \
           '"X-Shopify-Event-Id": "%s"%s}, "body": %s}'


def _line(event_id: str, body: str, extra_headers: str = "") -> bytes:
    return (ENVELOPE % (event_id, extra_headers, body)).encode("utf-8")


BAD_LINES = [  # (line, the reason it must be reported with)
    (_line("deep", "[" * 10_000 + "]" * 10_000), "JSON nested deeper than 64 levels"),
    (_line("surrogate", '{"id": 1, "title": "\\ud800"}'), "a string holds a lone surrogate \\ud800"),
    (_line("number-header", '{"id": 1}', ', "X-Shopify-Shop-Domain": 42'),
     "header X-Shopify-Shop-Domain is a number, not a string"),
    (_line("utf8", '{"id": 1, "title": "caf\\u00e9"}').replace(b"caf\\u00e9", b"caf\xe9"),
     "not UTF-8 (byte 0xe9 at column"),
    (_line("nul", '{"id": 1, "note": "a\\u0000b"}'), "a string holds \\u0000 (NUL)"),
    (_line("nan", '{"id": 1, "total_price": NaN}'), "NaN is not JSON"),
    (_line("infinity", '{"id": 1, "total_price": -Infinity}'), "-Infinity is not JSON"),
    (_line("overflow", '{"id": 1, "total_price": 1e400}'), "the number 1e400 is out of a double's range"),
]
# the edges that are allowed: 64 levels, long integers, big doubles, escapes, non-ASCII text
EDGE_LINES = [
    _line("deep-ok", "[" * 61 + "]" * 61),
    _line("numbers", '{"id": 1234567890123456789012345, "total_price": 1e300, "tiny": 5e-324}'),
    _line("text", '{"id": 2, "title": "caf\\u00e9 \\ud83d\\ude97 \\"AN-6\\" \\\\ fitting", "note": "ok\\n\\t"}'),
]


def _load(env: dict, target: str, path) -> object:
    return python_script("load_webhooks.py", "--source", "shopify", "--target", target, str(path), env=env, check=False)


@pytest.fixture
def engines(pg_server, tmp_path):
    env = {**pg_server.env(), "HOTROD_CI_DUCKDB_PATH": str(tmp_path / "ci.duckdb")}
    con = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], dbname=env["PGDATABASE"],
                           user=env["PGUSER"], password=env["PGPASSWORD"])
    con.autocommit = True
    # a fresh schema of landing tables on Postgres for this test: the session's build is left alone
    env["PGDATABASE"] = "hotrod_loader"
    pg_server.superuser_sql("drop database if exists hotrod_loader", database="postgres")
    pg_server.superuser_sql("create database hotrod_loader owner hotrod_etl", database="postgres")
    con.close()
    return env


def _count(env, target) -> int:
    if target == "ci":
        with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
            return con.execute("select count(*) from raw_shopify.webhook_events").fetchone()[0]
    con = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], dbname=env["PGDATABASE"],
                           user=env["PGUSER"], password=env["PGPASSWORD"])
    try:
        cur = con.cursor()
        cur.execute("select count(*) from raw_shopify.webhook_events")
        return cur.fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("target", ["ci", "pg"])
def test_every_bad_input_is_named_with_its_line_and_nothing_is_written(engines, tmp_path, target):
    good = _line("good", '{"id": 7}')
    path = tmp_path / "deliveries.ndjson"
    path.write_bytes(b"\n".join([good] + [line for line, _ in BAD_LINES]) + b"\n")
    proc = _load(engines, target, path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for number, (_, reason) in enumerate(BAD_LINES, start=2):
        assert f"{path}:{number}: {reason}" in proc.stderr, (number, reason, proc.stderr[-3000:])
    assert f"{len(BAD_LINES)} bad line(s); nothing was loaded" in proc.stderr

    edges = tmp_path / "edges.ndjson"
    edges.write_bytes(b"\n".join(EDGE_LINES) + b"\n")
    proc = _load(engines, target, edges)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert _count(engines, target) == len(EDGE_LINES)  # the good line of the bad file was not written


def test_edge_payloads_are_stored_alike_on_both_engines(engines, tmp_path):
    edges = tmp_path / "edges.ndjson"
    edges.write_bytes(b"\n".join(EDGE_LINES) + b"\n")
    for target in ("ci", "pg"):
        assert _load(engines, target, edges).returncode == 0
    with duckdb.connect(engines["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        duck = dict(con.execute("select event_id, cast(payload as varchar) from raw_shopify.webhook_events").fetchall())
    con = psycopg2.connect(host=engines["PGHOST"], port=engines["PGPORT"], dbname=engines["PGDATABASE"],
                           user=engines["PGUSER"], password=engines["PGPASSWORD"])
    cur = con.cursor()
    cur.execute("select event_id, payload::text from raw_shopify.webhook_events")
    pg = dict(cur.fetchall())
    con.close()
    assert set(duck) == set(pg) == {"deep-ok", "numbers", "text"}
    def document(text):  # jsonb normalises spacing, key order and number notation (1e+300)
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)

    for event_id in duck:
        assert document(duck[event_id]) == document(pg[event_id]), event_id


@pytest.mark.parametrize("target", ["ci", "pg"])
def test_a_delivery_landed_already_is_skipped(engines, tmp_path, target):
    """One row per (event_id, received_at): the same delivery twice in a file, or a file loaded twice, lands
    once; a retry of the event (same id, received later) is a delivery of its own and lands."""
    first = _line("dup", '{"id": 1}')
    retry = first.replace(b"2026-06-01T17:00:00Z", b"2026-06-01T17:05:00Z")
    path = tmp_path / "twice.ndjson"
    path.write_bytes(b"\n".join([first, first, retry]) + b"\n")
    result = _load(engines, target, path)
    assert result.returncode == 0, result.stderr
    assert "loaded 2 shopify deliveries" in result.stdout and "(1 landed already, skipped)" in result.stdout
    again = _load(engines, target, path)
    assert again.returncode == 0, again.stderr
    assert "loaded 0 shopify deliveries" in again.stdout and "(3 landed already, skipped)" in again.stdout
    assert _count(engines, target) == 2
