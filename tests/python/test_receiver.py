"""The webhook receiver without a database: signatures, every bad input's answer, the NDJSON mode, the command.

The app runs in-process (Starlette's TestClient) in its development mode, which
appends each durable batch to NDJSON files in the loader's format; what was
"stored" is what those files hold, read back through the loader itself
(`loader.parse_files`), i.e. the landing rows the loader would write. The
PostgreSQL side (group commit, spool, drain, restarts) is
tests/integration/test_receiver_postgres.py.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
from starlette.testclient import TestClient

from helpers import ROOT, run
from receiver_cases import (CHATWOOT_SECRETS, CONVERSATION, NOW, ORDER, SHOPIFY_SECRETS, STORED_REJECTIONS,
                            chatwoot_headers, shopify_headers)
from hotrod.ingestion import loader, receiver, signatures
from hotrod.ingestion.sinks import Delivery, NdjsonFiles
from hotrod.ingestion.spool import Spool

@pytest.fixture
def app_factory(tmp_path):
    """An in-process receiver writing NDJSON to tmp_path/ndjson; yields (client, metrics text function)."""
    clients = []

    def make(**config):
        durability = receiver.Durability(receiver.Metrics(), ndjson=NdjsonFiles(tmp_path / "ndjson"))
        settings = receiver.ReceiverConfig(secrets={"shopify": SHOPIFY_SECRETS, "chatwoot": CHATWOOT_SECRETS}, **config)
        client = TestClient(receiver.create_app(settings, durability, wall_clock=lambda: NOW))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(app_factory):
    return app_factory()


def stored(tmp_path, source="shopify", account_id=None) -> list[dict]:
    """The landing rows the loader makes of what the receiver wrote (none when it wrote nothing)."""
    name = "shopify.ndjson" if source == "shopify" else f"chatwoot-account-{account_id}.ndjson"
    path = tmp_path / "ndjson" / name
    if not path.exists():
        return []
    parsed = loader.parse_files(source, [path], account_id=account_id)
    return [dict(zip(parsed.columns, values)) for values in zip(*parsed.columns.values())]


def rejected_count(client, source: str, reason: str) -> float:
    text = client.get("/metrics").text
    match = re.search(rf'hotrod_receiver_rejected_total{{reason="{reason}",source="{source}"}} (\S+)', text)
    return float(match.group(1)) if match else 0.0


# -- signatures ------------------------------------------------------------------

def test_shopify_signature_matches_an_independent_computation():
    import hashlib
    import hmac

    body = b'{"id":1}'
    expected = base64.b64encode(hmac.new(b"k", body, hashlib.sha256).digest()).decode()
    assert signatures.shopify_signature(b"k", body) == expected
    assert signatures.verify_shopify((b"k",), body, expected).ok
    assert signatures.verify_shopify((b"k",), body + b" ", expected).reason == "bad_signature"
    assert signatures.verify_shopify((b"k",), body, "not base64!").reason == "bad_signature"
    assert signatures.verify_shopify((b"k",), body, None).reason == "missing_signature"


def test_chatwoot_signature_is_over_the_timestamp_and_the_raw_body():
    import hashlib
    import hmac

    body = b'{"event":"message_created"}'
    digest = hmac.new(b"k", b"1780000000." + body, hashlib.sha256).hexdigest()
    assert signatures.chatwoot_signature(b"k", "1780000000", body) == "sha256=" + digest
    assert signatures.verify_chatwoot((b"k",), body, "1780000000", "sha256=" + digest, now=1780000000).ok
    # the timestamp is signed: another timestamp with the same signature is refused
    assert signatures.verify_chatwoot((b"k",), body, "1780000001", "sha256=" + digest, now=1780000000).reason \
        == "bad_signature"
    assert signatures.verify_chatwoot((b"k",), body, "soon", "sha256=" + digest, now=1780000000).reason == "bad_signature"


def test_secrets_are_comma_separated():
    assert signatures.parse_secrets(" a, b ,,") == (b"a", b"b")
    assert signatures.parse_secrets(None) == ()


def test_both_secrets_of_a_rotation_are_accepted_and_no_other(client, tmp_path):
    body = json.dumps(ORDER).encode()
    for number, secret in enumerate(SHOPIFY_SECRETS):
        answer = client.post("/webhooks/shopify", content=body, headers=shopify_headers(body, secret, event_id=f"e{number}"))
        assert answer.status_code == 200, answer.text
    refused = client.post("/webhooks/shopify", content=body, headers=shopify_headers(body, b"a-third-secret", event_id="e9"))
    assert refused.status_code == 401 and refused.json() == {"error": "bad_signature"}
    assert [row["event_id"] for row in stored(tmp_path)] == ["e0", "e1"]


def test_chatwoot_replay_window_is_five_minutes_either_way(client, tmp_path):
    body = json.dumps(CONVERSATION).encode()
    for offset in (-299, 299):
        answer = client.post("/webhooks/chatwoot/3", content=body, headers=chatwoot_headers(body, at=NOW + offset))
        assert answer.status_code == 200, answer.text
    for offset in (-301, 301):
        answer = client.post("/webhooks/chatwoot/3", content=body, headers=chatwoot_headers(body, at=NOW + offset))
        assert answer.status_code == 401 and answer.json() == {"error": "replay"}
    assert len(stored(tmp_path, "chatwoot", 3)) == 2
    assert rejected_count(client, "chatwoot", "replay") == 2


def test_unsigned_and_badly_signed_deliveries_get_401_store_nothing_and_are_counted(client, tmp_path):
    body = json.dumps(ORDER).encode()
    headers = shopify_headers(body)
    del headers["X-Shopify-Hmac-Sha256"]
    assert client.post("/webhooks/shopify", content=body, headers=headers).status_code == 401
    tampered = body.replace(b"1001", b"1002")
    assert client.post("/webhooks/shopify", content=tampered, headers=shopify_headers(body)).status_code == 401
    cw = json.dumps(CONVERSATION).encode()
    assert client.post("/webhooks/chatwoot/1", content=cw, headers={"Content-Type": "application/json"}).status_code == 401
    assert client.post("/webhooks/chatwoot/1", content=cw, headers=chatwoot_headers(cw, b"wrong")).status_code == 401
    assert stored(tmp_path) == [] and stored(tmp_path, "chatwoot", 1) == []
    assert rejected_count(client, "shopify", "missing_signature") == 1
    assert rejected_count(client, "shopify", "bad_signature") == 1
    assert rejected_count(client, "chatwoot", "missing_signature") == 1
    assert rejected_count(client, "chatwoot", "bad_signature") == 1


def test_a_source_without_a_secret_refuses_its_deliveries(tmp_path):
    durability = receiver.Durability(receiver.Metrics(), ndjson=NdjsonFiles(tmp_path / "ndjson"))
    app = receiver.create_app(receiver.ReceiverConfig(secrets={"shopify": SHOPIFY_SECRETS}), durability)
    body = json.dumps(CONVERSATION).encode()
    with TestClient(app) as only_shopify:
        answer = only_shopify.post("/webhooks/chatwoot/1", content=body, headers=chatwoot_headers(body, at=time.time()))
    assert answer.status_code == 401 and answer.json() == {"error": "no_secret_configured"}


def test_dev_mode_accepts_unsigned_deliveries_and_warns_on_each(app_factory, tmp_path, caplog):
    client = app_factory(insecure_no_auth=True)
    body = json.dumps(ORDER).encode()
    headers = shopify_headers(body)
    del headers["X-Shopify-Hmac-Sha256"]
    with caplog.at_level("WARNING", logger="hotrod.receiver"):
        for event_id in ("a", "b"):
            assert client.post("/webhooks/shopify", content=body, headers={**headers, "X-Shopify-Event-Id": event_id}
                               ).status_code == 200
    warnings = [r for r in caplog.records if "authentication is off" in r.getMessage()]
    assert len(warnings) == 2
    assert client.get("/healthz").json()["authentication"] == "off"


# -- every bad input's answer --------------------------------------------------------

def test_a_good_delivery_lands_as_the_loader_would_land_it(client, tmp_path):
    body = json.dumps(ORDER).encode()
    headers = shopify_headers(body)
    answer = client.post("/webhooks/shopify", content=body, headers=headers)
    assert answer.status_code == 200 and answer.json()["stored_in"] == "ndjson" and "rejected" not in answer.json()
    [row] = stored(tmp_path)
    received_at = datetime.fromisoformat(answer.json()["received_at"])
    expected, _ = loader.landing_row("shopify", received_at, headers, ORDER)
    assert row == expected


def test_a_body_over_the_limit_gets_413_and_nothing_is_stored(app_factory, tmp_path):
    client = app_factory(body_limit=1000)
    big = json.dumps({**ORDER, "note": "x" * 2000}).encode()
    assert client.post("/webhooks/shopify", content=big, headers=shopify_headers(big)).status_code == 413

    def chunks():  # no Content-Length: the limit holds on the streamed body too
        yield big[:600]
        yield big[600:]

    assert client.post("/webhooks/shopify", content=chunks(), headers=shopify_headers(big)).status_code == 413
    small = json.dumps(ORDER).encode()
    assert client.post("/webhooks/shopify", content=small, headers=shopify_headers(small)).status_code == 200
    assert len(stored(tmp_path)) == 1
    assert rejected_count(client, "shopify", "body_too_large") == 2


def test_default_body_limit_is_five_mib():
    assert receiver.DEFAULT_BODY_LIMIT == 5 * 1024 * 1024
    assert receiver.ReceiverConfig().body_limit == receiver.DEFAULT_BODY_LIMIT


@pytest.mark.parametrize("raw, reason, form", STORED_REJECTIONS, ids=[r for _, r, _ in STORED_REJECTIONS])
def test_a_signed_body_that_cannot_land_as_an_object_is_stored_as_rejected_and_acknowledged(client, tmp_path, raw, reason, form):
    answer = client.post("/webhooks/shopify", content=raw, headers=shopify_headers(raw))
    assert answer.status_code == 200 and answer.json()["rejected"] == reason
    [row] = stored(tmp_path)
    payload = json.loads(row["payload"])
    if form == "text":  # byte for byte the body that arrived
        assert payload == raw.decode("utf-8")
    elif form == "base64":
        assert payload.startswith("base64:") and base64.b64decode(payload[len("base64:"):]) == raw
    else:
        assert payload == json.loads(raw)
    assert not isinstance(payload, dict)  # staging counts it: 'payload is not a JSON object'
    assert rejected_count(client, "shopify", reason) == 1


def test_an_unknown_topic_is_stored_as_it_came_and_counted(client, tmp_path):
    body = json.dumps({"id": 1, "name": "Hot Rod AN"}).encode()
    answer = client.post("/webhooks/shopify", content=body, headers=shopify_headers(body, topic="app/uninstalled"))
    assert answer.status_code == 200 and answer.json()["rejected"] == "unknown_topic"
    [row] = stored(tmp_path)
    assert row["topic"] == "app/uninstalled" and json.loads(row["payload"]) == json.loads(body)
    assert rejected_count(client, "shopify", "unknown_topic") == 1
    # the compliance topics and the resources staging reads are not unknown
    for number, topic in enumerate(("customers/redact", "shop/redact", "customers/data_request", "refunds/create")):
        answer = client.post("/webhooks/shopify", content=body, headers=shopify_headers(body, topic=topic, event_id=str(number)))
        assert "rejected" not in answer.json(), topic


def test_the_known_topics_are_the_ones_staging_reads():
    sql = (ROOT / "models/staging/shopify/stg_shopify__webhook_events.sql").read_text()
    staged = set(re.findall(r"when topic_resource = '([a-z_]+)' then '[a-z_]+'", sql))
    assert staged == set(receiver.SHOPIFY_RESOURCES)
    topics = (ROOT / "macros/privacy/privacy_request_topics.sql").read_text()
    for topic in receiver.COMPLIANCE_TOPICS:
        assert f"'{topic}'" in topics, topic
    chatwoot_sql = (ROOT / "models/staging/chatwoot/stg_chatwoot__webhook_events.sql").read_text()
    assert f"'{receiver.CHATWOOT_EVENT_PREFIX}'" in chatwoot_sql
    assert f"event in ('{receiver.CHATWOOT_EVENTS[0]}', '{receiver.CHATWOOT_EVENTS[1]}')" in chatwoot_sql


def test_chatwoot_bodies_without_an_event_are_stored_as_rejected(client, tmp_path):
    for number, raw in enumerate((b'{"id": 7, "status": "open"}', b'"just a string"', b"not json")):
        answer = client.post("/webhooks/chatwoot/2", content=raw,
                             headers=chatwoot_headers(raw, **{"X-Chatwoot-Delivery": f"d-{number}"}))
        assert answer.status_code == 200, answer.text
    rows = stored(tmp_path, "chatwoot", 2)
    assert [row["event"] for row in rows] == [loader.NO_EVENT] * 3
    assert [json.loads(row["payload"]) for row in rows] == ['{"id": 7, "status": "open"}', "just a string", "not json"]
    assert rejected_count(client, "chatwoot", "no_event") == 1


def test_shopify_delivery_without_topic_and_chatwoot_account_mismatch_get_400(client, tmp_path):
    body = json.dumps(ORDER).encode()
    headers = shopify_headers(body)
    del headers["X-Shopify-Topic"]
    assert client.post("/webhooks/shopify", content=body, headers=headers).status_code == 400
    message = json.dumps({"event": "message_created", "id": 9, "account": {"id": 5}}).encode()
    answer = client.post("/webhooks/chatwoot/4", content=message, headers=chatwoot_headers(message))
    assert answer.status_code == 400 and answer.json() == {"error": "account_mismatch"}
    assert stored(tmp_path) == [] and stored(tmp_path, "chatwoot", 4) == []


def test_chatwoot_event_id_is_the_delivery_header_else_the_body_hash(client, tmp_path):
    body = json.dumps(CONVERSATION).encode()
    client.post("/webhooks/chatwoot/1", content=body, headers=chatwoot_headers(body, **{"X-Chatwoot-Delivery": "uuid-1"}))
    client.post("/webhooks/chatwoot/1", content=body, headers=chatwoot_headers(body))
    rows = stored(tmp_path, "chatwoot", 1)
    assert [row["event_id"] for row in rows] == ["uuid-1", loader.body_hash(CONVERSATION)]
    assert all(row["account_id"] == 1 and row["event"] == "conversation_created" for row in rows)


class _RecordingLanding:
    """A landing table in memory that records what each commit wrote; its first commit waits for `release`."""

    def __init__(self):
        import threading

        self.release = threading.Event()
        self.commits: list[list[datetime]] = []
        self.held: set[tuple[str, datetime]] = set()
        self._first = True

    def ping(self):
        pass

    def insert_after(self, spooled, rows):
        if self._first:
            self._first = False
            self.release.wait(10)
        self._write(self._missing(spooled) + rows)

    def insert_missing(self, rows):
        self._write(self._missing(rows))

    def _missing(self, rows):
        return [(source, row) for source, row in rows if (row["event_id"], row["received_at"]) not in self.held]

    def _write(self, rows):
        self.commits.append([row["received_at"] for _, row in rows])
        self.held.update((row["event_id"], row["received_at"]) for _, row in rows)

    def close(self):
        pass


def test_deliveries_reach_the_landing_table_in_received_at_order_after_a_slow_commit(tmp_path):
    """Staging's watermark is the newest received_at staged: a spooled delivery committed after a newer direct
    one could be passed over by a build run in between. After a slow commit, the spooled deliveries land in
    the transaction of the next batch, ahead of it, without waiting for the drain."""
    import asyncio

    landing = _RecordingLanding()
    durability = receiver.Durability(receiver.Metrics(), landing=landing, spool=Spool(tmp_path / "spool"),
                                     commit_timeout=0.05, drain_interval=30)  # the drain never runs here
    clock = receiver.MonotonicClock()

    def delivery(n: int) -> Delivery:
        at = clock()
        return Delivery("shopify", at, {}, {"id": n}, {"event_id": f"e-{n}", "received_at": at,
                                                       "payload": json.dumps({"id": n})})

    async def scenario():
        await durability.start()
        assert await durability.store(delivery(0)) == "spool"  # its commit is slow: answered from the spool
        assert await durability.store(delivery(1)) == "spool"  # behind it
        landing.release.set()
        while durability._db_job is not None:  # the slow commit ends (delivery 0 lands)
            await asyncio.sleep(0.005)
        assert durability.spool_depth == 2
        assert await durability.store(delivery(2)) == "landing"  # with delivery 1 ahead of it
        assert durability.spool_depth == 0
        assert await durability.store(delivery(3)) == "landing"
        await durability.stop()

    asyncio.run(scenario())
    committed = [at for commit in landing.commits for at in commit]
    assert len(committed) == len(landing.held) == 4 and committed == sorted(committed)
    assert [len(commit) for commit in landing.commits] == [1, 2, 1]


def test_received_at_is_unique_and_increasing_even_when_the_clock_stands_still():
    instant = datetime(2026, 6, 1, tzinfo=timezone.utc)
    clock = receiver.MonotonicClock(lambda: instant)
    stamps = [clock() for _ in range(3)]
    assert stamps == [instant, instant + timedelta(microseconds=1), instant + timedelta(microseconds=2)]


def test_healthz_and_metrics(client):
    assert client.get("/healthz").json() == {"status": "ok", "store": "ndjson", "spool_depth": 0, "authentication": "on"}
    body = json.dumps(ORDER).encode()
    client.post("/webhooks/shopify", content=body, headers=shopify_headers(body))
    text = client.get("/metrics").text
    assert 'hotrod_receiver_accepted_total{source="shopify",stored_in="ndjson"} 1.0' in text
    assert 'hotrod_receiver_commit_seconds_count{store="ndjson"} 1.0' in text
    assert "hotrod_receiver_spool_depth" in text


# -- development mode: the files load with the loader ----------------------------------

def test_dev_mode_files_load_into_duckdb_with_the_loader(client, tmp_path):
    order = json.dumps(ORDER).encode()
    client.post("/webhooks/shopify", content=order, headers=shopify_headers(order))
    html = b"<html>oops</html>"
    client.post("/webhooks/shopify", content=html, headers=shopify_headers(html, event_id="evt-2"))
    conversation = json.dumps(CONVERSATION).encode()
    client.post("/webhooks/chatwoot/3", content=conversation, headers=chatwoot_headers(conversation))
    env = {"HOTROD_DUCKDB_PATH": str(tmp_path / "dev.duckdb")}
    script = str(ROOT / "scripts" / "load_webhooks.py")
    run([sys.executable, script, "--source", "shopify", str(tmp_path / "ndjson" / "shopify.ndjson")], env=env)
    run([sys.executable, script, "--source", "chatwoot", "--account-id", "3",
         str(tmp_path / "ndjson" / "chatwoot-account-3.ndjson")], env=env)
    import duckdb

    with duckdb.connect(env["HOTROD_DUCKDB_PATH"], read_only=True) as con:
        shopify = con.execute("select event_id, topic, json_type(payload) from raw_shopify.webhook_events "
                              "order by received_at").fetchall()
        chatwoot = con.execute("select event, account_id from raw_chatwoot.webhook_events").fetchall()
    assert shopify == [("evt-1", "orders/create", "OBJECT"), ("evt-2", "orders/create", "VARCHAR")]
    assert chatwoot == [("conversation_created", 3)]


# -- the command ----------------------------------------------------------------------

def _command(*args, env=None):
    clean = {"SHOPIFY_WEBHOOK_SECRETS": "", "CHATWOOT_WEBHOOK_SECRETS": ""}
    return run([sys.executable, "-m", "hotrod.ingestion.receiver", *args], env={**clean, **(env or {})}, check=False,
               timeout=60)


def test_command_help_explains_itself():
    proc = _command("--help")
    assert proc.returncode == 0
    for text in ("--target", "--host", "--port", "SHOPIFY_WEBHOOK_SECRETS", "CHATWOOT_WEBHOOK_SECRETS",
                 "--dev-insecure-no-auth", "/webhooks/chatwoot/ACCOUNT_ID", "/metrics"):
        assert text in proc.stdout, text


@pytest.mark.parametrize("args, env, message", [
    (["--target", "pg"], {}, "no webhook secret is set"),
    (["--target", "nope"], {"SHOPIFY_WEBHOOK_SECRETS": "s"}, "does not have a target named 'nope'"),
    (["--target", "dev"], {"SHOPIFY_WEBHOOK_SECRETS": "s"}, "the receiver writes to a PostgreSQL target"),
    (["--port", "70000"], {"SHOPIFY_WEBHOOK_SECRETS": "s"}, "a port is between 1 and 65535"),
    (["--port", "http"], {"SHOPIFY_WEBHOOK_SECRETS": "s"}, "not a port number"),
    (["--body-limit", "-1"], {"SHOPIFY_WEBHOOK_SECRETS": "s"}, "must be positive"),
], ids=["no-secret", "bad-target", "duckdb-target", "port-range", "port-text", "body-limit"])
def test_user_mistakes_get_one_clear_line_and_no_traceback(args, env, message):
    proc = _command(*args, env=env)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = _command("--ndjson-dir", str(tmp_path), "--port", str(port), env={"SHOPIFY_WEBHOOK_SECRETS": "s"})
    assert proc.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr
