"""The benchmark behind ``scripts/benchmark``: build times, incremental runs, view latency, memory, a floor.

For each scale and engine it generates the data (all but the last day), runs
a full ``dbt run`` (models only) and a full ``dbt build`` (with tests),
appends the last day of deliveries and runs the incremental build, times
every serving view the way the dashboard queries it, and times a floor: one
SQL pass over the raw landing data that parses every payload and unnests
every line item. Records go to ``benchmarks/latest.json``; a Markdown report
and a PNG chart go next to it.

With ``--refresh`` (PostgreSQL) it measures the tile refresh instead
(hotrod.tools.tile_latency): it generates data through yesterday, runs the
daily build (as of today), then records
``refresh_s`` and the delivery-to-tile latency through the orchestrator,
``delivery_to_tile_p50_s`` and ``delivery_to_tile_p95_s``; the other metrics
of the report are kept.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from hotrod import PROJECT_ROOT, project_vars

BIN = Path(sys.executable).parent
END = date(2026, 6, 30)
SEED = 1
AS_OF_VARS = "{as_of_date: '%s'}"

# The tile views as the seed's launch checklist queries them; the rest as the dashboard reads them.
TILE_QUERIES = {
    "v_sales_pulse_current": "select * from v_sales_pulse_current",
    "v_inventory_alerts": "select * from v_inventory_alerts order by alert_severity",
    "v_fulfillment_issues": "select * from v_fulfillment_issues where issue_severity in ('critical', 'high')",
    "v_cx_escalations": "select * from v_cx_escalations where status in ('open', 'pending')",
    "v_activation_rate_7d": "select * from v_activation_rate_7d",
    "v_sla_performance_7d": "select * from v_sla_performance_7d",
}
DASHBOARD = list(TILE_QUERIES)  # the five tiles: the ops-metrics tile reads both 7-day views
OTHER_VIEWS = (
    "v_product_performance", "v_customer_segment_summary", "v_revenue_trends_30d", "v_category_trends_30d",
    "v_inventory_velocity_trends", "v_customer_segment_trends", "v_vehicle_compatibility_analysis",
    "v_data_quality_checks", "v_data_freshness", "v_growth_milestones", "v_growth_rates", "v_kpi_summary",
    "v_ceo_time_savings_30d", "v_ceo_time_savings_ytd", "v_export_daily_performance",
    "v_export_customer_segments", "v_export_product_performance",
)
MODELS_ONLY = ("--exclude-resource-type", "test", "unit_test")  # models and seeds, no data or unit tests
TARGET_MS = {**{v: 200.0 for v in TILE_QUERIES}, "dashboard": 1000.0}
GOAL_MS = {**{v: 20.0 for v in TILE_QUERIES}, "v_kpi_summary": 30.0, "dashboard": 100.0}

FLOOR_SQL = {
    "duckdb": """
        select count(*), sum(line.quantity), sum(line.price * line.quantity)
        from (
            select unnest(from_json(json_extract(payload, '$.line_items'),
                '[{"id": "BIGINT", "sku": "VARCHAR", "quantity": "INTEGER", "price": "DECIMAL(18,2)"}]')) as line,
                json_extract_string(payload, '$.id') as id, json_extract_string(payload, '$.updated_at') as updated_at
            from raw_shopify.webhook_events
        )
        union all
        select count(*), count(json_extract_string(payload, '$.id')), count(json_extract_string(payload, '$.updated_at'))
        from raw_shopify.webhook_events
        union all
        select count(*), count(json_extract_string(payload, '$.id')), 0 from raw_chatwoot.webhook_events
    """,
    "postgres": """
        select count(*), sum((line->>'quantity')::int), sum((line->>'price')::numeric * (line->>'quantity')::int)
        from raw_shopify.webhook_events e
        cross join lateral jsonb_array_elements(
            case when jsonb_typeof(e.payload->'line_items') = 'array' then e.payload->'line_items' else '[]' end) line
        union all
        select count(*), count(payload->>'id'), count(payload->>'updated_at') from raw_shopify.webhook_events
            where jsonb_typeof(payload) = 'object'
        union all
        select count(*), count(payload->>'id'), 0 from raw_chatwoot.webhook_events where jsonb_typeof(payload) = 'object'
    """,
}


@dataclass
class Record:
    scale: int
    engine: str
    metric: str
    value: float
    unit: str

    def as_dict(self) -> dict:
        return {"scale": self.scale, "engine": self.engine, "metric": self.metric,
                "value": round(self.value, 3), "unit": self.unit}


def log(message: str) -> None:
    print(f"[benchmark {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed_child(command: list[str], env: dict) -> tuple[float, float]:
    """Run ``command``; return (seconds, peak RSS MiB of that process tree's largest process)."""
    wrapper = (
        "import resource, subprocess, sys, json;"
        "r = subprocess.run(sys.argv[1:]);"
        "print(json.dumps([r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]), file=sys.stderr)"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", wrapper, *command], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - started
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "[1, 0]"
    try:
        code, rss_kib = json.loads(last)
    except ValueError:
        code, rss_kib = result.returncode or 1, 0
    if code != 0:
        raise RuntimeError(f"{' '.join(command[:4])} ... failed ({code}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed, rss_kib / 1024.0


class Engine:
    name: str
    target: str

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.env = {**os.environ}

    def dbt(self, *args: str) -> tuple[float, float]:
        return timed_child([str(BIN / "dbt"), *args, "--target", self.target, "--vars", AS_OF_VARS % END], self.env)

    def generate(self, orders: int, **window) -> float:
        extra = []
        for key, value in window.items():
            extra += [f"--{key.replace('_', '-')}", value.isoformat()]
        seconds, _ = timed_child([sys.executable, str(PROJECT_ROOT / "scripts" / "generate_data.py"), "--target",
                                  self.target, "--orders", str(orders), "--seed", str(SEED),
                                  "--end", END.isoformat(), "--quiet", *extra], self.env)
        return seconds


class DuckDBEngine(Engine):
    name = "duckdb"
    target = "ci"

    def __init__(self, workdir: Path):
        super().__init__(workdir)
        self.path = workdir / "bench.duckdb"
        self.env["HOTROD_CI_DUCKDB_PATH"] = str(self.path)

    def reset(self) -> None:
        for p in (self.path, Path(str(self.path) + ".wal")):
            if p.exists():
                p.unlink()

    def full(self) -> tuple[float, float]:
        return self.dbt("build", "--full-refresh", *MODELS_ONLY)

    def full_with_tests(self) -> tuple[float, float]:
        return self.dbt("build", "--full-refresh")

    def incremental(self) -> tuple[float, float]:
        return self.dbt("build", *MODELS_ONLY)

    def connect(self):
        import duckdb

        return duckdb.connect(str(self.path), read_only=True)


class PostgresEngine(Engine):
    name = "postgres"
    target = "pg"

    def __init__(self, workdir: Path, server):
        super().__init__(workdir)
        self.server = server
        self.env.update(server.env())

    def reset(self) -> None:
        import psycopg2

        con = psycopg2.connect(**_pg_kwargs(self.env))
        con.autocommit = True
        cur = con.cursor()
        cur.execute("select nspname from pg_namespace where nspname in "
                    "('raw_shopify', 'raw_chatwoot', 'raw_ops', 'staging', 'intermediate', 'quality', 'reference')")
        for (schema,) in cur.fetchall():
            cur.execute(f"drop schema {schema} cascade")
        cur.execute("select tablename from pg_tables where schemaname = 'public'")
        for (table,) in cur.fetchall():
            cur.execute(f'drop table public."{table}" cascade')
        cur.execute("select viewname from pg_views where schemaname = 'public'")
        for (view,) in cur.fetchall():
            cur.execute(f'drop view if exists public."{view}" cascade')
        con.close()
        timed_child([str(BIN / "dbt"), "run-operation", "create_test_roles", "--target", "pg"], self.env)

    def _prod(self, *args: str) -> tuple[float, float]:
        return timed_child([sys.executable, str(PROJECT_ROOT / "scripts" / "build_prod"), "--target", "pg",
                            "--vars", AS_OF_VARS % END, *args], self.env)

    def full(self) -> tuple[float, float]:
        return self._prod("--full-refresh", *MODELS_ONLY)

    def full_with_tests(self) -> tuple[float, float]:
        return self._prod("--full-refresh")

    def incremental(self) -> tuple[float, float]:
        return self._prod(*MODELS_ONLY)

    def connect(self):
        import psycopg2

        kwargs = _pg_kwargs(self.env)
        kwargs.update(user="hotrod_operator", password="hotrod_test")  # the dashboard reads as the operator
        con = psycopg2.connect(**kwargs)
        con.autocommit = True
        return con


def _pg_kwargs(env: dict) -> dict:
    return {"host": env["PGHOST"], "port": env["PGPORT"], "user": env["PGUSER"], "password": env["PGPASSWORD"],
            "dbname": env["PGDATABASE"]}


def _query(cur, sql: str) -> int:
    """Run ``sql`` and fetch every row to the client, as a dashboard does.

    Postgres: the DB-API rows (psycopg2). DuckDB: an Arrow table, the columnar
    result its clients read (a pandas or Arrow dataframe); DuckDB's DB-API
    ``fetchall`` builds a Python object per value, which on a tile of 2,000 rows
    with time-zone-aware timestamps costs more than the query itself.
    """
    if hasattr(cur, "fetch_arrow_table"):
        return cur.execute(sql).fetch_arrow_table().num_rows
    cur.execute(sql)
    return len(cur.fetchall())


def time_views(engine: Engine, runs: int) -> dict[str, list[float]]:
    con = engine.connect()
    cur = con.cursor()
    queries = {**TILE_QUERIES, **{v: f"select * from {v}" for v in OTHER_VIEWS}}
    timings: dict[str, list[float]] = {}
    try:
        for view, sql in queries.items():
            _query(cur, sql)  # warm-up
            samples = []
            for _ in range(runs):
                started = time.perf_counter()
                _query(cur, sql)
                samples.append((time.perf_counter() - started) * 1000.0)
            timings[view] = samples
        loads = []
        for _ in range(runs):
            started = time.perf_counter()
            for view in DASHBOARD:
                _query(cur, TILE_QUERIES[view])
            loads.append((time.perf_counter() - started) * 1000.0)
        timings["dashboard"] = loads
    finally:
        con.close()
    return timings


def time_floor(engine: Engine, runs: int = 3) -> float:
    samples = []
    if engine.name == "duckdb":
        import duckdb

        for _ in range(runs):
            con = duckdb.connect(str(engine.path), read_only=True)
            started = time.perf_counter()
            con.execute(FLOOR_SQL["duckdb"]).fetchall()
            samples.append(time.perf_counter() - started)
            con.close()
    else:
        import psycopg2

        for _ in range(runs):
            con = psycopg2.connect(**_pg_kwargs(engine.env))
            cur = con.cursor()
            started = time.perf_counter()
            cur.execute(FLOOR_SQL["postgres"])
            cur.fetchall()
            samples.append(time.perf_counter() - started)
            con.close()
    return statistics.median(samples)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = (len(ordered) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_one(engine: Engine, scale: int, runs: int, builds: int) -> list[Record]:
    records: list[Record] = []

    def add(metric, value, unit):
        records.append(Record(scale, engine.name, metric, value, unit))

    log(f"{engine.name} {scale:,} orders: resetting")
    engine.reset()
    log(f"{engine.name} {scale:,}: generating (all but the last day)")
    add("generate_s", engine.generate(scale, received_through=END - timedelta(days=1)), "s")
    full_times, rss = [], []
    for i in range(builds):
        log(f"{engine.name} {scale:,}: full build, models only ({i + 1}/{builds})")
        seconds, peak = engine.full()
        full_times.append(seconds)
        rss.append(peak)
    add("full_build_s", statistics.median(full_times), "s")
    log(f"{engine.name} {scale:,}: full build with tests")
    seconds, peak = engine.full_with_tests()
    rss.append(peak)
    add("full_build_with_tests_s", seconds, "s")
    log(f"{engine.name} {scale:,}: floor (one SQL pass over the raw landing data)")
    floor = time_floor(engine)
    add("floor_s", floor, "s")
    add("full_build_floor_ratio", statistics.median(full_times) / floor if floor else 0.0, "x")
    log(f"{engine.name} {scale:,}: appending the last day of deliveries")
    engine.generate(scale, received_after=END - timedelta(days=1))
    log(f"{engine.name} {scale:,}: incremental build")
    seconds, peak = engine.incremental()
    rss.append(peak)
    add("incremental_build_s", seconds, "s")
    add("incremental_share_pct", 100.0 * seconds / statistics.median(full_times), "%")
    add("peak_rss_mib", max(rss), "MiB")
    log(f"{engine.name} {scale:,}: timing {len(TILE_QUERIES) + len(OTHER_VIEWS)} views x {runs} runs")
    for view, samples in time_views(engine, runs).items():
        if view == "dashboard":
            add("dashboard_load_ms", statistics.median(samples), "ms")
            add("dashboard_load_p95_ms", percentile(samples, 0.95), "ms")
        else:
            add(f"p50_ms:{view}", percentile(samples, 0.5), "ms")
            add(f"p95_ms:{view}", percentile(samples, 0.95), "ms")
    return records


REFRESH_RUNS = 5  # timed refreshes, each after a batch of new deliveries; the median is kept
REFRESH_BATCH = 21  # deliveries per batch: 7 orders, a failed fulfillment of each, 7 conversations
LATENCY_DELIVERIES = 24  # deliveries timed to their tile, one by one
LATENCY_SPACING_S = 8.0  # between two deliveries: 24 of them spread over several refreshes


def run_refresh(engine: "PostgresEngine", scale: int, via: str = "landing", deliveries: int = LATENCY_DELIVERIES,
                spacing_s: float = LATENCY_SPACING_S) -> list[Record]:
    """refresh_s and the delivery-to-tile latency on the built database (the daily build not running);
    deliveries acknowledged by the landing module (`via` landing) or by the webhook receiver (receiver)."""
    import psycopg2

    from hotrod.tools import tile_latency

    records: list[Record] = []

    def add(metric, value, unit):
        records.append(Record(scale, engine.name, metric, value, unit))

    def connect_etl():
        return psycopg2.connect(**_pg_kwargs(engine.env))

    etl, operator = connect_etl(), engine.connect()
    try:
        log(f"{engine.name} {scale:,}: a first refresh (as of today: it adds the dates since the build's as-of date)")
        factory = tile_latency.DeliveryFactory.from_database(etl, operator)
        tile_latency.time_refreshes(engine.env, factory, connect_etl, runs=1, batch=3)
        factory.orders_expected = tile_latency.today_orders(operator)
        log(f"{engine.name} {scale:,}: {REFRESH_RUNS} refreshes after {REFRESH_BATCH} new deliveries each")
        durations = tile_latency.time_refreshes(engine.env, factory, connect_etl, runs=REFRESH_RUNS,
                                                batch=REFRESH_BATCH)
        add("refresh_s", statistics.median(durations), "s")
        add("refresh_max_s", max(durations), "s")
        factory.orders_expected = tile_latency.today_orders(operator)
    finally:
        etl.close()
        operator.close()
    log(f"{engine.name} {scale:,}: {deliveries} deliveries, {spacing_s:.0f} s apart, timed to their tile "
        "through the orchestrator (scripts/dagster daemon; the daily schedule stopped)")
    receiver = tile_latency.Receiver(engine.env, engine.workdir / "receiver") if via == "receiver" else None
    try:
        sender = receiver.start() if receiver else tile_latency.LandingSender(connect_etl)
        result = tile_latency.measure_latency(engine.env, factory, sender, engine.connect, engine.workdir,
                                              deliveries, spacing_s, log=log)
    finally:
        if receiver:
            receiver.stop()
    latencies = result["latencies"]
    add("delivery_to_tile_p50_s", percentile(latencies, 0.5), "s")
    add("delivery_to_tile_p95_s", percentile(latencies, 0.95), "s")
    add("delivery_to_tile_max_s", max(latencies), "s")
    add("delivery_to_tile_deliveries", len(latencies), "deliveries")
    add("delivery_to_tile_refreshes", result["refresh_runs"], "runs")
    add(f"delivery_to_tile_via_{via}", 1, "flag")
    if result["refresh_run_s"]:
        add("refresh_run_s", statistics.median(result["refresh_run_s"]), "s")
    for kind, values in result["by_kind"].items():
        add(f"delivery_to_tile_p50_s:{kind}", percentile(values, 0.5), "s")
    return records


def run_refresh_benchmark(engine: "PostgresEngine", scale: int, via: str = "landing") -> list[Record]:
    """Data through yesterday (shop time), the daily build as of today, then the refresh.

    The new deliveries are dated now, so the tiles' windows (today's sales, the open issues, the
    conversations waiting) hold them. The data ends yesterday, not now: two runs split by
    --received-through / --received-after follow two different ``now``s.
    """
    from zoneinfo import ZoneInfo

    yesterday = datetime.now(ZoneInfo(project_vars()["shop_timezone"])).date() - timedelta(days=1)
    prod = [sys.executable, str(PROJECT_ROOT / "scripts" / "build_prod"), "--target", "pg"]
    generate = [sys.executable, str(PROJECT_ROOT / "scripts" / "generate_data.py"), "--target", "pg", "--orders",
                str(scale), "--seed", str(SEED), "--end", yesterday.isoformat(), "--quiet"]
    log(f"{engine.name} {scale:,} orders: resetting")
    engine.reset()
    log(f"{engine.name} {scale:,}: generating, through {yesterday}")
    seconds, _ = timed_child(generate, engine.env)
    log(f"{engine.name} {scale:,}: generated in {seconds:.1f} s; the daily build (with tests, as of today)")
    seconds, _ = timed_child([*prod, "--full-refresh"], engine.env)
    log(f"{engine.name} {scale:,}: daily build {seconds:.1f} s")
    return run_refresh(engine, scale, via)


def machine_record() -> dict:
    mem_kib = 0
    try:
        with open("/proc/meminfo") as handle:
            mem_kib = int(handle.readline().split()[1])
    except OSError:
        pass
    return {"scale": 0, "engine": "machine", "metric": "machine", "value": os.cpu_count() or 0, "unit": "cores",
            "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores {mem_kib / 1048576:.0f} GiB "
                       f"{platform.system()} {platform.release()} Python {platform.python_version()}"}


def report(records: list[dict], out: Path, command: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(records, indent=1) + "\n")
    data = {(r["scale"], r["engine"], r["metric"]): r["value"] for r in records if r["engine"] != "machine"}
    columns = sorted({(r["scale"], r["engine"]) for r in records if r["engine"] != "machine"})
    machine = next((r["machine"] for r in records if r["engine"] == "machine"), "")
    metrics = [m for m in ("generate_s", "full_build_s", "full_build_with_tests_s", "floor_s", "full_build_floor_ratio",
                           "incremental_build_s", "incremental_share_pct", "peak_rss_mib", "dashboard_load_ms",
                           "refresh_s", "delivery_to_tile_p50_s", "delivery_to_tile_p95_s",
                           "delivery_to_tile_deliveries", "delivery_to_tile_refreshes")]
    views = list(TILE_QUERIES) + list(OTHER_VIEWS)
    lines = [
        "# Benchmark", "",
        f"Made by `{command}` (merged runs, in order) on {time.strftime('%Y-%m-%d')}; machine: {machine}.",
        "Times are medians of repeated runs (views: 20+ timed runs after a warm-up; p50 / p95; every row fetched "
        "to the client: DuckDB as an Arrow table, Postgres as psycopg2 rows).",
        "Seed targets: every tile view < 200 ms, dashboard < 1 s; goals: tile p95 <= 20 ms, "
        "`v_kpi_summary` p95 <= 30 ms, dashboard <= 100 ms.",
        "`full_build_s`: `dbt build` of models and seeds (Postgres: `scripts/build_prod`, three phases); "
        "`incremental_build_s`: the same after appending the last day of deliveries; `floor_s`: one SQL pass "
        "parsing every payload and unnesting every line item; `peak_rss_mib`: the largest process of the build "
        "(Postgres: the dbt client processes; the server runs with shared_buffers 512MB, work_mem 64MB). "
        "`refresh_s`: `scripts/build_prod --refresh` after 21 new deliveries (median of 5); "
        "`delivery_to_tile_*`: from a delivery's commit to the landing table until the tile views show it, through "
        "the orchestrator (`--refresh`; docs/production.md).", "",
        "![latency per view](latest.png)", "",
        "| metric | " + " | ".join(f"{e} {s:,}" for s, e in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for m in metrics:
        lines.append(f"| {m} | " + " | ".join(_fmt(data.get((s, e, m))) for s, e in columns) + " |")
    for v in views:
        lines.append(f"| {v} p50 / p95 ms | " + " | ".join(
            f"{_fmt(data.get((s, e, 'p50_ms:' + v)))} / {_fmt(data.get((s, e, 'p95_ms:' + v)))}" for s, e in columns) + " |")
    (out / "latest.md").write_text("\n".join(lines) + "\n")
    _chart(data, columns, views, out / "latest.png")


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


def _chart(data, columns, views, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(13, 6))
    width = 0.8 / max(1, len(columns))
    for i, (scale, engine) in enumerate(columns):
        values = [data.get((scale, engine, f"p95_ms:{v}"), 0.0) for v in views]
        ax.bar([x + i * width for x in range(len(views))], values, width, label=f"{engine} {scale:,} orders (p95)")
    ax.axhline(200, color="red", linestyle="--", label="seed target 200 ms")
    ax.axhline(20, color="green", linestyle=":", label="goal 20 ms (tiles)")
    ax.set_yscale("log")
    ax.set_ylabel("ms (log scale)")
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(views))])
    ax.set_xticklabels(views, rotation=60, ha="right", fontsize=8)
    ax.legend(fontsize=8)
    ax.set_title("Serving-view latency per engine and scale")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="scripts/benchmark",
        description="Benchmark generation, full and incremental builds, view latency and memory on DuckDB and PostgreSQL.",
    )
    parser.add_argument("--scales", default="100000,1000000",
                        help="comma-separated order counts (default 100000,1000000)")
    parser.add_argument("--engines", default="duckdb,postgres", help="comma-separated: duckdb, postgres (default both)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per view after a warm-up (default 20, at least 20 for the report)")
    parser.add_argument("--builds", type=int, default=1, help="full builds (models only) per scale; the median is kept")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "benchmarks", help="report directory (default benchmarks/)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hotrod_benchmark"), help="scratch space")
    parser.add_argument("--pg-port", type=int, default=54390,
                        help="loopback port of the benchmark's own PostgreSQL (default 54390)")
    parser.add_argument("--fresh", action="store_true",
                        help="start a new report (default: keep the other scales/engines of benchmarks/latest.json)")
    parser.add_argument("--refresh", action="store_true",
                        help="PostgreSQL: measure the tile refresh instead (refresh_s) and the delivery-to-tile "
                             "latency through the orchestrator (delivery_to_tile_p50_s, delivery_to_tile_p95_s), "
                             "on data generated to end now; the report's other metrics are kept")
    parser.add_argument("--via", choices=("landing", "receiver"), default="landing",
                        help="with --refresh: deliveries acknowledged by the landing module (default) or by the "
                             "webhook receiver (hotrod-receiver) in front, over HTTP, signed")
    args = parser.parse_args(argv)
    try:
        scales = [int(s.replace("_", "")) for s in args.scales.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--scales must be comma-separated whole numbers, not {args.scales!r}")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - {"duckdb", "postgres"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.refresh and engines != ["postgres"]:
        parser.error("--refresh measures PostgreSQL (the production refresh): use --engines postgres")
    args.workdir.mkdir(parents=True, exist_ok=True)
    command = "scripts/benchmark " + " ".join(argv if argv is not None else sys.argv[1:])
    records = [machine_record()]
    previous = args.out / "latest.json"
    if not args.fresh and previous.exists():
        # keep the last report's figures; this run replaces the metrics it measures
        records += [r for r in json.loads(previous.read_text()) if r["engine"] != "machine"]
        commands = [c for c in previous.with_suffix(".commands").read_text().splitlines()
                    if c.strip()] if previous.with_suffix(".commands").exists() else []
    else:
        commands = []
    commands.append(command.strip())
    args.out.mkdir(parents=True, exist_ok=True)
    previous.with_suffix(".commands").write_text("\n".join(commands) + "\n")
    command = " ; ".join(commands)
    server = None
    try:
        for scale in scales:
            for name in engines:
                if name == "duckdb":
                    engine = DuckDBEngine(args.workdir)
                else:
                    if server is None:
                        from hotrod.tools.pg_local import LocalPostgres

                        server = LocalPostgres(port=args.pg_port, data_dir=args.workdir / "pg").start()
                    engine = PostgresEngine(args.workdir, server)
                measured = [r.as_dict() for r in (run_refresh_benchmark(engine, scale, args.via) if args.refresh
                                                  else run_one(engine, scale, args.runs, args.builds))]
                replaced = {(r["scale"], r["engine"], r["metric"]) for r in measured}
                records = [r for r in records if (r["scale"], r["engine"], r["metric"]) not in replaced] + measured
                report(records, args.out, command.strip())
                log(f"wrote {args.out / 'latest.md'}")
    except RuntimeError as exc:
        log(f"failed: {exc}")
        return 1
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
