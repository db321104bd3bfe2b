"""Alerts (src/hotrod/orchestration/alerts.py): Slack incoming-webhook JSON, posted to a local HTTP sink."""

from __future__ import annotations

import json

import pytest

from helpers import AlertSink as Sink
from hotrod.orchestration import alerts


@pytest.fixture
def sink():
    s = Sink()
    yield s
    s.close()


def _assert_slack_shape(body: dict) -> None:
    """What Slack's incoming webhooks accept: `text`, and Block Kit blocks of known types and text objects."""
    assert isinstance(body["text"], str) and body["text"]
    for block in body["blocks"]:
        assert block["type"] in ("header", "section", "context")
        texts = block.get("elements", [block.get("text")])
        for text in texts:
            assert text["type"] in ("plain_text", "mrkdwn") and text["text"]
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150


@pytest.mark.parametrize("alert, kind, words", [
    (alerts.run_failed("tile_refresh", "abc123", "phase 1/2 failed", "http://127.0.0.1:3000/runs/abc123"),
     "run_failed", ["tile_refresh", "abc123", "phase 1/2 failed", "/runs/abc123"]),
    (alerts.blocking_check("sales_metrics_daily", "net_sales_identity", "r1", "net = gross - discounts - returns"),
     "blocking_check", ["sales_metrics_daily", "net_sales_identity", "r1", "net = gross"]),
    (alerts.stale_data("fulfillment_tracking", "2026-06-28T00:00:00+00:00", 80.5, 72),
     "stale_data", ["fulfillment_tracking", "2026-06-28", "80.5", "72"]),
])
def test_each_alert_posts_slack_json_naming_what_failed_and_its_runbook_entry(sink, alert, kind, words):
    assert alerts.post(alert, sink.url) is True
    [request] = sink.received
    assert request["content_type"] == "application/json"
    body = request["body"]
    _assert_slack_shape(body)
    everything = json.dumps(body)
    for word in words:
        assert word in everything
    assert f"docs/runbook.md#{kind.replace('_', '-')}" in body["text"]


def test_the_url_comes_from_the_environment(sink, monkeypatch):
    monkeypatch.setenv(alerts.WEBHOOK_URL_ENV, sink.url)
    assert alerts.post(alerts.run_failed("daily_build", "r", "boom")) is True
    assert len(sink.received) == 1


def test_without_a_url_nothing_is_posted(monkeypatch):
    monkeypatch.delenv(alerts.WEBHOOK_URL_ENV, raising=False)
    assert alerts.post(alerts.run_failed("daily_build", "r", "boom")) is False


def test_an_endpoint_that_refuses_the_alert_is_an_error():
    refusing = Sink(status=404)
    try:
        with pytest.raises(alerts.AlertError, match="404"):
            alerts.post(alerts.run_failed("daily_build", "r", "boom"), refusing.url)
    finally:
        refusing.close()


def test_an_unreachable_endpoint_is_an_error():
    closed = Sink()
    url = closed.url
    closed.close()
    with pytest.raises(alerts.AlertError, match="cannot reach"):
        alerts.post(alerts.run_failed("daily_build", "r", "boom"), url)
