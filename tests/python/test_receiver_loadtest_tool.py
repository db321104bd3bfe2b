"""The load test's own logic: deliveries signed as Shopify signs them, the schedule, the verdict, the command line."""

from __future__ import annotations

import json
import sys

from helpers import run
from hotrod.ingestion import signatures
from hotrod.tools import receiver_loadtest as loadtest


def _file(tmp_path, count=3):
    path = tmp_path / "shopify.ndjson"
    lines = [json.dumps({"received_at": "2026-06-01T17:00:00Z", "body": {"id": n, "title": "caf\u00e9"},
                         "headers": {"X-Shopify-Topic": "orders/create", "X-Shopify-Event-Id": f"e{n}",
                                     "X-Shopify-Triggered-At": None}}, ensure_ascii=False) for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_deliveries_are_signed_over_the_exact_bytes_sent(tmp_path):
    deliveries = loadtest.read_deliveries(_file(tmp_path), secret=b"k")
    assert [d.event_id for d in deliveries] == ["e0", "e1", "e2"]
    for delivery in deliveries:
        assert signatures.verify_shopify((b"k",), delivery.body, delivery.headers["X-Shopify-Hmac-Sha256"]).ok
        assert "X-Shopify-Triggered-At" not in delivery.headers  # null headers are not sent
        assert json.loads(delivery.body)["title"] == "caf\u00e9"


def test_the_schedule_repeats_the_file_as_new_events(tmp_path):
    deliveries = loadtest.read_deliveries(_file(tmp_path), secret=b"k")
    chosen = loadtest.schedule(deliveries, 7)
    assert [d.event_id for d in chosen] == ["e0", "e1", "e2", "e0-r1", "e1-r1", "e2-r1", "e0-r2"]
    assert chosen[3].headers["X-Shopify-Event-Id"] == "e0-r1" and chosen[3].body == chosen[0].body


def test_percentiles_are_nearest_rank():
    values = [n / 1000 for n in range(1, 101)]  # 1..100 ms
    assert loadtest.percentile(values, 50) == 0.05
    assert loadtest.percentile(values, 99) == 0.099
    assert loadtest.percentile([0.003], 99) == 0.003


def test_a_lost_or_doubled_delivery_or_a_missed_target_fails():
    report = {"lost": 0, "landed_more_than_acknowledged": 0, "gave_up": 0, "throughput_per_s": 990.0,
              "latency_ms": {"p99": 12.0}}
    assert loadtest.failures(report, None, None) == []
    assert loadtest.failures(report, 1000, 100) == ["throughput 990.0/s is below 1000/s"]
    assert loadtest.failures({**report, "lost": 2}, None, None) == ["2 acknowledged deliveries are not in the landing table"]
    assert loadtest.failures({**report, "landed_more_than_acknowledged": 1}, None, None)
    assert loadtest.failures({**report, "latency_ms": {"p99": 101.0}}, None, 100) == ["p99 101.0 ms is above 100 ms"]


def test_command_help_and_argument_errors(tmp_path):
    proc = run([sys.executable, "-m", "hotrod.tools.receiver_loadtest", "--help"])
    for text in ("--duration", "--rate", "--outage-at", "--outage", "--deliveries", "exactly once"):
        assert text in proc.stdout, text
    bad = run([sys.executable, "-m", "hotrod.tools.receiver_loadtest", "--duration", "10", "--outage-at", "8"],
              check=False)
    assert bad.returncode == 2 and "the outage must end before the sending does" in bad.stderr
    missing = run([sys.executable, "-m", "hotrod.tools.receiver_loadtest", "--deliveries", str(tmp_path / "none")],
                  check=False)
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
