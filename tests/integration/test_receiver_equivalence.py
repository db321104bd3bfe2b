"""Deliveries received over HTTP build the same serving layer as the same deliveries loaded from NDJSON.

The generator writes its deliveries as NDJSON (`generate_data.py --out`). One
PostgreSQL database gets them from the loader (`load_webhooks.py`); another
gets every one of them, signed as Shopify and Chatwoot sign, over HTTP from
the receiver (uvicorn on a loopback port, writing to the landing tables),
each stamped with the `received_at` of its line (the test's clock: the files
say when each delivery arrived). Both get the same `raw_ops` rows, both are
built with `scripts/build_prod`, and then the landing tables and all 33 serving
relations must be equal, row for row.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from datetime import datetime

import pyarrow.json as pajson
import pytest

from conftest import AS_OF, SERVING_TABLES, SERVING_VIEWS, VARS, fresh_pg_database, pg_connect
from helpers import ROOT, free_port, python_script, run
from hotrod import targets
from hotrod.ingestion import landing, loader, receiver, signatures
from hotrod.ingestion.sinks import PostgresLanding
from hotrod.ingestion.spool import Spool
from test_incremental import _multiset, _relation_rows

pytestmark = pytest.mark.postgres

ORDERS = "400"
SEED = "7"
SHOPIFY_SECRET, CHATWOOT_SECRET = b"equivalence-shopify", b"equivalence-chatwoot"
ACCOUNT_ID = 1  # the generator's Chatwoot account
OPS_TABLES = ("raw_ops.shop_activation_events", "raw_ops.queue_items", "raw_ops.operator_actions",
              "raw_ops.time_savings_entries")


def _load_ops(env: dict, directory) -> None:
    """The generator's raw_ops rows (its NDJSON files) into the database of ``env``."""
    con = pg_connect(env)
    try:
        landing.ensure_landing_tables(con, "postgres")
        for qualified in OPS_TABLES:
            landing.append_arrow(con, "postgres", landing.BY_NAME[qualified],
                                 pajson.read_json(directory / f"{qualified}.ndjson"))
    finally:
        con.close()


class InProcessReceiver:
    """The receiver's ASGI app served by uvicorn in a thread, stamping each delivery with ``self.now``."""

    def __init__(self, env: dict, spool_dir, monkeypatch):
        import uvicorn

        for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
            monkeypatch.setenv(key, env[key])
        self.now: datetime | None = None
        durability = receiver.Durability(receiver.Metrics(), landing=PostgresLanding(targets.resolve("pg")),
                                         spool=Spool(spool_dir), commit_timeout=5.0)
        config = receiver.ReceiverConfig(secrets={"shopify": (SHOPIFY_SECRET,), "chatwoot": (CHATWOOT_SECRET,)})
        app = receiver.create_app(config, durability, clock=lambda: self.now)
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, lifespan="on",
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the receiver did not start"
            time.sleep(0.05)
        self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self

    def post(self, path: str, body: bytes, headers: dict, received_at: datetime) -> dict:
        self.now = received_at
        self.http.request("POST", path, body=body, headers=headers)
        answer = self.http.getresponse()
        content = answer.read()
        assert answer.status == 200, (answer.status, content)
        return json.loads(content)

    def __exit__(self, *exc):
        self.http.close()
        self.server.should_exit = True
        self.thread.join(timeout=30)


def _deliveries(directory) -> list[tuple[datetime, str, bytes, dict]]:
    """(received_at, endpoint, body, headers) of every line of both files, in the order they were received."""
    found = []
    for source in ("shopify", "chatwoot"):
        with open(directory / f"{source}.ndjson", "rb") as handle:
            for line in handle:
                delivery = json.loads(line)
                body = json.dumps(delivery["body"], ensure_ascii=False).encode("utf-8")
                received_at = loader._parse_timestamp(delivery["received_at"])
                if source == "shopify":
                    headers = {k: v for k, v in delivery["headers"].items() if v is not None}
                    headers["X-Shopify-Hmac-Sha256"] = signatures.shopify_signature(SHOPIFY_SECRET, body)
                    found.append((received_at, "/webhooks/shopify", body, headers))
                else:
                    timestamp = str(int(time.time()))
                    headers = {"X-Chatwoot-Timestamp": timestamp,
                               "X-Chatwoot-Signature": signatures.chatwoot_signature(CHATWOOT_SECRET, timestamp, body)}
                    found.append((received_at, f"/webhooks/chatwoot/{ACCOUNT_ID}", body, headers))
    found.sort(key=lambda delivery: delivery[0])
    return found


def _landing_rows(env: dict) -> dict[str, list]:
    con = pg_connect(env)
    try:
        cur = con.cursor()
        rows = {}
        for table in (landing.SHOPIFY_EVENTS, landing.CHATWOOT_EVENTS):
            cur.execute(f"select {', '.join(table.column_names)} from {table.qualified}")
            rows[table.qualified] = _multiset(cur.fetchall())
        return rows
    finally:
        con.close()


def _serving_rows(env: dict) -> dict[str, list]:
    con = pg_connect(env)
    try:
        cur = con.cursor()
        return {relation: _relation_rows(cur, relation, "public") for relation in (*SERVING_TABLES, *SERVING_VIEWS)}
    finally:
        con.close()


def test_http_deliveries_build_the_serving_layer_the_files_build(pg_server, tmp_path, monkeypatch):
    python_script("generate_data.py", "--out", str(tmp_path / "gen"), "--orders", ORDERS, "--seed", SEED,
                  "--end", AS_OF)
    files = fresh_pg_database(pg_server, "hotrod_equiv_files", tmp_path / "roles_files")
    over_http = fresh_pg_database(pg_server, "hotrod_equiv_http", tmp_path / "roles_http")
    for env in (files, over_http):
        _load_ops(env, tmp_path / "gen")

    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(tmp_path / "gen" / "shopify.ndjson"),
                  env=files)
    python_script("load_webhooks.py", "--source", "chatwoot", "--account-id", str(ACCOUNT_ID), "--target", "pg",
                  str(tmp_path / "gen" / "chatwoot.ndjson"), env=files)

    deliveries = _deliveries(tmp_path / "gen")
    with InProcessReceiver(over_http, tmp_path / "spool", monkeypatch) as http_receiver:
        answers = [http_receiver.post(path, body, headers, received_at)
                   for received_at, path, body, headers in deliveries]
    assert {answer["stored_in"] for answer in answers} == {"landing"}
    # every body the generator writes is one the loader stores: none lands in the receiver's text form
    assert {answer.get("rejected") for answer in answers} <= {None, "not_object", "unknown_topic"}

    landed_from_files, landed_over_http = _landing_rows(files), _landing_rows(over_http)
    for table, rows in landed_from_files.items():
        assert len(rows) == len(landed_over_http[table]) == sum(
            1 for _, path, _, _ in deliveries if ("shopify" in path) == ("shopify" in table)), table
        assert rows == landed_over_http[table], table

    build_prod = [str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS]
    run(build_prod, env=files)
    run(build_prod, env=over_http)
    expected, received = _serving_rows(files), _serving_rows(over_http)
    for relation, rows in expected.items():
        assert len(rows) == len(received[relation]), relation
        assert rows == received[relation], relation
    assert sum(len(rows) for rows in expected.values()) > 0
