"""Exposures and selectors: each tile's exposure selects exactly what the tile reads and builds it alone;
what scripts/build_prod runs is selected by the named selectors of selectors.yml, and those select what each
production phase must build."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import duckdb
import pytest

from conftest import GENERATED_ORDERS, SEED, AS_OF, SERVING_VIEWS, VARS
from helpers import dbt, python_script

from hotrod.orchestration import build_phases

# The dashboard's tiles and the views each reads (the seed's launch checklist, "Dashboard Tile Views").
TILES = {
    "sales_pulse": {"v_sales_pulse_current"},
    "inventory_alerts": {"v_inventory_alerts"},
    "fulfillment_issues": {"v_fulfillment_issues"},
    "cx_escalations": {"v_cx_escalations"},
    "ops_metrics": {"v_activation_rate_7d", "v_sla_performance_7d"},
}
BUILT = ("model", "seed", "snapshot")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The parsed project (dbt's own manifest), and `ls` run in-process on it: no re-parse per selection."""
    from dbt.cli.main import dbtRunner

    tmp = tmp_path_factory.mktemp("selections")
    common = ["--target", "ci", "--target-path", str(tmp / "target"), "--quiet"]
    parsed = dbtRunner().invoke(["parse", *common])
    assert parsed.success, parsed.exception
    manifest = parsed.result
    runner = dbtRunner(manifest=manifest)

    def ls(*args: str) -> set[str]:
        result = runner.invoke(["ls", *common, "--output", "json", "--output-keys", "unique_id", *args])
        assert result.success, (args, result.exception)
        return {json.loads(line)["unique_id"] for line in result.result}

    manifest_json = json.loads((tmp / "target" / "manifest.json").read_text())
    return SimpleNamespace(ls=ls, manifest=manifest_json)


