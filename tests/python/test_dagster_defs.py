"""The Dagster code location's definitions (src/hotrod/orchestration/dagster_defs.py), without a server.

The manifest is parsed once for the module; the delivery sensor reads the
landing tables of a DuckDB file (the dev target's adapter). The runs
themselves are tested against PostgreSQL in tests/integration/test_orchestration.py.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import dagster as dg
import pyarrow as pa
import pytest
import yaml

from helpers import ROOT, dbt


@pytest.fixture(scope="module")
def location(tmp_path_factory, monkeypatch_module):
    from hotrod import targets
    from hotrod.orchestration import dagster_defs

    tmp = tmp_path_factory.mktemp("dagster_defs")
    monkeypatch_module.setenv("HOTROD_CI_DUCKDB_PATH", str(tmp / "landing.duckdb"))
    dbt(["parse", "--target", "ci"], target_path=tmp / "manifest")
    target = targets.resolve("ci")
    defs = dagster_defs.build_definitions(target, manifest_dir=tmp / "manifest")
    manifest = json.loads((tmp / "manifest" / "manifest.json").read_text())
    return {"defs": defs, "manifest": manifest, "target": target, "tmp": tmp, "module": dagster_defs}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_every_model_and_seed_is_an_asset_and_every_test_a_check(location):
    nodes = location["manifest"]["nodes"].values()
    [dbt_assets] = [a for a in location["defs"].assets if getattr(a, "op", None) and a.op.name == "hotrod_dbt"]
    assert {key.path[-1] for key in dbt_assets.keys} == {n["name"] for n in nodes if n["resource_type"] in ("model", "seed")}
    checks = {spec.metadata.get("dagster_dbt/unique_id") for spec in dbt_assets.check_specs}
    assert checks == {uid for uid, n in location["manifest"]["nodes"].items() if n["resource_type"] == "test"}


def test_the_schedules_run_in_the_shops_time_zone(location):
    zone = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["shop_timezone"]
    schedules = {s.name: s for s in location["defs"].schedules}
    assert {s.execution_timezone for s in schedules.values()} == {zone}
    daily = schedules["daily_build_after_midnight"]
    assert daily.job_name == "daily_build" and daily.cron_schedule.split()[1] == "0"
    assert schedules["tile_refresh_every_five_minutes"].job_name == "tile_refresh"


def test_the_refresh_job_selects_what_the_refresh_builds(location, tmp_path):
    listed = dbt(["ls", "-q", "--target", "ci", "--selector", "refresh", "--resource-type", "model", "--output", "name"],
                 target_path=tmp_path / "refresh", env={"HOTROD_REFRESH": "1"}).stdout.split()
    job = location["defs"].resolve_job_def("tile_refresh")
    selected = {key.path[-1] for key in job.asset_layer.selected_asset_keys}
    assert selected == {name for name in listed if not name.startswith("int_refresh__")}
    assert {"sales_metrics_daily", "fulfillment_tracking", "cx_conversations"} <= selected


def _land(target, received_at: datetime) -> None:
    from hotrod.ingestion import landing

    con = target.connect()
    try:
        landing.ensure_landing_tables(con, "duckdb")
        landing.append_arrow(con, "duckdb", landing.SHOPIFY_EVENTS, pa.table({
            "event_id": [f"evt-{received_at.timestamp()}"], "webhook_id": [None], "topic": ["orders/create"],
            "shop_domain": [None], "api_version": [None], "triggered_at": pa.array([None], pa.timestamp("us", "UTC")),
            "received_at": pa.array([received_at], pa.timestamp("us", "UTC")), "payload": ['{"id": 1}']}))
    finally:
        con.close()


def test_the_delivery_sensor_requests_a_refresh_only_when_deliveries_landed(location):
    defs, target = location["defs"], location["target"]
    sensor = defs.get_sensor_def("new_deliveries")
    with dg.instance_for_test() as instance:
        def tick(cursor):
            return sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs))

        _land(target, datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc))
        first = tick(None)
        assert len(first.run_requests) == 1 and first.cursor.startswith("2026-12-01T12:00:00")
        assert tick(first.cursor).run_requests == []  # nothing new
        _land(target, datetime(2026, 12, 1, 12, 0, 5, tzinfo=timezone.utc))
        second = tick(first.cursor)
        assert len(second.run_requests) == 1 and second.cursor > first.cursor
        # a refresh waiting in the queue reads what lands before it starts: no second request
        instance.add_run(dg.DagsterRun(job_name="tile_refresh", run_id=str(uuid.uuid4()),
                                       status=dg.DagsterRunStatus.NOT_STARTED))
        _land(target, datetime(2026, 12, 1, 12, 0, 9, tzinfo=timezone.utc))
        third = tick(second.cursor)
        assert third.run_requests == [] and "waiting to start" in third.skip_message
        assert third.cursor > second.cursor


def test_scripts_dagster_explains_itself_and_refuses_bad_options(tmp_path):
    from helpers import run

    script = str(ROOT / "scripts" / "dagster")
    shown = run([script, "--help"])
    assert "scripts/dagster dev" in shown.stdout and "--storage local|postgres" in shown.stdout
    for args, message in ((["nonsense"], ""), (["daemon", "--storage", "s3"], "--storage is local or postgres"),
                          (["webserver", "--colour", "red"], "unknown option --colour"),
                          (["daemon", "--storage", "postgres"], "--storage postgres needs DAGSTER_PG_HOST")):
        env = {"DAGSTER_HOME": str(tmp_path / "home"), "DAGSTER_PG_HOST": ""}
        refused = run([script, *args], env=env, check=False)
        assert refused.returncode == 2, args
        assert message in refused.stderr + refused.stdout and "Traceback" not in refused.stderr
