"""Issue 2's acceptance check: duplicates, stale retries and out-of-order updates collapse in staging.

tests/fixtures/dedup/shopify.ndjson: order 1 is created (delivered twice with
the same event id), updated to paid/fulfilled, and then a stale retry of its
create arrives last; order 2's update arrives before its create; one delivery
has no id. After loading it twice and building staging, there is one row per
order holding its latest state, and the malformed payload is counted, not lost.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from helpers import dbt, python_script

pytestmark = pytest.mark.slow  # a build of staging (test_hand_computed covers duplicates in the fast loop)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dedup" / "shopify.ndjson"


def test_one_row_per_order_with_its_latest_state(tmp_path):
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp_path / "ci.duckdb")}
    for _ in range(2):  # loading the same file twice is harmless
        python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(FIXTURE), env=env)
    dbt(["build", "--target", "ci", "--select", "staging", "int_webhook_rejections"], env=env, target_path=tmp_path / "target")
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        orders = con.execute(
            "select order_id, financial_status, fulfillment_status, updated_at, source_event_id "
            "from staging.stg_shopify__orders order by order_id"
        ).fetchall()
        lines = con.execute("select order_id, count(*) from staging.stg_shopify__order_lines group by 1 order by 1").fetchall()
        rejected = con.execute("select event_id, rejection_reason from intermediate.int_webhook_rejections").fetchall()
    assert [(o[0], o[1], o[2], o[4]) for o in orders] == [
        (1, "paid", "fulfilled", "ev-2"),
        (2, "paid", "partial", "ev-5"),
    ]
    assert str(orders[0][3]).startswith("2026-06-02 17:00:00")  # updated_at in UTC
    assert lines == [(1, 1), (2, 1)]
    assert rejected == [("ev-6", "missing or non-integer resource id")]
