"""The webhook loader: good files load, bad lines are reported and nothing is written, reloading is harmless."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from helpers import python_script
from hotrod.ingestion import loader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _delivery(event_id: str, topic: str = "orders/create", body: dict | None = None, **headers) -> str:
    return json.dumps(
        {
            "received_at": "2026-06-01T17:00:00Z",
            "headers": {"x-shopify-topic": topic, "X-SHOPIFY-EVENT-ID": event_id, **headers},
            "body": body if body is not None else {"id": 1, "updated_at": "2026-06-01T10:00:00-07:00"},
        }
    )


def _count(db: Path, table: str = "raw_shopify.webhook_events") -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"select count(*) from {table}").fetchone()[0]


def test_good_file_loads_every_line_with_case_insensitive_headers(tmp_path):
    db = tmp_path / "dev.duckdb"
    proc = python_script(
        "load_webhooks.py", "--source", "shopify", str(FIXTURES / "dedup" / "shopify.ndjson"),
        env={"HOTROD_DUCKDB_PATH": str(db)},
    )
    assert "loaded 7 shopify deliveries" in proc.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select event_id, topic, webhook_id, shop_domain, api_version, payload->>'$.name' "
            "from raw_shopify.webhook_events order by received_at, event_id"
        ).fetchall()
    assert len(rows) == 7
    assert rows[0] == ("ev-1", "orders/create", "w1", "hotrodan.myshopify.com", "2025-07", "#1001")


def test_bad_line_is_reported_with_file_and_line_and_nothing_is_written(tmp_path):
    db = tmp_path / "dev.duckdb"
    good = tmp_path / "good.ndjson"
    good.write_text(_delivery("a") + "\n" + _delivery("b") + "\n")
    bad = tmp_path / "bad.ndjson"
    bad.write_text(
        _delivery("c") + "\n"
        + "{not json\n"
        + json.dumps({"received_at": "2026-06-01T17:00:00Z", "headers": {"X-Shopify-Topic": "orders/create"}}) + "\n"
        + json.dumps({"received_at": "2026-06-01T17:00:00Z", "body": {"id": 3}}) + "\n"
        + json.dumps({"received_at": "yesterday", "headers": {"X-Shopify-Topic": "orders/create"}, "body": {"id": 4}}) + "\n"
    )
    proc = python_script(
        "load_webhooks.py", "--source", "shopify", str(good), str(bad),
        env={"HOTROD_DUCKDB_PATH": str(db)}, check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad}:2: not JSON" in proc.stderr
    assert f"{bad}:3: no body" in proc.stderr
    assert f"{bad}:4: no topic" in proc.stderr
    assert f"{bad}:5: received_at" in proc.stderr
    assert "nothing was loaded" in proc.stderr
    # the good file was not written either: a load is all or nothing
    assert not db.exists() or _count(db) == 0


def test_loading_the_same_file_twice_lands_each_delivery_once(tmp_path):
    db = tmp_path / "dev.duckdb"
    env = {"HOTROD_DUCKDB_PATH": str(db)}
    path = str(FIXTURES / "dedup" / "shopify.ndjson")
    lines = sum(1 for line in open(path) if line.strip())
    python_script("load_webhooks.py", "--source", "shopify", path, env=env)
    again = python_script("load_webhooks.py", "--source", "shopify", path, env=env)
    # one row per (event_id, received_at): the second load lands nothing and says so
    assert "loaded 0 shopify deliveries" in again.stdout and f"({lines} landed already, skipped)" in again.stdout
    assert _count(db) == lines
    with duckdb.connect(str(db), read_only=True) as con:
        distinct = con.execute("select count(distinct event_id) from raw_shopify.webhook_events").fetchone()[0]
    # the same six events; staging collapses the repeats (tests/integration/test_staging_dedup.py)
    assert distinct == 6


def test_chatwoot_lines_take_the_event_from_the_body_and_hash_it(tmp_path):
    body = {"event": "message_created", "id": 7, "account": {"id": 1}, "content": "Where is my order?"}
    path = tmp_path / "chatwoot.ndjson"
    path.write_text(json.dumps({"received_at": "2026-06-01T17:00:00+00:00", "body": body}) + "\n")
    parsed = loader.parse_files("chatwoot", [path])
    assert parsed.columns["event"] == ["message_created"]
    assert parsed.columns["account_id"] == [1]
    # key order does not change the id: a retry of the same body has the same id
    reordered = dict(reversed(list(body.items())))
    assert parsed.columns["event_id"] == [loader.body_hash(reordered)]
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps({"received_at": "2026-06-01T17:00:00Z", "body": {"id": 7}}) + "\n")
    proc = python_script(
        "load_webhooks.py", "--source", "chatwoot", str(bad),
        env={"HOTROD_DUCKDB_PATH": str(tmp_path / "x.duckdb")}, check=False,
    )
    assert proc.returncode == 2 and f"{bad}:1: no topic" in proc.stderr


def test_user_mistakes_give_one_line_errors(tmp_path):
    proc = python_script("load_webhooks.py", "--source", "shopify", str(tmp_path / "missing.ndjson"), check=False)
    assert proc.returncode == 2 and "no such file" in proc.stderr and "Traceback" not in proc.stderr
    ok = tmp_path / "ok.ndjson"
    ok.write_text(_delivery("a") + "\n")
    proc = python_script("load_webhooks.py", "--source", "shopify", "--target", "nope", str(ok), check=False)
    assert proc.returncode == 2 and "does not have a target named 'nope'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_event_id_falls_back_to_a_content_hash(tmp_path):
    path = tmp_path / "a.ndjson"
    line = json.dumps({"received_at": "2026-06-01T17:00:00Z", "headers": {"X-Shopify-Topic": "orders/create"}, "body": {"id": 1}})
    path.write_text(line + "\n" + line + "\n")
    parsed = loader.parse_files("shopify", [path])
    ids = parsed.columns["event_id"]
    assert ids[0] == ids[1] and ids[0].startswith("sha256:")


def _a_second_later(timestamp: str) -> str:
    return (datetime.fromisoformat(timestamp.replace("Z", "+00:00")) + timedelta(seconds=1)).isoformat()


def test_a_backfill_older_than_the_staged_deliveries_is_announced(tmp_path):
    db = tmp_path / "dev.duckdb"
    env = {"HOTROD_DUCKDB_PATH": str(db)}
    path = str(FIXTURES / "dedup" / "shopify.ndjson")
    first = python_script("load_webhooks.py", "--source", "shopify", path, env=env)
    assert "note:" not in first.stderr  # nothing staged yet: no watermark
    with duckdb.connect(str(db)) as con:  # what the incremental staging model holds after a build
        con.execute("create schema staging")
        con.execute("create table staging.stg_shopify__webhook_events as "
                    "select timestamptz '2099-01-01 00:00:00+00' as received_at")
    # the same deliveries received a second later: new deliveries, older than the staged ones
    later = tmp_path / "later.ndjson"
    later.write_text("".join(json.dumps({**json.loads(line), "received_at": _a_second_later(json.loads(line)["received_at"])})
                             + "\n" for line in open(path) if line.strip()))
    again = python_script("load_webhooks.py", "--source", "shopify", str(later), env=env)
    lines = sum(1 for line in open(path) if line.strip())
    assert f"note: {lines} of them were received before 2099-01-01" in again.stderr
    assert "dbt build --full-refresh --select stg_shopify__webhook_events+" in again.stderr


def test_chatwoot_account_comes_from_the_delivery(tmp_path):
    # Chatwoot's conversation bodies name no account; message bodies carry account.id
    conversation = {"event": "conversation_created", "id": 101, "status": "open", "created_at": 1780934400}
    message = {"event": "message_created", "id": 7, "account": {"id": 7}, "content": "Where is my order?"}
    path = tmp_path / "chatwoot.ndjson"
    path.write_text("\n".join(json.dumps({"received_at": "2026-06-01T17:00:00Z", "body": b})
                              for b in (conversation, message)) + "\n")
    assert loader.parse_files("chatwoot", [path]).columns["account_id"] == [None, 7]
    # the file's account, given as the endpoint that received it would know it
    assert loader.parse_files("chatwoot", [path], account_id=7).columns["account_id"] == [7, 7]
    with pytest.raises(loader.LoadError) as caught:
        loader.parse_files("chatwoot", [path], account_id=8)
    assert caught.value.problems == [f"{path}:2: the body's account.id is 7, not the --account-id 8 given for the file"]


def test_account_id_option_is_checked(tmp_path):
    db = tmp_path / "dev.duckdb"
    env = {"HOTROD_DUCKDB_PATH": str(db)}
    path = tmp_path / "chatwoot.ndjson"
    path.write_text(json.dumps({"received_at": "2026-06-01T17:00:00Z", "body": {"event": "conversation_created", "id": 1}}) + "\n")
    proc = python_script("load_webhooks.py", "--source", "chatwoot", "--account-id", "7", str(path), env=env)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select account_id from raw_chatwoot.webhook_events").fetchall() == [(7,)]
    assert "loaded 1 chatwoot deliveries" in proc.stdout
    wrong = python_script("load_webhooks.py", "--source", "shopify", "--account-id", "7", str(path), env=env, check=False)
    assert wrong.returncode == 2 and "--account-id is for Chatwoot deliveries" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    typo = python_script("load_webhooks.py", "--source", "chatwoot", "--account-id", "seven", str(path), env=env, check=False)
    assert typo.returncode == 2 and "invalid int value" in typo.stderr
