"""The project's Dagster code location (DESIGN.md section 9; docs/orchestration.md).

    scripts/dagster dev        # the UI on http://127.0.0.1:3000 with the daemon (schedules, sensors)

Every dbt model and seed is an asset and every dbt data test an asset check
(dagster-dbt, from the manifest `scripts/dagster parse` writes to
target/dagster, under DBT_TARGET_PATH when that is set). The dbt target is
the profile's (HOTROD_TARGET, as for dbt).

On a PostgreSQL target the runs are the production ones, the phases of
`build_phases` that scripts/build_prod also runs:
  daily_build   write, audit, publish (everything: the Python and as-of
                models too), after midnight in the shop's time zone;
  tile_refresh  the tile refresh, every five minutes and whenever deliveries
                land (sensor `new_deliveries`, which starts none when
                nothing landed since its cursor).
Both carry the run tag `hotrod/database`, which the instance limits to one
run at a time per value (dagster.yaml), and take the database's advisory
lock. On DuckDB (development) both jobs run `dbt build` of their assets.

Checks: the dbt tests (severity error: blocking; warn: shown), and
`data_freshness` on the serving tables (v_data_freshness, every 15 minutes).
Alerts (hotrod.orchestration.alerts) post to HOTROD_ALERT_WEBHOOK_URL.
"""

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    build_dbt_asset_selection,
    dbt_assets,
)

from hotrod import PROJECT_ROOT, project_vars, targets
from hotrod.ingestion import landing
from hotrod.orchestration import alerts, build_phases

RUN_KIND_TAG = "hotrod/run"  # daily | refresh
DATABASE_TAG = "hotrod/database"  # limited to one run at a time per value (dagster.yaml)
DAILY_CRON = "15 0 * * *"  # after midnight, in the shop's time zone
REFRESH_CRON = "*/5 * * * *"
FRESHNESS_CRON = "*/15 * * * *"
DELIVERY_SENSOR_INTERVAL_S = int(os.environ.get("HOTROD_DELIVERY_SENSOR_INTERVAL", "5"))
ALERT_SENSOR_INTERVAL_S = 15
MANIFEST_DIR = build_phases.DAGSTER_TARGET_PATH  # target/dagster, under DBT_TARGET_PATH when set
FRESHNESS_CHECK = "data_freshness"
WAITING = (dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED)


class HotrodTranslator(DagsterDbtTranslator):
    """Assets grouped by layer (staging, intermediate, marts, seeds); every data test an asset check (those
    of the landing sources on the sources, the singular ones on the model their `meta.dagster.ref` names)."""

    def get_group_name(self, dbt_resource_props) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else "models"


TRANSLATOR = HotrodTranslator(settings=DagsterDbtTranslatorSettings(
    enable_asset_checks=True, enable_source_tests_as_checks=True))


class BuildConfig(dg.Config):
    """Options of a run (the Launchpad); schedules and sensors use the defaults."""

    full_refresh: bool = False  # daily build only: restage every delivery (a backfill; docs/runbook.md)
    dbt_vars: str = ""  # dbt --vars, e.g. "{as_of_date: 2026-06-30}"


def database_tag(target: targets.Target) -> str:
    if target.type == "duckdb":
        return f"duckdb:{target.duckdb_path}"
    c = target.credentials
    return f"postgres:{c.host}:{c.port}/{c.database}"


def load_manifest(project: DbtProject) -> dict:
    if not project.manifest_path.exists():
        raise FileNotFoundError(f"no dbt manifest at {project.manifest_path}: run `scripts/dagster parse` first")
    return json.loads(project.manifest_path.read_text())


