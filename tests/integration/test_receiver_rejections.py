"""What the receiver stores as a rejection is counted by staging: int_webhook_rejections and v_data_quality_checks.

Signed deliveries that cannot land as a usable JSON object (every body of
`STORED_REJECTIONS`, a Chatwoot body without an event, unknown topics) and a
few good ones go through the receiver in its development mode; its NDJSON
files are loaded with the loader into an empty DuckDB and built. Each bad
delivery must be listed by `int_webhook_rejections` with its reason, and the
quality view's `rejected_webhook_payloads` check must count them all; each
good one must be staged as valid; each privacy request must be valid, not a
rejection.
"""

from __future__ import annotations

import json
import sys

import duckdb
import pytest
from starlette.testclient import TestClient

from conftest import VARS
from helpers import ROOT, dbt, run
from hotrod.ingestion import landing, receiver
from hotrod.ingestion.sinks import NdjsonFiles
from receiver_cases import (CHATWOOT_SECRETS, CONVERSATION, NOW, ORDER, SHOPIFY_SECRETS, STORED_REJECTIONS,
                            chatwoot_headers, shopify_headers)


@pytest.mark.slow  # a dbt build of a generated dataset
def test_stored_rejections_are_counted_by_staging_and_the_quality_view(tmp_path):
    durability = receiver.Durability(receiver.Metrics(), ndjson=NdjsonFiles(tmp_path / "ndjson"))
    config = receiver.ReceiverConfig(secrets={"shopify": SHOPIFY_SECRETS, "chatwoot": CHATWOOT_SECRETS})
    expected = {}  # event id -> the reason staging must give (None: a usable event)
    with TestClient(receiver.create_app(config, durability, wall_clock=lambda: NOW)) as client:
        def shopify(body: bytes, event_id: str, reason, topic="orders/create"):
            answer = client.post("/webhooks/shopify", content=body, headers=shopify_headers(body, topic=topic,
                                                                                            event_id=event_id))
            assert answer.status_code == 200, answer.text
            expected[event_id] = reason

        for n, (raw, _, _) in enumerate(STORED_REJECTIONS):
            shopify(raw, f"bad-{n}", "payload is not a JSON object")
        shopify(json.dumps(ORDER | {"created_at": "2026-06-01T10:00:00-07:00", "subtotal_price": "10.00"}).encode(),
                "good-order", None)
        shopify(json.dumps({"id": 1}).encode(), "unknown", "unhandled topic", topic="app/uninstalled")
        shopify(json.dumps({"shop_id": 1, "customer": {"id": 62, "email": "a@example.com"}, "orders_requested": []}
                           ).encode(), "data-request", None, topic="customers/data_request")
        for n, raw in enumerate((b'{"id": 8, "status": "open"}', b"<html>oops</html>")):
            answer = client.post("/webhooks/chatwoot/1", content=raw,
                                 headers=chatwoot_headers(raw, **{"X-Chatwoot-Delivery": f"cw-bad-{n}"}))
            assert answer.json()["rejected"] in ("no_event", "not_json")
            expected[f"cw-bad-{n}"] = "payload is not a JSON object"
        unknown = json.dumps({"event": "contact_created", "id": 5}).encode()
        client.post("/webhooks/chatwoot/1", content=unknown, headers=chatwoot_headers(unknown, **{"X-Chatwoot-Delivery": "cw-unknown"}))
        expected["cw-unknown"] = "unhandled event"
        good = json.dumps(CONVERSATION).encode()
        client.post("/webhooks/chatwoot/1", content=good, headers=chatwoot_headers(good, **{"X-Chatwoot-Delivery": "cw-good"}))
        expected["cw-good"] = None

    database = tmp_path / "rejections.duckdb"
    with duckdb.connect(str(database)) as con:
        landing.ensure_landing_tables(con, "duckdb")
    env = {"HOTROD_CI_DUCKDB_PATH": str(database)}
    script = str(ROOT / "scripts" / "load_webhooks.py")
    run([sys.executable, script, "--source", "shopify", "--target", "ci", str(tmp_path / "ndjson" / "shopify.ndjson")],
        env=env)
    run([sys.executable, script, "--source", "chatwoot", "--account-id", "1", "--target", "ci",
         str(tmp_path / "ndjson" / "chatwoot-account-1.ndjson")], env=env)
    dbt(["build", "--target", "ci", "--vars", VARS, "--exclude-resource-type", "test", "unit_test"], env=env,
        target_path=tmp_path / "target")

    with duckdb.connect(str(database), read_only=True) as con:
        rejected = dict(con.execute("select event_id, rejection_reason from intermediate.int_webhook_rejections").fetchall())
        staged = dict(con.execute("""
            select event_id, rejection_reason from staging.stg_shopify__webhook_events
            union all
            select event_id, rejection_reason from staging.stg_chatwoot__webhook_events""").fetchall())
        counted = con.execute("""select failing_rows from main.v_data_quality_checks
                                 where check_name = 'rejected_webhook_payloads'""").fetchone()[0]
    assert staged == expected
    assert rejected == {event_id: reason for event_id, reason in expected.items() if reason is not None}
    assert counted == len(rejected)
