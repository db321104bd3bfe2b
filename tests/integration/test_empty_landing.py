"""A fresh install: the project builds and tests on landing tables that hold no delivery yet."""

from __future__ import annotations

import duckdb
import pytest

from conftest import AS_OF, SERVING_TABLES, SERVING_VIEWS, VARS
from helpers import dbt
from hotrod.ingestion import landing

pytestmark = pytest.mark.slow  # a whole-project build


def test_the_project_builds_before_any_webhook_has_landed(tmp_path):
    path = tmp_path / "empty.duckdb"
    with duckdb.connect(str(path)) as con:
        landing.ensure_landing_tables(con, "duckdb")
    # models and data tests; freshness is only a warning on empty sources
    dbt(["build", "--target", "ci", "--vars", VARS, "--exclude-resource-type", "unit_test"],
        env={"HOTROD_CI_DUCKDB_PATH": str(path)}, target_path=tmp_path / "target")
    with duckdb.connect(str(path), read_only=True) as con:
        relations = dict(con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'main'").fetchall())
        assert {r: relations.get(r) for r in SERVING_TABLES} == {r: "BASE TABLE" for r in SERVING_TABLES}
        assert {r: relations.get(r) for r in SERVING_VIEWS} == {r: "VIEW" for r in SERVING_VIEWS}
        # nothing landed: the facts are empty, and the as-of date's sales row counts nothing
        for table in ("fulfillment_tracking", "cx_conversations", "inventory_snapshots", "sku_performance"):
            assert con.execute(f"select count(*) from main.{table}").fetchone()[0] == 0, table
        assert con.execute(
            "select cast(date as varchar), total_orders, total_revenue from main.sales_metrics_daily").fetchall() == [
            (AS_OF, 0, 0)]
