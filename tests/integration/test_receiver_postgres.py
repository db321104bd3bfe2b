"""The webhook receiver against a real PostgreSQL 15: group commit, bad inputs, outages, restarts, crashes.

`hotrod-receiver` runs as a child process (as in production) against a fresh
database; the outage tests get a PostgreSQL of their own, which they stop and
start. Every test ends by counting the landing table: each acknowledged
delivery is there exactly once.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections import Counter
from datetime import datetime, timezone

import psycopg2
import pytest

from conftest import pg_connect
from helpers import free_port
from hotrod import targets
from hotrod.ingestion import receiver
from hotrod.ingestion.sinks import PostgresLanding
from hotrod.ingestion.spool import Spool
from hotrod.tools.pg_local import LocalPostgres
from hotrod.tools.receiver_loadtest import ReceiverProcess, landed_counts
from receiver_cases import SHOPIFY_SECRETS, STORED_REJECTIONS, send_concurrently, shopify_headers

pytestmark = pytest.mark.postgres


def _database(server, name: str) -> dict:
    server.superuser_sql(f"drop database if exists {name}", database="postgres")
    server.superuser_sql(f"create database {name} owner hotrod_etl", database="postgres")
    return {**server.env(), "PGDATABASE": name, "SHOPIFY_WEBHOOK_SECRETS": ",".join(s.decode() for s in SHOPIFY_SECRETS)}


def _start(env: dict, tmp_path, commit_timeout: float = 2.0) -> ReceiverProcess:
    """The receiver on ``env``'s database; a generous commit timeout unless a test is about it (this machine
    is shared: a commit can take longer than the 50 ms default, which would spool it)."""
    return ReceiverProcess(["--target", "pg", "--spool-dir", str(tmp_path / "spool"),
                            "--commit-timeout", str(commit_timeout)], env, tmp_path / "receiver.log", free_port()).start()


def _orders(prefix: str, count: int) -> list[tuple[bytes, dict]]:
    requests = []
    for n in range(count):
        body = json.dumps({"id": n, "email": f"{prefix}{n}@example.com", "updated_at": "2026-06-01T10:00:00-07:00"}).encode()
        requests.append((body, shopify_headers(body, event_id=f"{prefix}-{n}")))
    return requests


def _post(receiver_process: ReceiverProcess, requests) -> list[tuple[int, dict]]:
    return send_concurrently(f"{receiver_process.url}/webhooks/shopify", requests)


def _metric(text: str, name: str, **labels) -> float:
    selector = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    match = re.search(rf"^{name}{{{selector}}} (\S+)$" if labels else rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


@pytest.fixture
def landing_env(pg_server):
    return _database(pg_server, "hotrod_receiver")


def test_group_commit_lands_every_delivery_once_many_per_transaction(landing_env, tmp_path):
    process = _start(landing_env, tmp_path)
    try:
        answers = _post(process, _orders("gc", 600))
        metrics = process.metrics()
    finally:
        process.stop()
    assert [status for status, _ in answers] == [200] * 600
    assert {answer["stored_in"] for _, answer in answers} == {"landing"}
    assert landed_counts(landing_env) == Counter({f"gc-{n}": 1 for n in range(600)})
    batches = _metric(metrics, "hotrod_receiver_batch_size_count")
    assert _metric(metrics, "hotrod_receiver_batch_size_sum") == 600
    assert batches < 600  # deliveries that arrived together shared a transaction
    assert _metric(metrics, "hotrod_receiver_commit_seconds_count", store="landing") == batches


def test_bad_bodies_land_as_rejections_without_failing_their_batch(landing_env, tmp_path):
    process = _start(landing_env, tmp_path)
    bad = [(raw, shopify_headers(raw, event_id=f"bad-{n}")) for n, (raw, _, _) in enumerate(STORED_REJECTIONS)]
    try:
        answers = _post(process, _orders("ok", 30) + bad)  # all at once: they share batches
    finally:
        process.stop()
    assert [status for status, _ in answers] == [200] * (30 + len(bad))
    assert [answer.get("rejected") for _, answer in answers[30:]] == [reason for _, reason, _ in STORED_REJECTIONS]
    con = pg_connect(landing_env)
    try:
        cur = con.cursor()
        cur.execute("select event_id, jsonb_typeof(payload), payload from raw_shopify.webhook_events")
        stored = {event_id: (kind, payload) for event_id, kind, payload in cur.fetchall()}
    finally:
        con.close()
    assert len(stored) == 30 + len(bad)
    assert all(stored[f"ok-{n}"][0] == "object" for n in range(30))
    for n, (raw, _, form) in enumerate(STORED_REJECTIONS):
        kind, payload = stored[f"bad-{n}"]
        if form == "text":  # byte for byte what arrived, \u0000 escape included
            assert kind == "string" and payload == raw.decode("utf-8")
        elif form == "base64":
            assert kind == "string" and payload.startswith("base64:")
        else:
            assert kind == "array" and payload == json.loads(raw)


def test_a_row_postgres_refuses_is_stored_as_text_and_its_batch_lands(landing_env, monkeypatch):
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        monkeypatch.setenv(key, landing_env[key])
    refused = []
    sink = PostgresLanding(targets.resolve("pg"), on_unstorable=refused.append)
    at = datetime(2026, 6, 1, tzinfo=timezone.utc)
    row = {"event_id": "x", "webhook_id": None, "topic": "orders/create", "shop_domain": None, "api_version": None,
           "triggered_at": None, "received_at": at, "payload": '{"id": 1}'}
    # a payload the receiver's checks would have kept out: jsonb cannot hold \u0000
    rows = [("shopify", {**row, "event_id": f"good-{n}"}) for n in range(5)]
    rows.insert(2, ("shopify", {**row, "event_id": "nul", "payload": '{"note": "a\\u0000b"}'}))
    sink.insert_after([], rows)
    sink.close()
    con = pg_connect(landing_env)
    try:
        cur = con.cursor()
        cur.execute("select event_id, payload from raw_shopify.webhook_events order by event_id")
        stored = dict(cur.fetchall())
    finally:
        con.close()
    assert set(stored) == {"nul", *(f"good-{n}" for n in range(5))}
    assert stored["nul"] == '{"note": "a\\u0000b"}'  # its text, unchanged, as a JSON string
    assert refused == ["shopify"]


# -- outages, restarts and crashes: a PostgreSQL of their own ----------------------------------------

@pytest.fixture(scope="module")
def own_pg():
    server = LocalPostgres(port=free_port())
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def own_env(own_pg):
    if not own_pg.is_running():
        own_pg.start()
    return _database(own_pg, "hotrod_outage")


def test_outage_spools_and_a_restart_drains_before_answering(own_pg, own_env, tmp_path):
    process = _start(own_env, tmp_path)
    sent = Counter()
    try:
        first = _post(process, _orders("before", 50))
        assert {answer["stored_in"] for _, answer in first} == {"landing"}
        own_pg.stop()
        down = _post(process, _orders("down", 100))
        assert [status for status, _ in down] == [200] * 100  # answered from the spool
        assert {answer["stored_in"] for _, answer in down} == {"spool"}
        assert process.healthz() == {"status": "ok", "store": "spool", "spool_depth": 100, "authentication": "on"}
        process.stop(kill=True)  # a crash while PostgreSQL is away

        process = _start(own_env, tmp_path)  # starts on its spool
        assert process.healthz()["spool_depth"] == 100
        later = _post(process, _orders("still-down", 20))
        assert {answer["stored_in"] for _, answer in later} == {"spool"}
        own_pg.start()
        process.wait_drained(timeout_s=60)
        after = _post(process, _orders("back", 10))
        assert {answer["stored_in"] for _, answer in after} == {"landing"}
        sent.update({f"{prefix}-{n}": 1 for prefix, count in (("before", 50), ("down", 100), ("still-down", 20),
                                                                ("back", 10)) for n in range(count)})

        # a restart drains the spool before it answers anything
        own_pg.stop()
        _post(process, _orders("killed", 30))
        process.stop(kill=True)
        own_pg.start()
        process = _start(own_env, tmp_path)
        assert process.healthz() == {"status": "ok", "store": "landing", "spool_depth": 0, "authentication": "on"}
        sent.update({f"killed-{n}": 1 for n in range(30)})
        assert landed_counts(own_env) == sent  # every acknowledged delivery, once
    finally:
        process.stop()
        if not own_pg.is_running():
            own_pg.start()


def test_a_crash_mid_drain_repeats_nothing(own_env, tmp_path, monkeypatch):
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        monkeypatch.setenv(key, own_env[key])
    at = datetime(2026, 6, 1, tzinfo=timezone.utc)
    spool = Spool(tmp_path / "spool")
    spool.append([("shopify", {"event_id": f"s-{n}", "webhook_id": None, "topic": "orders/create", "shop_domain": None,
                               "api_version": None, "triggered_at": None, "received_at": at.replace(microsecond=n),
                               "payload": json.dumps({"id": n})}) for n in range(250)])
    durability = receiver.Durability(receiver.Metrics(), landing=PostgresLanding(targets.resolve("pg")), spool=spool,
                                     drain_batch=100)
    forget = spool.delete

    def crash(ids):  # the landing table committed the first 100; the process dies before the spool forgets them
        raise RuntimeError("killed")

    monkeypatch.setattr(spool, "delete", crash)
    with pytest.raises(RuntimeError, match="killed"):
        asyncio.run(durability.drain())
    assert sum(landed_counts(own_env).values()) == 100 and spool.depth == 250
    monkeypatch.setattr(spool, "delete", forget)
    assert asyncio.run(durability.drain()) == 250  # from the start again: the first 100 are skipped
    assert landed_counts(own_env) == Counter({f"s-{n}": 1 for n in range(250)})
    assert spool.depth == 0
    durability.landing.close()
    spool.close()


def test_a_slow_commit_is_answered_from_the_spool_and_lands_once(own_env, tmp_path):
    process = _start(own_env, tmp_path, commit_timeout=0.2)
    _post(process, _orders("warm", 1))  # the landing tables exist
    blocker = pg_connect(own_env)
    try:
        cur = blocker.cursor()
        cur.execute("lock table raw_shopify.webhook_events in access exclusive mode")
        started = time.monotonic()
        answers = _post(process, _orders("slow", 40))
        waited = time.monotonic() - started
        assert [status for status, _ in answers] == [200] * 40
        assert "spool" in {answer["stored_in"] for _, answer in answers} and waited < 5
        threading.Timer(0.5, blocker.commit).start()  # the blocked commit goes through after all
        process.wait_drained(timeout_s=60)
    finally:
        if not blocker.closed:
            time.sleep(1)
            blocker.close()
        process.stop()
    assert landed_counts(own_env) == Counter({"warm-0": 1, **{f"slow-{n}": 1 for n in range(40)}})
