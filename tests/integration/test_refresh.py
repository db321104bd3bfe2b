"""The tile refresh on PostgreSQL (scripts/build_prod --refresh): the rows a daily build would publish, by key.

The dataset of the incremental test is written in two parts (tests/integration/
test_incremental.py: its last days carry refunds and fulfillments of orders
placed weeks earlier, plus a late cancellation with its refund and a late
shipping refund made for the test). The first part is built and published by
the daily build; the second part lands and a refresh publishes what it
changes, while a reader polls the tiles' tables and the watermarks in one
statement. Then the daily build runs on the same data, and the refreshed
tables and the tile views must hold its rows. The one difference allowed is
the sentiment of conversations whose messages changed: the refresh leaves the
Python models (VADER sentiment among them) to the daily build.

Then the clock: a refresh as of the next day, with nothing new landed, must
show the tiles a daily build as of that day shows (SLA deadlines passed,
the issue window moved, the new date's row of sales_metrics_daily).
"""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta

import psycopg2
import pytest

from conftest import AS_OF, VARS, fresh_pg_database, pg_connect
from helpers import ROOT, run, python_script
from test_incremental import BATCH_START, _generate, _late_changes_file, _multiset

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

REFRESHED = {  # published relation: its key
    "public.sales_metrics_daily": "date",
    "public.fulfillment_tracking": "shopify_order_id",
    "public.cx_conversations": "chatwoot_conversation_id",
    "quality.serving_watermarks": "watermark_name",
}
TILE_VIEWS = ("public.v_sales_pulse_current", "public.v_fulfillment_issues")
# what moves with the clock (the views that name the as-of date take it when the daily build compiles them)
CLOCK_RELATIONS = ("public.sales_metrics_daily", "public.v_fulfillment_issues", "public.v_cx_escalations")
SENTIMENT_COLUMNS = ("sentiment", "sentiment_score", "scored_messages")
ESCALATION_COLUMNS = ("is_escalated", "is_open_escalation")
# the webhook landing and tile rows of dq_source_freshness, which a refresh recomputes
FRESHNESS_SQL = ("select relation_name, last_loaded_at from quality.dq_source_freshness where relation_name in "
                 "('raw_shopify.webhook_events', 'raw_chatwoot.webhook_events', 'sales_metrics_daily', "
                 "'fulfillment_tracking', 'cx_conversations')")
POLL_SQL = """
    select
        (select count(*) from public.fulfillment_tracking),
        (select sum(total_orders) from public.sales_metrics_daily),
        (select count(*) from public.cx_conversations),
        (select watermark_at from quality.serving_watermarks where watermark_name = 'shopify_received_at'),
        (select count(*) from public.v_kpi_summary)
"""


def _rows(cur, relation: str, without: tuple = ()) -> tuple[list[str], list]:
    cur.execute(f"select * from {relation}")
    names = [d[0] for d in cur.description]
    keep = [i for i, name in enumerate(names) if name not in without]
    return [names[i] for i in keep], _multiset(tuple(row[i] for i in keep) for row in cur.fetchall())


def _snapshot(cur) -> dict:
    snap = {relation: _rows(cur, relation, SENTIMENT_COLUMNS + ESCALATION_COLUMNS
                            if relation.endswith("cx_conversations") else ())[1] for relation in REFRESHED}
    snap.update({view: _rows(cur, view)[1] for view in TILE_VIEWS})
    cur.execute(FRESHNESS_SQL)
    snap["freshness"] = sorted(cur.fetchall())
    cur.execute("select chatwoot_conversation_id, sentiment, is_escalated, is_open_escalation "
                "from public.cx_conversations")
    snap["escalation"] = {row[0]: row[1:] for row in cur.fetchall()}
    cur.execute("select chatwoot_conversation_id from public.v_cx_escalations")
    snap["v_cx_escalations"] = {row[0] for row in cur.fetchall()}
    return snap


class Poller(threading.Thread):
    """A reader of the tiles' tables and the watermarks, one statement at a time, as the operator role sees them."""

    def __init__(self, env: dict):
        super().__init__(daemon=True)
        self.env, self.seen, self.errors = env, [], []
        self.stop = threading.Event()

    def run(self):
        con = pg_connect(self.env)
        con.autocommit = True
        cur = con.cursor()
        while not self.stop.is_set():
            try:
                cur.execute(POLL_SQL)
                row = cur.fetchone()
                if not self.seen or self.seen[-1] != row:
                    self.seen.append(row)
            except psycopg2.Error as exc:
                self.errors.append(str(exc).strip())
            time.sleep(0.01)
        con.close()


