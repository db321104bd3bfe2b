"""Injected defects and bad values on DuckDB: the build completes, v_data_quality_checks names each one.

A copy of the generated DuckDB build receives, through the real loader and
after its last delivery (so that an incremental `dbt build` stages them):
three defects (an order line with a negative quantity, an order with no line
items, a fulfillment created before its order) and the bad values of issue 16
(tests/bad_values.py: an out-of-range quantity, an overflowing subtotal, an
impossible day and offset, an order dated in year 1, one without an offset,
one a week in the future). The build exits 0 (each of these is an anomaly
in the data: severity warn), every serving relation is rebuilt, the quality
view names exactly the expected checks as failing, and the implausible orders
are kept out of the daily figures. Then a corrected version of the bad order
repairs it on the next incremental run, and a defect that breaks the serving
layer's keys (two lines sharing an id) fails `dbt build` while the quality
view names it.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from decimal import Decimal

import duckdb

from bad_values import (BAD_ORDER_IDS, RECEIVED_AT, assert_named, delivery, expected_failures, write_bad_values,
                        write_correction, write_duplicate_line_ids)
from conftest import SERVING_TABLES, SERVING_VIEWS, VARS
from helpers import dbt, python_script

DEFECT_CHECKS = {"order_lines_non_positive_quantity", "orders_without_lines", "fulfillment_before_order",
                 "accepted_range_stg_shopify__order_lines_quantity__1",
                 "accepted_range_fulfillment_tracking_days_to_fulfill__0", "not_null_int_order_lines__enriched_line_revenue"}


def _order(order_id: int, line_items: list, subtotal: str) -> dict:
    return {"id": order_id, "name": f"#X{order_id}", "order_number": order_id, "customer": {"id": 1},
            "created_at": "2026-06-29T09:00:00-07:00", "updated_at": "2026-06-29T09:00:00-07:00",
            "financial_status": "paid", "fulfillment_status": None, "test": False, "cancelled_at": None,
            "subtotal_price": subtotal, "total_line_items_price": subtotal, "total_discounts": "0.00",
            "total_tax": "0.00", "total_price": subtotal, "line_items": line_items}


def _defects() -> list[str]:
    negative_line = {"id": 990000001, "sku": "DEFECT-1", "title": "Defect", "quantity": -2, "price": "10.00",
                     "discount_allocations": []}
    return [
        delivery("defect-negative-qty", _order(990000001, [negative_line], "-20.00")),
        delivery("defect-no-lines", _order(990000002, [], "0.00")),
        delivery("defect-early-fulfillment", {
            "id": 990000003, "order_id": 990000002, "status": "success", "shipment_status": "in_transit",
            "created_at": "2026-06-28T09:00:00-07:00", "updated_at": "2026-06-28T09:00:00-07:00"},
            topic="fulfillments/create"),
    ]


def _checks(db) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {r[0]: r[1:] for r in con.execute(
            "select check_name, status, severity, failing_rows from main.v_data_quality_checks").fetchall()}


def test_defects_and_bad_values_publish_and_are_named(duckdb_build, tmp_path):
    db = tmp_path / "ci.duckdb"
    shutil.copy(duckdb_build["path"], db)
    env = {"HOTROD_CI_DUCKDB_PATH": str(db)}
    rejected_before = _checks(db)["rejected_webhook_payloads"][2]
    with duckdb.connect(str(db), read_only=True) as con:
        days_before = con.execute("select count(*), min(date) from main.sales_metrics_daily").fetchone()
        revenue_before = con.execute("select sum(total_revenue) from main.sales_metrics_daily").fetchone()[0]
        landed_last = con.execute("select max(received_at) from raw_shopify.webhook_events").fetchone()[0]
    # the deliveries below are received after every one landed, so the incremental build stages them
    assert landed_last < datetime.fromisoformat(RECEIVED_AT.replace("Z", "+00:00")), landed_last
    path = tmp_path / "bad.ndjson"
    write_bad_values(path)
    path.write_text(path.read_text() + "\n".join(_defects()) + "\n")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(path), env=env)

    result = dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp_path / "target", check=False)
    assert result.returncode == 0, result.stdout[-5000:]  # anomalies in the data warn; nothing is skipped
    assert "SKIP=0" in result.stdout
    checks = _checks(db)
    failing = {name for name, (status, _, _) in checks.items() if status == "fail"}
    assert DEFECT_CHECKS | expected_failures() <= failing
    # and what the negative quantity of SKU DEFECT-1 makes of its unit figures
    assert failing <= DEFECT_CHECKS | expected_failures() | {
        "negative_money", "order_subtotal_matches_lines", "sku_revenue_reconciles",
        "accepted_range_sku_performance_avg_daily_units__0",
        "accepted_range_sku_performance_units_sold_30d__0", "accepted_range_inventory_snapshots_avg_daily_units__0",
        "accepted_range_inventory_snapshots_units_sold__0", "accepted_range_inventory_snapshots_units_sold_30d__0",
        # customer spend is line revenue (the revenue definition), which the negative line makes negative
        "accepted_range_customer_segments_total_spent__0",
        # current_quantity is quantity when the payload names none
        "accepted_range_stg_shopify__order_lines_current_quantity__0"}
    assert all(checks[name][1] == "warn" for name in failing)
    assert_named(checks, rejected_before)

    with duckdb.connect(str(db), read_only=True) as con:
        relations = {r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main'").fetchall()}
        assert set(SERVING_TABLES + SERVING_VIEWS) <= relations
        # no spine before the shop's first day: the order of year 1 adds no row
        assert con.execute("select count(*), min(date) from main.sales_metrics_daily").fetchone() == days_before
        counted = con.execute("select count(*) from intermediate.int_orders__enriched where order_id in "
                              f"({', '.join(map(str, BAD_ORDER_IDS[4:]))}) and is_counted_order").fetchone()[0]
        assert counted == 0  # implausibly dated orders are kept out of the figures
        # counted: the bad quantity's order (0.00: revenue is its lines' price x quantity, and the unreadable
        # quantity leaves its line's revenue null, which not_null_int_order_lines__enriched_line_revenue names),
        # the negative line's (-20.00), the one without lines (0.00);
        # not counted: the three implausibly dated orders (3 x 20.00)
        revenue = con.execute("select sum(total_revenue) from main.sales_metrics_daily").fetchone()[0]
        assert revenue == revenue_before + Decimal("0.00") - Decimal("20.00") + Decimal("0.00")

    # the next version of the bad order repairs it incrementally: no full refresh
    quantity_rows = checks["order_lines_non_positive_quantity"][2]
    write_correction(path)
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(path), env=env)
    dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp_path / "target")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select quantity from staging.stg_shopify__order_lines "
                           f"where order_id = {BAD_ORDER_IDS[0]}").fetchall() == [(2,)]
    assert _checks(db)["order_lines_non_positive_quantity"][2] == quantity_rows - 1

    # a defect that breaks the serving layer's keys is blocking: dbt build fails, and the view names it
    write_duplicate_line_ids(path)
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(path), env=env)
    result = dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp_path / "target", check=False)
    assert result.returncode != 0
    checks = _checks(db)
    assert checks["unique_stg_shopify__order_lines_order_line_id"][:3] == ("fail", "error", 1)
