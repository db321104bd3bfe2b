"""The project on Shopify's own published REST example bodies, as a new user would try it.

tests/fixtures/published/shopify.ndjson wraps, as webhook deliveries, the
response bodies that Shopify's Ruby SDK (Shopify/shopify-api-ruby, API
version 2025-07) uses as test fixtures: each line's `source` names the file and
test it came from. They hold shapes our generator does not: order #1001
(450789469) from 2008 whose `subtotal_price` (597.00) ignores its own 10.00
discount, three custom lines without a SKU or product, a refund of shipping
reported both as a refund shipping line and as a `shipping_refund`
adjustment, a refund of 0.00, a successful fulfillment of the only line still
on an order whose `fulfillment_status` is null, variants whose stock is known
only from `inventory_quantity`.

The build must complete every serving relation, and v_data_quality_checks must
list every check with its status (the subtotal anomaly as a warning). The
figures below are worked out by hand from those bodies.
"""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest

from conftest import SERVING_TABLES, SERVING_VIEWS
from helpers import ROOT, dbt, python_script

pytestmark = pytest.mark.slow  # a whole-project build of its own fixture

FIXTURE = ROOT / "tests" / "fixtures" / "published" / "shopify.ndjson"
AS_OF = "2025-07-02"  # the bodies' own date (11:3x -05:00)
FIRST_DAY = "2008-01-01"
CHECKS = {
    "orders_without_lines", "order_lines_non_positive_quantity", "negative_money", "order_subtotal_matches_lines",
    "fulfillment_before_order", "refund_before_order", "daily_revenue_reconciles", "sku_revenue_reconciles",
    "first_response_before_conversation", "rejected_webhook_payloads", "order_lines_without_sku",
    "implausible_order_timestamps",
}
D = Decimal


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published")
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp / "ci.duckdb")}
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(FIXTURE), env=env)
    # the example shop's first order is of 2008 (#1001), before the default shop_first_day
    result = dbt(["build", "--target", "ci", "--vars", f"{{as_of_date: '{AS_OF}', shop_first_day: '{FIRST_DAY}'}}"],
                 env=env, target_path=tmp / "target")
    con = duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True)
    run_results = json.loads((tmp / "target" / "run_results.json").read_text())
    yield con, result, {r["unique_id"].split(".")[2] for r in run_results["results"] if r["unique_id"].startswith("test.")}
    con.close()


def test_every_body_names_its_source():
    for line in FIXTURE.read_text().splitlines():
        delivery = json.loads(line)
        assert delivery["source"].startswith("Shopify/shopify-api-ruby@") and " test/rest/2025_07/" in delivery["source"]


def test_the_build_completes_every_serving_relation(built):
    con, _, _ = built
    kinds = dict(con.execute("select table_name, table_type from information_schema.tables where table_schema = 'main'").fetchall())
    assert {r: kinds.get(r) for r in SERVING_TABLES} == {r: "BASE TABLE" for r in SERVING_TABLES}
    assert {r: kinds.get(r) for r in SERVING_VIEWS} == {r: "VIEW" for r in SERVING_VIEWS}


def test_quality_view_lists_every_check_with_its_status(built):
    con, _, tests = built
    rows = {name: (status, severity, failing) for name, status, severity, failing in con.execute(
        "select check_name, status, severity, failing_rows from main.v_data_quality_checks").fetchall()}
    # every computed check and every dbt data test the build ran
    assert tests and set(rows) == CHECKS | tests
    # #1001: subtotal_price 597.00, its lines 3 x 199.00 - (3.34 + 3.33 + 3.33) = 587.00 (and Shopify's own
    # total_price 598.94 = 587.00 + 11.94 of tax): an anomaly of the payload, failing as a warning
    assert rows["order_subtotal_matches_lines"] == ("fail", "warn", 1)
    # the three custom lines of order 1073459963 have no SKU
    assert rows["order_lines_without_sku"] == ("warn", "warn", 3)
    # the bodies are Shopify's only: nothing has landed from Chatwoot or the dashboard app (queue items, time
    # savings), whose landing tables are stale: a warning each
    failing = {name for name, (status, _, _) in rows.items() if status == "fail"} - {"order_subtotal_matches_lines"}
    assert sorted(name.split("_received_at")[0].split("_recorded_at")[0] for name in failing) == [
        "source_is_fresh_raw_chatwoot_webhook_events", "source_is_fresh_raw_ops_queue_items",
        "source_is_fresh_raw_ops_time_savings_entries"]
    assert all(rows[name] == ("fail", "warn", 1) for name in failing)
    assert not [name for name, (status, severity, _) in rows.items() if status == "fail" and severity == "error"]


def test_sales_report_of_the_published_orders(built):
    con, _, _ = built
    rows = con.execute("""
        select cast(date as varchar), gross_sales, discounts, returns, net_sales, shipping_charges, taxes, total_sales,
            total_revenue, total_orders
        from main.sales_metrics_daily
        where gross_sales != 0 or returns != 0 or shipping_charges != 0 or taxes != 0
        order by date""").fetchall()
    assert rows == [
        # #1001 on its processed date: 3 x 199.00, 10.00 of discount allocations, free shipping, 11.94 tax
        ("2008-01-10", D("597.00"), D("10.00"), D("0.00"), D("587.00"), D("0.00"), D("11.94"), D("598.94"), D("587.00"), 1),
        # 1073459981 (199.00, 17.91 off) and 1073459963 (129.99 + 85.95 + 2 x 19.99 = 255.92, tax 14.45); refunds of
        # #1001 the same day: 195.66 + 195.67 of goods with 3.98 + 3.98 of tax, and 5.00 of shipping counted once
        # although Shopify reports it twice; gross 454.92, net 454.92 - 17.91 - 391.33 = 45.68,
        # taxes 14.45 - 7.96 = 6.49, total 45.68 - 5.00 + 6.49 = 47.17; revenue 181.09 + 255.92 = 437.01
        ("2025-07-02", D("454.92"), D("17.91"), D("391.33"), D("45.68"), D("-5.00"), D("6.49"), D("47.17"), D("437.01"), 2),
    ]


def test_fulfilled_by_its_fulfillments_when_the_status_lags(built):
    con, _, _ = built
    # #1001: two of its three lines were refunded (current_quantity 0); fulfillment 1069019878 (success) covers the
    # third (518995019, 1 unit); the order still reports fulfillment_status null
    assert con.execute("select fulfillment_status, is_fulfilled from intermediate.int_orders__enriched "
                       "where order_id = 450789469").fetchone() == ("unfulfilled", True)


def test_lines_without_a_sku_are_grouped_by_product_and_variant_or_title(built):
    con, _, _ = built
    skus = con.execute("select sku from intermediate.int_order_lines__enriched where order_id = 1073459963 order by sku").fetchall()
    assert skus == [("(no sku) Blue Suede Shoes",), ("(no sku) Raspberry Beret",), ("(no sku) Red Leather Coat",)]


def test_stock_of_a_variant_without_a_level_event_comes_from_its_product(built):
    con, _, _ = built
    stock = dict(con.execute("select sku, quantity_available from main.inventory_snapshots "
                             "where snapshot_date = cast(? as date) and sku like 'IPOD%'", [AS_OF]).fetchall())
    # levels were delivered for the pink (1) and red (2) items only; green, black and the Touch keep their
    # product payload's inventory_quantity (30, 40, 13)
    assert stock == {"IPOD2008PINK": 1, "IPOD2008RED": 2, "IPOD2008GREEN": 30, "IPOD2008BLACK": 40, "IPOD2009BLACK": 13}