def _ancestors(manifest: dict, unique_ids: set[str]) -> set[str]:
    seen, todo = set(), list(unique_ids)
    while todo:
        node = todo.pop()
        for parent in manifest["parent_map"].get(node, []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _model(name: str) -> str:
    return f"model.hotrod_an.{name}"


def test_every_exposure_is_described_and_every_serving_view_is_consumed(project):
    exposures = project.manifest["exposures"]
    for unique_id, exposure in exposures.items():
        assert exposure["description"].strip() and exposure["owner"]["name"], unique_id
        assert exposure["type"] in ("dashboard", "application") and exposure["maturity"], unique_id
        assert exposure["depends_on"]["nodes"], unique_id
    consumed = {node for e in exposures.values() for node in e["depends_on"]["nodes"]}
    assert {_model(view) for view in SERVING_VIEWS} <= consumed, {_model(v) for v in SERVING_VIEWS} - consumed
    for tile, views in TILES.items():
        exposure = exposures[f"exposure.hotrod_an.{tile}"]
        assert set(exposure["depends_on"]["nodes"]) == {_model(v) for v in views}, tile
        assert exposure["type"] == "dashboard" and exposure["maturity"] == "high", tile
    orchestrator = exposures["exposure.hotrod_an.orchestrator"]
    assert orchestrator["type"] == "application" and orchestrator["config"]["meta"]["entry_point"] == "scripts/build_prod"


@pytest.mark.parametrize("tile", sorted(TILES))
def test_a_tile_exposure_selects_exactly_its_views_and_their_lineage(project, tile):
    views = {_model(v) for v in TILES[tile]}
    needed = {n for n in views | _ancestors(project.manifest, views) if n.split(".")[0] in BUILT}
    selected = {n for n in project.ls("-s", f"+exposure:{tile}") if n.split(".")[0] in BUILT}
    assert selected == needed, (selected - needed, needed - selected)
    # and nothing another tile reads alone
    for other, other_views in TILES.items():
        if other != tile:
            assert not {_model(v) for v in other_views} & selected, other
    # with cautious indirect selection (a fresh database) every test it runs reads only what it builds
    tests = {n for n in project.ls("-s", f"+exposure:{tile}", "--indirect-selection", "cautious")
             if n.split(".")[0] == "test"}
    assert tests and all(set(project.manifest["parent_map"][t]) <= needed | set(project.manifest["sources"])
                         for t in tests), tile


@pytest.mark.slow
def test_each_tile_builds_alone_and_shows_what_the_full_build_shows(duckdb_build, tmp_path):
    """`dbt build -s +exposure:<tile> --indirect-selection cautious` on a database holding only the landing tables
    builds everything the tile
    reads (its data tests pass) and the tile's views then hold the rows of the full build."""
    raw = tmp_path / "raw.duckdb"
    python_script("generate_data.py", "--target", "ci", "--replace", "--orders", str(GENERATED_ORDERS),
                  "--seed", SEED, "--end", AS_OF, env={"HOTROD_CI_DUCKDB_PATH": str(raw)})
    full = duckdb.connect(duckdb_build["path"], read_only=True)
    try:
        for tile, views in sorted(TILES.items()):
            path = tmp_path / f"{tile}.duckdb"
            shutil.copy(raw, path)
            env = {"HOTROD_CI_DUCKDB_PATH": str(path)}
            # cautious: a test that also reads another tile's relations (v_kpi_summary against tiles 3 and 4)
            # waits for a build that has them
            dbt(["build", "--target", "ci", "-s", f"+exposure:{tile}", "--indirect-selection", "cautious",
                 "--vars", VARS], env=env,
                target_path=tmp_path / f"target_{tile}")
            alone = duckdb.connect(str(path), read_only=True)
            try:
                built_views = {r[0] for r in alone.execute(
                    "select table_name from information_schema.tables where table_schema = 'main' "
                    "and table_type = 'VIEW'").fetchall()}
                assert built_views == views, (tile, built_views)  # its views, and no other view
                for view in views:
                    query = f"select * from main.{view} order by all"
                    rows = alone.execute(query).fetchall()
                    assert rows == full.execute(query).fetchall(), (tile, view)
                    assert rows or view == "v_fulfillment_issues", (tile, view, "empty: nothing compared")
            finally:
                alone.close()
    finally:
        full.close()


def _phases():
    target = SimpleNamespace(credentials=SimpleNamespace(schema="public"))
    return build_phases.plan("pg", target, [], "dbt", {}, connect=lambda: None)


def _selected_by(project, phase) -> set[str]:
    """What a phase's dbt command, exactly as scripts/build_prod runs it, acts on (`dbt ls` with its arguments
    less the command and --target; `dbt test` and `dbt source freshness` act on tests and sources only)."""
    command = list(phase.command)
    subcommand = command[1:3] if command[1] == "source" else command[1:2]
    args = command[1 + len(subcommand):]
    index = args.index("--target")
    del args[index:index + 2]
    if "--output" in args:
        index = args.index("--output")
        del args[index:index + 2]
    acts_on = {"build": (), "test": ("--resource-type", "test", "unit_test"),
               "source": ("--resource-type", "source")}[subcommand[0]]
    return project.ls(*acts_on, *args)


@pytest.fixture(scope="module")
def phases(project):
    """What each dbt step of build_prod acts on, by its label's number ("1/5" ...; "source" for freshness)."""
    by_step = {phase.label.split(" ")[1] if phase.label.startswith("0/5 source") else phase.label.split(" ")[0]: phase
               for phase in _phases() if phase.command is not None}
    return {step: _selected_by(project, phase) for step, phase in by_step.items()}


def test_every_dbt_step_of_build_prod_selects_by_a_named_selector():
    """The selections are defined once, in selectors.yml: build_prod's dbt steps name a selector and pass no
    other selection argument."""
    commands = [phase.command for phase in _phases() if phase.command is not None]
    assert len(commands) == 5  # freshness, phases 1-3, the audit
    defined = build_phases.selector_names()
    for command in commands:
        selection = [a for a in command if a.split("=", 1)[0] in build_phases.SELECTION_ARGS]
        assert selection == ["--selector"], command
        assert command[command.index("--selector") + 1] in defined, command


def test_the_three_build_phases_build_every_node_once_upstream_first_and_no_test(project, phases):
    """What build_prod's phases 1-3 act on: phase 1 and phase 3 split every model and seed between them, the
    Python models (phase 2) open phase 3, nothing in phase 1 reads anything phase 3 builds, and no test runs
    before the audit."""
    manifest = project.manifest
    buildable = {uid for uid in [*manifest["nodes"], *manifest["sources"]] if uid.split(".")[0] in BUILT}
    first, python, downstream = phases["1/5"], phases["2/5"], phases["3/5"]
    python_models = {uid for uid, node in manifest["nodes"].items()
                     if node["resource_type"] == "model" and node["language"] == "python"}
    assert python_models and python == python_models
    assert python <= downstream and not first & downstream
    assert (first | downstream) & buildable == buildable, buildable - first - downstream
    assert not _ancestors(manifest, first) & downstream  # phase 1 needs nothing of phases 2-3
    assert not (python - python_models) and not _ancestors(manifest, python) & (downstream - python)
    for selected in (first, python, downstream):
        assert not {uid for uid in selected if uid.split(".")[0] in ("test", "unit_test")}


def test_the_audit_runs_every_data_test_and_no_unit_test(project, phases):
    data_tests = {uid for uid, node in project.manifest["nodes"].items() if node["resource_type"] == "test"}
    assert len(data_tests) > 100 and phases["4/5"] == data_tests


def test_the_freshness_step_checks_every_landing_table_with_a_freshness(project, phases):
    sources = project.manifest["sources"]
    # the landing tables (raw_*); the privacy source is the redaction hook's bookkeeping, with no freshness
    landing = {uid for uid, source in sources.items() if source["schema"].startswith("raw_")}
    assert len(landing) == 6 and landing <= phases["source"] <= set(sources)
    for uid in landing:
        config = sources[uid]["config"]
        assert config["loaded_at_field"] and config["freshness"]["error_after"]["count"], uid


def test_the_daily_build_is_everything_and_the_refresh_is_the_tile_tables_and_their_incremental_inputs(project):
    assert project.ls("--selector", "daily_build") == project.ls()

    # the tile refresh (docs/production.md): parsed here without HOTROD_REFRESH, so without its key sets
    refresh = project.ls("--selector", "refresh")
    assert {_model(n) for n in ("sales_metrics_daily", "fulfillment_tracking", "cx_conversations",
                                "serving_watermarks", "dq_source_freshness", "int_orders__enriched",
                                "int_orders__daily")} <= refresh
    nodes = project.manifest["nodes"]
    for uid in refresh:
        node = nodes[uid]
        assert node["resource_type"] == "model", uid  # no test, no seed: the refresh writes rows only
        assert ({"refresh", "refresh_incremental"} & set(node["config"]["tags"])
                or node["config"]["materialized"] == "incremental" or node["name"] == "dq_source_freshness"), uid
    python_models = {n for n in project.ls("-s", "tag:python_model")}
    assert python_models and not python_models & refresh
    assert not {uid for uid in refresh if nodes[uid]["config"]["materialized"] == "view"}
    assert _model("v_kpi_summary") not in refresh and _model("customer_segments") not in refresh

    # its scope is the dashboard: what the tiles' exposures and the freshness view read, and the watermarks
    # the refresh reads (declared by the orchestrator's exposure)
    manifest = project.manifest
    tiles = {f"exposure.hotrod_an.{tile}" for tile in TILES}
    dashboard = _ancestors(manifest, tiles | {_model("v_data_freshness")}) | {_model("v_data_freshness")}
    assert refresh - dashboard == {_model("serving_watermarks")}
    assert _model("serving_watermarks") in manifest["exposures"]["exposure.hotrod_an.orchestrator"]["depends_on"]["nodes"]
