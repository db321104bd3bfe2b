"""Exposures and selectors: each tile's exposure selects exactly what the tile reads and builds it alone;
the named selections of selectors.yml select what the production phases of build_phases.py select today."""

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


@pytest.mark.slow
def test_each_tile_builds_alone_and_shows_what_the_full_build_shows(duckdb_build, tmp_path):
    """`dbt build -s +exposure:<tile>` on a database holding only the landing tables builds everything the tile
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
            dbt(["build", "--target", "ci", "-s", f"+exposure:{tile}", "--vars", VARS], env=env,
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


# The phases of build_phases.plan() and the selector naming each (selectors.yml).
PHASE_SELECTORS = {1: "prod_phase_1_sql", 2: "prod_phase_2_python", 3: "prod_phase_3_downstream"}


def _phases():
    target = SimpleNamespace(credentials=SimpleNamespace(schema="public"))
    return build_phases.plan("pg", target, [], "dbt", {}, connect=lambda: None)


def _selection_args(command: list[str]) -> list[str]:
    """A phase's dbt arguments without the command and its --target: what chooses the nodes."""
    args = list(command[2:])
    index = args.index("--target")
    del args[index:index + 2]
    return args


@pytest.mark.parametrize("phase_index", sorted(PHASE_SELECTORS))
def test_a_phase_selector_selects_what_the_phase_selects(project, phase_index):
    phase = _phases()[phase_index]
    assert phase.command[:2] == ["dbt", "build"], phase.label
    by_arguments = project.ls(*_selection_args(phase.command))
    by_selector = project.ls("--selector", PHASE_SELECTORS[phase_index])
    assert by_selector == by_arguments, (by_selector - by_arguments, by_arguments - by_selector)
    assert any(n.startswith("model.") for n in by_selector)


def test_the_audit_selector_selects_the_tests_the_audit_runs(project):
    audit = _phases()[4]
    assert audit.command[:2] == ["dbt", "test"], audit.label
    tests_only = ("--resource-type", "test", "unit_test")  # what `dbt test` acts on
    by_arguments = project.ls(*tests_only, *_selection_args(audit.command))
    by_selector = project.ls(*tests_only, "--selector", "prod_audit")
    assert by_selector == by_arguments and by_selector, (by_selector ^ by_arguments)


def test_the_daily_build_is_everything_and_the_refresh_is_the_tiles_without_the_python_models(project):
    assert project.ls("--selector", "daily_build") == project.ls()

    refresh = project.ls("--selector", "refresh")
    tiles = [arg for tile in TILES for arg in (f"+exposure:{tile}",)]
    assert refresh == project.ls("-s", *tiles, "--exclude", "tag:python_model", "--exclude-resource-type",
                                 "unit_test")
    python_models = {n for n in project.ls("-s", "tag:python_model")}
    assert python_models and not python_models & refresh
    views = {_model(v) for vs in TILES.values() for v in vs}
    needed = {n for n in views | _ancestors(project.manifest, views) if n.split(".")[0] in BUILT} - python_models
    assert {n for n in refresh if n.split(".")[0] in BUILT} == needed
    assert _model("v_kpi_summary") not in refresh and _model("customer_segments") not in refresh