@contextmanager
def _environment(env: dict) -> Iterator[None]:
    """The phase's environment for the dbt process dagster-dbt starts (it copies os.environ)."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _dbt_args(config: BuildConfig, kind: str) -> list[str]:
    args = ["--vars", config.dbt_vars] if config.dbt_vars.strip() else []
    if config.full_refresh:
        if kind != "daily":
            raise dg.Failure("full_refresh is an option of the daily build, not of the refresh")
        args.append("--full-refresh")
    return args


def _check_result(evaluation) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(asset_key=evaluation.asset_key, check_name=evaluation.check_name,
                               passed=evaluation.passed, severity=evaluation.severity,
                               metadata=evaluation.metadata, description=evaluation.description)


def freshness_rows(target: targets.Target) -> dict[str, dict]:
    """v_data_freshness as published, by relation name."""
    con = target.connect()
    try:
        cur = con.cursor()
        cur.execute("select relation_name, status, last_loaded_at, staleness_hours, warn_after_hours, "
                    f"error_after_hours from {target.credentials.schema}.v_data_freshness")
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}
    finally:
        con.close()


def newest_delivery(target: targets.Target) -> str | None:
    """The newest received_at of the webhook landing tables (their received_at index answers it), ISO."""
    con = target.connect()
    try:
        cur = con.cursor()
        parts = " union all ".join(f"select max(received_at) as received_at from {table.qualified}"
                                   for table in (landing.SHOPIFY_EVENTS, landing.CHATWOOT_EVENTS))
        cur.execute(f"select max(received_at) from ({parts}) as newest")
        row = cur.fetchone()
        return row[0].isoformat() if row and row[0] is not None else None
    finally:
        con.close()


def _metadata_value(value):
    value = getattr(value, "value", value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def build_definitions(target: targets.Target, manifest_dir: Path = MANIFEST_DIR) -> dg.Definitions:
    """The code location for `target` (a hotrod.targets.Target), from the manifest in `manifest_dir`."""
    project = DbtProject(project_dir=PROJECT_ROOT, target_path=manifest_dir)
    manifest = load_manifest(project)
    nodes = manifest["nodes"]
    postgres = target.type == "postgres"

    def run_dbt_phase(context, dbt: DbtCliResource, phase, materialized: dict, checks: dict) -> bool:
        """Run one dbt phase, keeping the Dagster events of the manifest's nodes; True when dbt succeeded."""
        with _environment(phase.env):
            invocation = dbt.cli(phase.command[1:], manifest=manifest, dagster_dbt_translator=TRANSLATOR,
                                 raise_on_error=False)
        for event in invocation.stream_raw_events():
            info = event.raw_event.get("info", {})
            if info.get("level") in ("info", "warn", "error") and info.get("msg"):
                (context.log.info if info["level"] == "info" else context.log.warning)(info["msg"])
            unique_id = event.raw_event.get("data", {}).get("node_info", {}).get("unique_id")
            if unique_id not in nodes:  # a refresh's key sets are not assets
                continue
            for dagster_event in event.to_default_asset_events(
                    manifest=manifest, dagster_dbt_translator=TRANSLATOR, target_path=invocation.target_path,
                    project=project):
                if isinstance(dagster_event, dg.AssetMaterialization):
                    materialized[dagster_event.asset_key] = dict(dagster_event.metadata)
                elif hasattr(dagster_event, "check_name"):
                    checks[(dagster_event.asset_key, dagster_event.check_name)] = dagster_event
        return invocation.is_successful()

    def production_run(context, dbt: DbtCliResource, kind: str, args: list[str]):
        """The phases of scripts/build_prod (daily) or of its --refresh, as one Dagster step."""
        try:
            if kind == "daily":
                phases = build_phases.plan(target.name, target, args, "dbt", build_phases.python_phase_env(target),
                                           target.connect)
            else:
                phases = build_phases.refresh_plan(target.name, target, args, "dbt", target.connect)
            lock = build_phases.hold_build_lock(target.connect)
        except (build_phases.BuildError, targets.TargetError) as exc:
            raise dg.Failure(str(exc)) from exc
        materialized: dict = {}
        checks: dict = {}
        published: dict = {}
        try:
            for phase in phases:
                context.log.info(f"phase {phase.label}")
                if phase.command is not None and not phase.blocking:
                    # dbt source freshness, as build_prod runs it: a stale landing table warns, the build goes on
                    # (the data_freshness checks and the stale_data alert read the same thresholds)
                    build_phases.FRESHNESS_REPORT.unlink(missing_ok=True)
                    run_dbt_phase(context, dbt, phase, materialized, checks)
                    for problem in build_phases.freshness_problems():
                        context.log.warning(f"source freshness: {problem}")
                elif phase.command is not None:
                    if not run_dbt_phase(context, dbt, phase, materialized, checks):
                        failed = sorted(f"{key.to_user_string()}: {name}" for (key, name), e in checks.items()
                                        if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR)
                        yield from (_check_result(e) for e in checks.values())
                        raise dg.Failure(
                            f"phase {phase.label} failed; later phases did not run and the published serving "
                            "layer is unchanged" + (f"; blocking checks failed: {', '.join(failed)}" if failed else ""),
                            metadata={"phase": phase.label, "failed blocking checks": failed})
                else:
                    try:
                        result = phase.action()
                    except (build_phases.BuildError, targets.TargetError) as exc:
                        raise dg.Failure(f"phase {phase.label} failed: {exc}; the published serving layer is "
                                         "unchanged") from exc
                    if isinstance(result, dict):
                        published.update(result)
        finally:
            lock.close()
        selected = set(context.selected_asset_keys)
        for key, metadata in materialized.items():
            if key in selected:
                rows = published.get(relation_names.get(key))
                if rows:
                    metadata = {**metadata, "rows replaced by key": rows[0], "rows published": rows[1]}
                yield dg.MaterializeResult(asset_key=key, metadata=metadata)
        yield from (_check_result(e) for e in checks.values())

    def run_kind(context) -> str:
        kind = context.run.tags.get(RUN_KIND_TAG)
        if kind in ("daily", "refresh"):
            return kind
        selected = set(context.selected_asset_keys)
        if selected == set(hotrod_dbt.keys):
            return "daily"
        if selected == refresh_keys:
            return "refresh"
        raise dg.Failure(
            "a production run builds and publishes the whole serving layer (job daily_build) or refreshes the "
            "tiles (job tile_refresh); a selection of assets would publish a partial layer. Launch one of the two "
            "jobs, or run dbt yourself against a test database.")

    @dbt_assets(manifest=manifest, project=project, dagster_dbt_translator=TRANSLATOR, name="hotrod_dbt")
    def hotrod_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: BuildConfig):
        """The dbt project: a daily build or a tile refresh (PostgreSQL), or `dbt build` of the selection (DuckDB)."""
        if not postgres:
            yield from dbt.cli(["build", *_dbt_args(config, "daily")], context=context).stream()
            return
        kind = run_kind(context)
        yield from production_run(context, dbt, kind, _dbt_args(config, kind))

    relation_names = {TRANSLATOR.get_asset_key(node): f"{node['schema']}.{node['alias']}"
                      for node in nodes.values() if node["resource_type"] == "model"}
    refresh_selection = build_dbt_asset_selection([hotrod_dbt], dbt_selector=build_phases.REFRESH_SELECTOR)
    refresh_keys = set(refresh_selection.resolve([hotrod_dbt]))

    # Freshness: the thresholds and the status of v_data_freshness (vars freshness_warn_hours and
    # freshness_error_hours of dbt_project.yml, applied in the model dq_source_freshness), as published.
    # The serving tables are the marts dq_source_freshness reads (its other parents are the landing tables' staging
    # models), so that the list is written once, there.
    freshness_model = next(node for node in nodes.values() if node["name"] == "dq_source_freshness")
    serving_tables = sorted(TRANSLATOR.get_asset_key(nodes[uid]) for uid in freshness_model["depends_on"]["nodes"]
                            if nodes[uid]["resource_type"] == "model" and nodes[uid]["fqn"][1] == "marts")

    @dg.multi_asset_check(
        specs=[dg.AssetCheckSpec(FRESHNESS_CHECK, asset=key, description=(
            "The table's newest data against v_data_freshness's thresholds: warn past freshness_warn_hours, "
            "error (alert stale_data) past freshness_error_hours.")) for key in serving_tables],
        can_subset=True, name="serving_freshness")
    def serving_freshness(context: dg.AssetCheckExecutionContext):
        rows = freshness_rows(target)
        for check_key in context.selected_asset_check_keys:
            row = rows.get(check_key.asset_key.path[-1])
            if row is None:
                yield dg.AssetCheckResult(asset_key=check_key.asset_key, check_name=FRESHNESS_CHECK, passed=False,
                                          description="not listed by v_data_freshness")
                continue
            metadata = {name: float(value) if name == "staleness_hours" and value is not None
                        else int(value) if name.endswith("_after_hours") else _metadata_value(value)
                        for name, value in row.items() if name != "relation_name"}
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key, check_name=FRESHNESS_CHECK, passed=row["status"] == "fresh",
                severity=dg.AssetCheckSeverity.WARN if row["status"] == "warn" else dg.AssetCheckSeverity.ERROR,
                metadata=metadata, description=f"v_data_freshness: {row['status']}")

    tags = {DATABASE_TAG: database_tag(target)}
    daily_build = dg.define_asset_job(
        "daily_build", selection=dg.AssetSelection.all(), tags={**tags, RUN_KIND_TAG: "daily"},
        executor_def=dg.in_process_executor,
        description="Everything, written, audited and published (scripts/build_prod), then the freshness checks.")
    tile_refresh = dg.define_asset_job(
        "tile_refresh", selection=refresh_selection.without_checks(), tags={**tags, RUN_KIND_TAG: "refresh"},
        executor_def=dg.in_process_executor,
        description="The tile refresh (scripts/build_prod --refresh): the rows new deliveries change, by key.")
    freshness_checks = dg.define_asset_job(
        "freshness_checks", selection=dg.AssetSelection.checks(serving_freshness),
        executor_def=dg.in_process_executor,
        description="data_freshness of the serving tables, as v_data_freshness measures it.")

    def refresh_waiting(instance: dg.DagsterInstance) -> bool:
        """A refresh is queued and has not started: it will read whatever landed when it starts."""
        return bool(instance.get_run_records(dg.RunsFilter(job_name=tile_refresh.name, statuses=list(WAITING)),
                                             limit=1))

    zone = project_vars()["shop_timezone"]
    schedules = [
        dg.ScheduleDefinition(
            name="daily_build_after_midnight", job=daily_build, cron_schedule=DAILY_CRON, execution_timezone=zone,
            default_status=dg.DefaultScheduleStatus.RUNNING,
            description=f"The daily build at {DAILY_CRON!r} in the shop's time zone ({zone}, var shop_timezone)."),
        dg.ScheduleDefinition(
            name="tile_refresh_every_five_minutes", job=tile_refresh, cron_schedule=REFRESH_CRON,
            execution_timezone=zone, default_status=dg.DefaultScheduleStatus.RUNNING,
            should_execute=lambda context: not refresh_waiting(context.instance),
            description="A refresh every five minutes (none while one waits to start)."),
        dg.ScheduleDefinition(
            name="freshness_checks_every_15_minutes", job=freshness_checks, cron_schedule=FRESHNESS_CRON,
            execution_timezone=zone, default_status=dg.DefaultScheduleStatus.RUNNING),
    ]

    @dg.sensor(job=tile_refresh, minimum_interval_seconds=DELIVERY_SENSOR_INTERVAL_S,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def new_deliveries(context: dg.SensorEvaluationContext):
        """A refresh when deliveries landed since the cursor (their newest received_at); none otherwise."""
        try:
            newest = newest_delivery(target)
        except targets.TargetError as exc:
            return dg.SkipReason(f"cannot read the landing tables: {exc}")
        if newest is None or (context.cursor and newest <= context.cursor):
            return dg.SkipReason(f"no delivery landed since {context.cursor or 'ever'}")
        context.update_cursor(newest)
        if refresh_waiting(context.instance):
            return dg.SkipReason(f"deliveries through {newest}: the refresh waiting to start will read them")
        return dg.RunRequest(run_key=f"deliveries-through-{newest}", tags={"hotrod/deliveries-through": newest})

    @dg.run_failure_sensor(monitored_jobs=[daily_build, tile_refresh, freshness_checks],
                           minimum_interval_seconds=ALERT_SENSOR_INTERVAL_S,
                           default_status=dg.DefaultSensorStatus.RUNNING)
    def alert_on_run_failure(context: dg.RunFailureSensorContext):
        """Alert run_failed: a daily build, refresh or freshness check run failed."""
        message = context.failure_event.message or "the run failed"
        for step_failure in context.get_step_failure_events():
            error = step_failure.event_specific_data.error
            if error is not None:
                message = error.message
                break
        run = context.dagster_run
        base = os.environ.get("HOTROD_DAGSTER_URL")
        alert = alerts.run_failed(run.job_name, run.run_id, message,
                                  f"{base.rstrip('/')}/runs/{run.run_id}" if base else None)
        if not alerts.post(alert):
            context.log.warning(f"{alerts.WEBHOOK_URL_ENV} is not set: alert not sent: {alert.payload()['text']}")

    descriptions = {f"{spec.asset_key.to_user_string()}:{spec.name}": spec.description
                    for spec in hotrod_dbt.check_specs}

    @dg.sensor(minimum_interval_seconds=ALERT_SENSOR_INTERVAL_S, default_status=dg.DefaultSensorStatus.RUNNING)
    def alert_on_failed_checks(context: dg.SensorEvaluationContext):
        """Alerts blocking_check and stale_data: a check of severity error that starts failing.

        The cursor holds the last event read and the checks failing now, so a
        check that keeps failing alerts once, and again only after it passed.
        """
        state = json.loads(context.cursor) if context.cursor else {"after": None, "failing": []}
        failing = set(state["failing"])
        records = context.instance.get_event_records(
            dg.EventRecordsFilter(event_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION,
                                  after_cursor=state["after"]), ascending=True, limit=1000)
        sent = 0
        for record in records:
            evaluation = record.event_log_entry.dagster_event.event_specific_data
            asset = evaluation.asset_key.to_user_string()
            name = f"{asset}:{evaluation.check_name}"
            if evaluation.passed:
                failing.discard(name)
            elif evaluation.severity == dg.AssetCheckSeverity.ERROR and name not in failing:
                if evaluation.check_name == FRESHNESS_CHECK:
                    meta = {key: _metadata_value(value) for key, value in evaluation.metadata.items()}
                    alert = alerts.stale_data(asset, meta.get("last_loaded_at"), meta.get("staleness_hours"),
                                              meta.get("error_after_hours"))
                else:
                    alert = alerts.blocking_check(asset, evaluation.check_name, record.run_id, descriptions.get(name))
                if alerts.post(alert):
                    sent += 1
                else:
                    context.log.warning(f"{alerts.WEBHOOK_URL_ENV} is not set: alert not sent: "
                                        f"{alert.payload()['text']}")
                failing.add(name)
            state = {"after": record.storage_id, "failing": sorted(failing)}
        context.update_cursor(json.dumps(state))
        return dg.SkipReason(f"{sent} alert(s) sent; {len(failing)} check(s) failing")

    return dg.Definitions(
        assets=[hotrod_dbt],
        asset_checks=[serving_freshness],
        jobs=[daily_build, tile_refresh, freshness_checks],
        schedules=schedules,
        sensors=[new_deliveries, alert_on_run_failure, alert_on_failed_checks],
        resources={"dbt": DbtCliResource(project_dir=project,
                                         dbt_executable=str(Path(sys.executable).parent / "dbt"))},
    )


@dg.definitions
def defs() -> dg.Definitions:
    """The code location Dagster loads: the profile's default target (HOTROD_TARGET)."""
    return build_definitions(targets.resolve(None))
