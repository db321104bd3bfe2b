"""The semantic layer: every MetricFlow metric, queried as `mf query` queries it, equals the serving layer.

On the generated dataset, on DuckDB (the ci target) and on PostgreSQL (built by scripts/build_prod): each
metric by day (or by week, month, day and operator, day and SKU, or over the tiles' trailing windows) is
compared with the serving relation's column, or, where the serving layer has no such aggregate (the CX
averages), with the same aggregate computed from the serving table. A day MetricFlow returns no row for is a
day with no data: 0 for a sum or a count, null for a ratio or an average.

The queries go through one MetricFlow session per engine (metricflow_worker.py: the engine and request that
`mf query` builds, set up once instead of once per query); the README's examples run through the `mf` CLI
itself and must agree with the session.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import AS_OF, pg_connect
from helpers import BIN, ROOT, dbt, run

MF = str(BIN / "mf")
# what the project directory MetricFlow runs in needs (it reads <project>/target/semantic_manifest.json)
PROJECT_FILES = ("dbt_project.yml", "selectors.yml", "profiles.yml", "models", "macros", "seeds", "tests")
AS_OF_DATE = date.fromisoformat(AS_OF)


def window(days: int) -> str:
    """A --where filter on the trailing window of `days` business dates ending at the as-of date."""
    start = AS_OF_DATE - timedelta(days=days - 1)
    return f"{{{{ TimeDimension('metric_time', 'day') }}}} between '{start}' and '{AS_OF}'"


@dataclass
class Engine:
    """One engine's built serving layer, a project directory `mf` queries it from, and a MetricFlow session."""

    name: str
    env: dict
    tmp: Path
    connect: object
    queries: list = field(default_factory=list)
    worker: subprocess.Popen | None = None

    def start(self, worker_env: dict) -> None:
        """The MetricFlow session (metricflow_worker.py): mf query's engine, set up once for every query."""
        self.worker = subprocess.Popen([sys.executable, str(Path(__file__).with_name("metricflow_worker.py"))],
                                       cwd=self.env["DBT_PROJECT_DIR"], env={**os.environ, **worker_env},
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        ready = self.worker.stdout.readline()
        assert ready and json.loads(ready) == {"ready": True}, f"{self.name}: MetricFlow did not start"

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stdin.close()
            self.worker.wait(timeout=60)

    def mf(self, metrics: list[str], group_by: tuple[str, ...] = (), where: tuple[str, ...] = (),
           end: str | None = AS_OF, start: str | None = None) -> dict[tuple, dict]:
        """The rows `mf query --metrics ... --group-by ... --where ... --start-time ... --end-time ...` returns, as
        {group-by values: {metric: value}} (values as mf's CSV has them: text, '' for null)."""
        request = {"metrics": metrics, "group_by": list(group_by), "where": list(where), "start": start, "end": end}
        self.worker.stdin.write(json.dumps(request) + "\n")
        self.worker.stdin.flush()
        answer = json.loads(self.worker.stdout.readline() or '{"error": "the MetricFlow session ended"}')
        assert "error" not in answer, f"{self.name}: {request}: {answer['error']}"
        rows = [dict(zip(answer["columns"], row)) for row in answer["rows"]]
        self.queries.append((json.dumps(request), len(rows)))
        keyed = {}
        for row in rows:
            key = tuple(_key(row[column]) for column in group_by)
            assert key not in keyed, f"{self.name}: two rows for {key}"
            keyed[key] = row
        return keyed

    def mf_cli(self, args: list[str]) -> list[dict]:
        """`mf query ARGS --csv FILE` run as a user runs it: the rows of its CSV."""
        out = self.tmp / f"cli_{len(self.queries)}.csv"
        run([MF, "query", *args, "--csv", str(out), "--quiet"], env=self.env)
        with out.open() as handle:
            rows = list(csv.DictReader(handle))
        self.queries.append((" ".join(["mf", "query", *args]), len(rows)))
        return rows

    def sql(self, query: str, key: tuple[str, ...] = ()) -> dict[tuple, dict]:
        """Rows of the serving layer, keyed on `key` columns."""
        con = self.connect()
        try:
            cur = con.cursor() if self.name == "postgres" else con
            cur.execute(query)
            columns = [d[0] for d in cur.description]
            rows = [dict(zip(columns, r)) for r in cur.fetchall()]
        finally:
            con.close()
        keyed = {}
        for row in rows:
            keyed[tuple(_key(row[column]) for column in key)] = row
        assert len(keyed) == len(rows), f"{self.name}: {query} is not unique on {key}"
        return keyed


def _key(value) -> str | None:
    """A group-by value as text: dates and timestamps as YYYY-MM-DD (every time key here is a day, week or month)."""
    if value is None or value == "":
        return None
    text = str(value)
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else text


def _number(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Decimal(int(value))
    return Decimal(str(value))


def assert_metrics_equal(engine: Engine, actual: dict, expected: dict, columns: dict[str, str],
                         additive: set[str], approximate: set[str] = frozenset(), drop_null_keys: bool = True,
                         zero_or_null: set[str] = frozenset()):
    """Every serving row's columns equal the metrics of the same key; keys only MetricFlow has carry no data.

    columns: metric name -> serving column. additive: metrics whose missing value means 0 (sums, counts);
    the others (ratios, averages) mean null. approximate: averages computed in floating point, compared to 1e-9.
    zero_or_null: metrics whose missing value may be either (a lag the serving layer shows as null before its
    first week and as 0 after a day without orders).
    """
    if drop_null_keys:
        actual = {k: v for k, v in actual.items() if None not in k}
    mismatches = []
    for key in sorted(set(expected) | set(actual), key=str):
        for metric, column in columns.items():
            default = Decimal(0) if metric in additive else None
            raw = actual.get(key, {}).get(metric)
            got = default if raw in (None, "") else _number(raw)
            want = _number(expected[key][column]) if key in expected else default
            if metric in zero_or_null and raw in (None, "") and not want:
                same = True
            elif metric in approximate and got is not None and want is not None:
                same = math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
            else:
                same = got == want
            if not same:
                mismatches.append((key, metric, "metricflow", got, "serving", want))
    assert not mismatches, (
        f"{engine.name}: {len(mismatches)} values differ, of {sorted({m[1] for m in mismatches})}; "
        f"first ones: {mismatches[:10]}")
    assert expected, f"{engine.name}: the serving relation is empty: nothing was compared"


def _project_for_mf(tmp: Path, env: dict, target: str) -> dict:
    """A project directory of links to this project's files, with its own target/ (where mf reads the manifest)."""
    project = tmp / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        (project / name).symlink_to(ROOT / name)
    mf_env = {**env, "DBT_PROJECT_DIR": str(project), "DBT_PROFILES_DIR": str(project),
              "DBT_TARGET_PATH": str(project / "target"),  # not the test worker's (tests/conftest.py)
              # mf has no --target: it takes the profile's default target, HOTROD_TARGET (profiles.yml)
              "HOTROD_TARGET": target}
    dbt(["parse", "--project-dir", str(project), "--profiles-dir", str(project), "--target", target], env=mf_env)
    assert (project / "target" / "semantic_manifest.json").exists()
    return mf_env


# marked by hand: a fixture asked for with getfixturevalue is not among a test's fixturenames, which
# tests/conftest.py reads to mark what uses duckdb_build slow
@pytest.fixture(scope="module", params=[pytest.param("duckdb", marks=pytest.mark.slow),
                                        pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(f"semantic_{request.param}")
    if request.param == "duckdb":
        build = request.getfixturevalue("duckdb_build")
        env = _project_for_mf(tmp, build["env"], "ci")
        path = build["path"]
        connect = lambda: duckdb.connect(path, read_only=True)  # noqa: E731
        # DuckDB lets one process at a time open a file that another holds: the session, open throughout, reads
        # a copy (named as the original: the semantic manifest's database is the file's name); the serving-layer
        # queries and the mf CLI read the original
        copy = tmp / "session" / Path(path).name
        copy.parent.mkdir()
        shutil.copy(path, copy)
        worker_env = {**env, "HOTROD_CI_DUCKDB_PATH": str(copy)}
    else:
        build = request.getfixturevalue("pg_build")
        env = worker_env = _project_for_mf(tmp, build["env"], "pg")
        connect = lambda: pg_connect(build["env"])  # noqa: E731
    result = Engine(request.param, env, tmp, connect)
    result.start(worker_env)
    try:
        yield result
    finally:
        result.stop()
    print(f"\n{request.param}: MetricFlow queries and their rows:")
    for query, rows in result.queries:
        print(f"  {rows:6d}  {query}")


def _readme_queries() -> list[list[str]]:
    """The `mf query` examples of the README, as argument lists (continuations joined, HOTROD_TARGET=... left to
    the engine)."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Querying the KPIs"):]
    block = section[section.index("```bash") + len("```bash"):section.index("```", section.index("```bash") + 7)]
    commands = [shlex.split(line) for line in block.replace("\\\n", " ").splitlines() if "mf query" in line]
    return [words[words.index("query") + 1:] for words in commands]


def test_the_readme_examples_run_with_mf_and_agree_with_the_session(engine):
    """The README's `mf query` examples run with the real CLI on each engine, return rows, and return what the
    MetricFlow session the other tests use returns for the same query (so those tests test what mf answers)."""
    examples = _readme_queries()
    assert len(examples) == 2, examples
    for args in examples:
        rows = engine.mf_cli(args)
        assert rows, (engine.name, args)
    # the first example through the session: the same rows
    first = examples[0]
    option = {first[i]: first[i + 1] for i in range(0, len(first), 2)}
    assert set(option) == {"--metrics", "--group-by", "--start-time", "--end-time"}, option
    group_by = tuple(option["--group-by"].split(","))
    cli_rows = {tuple(_key(row[c]) for c in group_by): row for row in engine.mf_cli(first)}
    session = engine.mf(option["--metrics"].split(","), group_by, start=option["--start-time"],
                        end=option["--end-time"])
    assert session == cli_rows and len(session) > 2, (engine.name, session, cli_rows)


SALES_DAILY = {  # metric -> sales_metrics_daily column (the same names)
    name: name for name in (
        "gross_sales", "discounts", "returns", "net_sales", "shipping_charges", "taxes", "duties", "additional_fees",
        "total_sales", "total_revenue", "total_orders", "avg_order_value", "revenue_last_week",
        "revenue_vs_last_week_pct", "fulfillment_rate_pct", "units_sold", "new_customer_orders",
        "repeat_customer_orders", "cancelled_orders", "test_orders", "fulfilled_orders_7d", "total_orders_7d",
    )
}
RATIOS = {"avg_order_value", "revenue_vs_last_week_pct", "fulfillment_rate_pct"}


def test_sales_report_and_tile_1_metrics_equal_sales_metrics_daily(engine):
    actual = engine.mf(list(SALES_DAILY), ("metric_time__day",))
    expected = engine.sql("select * from sales_metrics_daily", ("date",))
    assert_metrics_equal(engine, actual, expected, SALES_DAILY, additive=set(SALES_DAILY) - RATIOS,
                         zero_or_null={"revenue_last_week"})


def test_weekly_growth_rate_equals_v_growth_rates(engine):
    columns = {"weekly_growth_rate_pct": "growth_rate_pct", "total_revenue": "total_revenue",
               "net_sales": "net_sales", "total_orders": "total_orders", "returns": "returns"}
    actual = engine.mf(list(columns), ("metric_time__week",))
    expected = engine.sql("select * from v_growth_rates", ("week_start",))
    assert_metrics_equal(engine, actual, expected, columns, additive=set(columns) - {"weekly_growth_rate_pct"})


def test_cumulative_net_sales_equals_the_running_sum_of_net_sales(engine):
    actual = engine.mf(["cumulative_net_sales"], ("metric_time__day",))
    expected = engine.sql(
        "select date, sum(net_sales) over (order by date rows unbounded preceding) as cumulative_net_sales "
        "from sales_metrics_daily", ("date",))
    assert_metrics_equal(engine, actual, expected, {"cumulative_net_sales": "cumulative_net_sales"}, additive=set())


def test_units_and_product_revenue_by_sku_equal_inventory_snapshots(engine):
    columns = {"units_sold": "units_sold", "product_revenue": "sales_revenue"}
    actual = engine.mf(list(columns), ("metric_time__day", "order_line__sku"), where=(window(30),))
    expected = engine.sql(
        "select snapshot_date, sku, units_sold, sales_revenue from inventory_snapshots "
        f"where snapshot_date > cast('{AS_OF_DATE - timedelta(days=30)}' as date)", ("snapshot_date", "sku"))
    assert_metrics_equal(engine, actual, expected, columns, additive=set(columns))


def test_slices_by_segment_and_vehicle_make_add_up_to_the_totals(engine):
    """Each customer and product is in one segment and one make: the slices partition the serving totals."""
    totals = engine.sql("select sum(net_sales) as net_sales, sum(total_orders) as total_orders, "
                        "sum(units_sold) as units_sold from sales_metrics_daily")[()]
    by_segment = engine.mf(["net_sales", "total_orders"], ("customer__segment",))
    segments = engine.sql("select distinct segment from customer_segments", ("segment",))
    assert {k for k in by_segment if k[0] is not None} == set(segments), by_segment.keys()
    for metric in ("net_sales", "total_orders"):
        assert sum(_number(r[metric]) or 0 for r in by_segment.values()) == _number(totals[metric]), metric
    by_make = engine.mf(["units_sold"], ("product__vehicle_make",))
    assert len(by_make) > 3, by_make.keys()
    assert sum(_number(r["units_sold"]) or 0 for r in by_make.values()) == _number(totals["units_sold"])
    # the segment slice of orders is the one customer_segments counts
    counted = engine.mf(["total_orders"], ("customer__segment",))
    expected = engine.sql("select segment, sum(orders_count) as orders_count from customer_segments group by segment",
                          ("segment",))
    assert_metrics_equal(engine, counted, expected, {"total_orders": "orders_count"}, additive={"total_orders"})


def test_inventory_metrics_equal_the_inventory_views(engine):
    columns = {"quantity_available": "units_available", "inventory_skus": "skus",
               "out_of_stock_skus": "out_of_stock_skus", "low_stock_skus": "low_stock_skus",
               "overstock_skus": "overstock_skus"}
    actual = engine.mf(list(columns), ("metric_time__day",))
    expected = engine.sql("select * from v_inventory_velocity_trends", ("date",))
    assert_metrics_equal(engine, actual, expected, columns, additive=set(columns) - {"quantity_available"})

    # tile 2: days of cover per SKU on the as-of date, and its rows by severity
    actual = engine.mf(["days_of_cover", "quantity_available", "avg_daily_units"],
                       ("metric_time__day", "inventory_snapshot__sku"), where=(window(1),))
    expected = engine.sql(
        f"select snapshot_date, sku, days_of_cover, quantity_available, avg_daily_units from inventory_snapshots "
        f"where snapshot_date = cast('{AS_OF}' as date)", ("snapshot_date", "sku"))
    assert_metrics_equal(engine, actual, expected, {"days_of_cover": "days_of_cover",
                                                    "quantity_available": "quantity_available",
                                                    "avg_daily_units": "avg_daily_units"}, additive=set())
    actual = engine.mf(["inventory_alerts"], ("inventory_snapshot__alert_severity",), where=(window(1),))
    expected = engine.sql("select cast(alert_severity as varchar) as alert_severity, count(*) as alerts "
                          "from v_inventory_alerts group by cast(alert_severity as varchar)", ("alert_severity",))
    assert_metrics_equal(engine, actual, expected, {"inventory_alerts": "alerts"}, additive={"inventory_alerts"})


def test_fulfillment_metrics_equal_tile_3_and_the_kpi_summary(engine):
    actual = engine.mf(["open_fulfillment_issues"], ("order_fulfillment__issue_severity",))
    expected = engine.sql("select cast(issue_severity as varchar) as severity, count(*) as issues "
                          "from v_fulfillment_issues group by cast(issue_severity as varchar)", ("severity",))
    assert_metrics_equal(engine, actual, expected, {"open_fulfillment_issues": "issues"},
                         additive={"open_fulfillment_issues"})
    total = engine.mf(["open_fulfillment_issues"])[()]
    summary = engine.sql("select open_fulfillment_issues from v_kpi_summary")[()]
    assert _number(total["open_fulfillment_issues"]) == _number(summary["open_fulfillment_issues"])

    columns = {"orders_past_sla": "past_sla", "avg_days_to_fulfill": "avg_days_to_fulfill"}
    actual = engine.mf(list(columns), ("metric_time__day",))
    expected = engine.sql(
        "select order_date, sum(case when is_past_sla then 1 else 0 end) as past_sla, "
        "avg(days_to_fulfill) as avg_days_to_fulfill from fulfillment_tracking group by order_date", ("order_date",))
    assert_metrics_equal(engine, actual, expected, columns, additive={"orders_past_sla"},
                         approximate={"avg_days_to_fulfill"})


CX_DAILY = {  # metric -> the same aggregate of cx_conversations by created_date
    "conversations": "count(*)",
    "first_response_time_minutes": "avg(first_response_time_minutes)",
    "first_response_business_minutes": "avg(first_response_business_minutes)",
    "avg_reply_time_minutes": "avg(avg_reply_time_minutes)",
    "resolution_time_minutes": "avg(resolution_time_minutes)",
    "resolution_business_minutes": "avg(resolution_business_minutes)",
    "reopens": "sum(reopen_count)",
    "sla_breaches": "sum(case when is_sla_breach then 1 else 0 end)",
    "escalated_conversations": "sum(case when is_escalated then 1 else 0 end)",
    "open_escalations": "sum(case when is_open_escalation then 1 else 0 end)",
}
CX_ADDITIVE = {"conversations", "reopens", "sla_breaches", "escalated_conversations", "open_escalations"}


def test_cx_metrics_equal_cx_conversations_and_the_kpi_summary(engine):
    actual = engine.mf(list(CX_DAILY), ("metric_time__day",))
    aggregates = ", ".join(f"{expression} as {metric}" for metric, expression in CX_DAILY.items())
    expected = engine.sql(f"select created_date, {aggregates} from cx_conversations group by created_date",
                          ("created_date",))
    assert_metrics_equal(engine, actual, expected, {m: m for m in CX_DAILY}, additive=CX_ADDITIVE,
                         approximate=set(CX_DAILY) - CX_ADDITIVE)

    summary = engine.sql("select * from v_kpi_summary")[()]
    for days in (7, 30):
        csat = engine.mf(["csat_score", "csat_ratings"], where=(window(days),), end=None)[()]
        assert _number(csat["csat_score"]) == _number(summary[f"csat_score_{days}d"]), (days, csat, summary)
        assert _number(csat["csat_ratings"] or 0) == _number(summary[f"csat_responses_{days}d"]), (days, csat)
    escalations = engine.mf(["open_escalations"], ("conversation__priority",))
    expected = engine.sql("select priority, count(*) as escalations from v_cx_escalations group by priority",
                          ("priority",))
    assert_metrics_equal(engine, escalations, expected, {"open_escalations": "escalations"},
                         additive={"open_escalations"}, drop_null_keys=False)
    assert sum(_number(r["open_escalations"]) for r in escalations.values()) == _number(summary["open_cx_escalations"])


def test_ops_metrics_equal_tile_5(engine):
    columns = {"activation_rate_pct": "activation_rate_pct", "shops_installed_7d": "shops_installed_7d",
               "shops_activated_7d": "shops_activated", "shops_installed": "shops_installed"}
    actual = engine.mf(list(columns), ("metric_time__day",))
    expected = engine.sql("select * from shop_activation_metrics", ("date",))
    assert_metrics_equal(engine, actual, expected, columns, additive=set(columns) - {"activation_rate_pct"})

    columns = {"resolution_rate_pct": "resolution_rate_pct", "resolution_rate_7d_pct": "resolution_rate_7d_pct",
               "queue_items_due": "items_due", "queue_items_resolved_within_sla": "items_resolved_within_sla",
               "queue_items_due_7d": "items_due_7d"}
    actual = engine.mf(list(columns), ("metric_time__day", "operator"))
    expected = engine.sql("select * from operator_sla_resolution", ("date", "operator_id"))
    assert_metrics_equal(engine, actual, expected, columns,
                         additive={"queue_items_due", "queue_items_resolved_within_sla", "queue_items_due_7d"})

    columns = {"resolution_rate_pct": "resolution_rate_pct", "median_response_minutes": "median_response_minutes",
               "p90_response_minutes": "p90_response_minutes"}
    actual = engine.mf(list(columns), ("operator",), where=(window(7),), end=None)
    expected = engine.sql("select * from v_sla_performance_7d", ("operator_id",))
    assert_metrics_equal(engine, actual, expected, columns, additive=set())


def test_time_savings_metrics_equal_ceo_time_savings(engine):
    columns = {"minutes_saved": "minutes_saved", "hours_saved": "hours_saved"}
    actual = engine.mf(list(columns), ("metric_time__day", "time_savings_entry__task_category"))
    expected = engine.sql("select * from ceo_time_savings", ("date", "task_category"))
    assert_metrics_equal(engine, actual, expected, columns, additive={"minutes_saved"})
    summary = engine.sql("select hours_saved from v_ceo_time_savings_30d")[()]
    assert _number(engine.mf(["hours_saved"], where=(window(30),), end=None)[()]["hours_saved"]) == \
        _number(summary["hours_saved"])


def test_new_customers_by_month_and_segment_equal_v_customer_segment_trends(engine):
    columns = {"new_customers": "new_customers", "customers_lifetime_spent": "lifetime_spent"}
    actual = engine.mf(list(columns), ("metric_time__month", "customer__segment"))
    expected = engine.sql("select * from v_customer_segment_trends", ("month", "segment"))
    assert_metrics_equal(engine, actual, expected, columns, additive=set(columns))


# KPI doc blocks that are rules, labels or conventions rather than figures: sliced as dimensions or shown as
# columns, not metrics (docs/semantic_layer.md, "What is not a metric")
NOT_FIGURES = {
    "as_of_date": "a convention (the date every window ends at)",
    "business_date": "a convention (every metric's time dimension)",
    "counted_order": "a rule (the measures' filter), dimension orders.is_counted_order",
    "implausible_timestamp": "a rule (orders left out of every figure)",
    "order_subtotal": "a payload field compared by a quality check",
    "sales_report": "the report's rules, shared by its nine metrics",
    "line_sku": "a dimension (order_line__sku)",
    "top_products": "a JSON list per date, not an aggregate",
    "velocity_tier": "a label per SKU, dimension inventory_snapshot__velocity_tier",
    "demand_forecast": "a per-SKU forecast of a Python model, not an aggregate",
    "issue_type": "a label, dimension order_fulfillment__issue_type",
    "issue_severity": "a label, dimension order_fulfillment__issue_severity",
    "fulfillment_issue_window": "a setting of is_open_issue",
    "conversation_status_history": "an intermediate model's rule",
    "inbox_working_hours": "a seed that business_minutes uses",
    "sla_targets": "a seed that is_sla_breach uses",
    "sentiment": "a label per conversation, dimension conversation__sentiment",
    "conversation_shopify_customer": "the conversation's customer entity",
    "vehicle_fitment": "a dimension (product__vehicle_make)",
    "data_quality_checks": "a view's rows, not a KPI",
    "data_freshness": "a view's rows, not a KPI",
}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("semantic_parse")
    dbt(["parse", "--target", "ci"], env={"HOTROD_CI_DUCKDB_PATH": str(tmp / "parse.duckdb")}, target_path=tmp / "target")
    return json.loads((tmp / "target" / "manifest.json").read_text())


def test_every_kpi_has_a_metric(manifest):
    """Every KPI doc block is the definition of a metric (its description), or is listed as no figure."""
    import re

    text = (ROOT / "models" / "_kpi__docs.md").read_text()
    blocks = dict(re.findall(r"{% docs (\w+) %}\n(.*?){% enddocs %}", text, flags=re.S))
    described = "\n".join(metric["description"] for metric in manifest["metrics"].values())
    without_metric = sorted(name for name, body in blocks.items()
                            if name not in NOT_FIGURES and body.strip()[:60] not in described)
    assert without_metric == [], f"KPIs without a metric: {without_metric}"
    assert set(NOT_FIGURES) <= set(blocks), set(NOT_FIGURES) - set(blocks)
    assert len(manifest["metrics"]) >= len(blocks) - len(NOT_FIGURES)


def test_every_semantic_model_entity_dimension_measure_and_metric_is_described(manifest):
    """The docs site and `mf list` show what each part means: nothing of the semantic layer goes undescribed."""
    undescribed = [f"metric {m['name']}" for m in manifest["metrics"].values() if not m["description"].strip()]
    for model in manifest["semantic_models"].values():
        if not (model.get("description") or "").strip():
            undescribed.append(f"semantic model {model['name']}")
        undescribed += [f"{model['name']}: {kind[:-1]} {part['name']}" for kind in ("entities", "dimensions", "measures")
                        for part in model[kind] if not (part.get("description") or "").strip()]
    assert len(manifest["semantic_models"]) >= 11 and undescribed == [], undescribed