def test_a_refresh_publishes_the_rows_the_daily_build_would(pg_server, tmp_path):
    env = fresh_pg_database(pg_server, "hotrod_refresh", tmp_path / "roles")
    build_prod = [str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS]
    refresh = [str(ROOT / "scripts" / "build_prod"), "--refresh", "--target", "pg", "--vars", VARS]

    # a refresh needs a published layer
    _generate("pg", env, "--replace", "--received-through", BATCH_START)
    refused = run(refresh, env=env, check=False)
    assert refused.returncode != 0 and "run the daily build" in refused.stderr and "Traceback" not in refused.stderr

    run(build_prod, env=env)
    _generate("pg", env, "--received-after", BATCH_START)
    con = pg_connect(env)
    try:
        cancelled, _ = _late_changes_file(con.cursor(), tmp_path / "late.ndjson")
    finally:
        con.close()
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(tmp_path / "late.ndjson"), env=env)

    con = pg_connect(env)
    con.autocommit = True
    cur = con.cursor()
    before = _snapshot(cur)
    cur.execute("select count(*) from public.fulfillment_tracking where shopify_order_id = %s", (cancelled,))
    assert cur.fetchone()[0] == 1  # counted before its cancellation landed

    poller = Poller(env)
    poller.start()
    try:
        result = run(refresh, env=env)
    finally:
        poller.stop.set()
        poller.join()
    assert "phase 2/2 publish the rows by key: ok" in result.stderr
    # a reader saw the layer before the refresh and after it, never a missing relation, never a mix
    assert not poller.errors, poller.errors[:3]
    assert len(poller.seen) == 2, poller.seen
    (old_orders, old_total, _, old_mark, _), (new_orders, new_total, _, new_mark, _) = poller.seen
    assert new_orders != old_orders and new_total != old_total and new_mark > old_mark, poller.seen

    refreshed = _snapshot(cur)
    cur.execute("select count(*) from public.fulfillment_tracking where shopify_order_id = %s", (cancelled,))
    assert cur.fetchone()[0] == 0  # the late cancellation removed its order's row
    cur.execute("select (select count(*) from intermediate.int_refresh__orders), "
                "(select count(*) from public.fulfillment_tracking), "
                "(select count(*) from intermediate.int_refresh__dates), (select count(*) from public.sales_metrics_daily)")
    orders, all_orders, dates, all_dates = cur.fetchone()
    assert 0 < orders < all_orders / 4 and 0 < dates < all_dates / 4, (orders, all_orders, dates, all_dates)
    for relation in REFRESHED:
        assert refreshed[relation] != before[relation], f"the refresh changed nothing in {relation}"

    run(build_prod, env=env)
    daily = _snapshot(cur)
    con.close()
    for relation in (*REFRESHED, *TILE_VIEWS, "freshness"):
        if relation == "quality.serving_watermarks":
            continue  # the daily build stamps its own run (loaded_at)
        ref, got = daily[relation], refreshed[relation]
        assert len(got) == len(ref), f"{relation}: {len(got)} rows after the refresh, {len(ref)} after the daily build"
        diff = [(a, b) for a, b in zip(got, ref) if a != b]
        assert not diff, f"{relation}: {len(diff)} rows differ, first: {diff[0]}"
    # escalations: the same wherever the daily build's sentiment is the one the refresh read
    same_sentiment = [cid for cid, row in daily["escalation"].items() if refreshed["escalation"][cid][0] == row[0]]
    assert len(same_sentiment) > len(daily["escalation"]) / 2
    assert all(refreshed["escalation"][cid] == daily["escalation"][cid] for cid in same_sentiment)
    assert ({c for c in refreshed["v_cx_escalations"] if c in same_sentiment}
            == {c for c in daily["v_cx_escalations"] if c in same_sentiment})

    # the next day, nothing new landed: a refresh moves the tiles' clocks as the daily build does
    next_day = f"{{as_of_date: '{(date.fromisoformat(AS_OF) + timedelta(days=1)).isoformat()}'}}"
    con = pg_connect(env)
    con.autocommit = True
    cur = con.cursor()
    today = {relation: _rows(cur, relation)[1] for relation in CLOCK_RELATIONS}
    run([*refresh[:-1], next_day], env=env)
    refreshed_later = {relation: _rows(cur, relation)[1] for relation in CLOCK_RELATIONS}
    run([*build_prod[:-1], next_day], env=env)
    daily_later = {relation: _rows(cur, relation)[1] for relation in CLOCK_RELATIONS}
    con.close()
    for relation in CLOCK_RELATIONS:
        assert refreshed_later[relation] != today[relation], f"{relation}: a day later and nothing changed"
        assert refreshed_later[relation] == daily_later[relation], relation
