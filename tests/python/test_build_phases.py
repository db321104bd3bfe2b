"""The production build's plan (src/hotrod/orchestration/build_phases.py): its phases, arguments and refusals."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hotrod.orchestration import build_phases

TARGET = SimpleNamespace(credentials=SimpleNamespace(schema="public"))


def _plan(*args):
    return build_phases.plan("pg", TARGET, list(args), "dbt", {}, connect=lambda: None)


def test_the_phases_write_audit_and_publish_in_order():
    phases = _plan("--vars", "{as_of_date: 2026-06-30}", "--full-refresh")
    assert [p.label.split(" ")[0] for p in phases] == ["0/5", "1/5", "2/5", "3/5", "4/5", "5/5"]
    for phase in phases[1:4]:  # models and seeds, no tests, into the build schemas
        assert phase.command[:2] == ["dbt", "build"] and "--full-refresh" in phase.command
        assert phase.command[phase.command.index("--exclude-resource-type"):][:3] == ["--exclude-resource-type", "test", "unit_test"]
        assert phase.env[build_phases.SCHEMA_SUFFIX_ENV] == "__build"
        assert "-c lock_timeout=" in phase.env["PGOPTIONS"] and "-c statement_timeout=" in phase.env["PGOPTIONS"]
    audit = phases[4].command
    assert audit[:2] == ["dbt", "test"] and "--full-refresh" not in audit and "{as_of_date: 2026-06-30}" in audit
    assert phases[0].action is not None and phases[5].action is not None


def test_a_models_only_build_skips_the_audit():
    phases = _plan("--exclude-resource-type", "test", "unit_test")
    assert phases[4].command is None and "skipped" in phases[4].label


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
