"""The Dagster code location against a real PostgreSQL (src/hotrod/orchestration/dagster_defs.py).

A database of its own with a small generated dataset; a Dagster instance in a
temporary DAGSTER_HOME (the project's dagster.yaml, local storage). Through
Dagster's testing APIs (build_schedule_context, build_sensor_context,
build_run_status_sensor_context) each tick is evaluated and the run it asks
for is executed in process:
- the daily schedule's tick (after midnight in the shop's time zone) runs
  the daily build: every dbt model and seed materialized, every dbt test
  evaluated as a check, the layer published;
- the delivery sensor starts nothing while nothing landed, and one refresh
  when deliveries land: the refresh materializes the tile tables and the
  incremental models the refresh builds, nothing else, and the tiles show
  the deliveries; the refresh schedule's tick asks for the same job;
- a refresh waiting for the database (another build holds its lock) fails
  and says so; both jobs carry the tag the instance limits to one run per
  database;
- an induced failure of each kind reaches a local HTTP sink as Slack JSON: a
  failed run, stale data (a freshness check past its error threshold) and a
  blocking dbt test (two order lines sharing an id) that stops the daily build;
- the Dagster webserver on loopback, loaded in headless Chromium, renders the
  assets and the last run's status.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
import yaml

from conftest import fresh_pg_database, pg_connect
from helpers import ROOT, AlertSink, dbt, free_port, python_script, rendered_text, run
from hotrod.orchestration.build_phases import DAGSTER_TARGET_PATH
from hotrod.tools.tile_latency import Service

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DATABASE = "hotrod_orchestration"
ORDERS = "1500"
DAYS = "30"


@pytest.fixture(scope="module")
def orchestrated(pg_server, tmp_path_factory):
    """The test database with 30 days of generated deliveries ending now, the code location, an instance."""
    from hotrod import targets
    from hotrod.orchestration import build_phases, dagster_defs, instance_config

    tmp = tmp_path_factory.mktemp("orchestration")
    env = {**fresh_pg_database(pg_server, DATABASE, tmp / "roles"), "HOTROD_TARGET": "pg"}
    # 30 days, not the default 730: dense enough that every source has deliveries in the last hours whatever the
    # date (over 730 days the newest conversation can be days old, and cx_conversations then reads stale)
    python_script("generate_data.py", "--target", "pg", "--replace", "--orders", ORDERS, "--days", DAYS, "--seed", "3",
                  "--quiet", env=env)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        run([str(ROOT / "scripts" / "dagster"), "parse"], env=env)
        home = tmp / "dagster_home"
        os.environ["DAGSTER_HOME"] = str(home)
        instance_config.write_instance_config(home, "local")  # as scripts/dagster writes it
        instance = dg.DagsterInstance.from_config(str(home))
        target = targets.resolve("pg")
        defs = dagster_defs.build_definitions(target)
        yield {"env": env, "home": home, "instance": instance, "defs": defs, "target": target, "tmp": tmp,
               "build_phases": build_phases, "dagster_defs": dagster_defs}
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _execute(o, request: dg.RunRequest, job_name: str, raise_on_error=True):
    job = o["defs"].resolve_job_def(job_name)
    return job.execute_in_process(instance=o["instance"], tags=request.tags, run_config=request.run_config or None,
                                  raise_on_error=raise_on_error)


def _materialized(result) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def _checks(result) -> list:
    return [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]


def _dbt_nodes(resource_types=("model", "seed")) -> dict:
    manifest = json.loads((DAGSTER_TARGET_PATH / "manifest.json").read_text())  # scripts/dagster parse
    return {uid: n for uid, n in manifest["nodes"].items() if n["resource_type"] in resource_types}


def test_the_daily_schedule_ticks_after_midnight_and_its_run_builds_everything(orchestrated):
    o = orchestrated
    schedule = o["defs"].get_schedule_def("daily_build_after_midnight")
    shop_zone = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["shop_timezone"]
    assert schedule.execution_timezone == shop_zone
    minute, hour = schedule.cron_schedule.split()[:2]
    assert hour == "0" and int(minute) > 0  # after midnight, shop time
    tick = datetime.now(ZoneInfo(shop_zone)).replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
    context = dg.build_schedule_context(instance=o["instance"], scheduled_execution_time=tick)
    [request] = schedule.evaluate_tick(context).run_requests
    assert schedule.job_name == "daily_build"

    result = _execute(o, request, schedule.job_name)
    assert result.success
    dbt_assets = {n["name"] for n in _dbt_nodes().values()}
    assert {key.split("/")[-1] for key in _materialized(result)} == dbt_assets
    tests = _dbt_nodes(("test",))
    evaluated = _checks(result)
    assert {e.check_name for e in evaluated} >= {n["name"] for n in tests.values()}
    blocking_failed = [e.check_name for e in evaluated if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert blocking_failed == []
    con = pg_connect(o["env"])
    cur = con.cursor()
    # the freshness checks: v_data_freshness's status of each serving table, fresh passes
    cur.execute("select relation_name, status from public.v_data_freshness where relation_kind = 'serving'")
    statuses = dict(cur.fetchall())
    freshness = {e.asset_key.path[-1]: e for e in evaluated if e.check_name == "data_freshness"}
    assert set(freshness) == set(statuses) and len(freshness) == 10
    for name, evaluation in freshness.items():
        assert evaluation.passed == (statuses[name] == "fresh"), name
        assert evaluation.passed or evaluation.severity.value == ("WARN" if statuses[name] == "warn" else "ERROR")
    assert statuses["sales_metrics_daily"] == "fresh"  # the data ends now
    cur.execute("select count(*) from quality.serving_watermarks where watermark_at is not null")
    assert cur.fetchone()[0] == 3  # published, with the watermarks the refresh starts from
    con.close()


def _deliveries(o, count=3):
    """An order, a failed fulfillment of it and an urgent conversation, committed to the landing tables."""
    from hotrod.tools import tile_latency

    etl, operator = pg_connect(o["env"]), pg_connect(o["env"], "hotrod_operator", "hotrod_test")
    try:
        sent = list(tile_latency.DeliveryFactory.from_database(etl, operator).cycle(count))
        for delivery in sent:
            tile_latency.deliver(etl, delivery)
        return sent
    finally:
        etl.close()
        operator.close()


def _visible(o, delivery) -> bool:
    con = pg_connect(o["env"], "hotrod_operator", "hotrod_test")
    try:
        cur = con.cursor()
        cur.execute(*delivery.probe)
        return cur.fetchone() is not None
    finally:
        con.close()


def test_the_sensor_starts_a_refresh_when_deliveries_land_and_none_otherwise(orchestrated):
    o = orchestrated
    sensor = o["defs"].get_sensor_def("new_deliveries")
    newest = o["dagster_defs"].newest_delivery(o["target"])
    quiet = sensor.evaluate_tick(dg.build_sensor_context(instance=o["instance"], cursor=newest, definitions=o["defs"]))
    assert quiet.run_requests == [] and quiet.skip_message.startswith("no delivery landed")

    sent = _deliveries(o)
    assert not any(_visible(o, d) for d in sent)
    tick = sensor.evaluate_tick(dg.build_sensor_context(instance=o["instance"], cursor=newest, definitions=o["defs"]))
    [request] = tick.run_requests
    assert tick.cursor > newest
    result = _execute(o, request, sensor.job_name)
    assert result.success and sensor.job_name == "tile_refresh"
    assert all(_visible(o, d) for d in sent), [d.kind for d in sent if not _visible(o, d)]

    # what the refresh built: the tile tables, the freshness marks, the watermarks and the incremental models
    # dbt's refresh selector names; no Python, as-of or other serving model
    listed = dbt(["ls", "-q", "--target", "pg", "--selector", "refresh", "--resource-type", "model", "--output", "name"],
                 env={**o["env"], "HOTROD_REFRESH": "1"}, target_path=o["tmp"] / "ls").stdout.split()
    built = {key.split("/")[-1] for key in _materialized(result)}
    assert built == {name for name in listed if not name.startswith("int_refresh__")}
    assert {"sales_metrics_daily", "fulfillment_tracking", "cx_conversations"} <= built
    assert not built & {"customer_segments", "inventory_snapshots", "int_conversations__sentiment", "sku_performance"}

    again = sensor.evaluate_tick(dg.build_sensor_context(instance=o["instance"], cursor=tick.cursor,
                                                         definitions=o["defs"]))
    assert again.run_requests == []  # nothing landed since


def test_the_refresh_schedule_asks_for_the_refresh(orchestrated):
    o = orchestrated
    schedule = o["defs"].get_schedule_def("tile_refresh_every_five_minutes")
    context = dg.build_schedule_context(instance=o["instance"], scheduled_execution_time=datetime.now(timezone.utc))
    [request] = schedule.evaluate_tick(context).run_requests
    assert schedule.job_name == "tile_refresh"
    assert _execute(o, request, schedule.job_name).success


def test_one_build_at_a_time_per_database(orchestrated):
    o = orchestrated
    tag = o["dagster_defs"].DATABASE_TAG
    jobs = [o["defs"].resolve_job_def(name) for name in ("daily_build", "tile_refresh")]
    assert {job.tags[tag] for job in jobs} == {o["dagster_defs"].database_tag(o["target"])}
    limits = o["instance"].run_coordinator.inst_data.config_dict["tag_concurrency_limits"]
    assert {"key": tag, "value": {"applyLimitPerUniqueValue": True}, "limit": 1} in limits
    lock = o["build_phases"].hold_build_lock(o["target"].connect)  # e.g. scripts/build_prod run by hand
    try:
        result = _execute(o, dg.RunRequest(), "tile_refresh", raise_on_error=False)
    finally:
        lock.close()
    assert not result.success
    message = result.get_step_failure_events()[0].event_specific_data.error.message
    assert "another build or refresh is running on this database" in message



def test_the_production_instance_keeps_its_runs_in_postgres(orchestrated, pg_server, monkeypatch):
    """--storage postgres (dagster-postgres): runs, events and schedules in a database of their own."""
    from hotrod.orchestration import instance_config

    o = orchestrated
    pg_server.superuser_sql("drop database if exists hotrod_dagster", database="postgres")
    pg_server.superuser_sql(f"create database hotrod_dagster owner {o['env']['PGUSER']}", database="postgres")
    for name, value in (("HOST", o["env"]["PGHOST"]), ("PORT", o["env"]["PGPORT"]), ("USER", o["env"]["PGUSER"]),
                        ("PASSWORD", o["env"]["PGPASSWORD"]), ("DB", "hotrod_dagster")):
        monkeypatch.setenv(f"DAGSTER_PG_{name}", value)
    home = o["tmp"] / "dagster_home_postgres"
    instance_config.write_instance_config(home, "postgres")
    instance = dg.DagsterInstance.from_config(str(home))
    result = o["defs"].resolve_job_def("freshness_checks").execute_in_process(instance=instance)
    assert result.success
    con = pg_connect({**o["env"], "PGDATABASE": "hotrod_dagster"})
    try:
        cur = con.cursor()
        cur.execute("select status from runs where run_id = %s", (result.run_id,))
        assert cur.fetchone() == ("SUCCESS",)
        cur.execute("select count(*) from event_logs where run_id = %s and dagster_event_type = "
                    "'ASSET_CHECK_EVALUATION'", (result.run_id,))
        assert cur.fetchone()[0] == 10
    finally:
        con.close()
        instance.dispose()

@pytest.fixture
def sink(monkeypatch):
    s = AlertSink()
    monkeypatch.setenv("HOTROD_ALERT_WEBHOOK_URL", s.url)
    yield s
    s.close()


def _slack_texts(sink) -> list[str]:
    for request in sink.received:
        body = request["body"]
        assert request["content_type"] == "application/json" and body["text"] and body["blocks"]
    return [json.dumps(r["body"]) for r in sink.received]


def test_a_failed_run_reaches_the_alert_sink(orchestrated, sink):
    o = orchestrated
    con = pg_connect(o["env"])
    con.autocommit = True
    con.cursor().execute("alter table quality.serving_watermarks rename to serving_watermarks_gone")
    try:
        result = _execute(o, dg.RunRequest(), "tile_refresh", raise_on_error=False)
    finally:
        con.cursor().execute("alter table quality.serving_watermarks_gone rename to serving_watermarks")
        con.close()
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
    sensor = o["defs"].get_sensor_def("alert_on_run_failure")
    context = dg.build_run_status_sensor_context(
        sensor_name=sensor.name, dagster_instance=o["instance"], dagster_run=result.dagster_run,
        dagster_event=failure, repository_def=o["defs"].get_repository_def()).for_run_failure()
    sensor(context)
    [text] = _slack_texts(sink)
    assert "tile_refresh" in text and result.run_id in text and "run the daily build" in text
    assert "runbook.md#run-failed" in text


def _check_alerts(o, cursor=None):
    sensor = o["defs"].get_sensor_def("alert_on_failed_checks")
    context = dg.build_sensor_context(instance=o["instance"], cursor=cursor, definitions=o["defs"])
    sensor.evaluate_tick(context)
    return context.cursor


def test_stale_data_reaches_the_alert_sink_once(orchestrated, sink):
    o = orchestrated
    cursor = _check_alerts(o)  # what earlier runs evaluated
    sink.received.clear()
    con = pg_connect(o["env"])
    con.autocommit = True
    cur = con.cursor()
    cur.execute("select last_loaded_at from quality.dq_source_freshness where relation_name = 'cx_conversations'")
    [kept] = cur.fetchone()
    error_hours = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["freshness_error_hours"]
    cur.execute("update quality.dq_source_freshness set last_loaded_at = now() - %s * interval '1 hour' "
                "where relation_name = 'cx_conversations'", (error_hours + 5,))
    try:
        job = o["defs"].resolve_job_def("freshness_checks")
        for _ in range(2):  # stale twice: one alert
            job.execute_in_process(instance=o["instance"])
            cursor = _check_alerts(o, cursor)
    finally:
        cur.execute("update quality.dq_source_freshness set last_loaded_at = %s "
                    "where relation_name = 'cx_conversations'", (kept,))
        con.close()
    [text] = _slack_texts(sink)
    assert "cx_conversations is stale" in text and f"error threshold {error_hours} h" in text
    assert "runbook.md#stale-data" in text


def test_a_blocking_check_stops_the_daily_build_and_reaches_the_alert_sink(orchestrated, sink):
    from bad_values import DUPLICATE_LINE_IDS, delivery

    o = orchestrated
    cursor = _check_alerts(o)
    sink.received.clear()
    event_id, order = DUPLICATE_LINE_IDS
    path = o["tmp"] / "duplicate.ndjson"
    path.write_text(delivery(event_id, order, received_at=datetime.now(timezone.utc).isoformat()) + "\n")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(path), env=o["env"])
    result = _execute(o, dg.RunRequest(), "daily_build", raise_on_error=False)
    assert not result.success
    message = result.get_step_failure_events()[0].event_specific_data.error.message
    assert "phase 4/5 audit" in message and "unique_stg_shopify__order_lines_order_line_id" in message
    assert _materialized(result) == set()  # nothing was published
    _check_alerts(o, cursor)
    texts = _slack_texts(sink)
    assert any("unique_stg_shopify__order_lines_order_line_id" in t and "runbook.md#blocking-check" in t
               for t in texts), texts


def test_the_dagster_ui_renders_the_assets_and_the_last_run_in_chromium(orchestrated):
    o = orchestrated
    port = free_port()
    env = {**os.environ, **o["env"], "DAGSTER_HOME": str(o["home"])}
    server = Service(o["tmp"] / "webserver.log").start(
        [str(ROOT / "scripts" / "dagster"), "webserver", "--host", "127.0.0.1", "--port", str(port)], env)
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_for(f"{base}/server_info")
        # the graph of the marts group (a tall window: the graph draws the nodes in view)
        location = "__repository__@hotrod.orchestration.dagster_defs"
        graph = rendered_text(f"{base}/locations/{location}/asset-groups/marts/lineage", "1600,10000", 30000)
        tiles = ["sales_metrics_daily", "fulfillment_tracking", "cx_conversations", "v_sales_pulse_current",
                 "v_fulfillment_issues", "v_cx_escalations", "v_inventory_alerts", "v_kpi_summary"]
        missing = [name for name in tiles if not re.search(rf"\b{name}\b", graph)]
        assert missing == [], f"not drawn in the asset graph: {missing}"
        # the runs page: the last run, its job and its status
        [last] = o["instance"].get_run_records(limit=1)
        runs = rendered_text(f"{base}/runs", virtual_time_ms=30000)
        status = {"SUCCESS": "Success", "FAILURE": "Failure"}[last.dagster_run.status.value]
        row = runs[runs.index(last.dagster_run.run_id[:8]):][:400]
        assert last.dagster_run.job_name in row and status in row, row
    finally:
        server.stop()
