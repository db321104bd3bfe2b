"""Injected defects are named by v_data_quality_checks and fail `dbt test`.

A copy of the generated DuckDB build receives three defective deliveries
through the real loader: an order line with a negative quantity, an order with
no line items, and a fulfillment created before its order. After `dbt run
--full-refresh` (they are older than the last build)
the data-quality view names exactly those checks as failing; `dbt test`
exits non-zero with the matching tests failing.
"""

from __future__ import annotations

import json
import shutil

import duckdb

from conftest import VARS
from helpers import dbt, python_script


def _delivery(event_id: str, topic: str, body: dict) -> str:
    return json.dumps({"received_at": "2026-06-29T20:00:00Z",
                       "headers": {"X-Shopify-Topic": topic, "X-Shopify-Event-Id": event_id}, "body": body})


def _order(order_id: int, line_items: list, subtotal: str) -> dict:
    return {"id": order_id, "name": f"#X{order_id}", "order_number": order_id, "customer": {"id": 1},
            "created_at": "2026-06-29T09:00:00-07:00", "updated_at": "2026-06-29T09:00:00-07:00",
            "financial_status": "paid", "fulfillment_status": None, "test": False, "cancelled_at": None,
            "subtotal_price": subtotal, "total_line_items_price": subtotal, "total_discounts": "0.00",
            "total_tax": "0.00", "total_price": subtotal, "line_items": line_items}


def test_injected_defects_are_named(duckdb_build, tmp_path):
    db = tmp_path / "ci.duckdb"
    shutil.copy(duckdb_build["path"], db)
    env = {"HOTROD_CI_DUCKDB_PATH": str(db)}
    negative_line = {"id": 990000001, "sku": "DEFECT-1", "title": "Defect", "quantity": -2, "price": "10.00",
                     "discount_allocations": []}
    deliveries = [
        _delivery("defect-negative-qty", "orders/create", _order(990000001, [negative_line], "-20.00")),
        _delivery("defect-no-lines", "orders/create", _order(990000002, [], "0.00")),
        _delivery("defect-early-fulfillment", "fulfillments/create", {
            "id": 990000003, "order_id": 990000002, "status": "success", "shipment_status": "in_transit",
            "created_at": "2026-06-28T09:00:00-07:00", "updated_at": "2026-06-28T09:00:00-07:00"}),
    ]
    path = tmp_path / "defects.ndjson"
    path.write_text("\n".join(deliveries) + "\n")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(path), env=env)

    # the captured deliveries are older than the last build: a backfill, staged by a full refresh
    dbt(["run", "--target", "ci", "--vars", VARS, "--full-refresh"], env=env, target_path=tmp_path / "target")
    with duckdb.connect(str(db), read_only=True) as con:
        failing = {r[0] for r in con.execute(
            "select check_name from main.v_data_quality_checks where status = 'fail'").fetchall()}
    assert {"order_lines_non_positive_quantity", "orders_without_lines", "fulfillment_before_order"} <= failing
    assert failing <= {"order_lines_non_positive_quantity", "orders_without_lines", "fulfillment_before_order",
                       "negative_money", "order_subtotal_matches_lines"}

    result = dbt(["test", "--target", "ci", "--vars", VARS], env=env, target_path=tmp_path / "target", check=False)
    assert result.returncode != 0
    assert "accepted_range_stg_shopify__order_lines_quantity__1" in result.stdout
    assert "accepted_values_dq_check_results_status__pass__warn" in result.stdout
