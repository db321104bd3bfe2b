"""Production on PostgreSQL: the three-phase build, `dbt build --target pg`, security as each role,
indexes, index use by the alert tiles, and row-for-row parity with the DuckDB build.

A real PostgreSQL 15 is started by the `pg_server` fixture (installed with
apt-get where the machine lacks it); these tests never skip.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal

import psycopg2
import pytest

from conftest import SERVING_TABLES, SERVING_VIEWS, VARS, pg_connect
from helpers import dbt

pytestmark = pytest.mark.postgres

OPERATOR = ("hotrod_operator", "hotrod_test")
NO_ACCESS = ("hotrod_no_access", "hotrod_test")
ALL_RELATIONS = SERVING_TABLES + SERVING_VIEWS


def test_build_prod_ran_every_phase(pg_build):
    out = pg_build["build_prod_output"]
    for phase in ("phase 0/5", "phase 1/5", "phase 2/5", "phase 3/5", "phase 4/5 audit", "phase 5/5 publish"):
        assert f"{phase}" in out
    assert "built, audited and published" in out
    assert "phase 0/5 source freshness" in out


def test_a_stale_landing_table_is_named_and_the_build_still_publishes(pg_build):
    """The generated data ends on the pinned as-of date, months before now: past the 72 h error threshold, so
    `dbt source freshness` calls the Shopify landing table stale; build_prod names it and publishes all the same."""
    out = pg_build["build_prod_output"]
    assert "WARNING: source freshness: raw_shopify.webhook_events: error (stale)" in out
    closing = out[out.index("built, audited and published"):]
    assert "source freshness found" in closing and "raw_shopify.webhook_events: error (stale)" in closing


def test_build_prod_leaves_no_build_schema_and_the_operator_cannot_read_one(pg_conn):
    cur = pg_conn.cursor()
    cur.execute("select nspname from pg_namespace where nspname like '%\\_\\_build' or nspname like '%\\_\\_retired'")
    assert cur.fetchall() == []
    cur.execute("create schema public__build")
    try:
        cur.execute("select has_schema_privilege('hotrod_operator', 'public__build', 'USAGE')")
        assert cur.fetchone()[0] is False
    finally:
        pg_conn.rollback()


def test_dbt_build_target_pg_passes(pg_build):
    target = pg_build["tmp"] / "t2"
    dbt(["build", "--target", "pg", "--vars", VARS], env=pg_build["env"], target_path=target)  # exits 0
    # and no data test failed, not even one of severity warn: the generated data is clean (as on DuckDB)
    results = json.loads((target / "run_results.json").read_text())["results"]
    statuses = {r["unique_id"]: r["status"] for r in results}
    assert any(node.startswith("test.") for node in statuses)
    # (an exposure is a node of the build that does nothing: no-op)
    assert {node: s for node, s in statuses.items()
            if s not in ("success", "pass") and not (node.startswith("exposure.") and s == "no-op")} == {}


def test_failed_phase_stops_with_a_clear_message(pg_build):
    from helpers import ROOT, run

    env = {**pg_build["env"], "PGPASSWORD": "wrong-password"}
    result = run([str(ROOT / "scripts" / "build_prod"), "--target", "pg"], env=env, check=False)
    assert result.returncode == 2
    assert "error: cannot connect" in result.stderr and "Traceback" not in result.stderr
    assert "phase 1/5" not in result.stderr
    # a phase that fails names itself, and nothing later runs (the published layer stays)
    result = run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", "{as_of_date: 30/06/2026}"],
                 env=pg_build["env"], check=False)
    assert result.returncode != 0
    assert "phase 1/5" in result.stderr and "FAILED" in result.stderr and "phase 2/5" not in result.stderr
    assert "published serving layer is unchanged" in result.stderr


def test_build_prod_refuses_a_selection(pg_build):
    from helpers import ROOT, run

    result = run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--select", "sales_metrics_daily"],
                 env=pg_build["env"], check=False)
    assert result.returncode == 2 and "never a selection" in result.stderr


def test_row_level_security_on_every_serving_table(pg_conn):
    cur = pg_conn.cursor()
    cur.execute(
        "select relname, relrowsecurity, relforcerowsecurity from pg_class "
        "where relnamespace = 'public'::regnamespace and relname = any(%s)", (list(SERVING_TABLES),))
    rows = {r[0]: r[1:] for r in cur.fetchall()}
    assert rows == {t: (True, True) for t in SERVING_TABLES}
    cur.execute("select tablename, count(*) from pg_policies where schemaname = 'public' group by tablename")
    assert dict(cur.fetchall()) == {t: 2 for t in SERVING_TABLES}
    cur.execute("select count(*) from pg_policies where schemaname = 'public' and qual ~* 'auth\\.|current_setting'")
    assert cur.fetchone()[0] == 0  # no per-row function calls in the policies


def test_every_view_is_security_invoker(pg_conn):
    cur = pg_conn.cursor()
    cur.execute(
        "select relname, coalesce(reloptions, '{}') from pg_class "
        "where relnamespace = 'public'::regnamespace and relkind = 'v'")
    options = dict(cur.fetchall())
    assert set(SERVING_VIEWS) <= set(options)
    assert [v for v in SERVING_VIEWS if "security_invoker=true" not in options[v]] == []


@pytest.mark.parametrize("relation", ALL_RELATIONS)
def test_operator_reads_but_cannot_write(pg_build, relation):
    con = pg_connect(pg_build["env"], *OPERATOR)
    try:
        cur = con.cursor()
        cur.execute(f"select * from public.{relation} limit 5")
        assert cur.fetchall(), f"operator reads no rows from {relation}"
        con.rollback()
        for statement in (
            f"insert into public.{relation} select * from public.{relation} limit 1",
            f"update public.{relation} set {first_column(cur, relation)} = {first_column(cur, relation)}",
            f"delete from public.{relation}",
            f"truncate public.{relation}",
        ):
            # A view with WITH is not updatable at all (and never truncatable); a table refuses for want of
            # privilege. The privilege checks below hold for both.
            refused = (psycopg2.errors.InsufficientPrivilege, psycopg2.errors.ObjectNotInPrerequisiteState,
                       psycopg2.errors.WrongObjectType) \
                if relation.startswith("v_") else psycopg2.errors.InsufficientPrivilege
            with pytest.raises(refused):
                cur.execute(statement)
            con.rollback()
        for privilege in ("INSERT", "UPDATE", "DELETE") + (() if relation.startswith("v_") else ("TRUNCATE",)):
            cur.execute("select has_table_privilege(current_user, %s, %s)", (f"public.{relation}", privilege))
            assert cur.fetchone()[0] is False, f"operator holds {privilege} on {relation}"
        cur.execute("select has_table_privilege(current_user, %s, 'SELECT')", (f"public.{relation}",))
        assert cur.fetchone()[0] is True
    finally:
        con.close()


def first_column(cur, relation):
    cur.execute("select column_name from information_schema.columns where table_schema = 'public' "
                "and table_name = %s order by ordinal_position limit 1", (relation,))
    return '"' + cur.fetchone()[0] + '"'


@pytest.mark.parametrize("relation", ALL_RELATIONS)
def test_a_role_without_grants_reads_nothing(pg_build, relation):
    con = pg_connect(pg_build["env"], *NO_ACCESS)
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            con.cursor().execute(f"select * from public.{relation} limit 1")
    finally:
        con.close()


def test_public_has_no_privilege_and_views_do_not_bypass_rls(pg_build, pg_conn):
    cur = pg_conn.cursor()
    cur.execute(
        "select table_name, grantee, privilege_type from information_schema.role_table_grants "
        "where table_schema = 'public' and grantee in ('PUBLIC', 'hotrod_no_access')")
    assert cur.fetchall() == []
    cur.execute("select grantee, privilege_type from information_schema.role_table_grants "
                "where table_schema = 'public' and grantee = 'hotrod_operator'")
    assert {p for _, p in cur.fetchall()} == {"SELECT"}
    # with its policy narrowed to nothing, the operator sees no rows through the view either
    cur.execute("alter policy operator_read_only on public.sales_metrics_daily using (false)")
    pg_conn.commit()
    try:
        op = pg_connect(pg_build["env"], *OPERATOR)
        ocur = op.cursor()
        ocur.execute("select count(*) from public.sales_metrics_daily")
        assert ocur.fetchone()[0] == 0
        ocur.execute("select count(*) from public.v_export_daily_performance")
        assert ocur.fetchone()[0] == 0
        op.close()
    finally:
        cur.execute("alter policy operator_read_only on public.sales_metrics_daily using (true)")
        pg_conn.commit()


def test_etl_role_can_write(pg_conn):
    cur = pg_conn.cursor()
    cur.execute("select current_user, rolsuper from pg_roles where rolname = current_user")
    assert cur.fetchone() == ("hotrod_etl", False)  # not a superuser: RLS applies to it (FORCE)
    cur.execute("insert into public.ceo_time_savings select * from public.ceo_time_savings limit 1")
    cur.execute("update public.sales_metrics_daily set total_orders = total_orders")
    cur.execute("delete from public.fulfillment_tracking where false")
    pg_conn.rollback()


EXPECTED_INDEXES = [
    ("sales_metrics_daily", "date DESC", None),
    ("inventory_snapshots", "snapshot_date DESC, alert_severity", "alert_severity IS NOT NULL"),
    ("inventory_snapshots", "snapshot_date DESC", "stock_status"),
    ("fulfillment_tracking", "order_date DESC, issue_severity", "is_open_issue"),
    ("fulfillment_tracking", "order_created_at DESC", None),
    ("fulfillment_tracking", "shopify_customer_id", None),
    ("cx_conversations", "created_at DESC", "is_sla_breach"),
    ("cx_conversations", "status, created_at DESC", "is_escalated"),
    ("cx_conversations", "created_at DESC", "is_open_escalation"),
    ("cx_conversations", "shopify_customer_id", None),
    ("sku_performance", "shopify_product_id", None),
    ("product_categories", "USING gin (vehicle_years)", None),
    ("product_categories", "USING gin (vehicle_makes)", None),
    ("product_categories", "USING gin (vehicle_models)", None),
    ("customer_segments", "segment", None),
    ("operator_sla_resolution", "date DESC, operator_id", None),
]


def test_indexes_from_the_seed_exist(pg_conn):
    cur = pg_conn.cursor()
    cur.execute("select tablename, indexdef from pg_indexes where schemaname = 'public'")
    defs = cur.fetchall()
    assert len(defs) >= 30
    for table, columns, predicate in EXPECTED_INDEXES:
        matches = [d for t, d in defs if t == table and (columns in d or f"({columns})" in d)
                   and (predicate is None or ("WHERE" in d and predicate in d))]
        assert matches, f"no index on {table} ({columns}) {predicate or ''}"


@pytest.mark.parametrize("query, index_hint", [
    ("select * from public.v_inventory_alerts order by alert_severity", "inventory_snapshots"),
    ("select * from public.v_fulfillment_issues where issue_severity in ('critical', 'high')", "fulfillment_tracking"),
    ("select * from public.v_cx_escalations where status in ('open', 'pending')", "cx_conversations"),
])
def test_alert_tiles_use_the_partial_indexes(pg_conn, query, index_hint):
    cur = pg_conn.cursor()
    cur.execute("analyze")
    cur.execute(f"explain {query}")
    plan = "\n".join(r[0] for r in cur.fetchall())
    assert "Index" in plan and index_hint in plan, plan


# --- parity ---------------------------------------------------------------------------------------------

def _normalise(value, scale):
    if value is None:
        return None
    if isinstance(value, Decimal):
        # compared at the declared scale; an unconstrained numeric (view columns) by value
        if scale is None or scale > 1000:
            return value.normalize()
        return value.quantize(Decimal(1).scaleb(-scale))
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 9)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return tuple(_normalise(v, None) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str) and value[:1] in "[{":
        try:
            # JSON compared as data: numbers by value (263.6 == 263.60), keys unordered
            return json.dumps(json.loads(value, parse_float=_json_number, parse_int=_json_number),
                              sort_keys=True, default=str)
        except ValueError:
            return value
    return value


def _json_number(text):
    return Decimal(text).normalize()


def _pg_rows(con, relation):
    cur = con.cursor()
    cur.execute(f"select * from public.{relation}")
    columns = [d.name for d in cur.description]
    scales = [d.scale if d.type_code == 1700 else None for d in cur.description]
    json_columns = [d.type_code in (114, 3802) for d in cur.description]  # json, jsonb
    rows = [tuple(json.dumps(v) if is_json and v is not None else v for v, is_json in zip(r, json_columns))
            for r in cur.fetchall()]
    return columns, scales, rows


def _duck_rows(con, relation):
    result = con.execute(f"select * from main.{relation}")
    columns = [d[0] for d in result.description]
    types = [str(d[1]) for d in result.description]
    rows = result.fetchall()
    return columns, types, rows


@pytest.mark.parametrize("relation", ALL_RELATIONS)
def test_parity_with_duckdb(pg_build, duckdb_conn, relation):
    pg = pg_connect(pg_build["env"])
    try:
        pg_columns, scales, pg_rows = _pg_rows(pg, relation)
    finally:
        pg.close()
    duck_columns, duck_types, duck_rows = _duck_rows(duckdb_conn, relation)
    assert pg_columns == duck_columns
    assert len(pg_rows) == len(duck_rows) > 0

    def canon(rows):
        out = []
        for row in rows:
            out.append(tuple(_normalise(v, s) for v, s in zip(row, scales)))
        return sorted(out, key=repr)

    pg_canon, duck_canon = canon(pg_rows), canon(duck_rows)
    mismatches = [(a, b) for a, b in zip(pg_canon, duck_canon) if a != b]
    assert not mismatches, f"{relation}: {len(mismatches)} rows differ, first: {mismatches[0]}"


CHATWOOT_REPORT_COLUMNS = (
    "chatwoot_account_id", "response_clock_started_at", "first_response_time_minutes", "first_response_business_minutes",
    "avg_reply_time_minutes", "resolution_time_minutes", "resolution_business_minutes", "csat_rating",
    "shopify_customer_id",
)


def test_parity_covers_the_chatwoot_report_columns(pg_build, duckdb_conn):
    """The parity above compares every row; here, that the generated data gives the new CX columns something to
    compare on both engines: values in every column, and conversations with a bot handoff, a reopen and a rating,
    whose figures are the same on both."""
    counts = ", ".join(f"count({c})" for c in CHATWOOT_REPORT_COLUMNS)
    reopened_and_rated = ("select chatwoot_conversation_id, first_response_time_minutes, resolution_time_minutes, "
                          "reopen_count, csat_rating from {schema}.cx_conversations where reopen_count > 0 "
                          "and csat_rating is not null and response_clock_started_at > created_at "
                          "order by chatwoot_conversation_id")
    pg = pg_connect(pg_build["env"])
    try:
        cur = pg.cursor()
        cur.execute(f"select {counts} from public.cx_conversations")
        pg_counts = cur.fetchone()
        cur.execute(reopened_and_rated.format(schema="public"))
        pg_rows = cur.fetchall()
    finally:
        pg.close()
    assert all(n > 0 for n in pg_counts), dict(zip(CHATWOOT_REPORT_COLUMNS, pg_counts))
    assert pg_counts == duckdb_conn.execute(f"select {counts} from main.cx_conversations").fetchone()
    # handed off by the bot (the clock starts after the creation), reopened and rated
    assert pg_rows, "the generated data should hold a bot-first conversation reopened and rated"
    assert pg_rows == duckdb_conn.execute(reopened_and_rated.format(schema="main")).fetchall()


def test_a_policy_of_true_for_supabase_authenticated_is_refused(pg_build):
    from helpers import ROOT, run

    supabase = "{operator_role: authenticated, etl_role: service_role}"
    result = run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", supabase],
                 env=pg_build["env"], check=False)
    assert result.returncode != 0 and "phase 1/5" in result.stderr and "FAILED" in result.stderr
    assert "allow_all_authenticated" in result.stdout and "operator_policy_using" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
