"""The serving layer on DuckDB from generated data: the seed's 33 relations, clean checks, exports."""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq

from conftest import AS_OF, SERVING_TABLES, SERVING_VIEWS, relation_columns_duckdb
from helpers import ROOT, run

# The columns the seed (launch-validation-checklist.md) and the issue name for each relation.
SEED_COLUMNS = {
    "v_sales_pulse_current": ["current_date", "total_revenue", "total_orders", "avg_order_value",
                              "revenue_vs_last_week_pct", "fulfillment_rate_pct", "top_products"],
    "v_inventory_alerts": ["sku", "quantity_available", "days_of_cover", "stock_status", "velocity_tier",
                           "alert_severity", "alert_message"],
    "v_fulfillment_issues": ["order_number", "fulfillment_status", "days_to_fulfill", "issue_type", "issue_severity",
                             "sla_deadline"],
    "v_cx_escalations": ["chatwoot_conversation_id", "priority", "sentiment", "is_sla_breach",
                         "first_response_time_minutes", "status"],
    "v_activation_rate_7d": ["date", "shops_activated", "activation_rate_pct"],
    "v_sla_performance_7d": ["operator_id", "resolution_rate_pct", "median_response_minutes", "p90_response_minutes"],
    "v_data_quality_checks": ["check_name", "relation_name", "status", "failing_rows", "checked_at"],
    "v_data_freshness": ["relation_name", "last_loaded_at", "staleness_hours", "status"],
    "sales_metrics_daily": ["date", "total_revenue", "total_orders", "avg_order_value"],
    "inventory_snapshots": ["shopify_product_id", "sku", "snapshot_date", "quantity_available", "stock_status",
                            "velocity_tier"],
}


def test_all_33_relations_exist_with_the_seed_names_and_columns(duckdb_conn):
    kinds = dict(duckdb_conn.execute(
        "select table_name, table_type from information_schema.tables where table_schema = 'main'"
    ).fetchall())
    assert {name: kinds.get(name) for name in SERVING_TABLES} == {name: "BASE TABLE" for name in SERVING_TABLES}
    assert {name: kinds.get(name) for name in SERVING_VIEWS} == {name: "VIEW" for name in SERVING_VIEWS}
    # and nothing else: the serving schema holds these 33 relations only
    assert set(kinds) == set(SERVING_TABLES) | set(SERVING_VIEWS), set(kinds) ^ (set(SERVING_TABLES) | set(SERVING_VIEWS))
    for relation, columns in SEED_COLUMNS.items():
        actual = relation_columns_duckdb(duckdb_conn, relation)
        missing = [c for c in columns if c not in actual]
        assert not missing, f"{relation} lacks {missing}"


def test_every_relation_has_rows(duckdb_conn):
    empty = [r for r in SERVING_TABLES + SERVING_VIEWS
             if duckdb_conn.execute(f"select count(*) from main.{r}").fetchone()[0] == 0]
    assert empty == []


def test_data_quality_checks_show_no_failure_on_generated_data(duckdb_conn):
    rows = duckdb_conn.execute("select check_name, status, failing_rows from main.v_data_quality_checks").fetchall()
    assert len(rows) >= 10
    failures = [r for r in rows if r[1] == "fail"]
    assert failures == []
    # the generator's malformed payloads are counted, not dropped, and stay a warning
    rejected = {r[0]: r for r in rows}["rejected_webhook_payloads"]
    assert rejected[1] == "warn" and rejected[2] > 0


def test_freshness_is_fresh_at_the_as_of_date(duckdb_conn):
    rows = duckdb_conn.execute("select relation_name, status from main.v_data_freshness").fetchall()
    assert len(rows) == 16
    assert {status for _, status in rows} == {"fresh"}, rows


def test_alert_tile_orders_critical_first(duckdb_conn):
    severities = [r[0] for r in duckdb_conn.execute(
        "select cast(alert_severity as varchar) from main.v_inventory_alerts order by alert_severity").fetchall()]
    assert severities, "the generated data should raise inventory alerts"
    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    assert [rank[s] for s in severities] == sorted(rank[s] for s in severities)
    assert severities[0] == "critical"


def test_sales_pulse_is_for_the_as_of_date_with_five_top_products(duckdb_conn):
    current, top = duckdb_conn.execute(
        'select cast("current_date" as varchar), cast(top_products as varchar) from main.v_sales_pulse_current'
    ).fetchone()
    assert current == AS_OF
    products = json.loads(top)
    assert 1 <= len(products) <= 5
    assert [p["revenue"] for p in products] == sorted((p["revenue"] for p in products), reverse=True)


def test_every_customer_is_in_exactly_one_of_five_segments(duckdb_conn):
    customers = duckdb_conn.execute(
        "select count(*) from intermediate.int_customers__features where not is_deleted").fetchone()[0]
    segmented = duckdb_conn.execute(
        "select count(*), count(distinct shopify_customer_id) from main.customer_segments").fetchone()
    assert segmented == (customers, customers)
    segments = {r[0] for r in duckdb_conn.execute("select segment from main.v_customer_segment_summary").fetchall()}
    assert segments == {"pro_builder", "weekend_warrior", "racer", "restorer", "first_timer"}


def test_export_script_writes_csv_and_parquet(duckdb_build, tmp_path):
    proc = run([str(ROOT / "scripts" / "export"), "--target", "ci", "--out", str(tmp_path)],
               env={"HOTROD_CI_DUCKDB_PATH": duckdb_build["path"]})
    assert "v_export_customer_segments.parquet" in proc.stdout
    con = duckdb.connect(duckdb_build["path"], read_only=True)
    for view in ("v_export_daily_performance", "v_export_customer_segments", "v_export_product_performance"):
        expected = con.execute(f"select count(*) from main.{view}").fetchone()[0]
        assert pq.read_table(tmp_path / f"{view}.parquet").num_rows == expected
        with open(tmp_path / f"{view}.csv") as handle:
            assert sum(1 for _ in handle) == expected + 1
    con.close()
