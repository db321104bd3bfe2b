"""The production build's plan (src/hotrod/orchestration/build_phases.py): its phases, arguments and refusals."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from hotrod.orchestration import build_phases

TARGET = SimpleNamespace(credentials=SimpleNamespace(schema="public"))


def _plan(*args):
    return build_phases.plan("pg", TARGET, list(args), "dbt", {}, connect=lambda: None)


def test_the_phases_write_audit_and_publish_in_order():
    phases = _plan("--vars", "{as_of_date: 2026-06-30}", "--full-refresh")
    assert [p.label.split(" ")[0] for p in phases] == ["0/5", "0/5", "1/5", "2/5", "3/5", "4/5", "5/5"]
    assert [p.blocking for p in phases] == [True, False, True, True, True, True, True]
    freshness = phases[1].command
    assert freshness[:3] == ["dbt", "source", "freshness"] and "--full-refresh" not in freshness
    assert freshness[freshness.index("--selector") + 1] == "daily_build" and "{as_of_date: 2026-06-30}" in freshness
    # models and seeds, no tests (the selectors leave them out), into the build schemas
    for phase, selector in zip(phases[2:5], ["prod_phase_1_sql", "prod_phase_2_python", "prod_phase_3_downstream"]):
        assert phase.command[:2] == ["dbt", "build"] and "--full-refresh" in phase.command
        assert phase.command[phase.command.index("--selector"):][:2] == ["--selector", selector]
        assert phase.env[build_phases.SCHEMA_SUFFIX_ENV] == "__build"
        assert "-c lock_timeout=" in phase.env["PGOPTIONS"] and "-c statement_timeout=" in phase.env["PGOPTIONS"]
    audit = phases[5].command
    assert audit[:2] == ["dbt", "test"] and "--full-refresh" not in audit and "{as_of_date: 2026-06-30}" in audit
    assert audit[audit.index("--selector"):][:2] == ["--selector", "prod_audit"]
    assert phases[0].action is not None and phases[6].action is not None


def test_each_dbt_target_of_the_build_parses_into_its_own_target_path(monkeypatch, tmp_path):
    """dbt reuses a partial parse only for the target it was made for: the phases on the PostgreSQL target
    share one target path, the Python phase (prod_python) has its own, under dbt's DBT_TARGET_PATH when set."""
    def target_paths():
        commands = [phase.command for phase in _plan() if phase.command]
        return [(c[c.index("--target") + 1], c[c.index("--target-path") + 1]) for c in commands]

    paths = target_paths()
    assert [target for target, _ in paths] == ["pg", "pg", "prod_python", "pg", "pg"]
    assert {path for target, path in paths if target == "pg"} == {str(build_phases.BUILD_TARGET_PATH / "pg")}
    assert {path for target, path in paths if target != "pg"} == {str(build_phases.BUILD_TARGET_PATH / "prod_python")}
    monkeypatch.delenv("DBT_TARGET_PATH", raising=False)
    assert build_phases.target_dir("x") == build_phases.PROJECT_ROOT / "target" / "x"
    monkeypatch.setenv("DBT_TARGET_PATH", str(tmp_path))
    assert build_phases.target_dir("build_prod") == tmp_path / "build_prod"


def test_every_selector_the_build_names_is_defined_in_selectors_yml():
    assert set(build_phases.SELECTORS.values()) <= build_phases.selector_names()


def test_a_missing_selector_is_an_error(monkeypatch):
    monkeypatch.setitem(build_phases.SELECTORS, "audit", "no_such_selector")
    with pytest.raises(build_phases.BuildError, match="no selector no_such_selector"):
        _plan()


def test_the_freshness_step_takes_no_resource_type_or_build_only_argument():
    freshness = _plan("--threads", "2", "--exclude-resource-type", "test", "unit_test", "--empty",
                      "--vars", "{a: 1}")[1].command
    assert freshness[freshness.index("--output") + 4:] == ["--threads", "2", "--vars", "{a: 1}"]


def test_freshness_problems_name_each_landing_table_past_a_threshold(tmp_path):
    def result(name, status, **extra):
        return {"unique_id": f"source.hotrod_an.{name}", "status": status, "max_loaded_at": "2026-06-30T23:00:00",
                "max_loaded_at_time_ago_in_s": 100 * 3600,
                "criteria": {"warn_after": {"count": 24, "period": "hour"},
                             "error_after": {"count": 72, "period": "hour"}}, **extra}

    report = tmp_path / "sources.json"
    report.write_text(json.dumps({"results": [
        result("raw_shopify.webhook_events", "error"), result("raw_ops.queue_items", "pass"),
        result("raw_chatwoot.webhook_events", "warn"),
        result("raw_ops.operator_actions", "runtime error", error="relation does not exist")]}))
    assert build_phases.freshness_problems(report) == [
        "raw_chatwoot.webhook_events: warn, newest row 2026-06-30T23:00:00, 100 h old; warn after 24 hours; "
        "error after 72 hours",
        "raw_ops.operator_actions: the check failed: relation does not exist",
        "raw_shopify.webhook_events: error (stale), newest row 2026-06-30T23:00:00, 100 h old; warn after 24 hours; "
        "error after 72 hours",
    ]
    assert build_phases.freshness_problems(tmp_path / "missing.json")[0].startswith("no freshness report")


