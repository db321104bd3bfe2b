"""Session fixtures: one generated dataset built on DuckDB, and a real PostgreSQL built from the same data.

Both builds use the same generator seed, the same data end date and the same
pinned `as_of_date`, so their serving layers must hold identical rows.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import psycopg2
import pytest

from helpers import ROOT, dbt, free_port, python_script, run

GENERATED_ORDERS = int(os.environ.get("HOTROD_TEST_ORDERS", "6000"))
SEED = "7"
AS_OF = "2026-06-30"  # the generated data ends on this date; tests pin the as-of date to it
VARS = f"{{as_of_date: '{AS_OF}'}}"
HAND_COMPUTED_FIXTURE = ROOT / "tests" / "fixtures" / "hand_computed" / "shopify.ndjson"
HAND_COMPUTED_AS_OF = "2026-06-10"

SERVING_TABLES = (
    "product_categories", "customer_segments", "sales_metrics_daily", "sku_performance", "inventory_snapshots",
    "fulfillment_tracking", "cx_conversations", "shop_activation_metrics", "operator_sla_resolution", "ceo_time_savings",
)
SERVING_VIEWS = (
    "v_sales_pulse_current", "v_inventory_alerts", "v_fulfillment_issues", "v_cx_escalations", "v_activation_rate_7d",
    "v_sla_performance_7d", "v_product_performance", "v_customer_segment_summary", "v_revenue_trends_30d",
    "v_category_trends_30d", "v_inventory_velocity_trends", "v_customer_segment_trends", "v_vehicle_compatibility_analysis",
    "v_data_quality_checks", "v_data_freshness", "v_growth_milestones", "v_growth_rates", "v_kpi_summary",
    "v_ceo_time_savings_30d", "v_ceo_time_savings_ytd", "v_export_daily_performance", "v_export_customer_segments",
    "v_export_product_performance",
)


def generate(target: str, env: dict) -> None:
    python_script(
        "generate_data.py", "--target", target, "--replace", "--orders", str(GENERATED_ORDERS),
        "--seed", SEED, "--end", AS_OF, env=env,
    )


@pytest.fixture(scope="session")
def duckdb_build(tmp_path_factory):
    """The generated dataset, built and tested on DuckDB (the ci target) with as_of_date pinned."""
    tmp = tmp_path_factory.mktemp("duckdb_build")
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp / "ci.duckdb")}
    generate("ci", env)
    dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp / "target")
    return {"env": env, "path": env["HOTROD_CI_DUCKDB_PATH"], "tmp": tmp}


@pytest.fixture(scope="session")
def hand_computed_build(tmp_path_factory):
    """tests/fixtures/hand_computed/shopify.ndjson loaded and built on DuckDB (every model, data test and unit
    test) with as_of_date pinned to 2026-06-10: the fast subset's end-to-end build (tests/integration/
    test_hand_computed.py has the expected figures)."""
    tmp = tmp_path_factory.mktemp("hand_computed")
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp / "ci.duckdb")}
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(HAND_COMPUTED_FIXTURE), env=env)
    dbt(["build", "--target", "ci", "--vars", f"{{as_of_date: '{HAND_COMPUTED_AS_OF}'}}"], env=env,
        target_path=tmp / "target")
    return {"env": env, "path": env["HOTROD_CI_DUCKDB_PATH"], "tmp": tmp}


@pytest.fixture
def duckdb_conn(duckdb_build):
    con = duckdb.connect(duckdb_build["path"], read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """A real PostgreSQL 15 on a loopback port in a temporary data directory (installed when missing)."""
    from hotrod.tools.pg_local import LocalPostgres

    server = LocalPostgres(port=free_port())
    server.start()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def pg_build(pg_server, tmp_path_factory):
    """The same generated dataset loaded into PostgreSQL and built with the production command."""
    tmp = tmp_path_factory.mktemp("pg_build")
    env = {**pg_server.env()}
    generate("pg", env)
    dbt(["run-operation", "create_test_roles", "--target", "pg"], env=env, target_path=tmp / "target")
    result = run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS], env=env)
    return {"env": env, "server": pg_server, "build_prod_output": result.stdout + result.stderr, "tmp": tmp}


def fresh_pg_database(pg_server, database: str, target_path: Path) -> dict:
    """A new, empty database `database` on the session's PostgreSQL with the test roles; returns its env."""
    pg_server.superuser_sql(f"drop database if exists {database}", database="postgres")
    pg_server.superuser_sql(f"create database {database} owner {pg_server.env()['PGUSER']}", database="postgres")
    env = {**pg_server.env(), "PGDATABASE": database}
    dbt(["run-operation", "create_test_roles", "--target", "pg"], env=env, target_path=target_path)
    return env


def pg_connect(env: dict, user: str | None = None, password: str | None = None):
    return psycopg2.connect(
        host=env["PGHOST"], port=env["PGPORT"], dbname=env["PGDATABASE"],
        user=user or env["PGUSER"], password=password or env["PGPASSWORD"],
    )


@pytest.fixture
def pg_conn(pg_build):
    con = pg_connect(pg_build["env"])
    yield con
    con.close()


def relation_columns_duckdb(con, relation: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = 'main' and table_name = ? "
        "order by ordinal_position", [relation]).fetchall()]


__all__ = ["SERVING_TABLES", "SERVING_VIEWS", "AS_OF", "VARS", "Path"]