def test_a_models_only_build_skips_the_audit():
    phases = _plan("--exclude-resource-type", "test", "unit_test")
    assert phases[5].command is None and "skipped" in phases[5].label


@pytest.mark.parametrize("args", [["--select", "sales_metrics_daily"], ["-s", "x"], ["--exclude=y"], ["--selector", "z"]])
def test_a_selection_is_refused(args):
    with pytest.raises(build_phases.BuildError, match="never a selection"):
        _plan(*args)


def test_the_published_schemas_come_from_the_project():
    assert build_phases.published_schemas("public") == ["public", "quality", "reference"]


def test_the_build_keeps_the_callers_pgoptions(monkeypatch):
    monkeypatch.setenv("PGOPTIONS", "-c work_mem=64MB")
    monkeypatch.setenv("HOTROD_LOCK_TIMEOUT", "5s")
    options = build_phases.session_options()
    assert options.startswith("-c work_mem=64MB ") and "-c lock_timeout=5s" in options


def _refresh_plan(*args):
    return build_phases.refresh_plan("pg", TARGET, list(args), "dbt", connect=lambda: None)


def test_the_refresh_builds_its_selector_then_publishes_by_key():
    prepare, build, publish = _refresh_plan("--vars", "{as_of_date: 2026-06-30}")
    assert prepare.action is not None and publish.action is not None
    command = build.command
    assert command[:2] == ["dbt", "build"]
    # the selector of selectors.yml (no test: test_exposures_and_selectors.py lists what it selects)
    assert command[command.index("--selector") + 1] == build_phases.SELECTORS["refresh"] == "refresh"
    assert command[command.index("--target-path") + 1] == str(build_phases.REFRESH_TARGET_PATH)
    assert command[-2:] == ["--vars", "{as_of_date: 2026-06-30}"]
    assert build.env[build_phases.REFRESH_ENV] == "1"
    assert build.env[build_phases.SCHEMA_SUFFIX_ENV] == build_phases.REFRESH_SUFFIX
    assert "-c lock_timeout=" in build.env["PGOPTIONS"]


@pytest.mark.parametrize("args, message", [
    (["--full-refresh"], "daily build"), (["--select", "x"], "never a selection"), (["--selector=refresh"], "never"),
])
def test_the_refresh_refuses_what_would_not_be_a_refresh(args, message):
    with pytest.raises(build_phases.BuildError, match=message):
        _refresh_plan(*args)


def _model(name, schema, refresh=None):
    return {"resource_type": "model", "name": name, "alias": name, "schema": schema,
            "config": {"meta": {"refresh": refresh} if refresh else {}}}


def test_the_refreshed_tables_and_their_key_sets_come_from_the_manifest():
    manifest = {"nodes": {
        "model.p.fulfillment_tracking": _model("fulfillment_tracking", "public__refresh",
                                               {"key": "shopify_order_id", "keys": "int_refresh__orders.order_id"}),
        "model.p.dq_source_freshness": _model("dq_source_freshness", "quality__refresh", {"key": "relation_name"}),
        "model.p.int_refresh__orders": _model("int_refresh__orders", "intermediate"),
        "model.p.sku_performance": _model("sku_performance", "public__refresh"),
        "test.p.unique_x": {"resource_type": "test", "name": "unique_x"},
    }}
    assert build_phases.refreshed_relations(manifest) == [
        build_phases.RefreshedRelation("public", "fulfillment_tracking", "shopify_order_id",
                                       ("intermediate", "int_refresh__orders", "order_id")),
        build_phases.RefreshedRelation("quality", "dq_source_freshness", "relation_name"),
    ]


def test_a_key_set_missing_from_the_manifest_is_named():
    manifest = {"nodes": {"model.p.cx": _model("cx_conversations", "public",
                                                {"key": "chatwoot_conversation_id", "keys": "int_refresh__x.id"})}}
    with pytest.raises(build_phases.BuildError, match="int_refresh__x is not in the manifest"):
        build_phases.refreshed_relations(manifest)
