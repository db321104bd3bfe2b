"""dbt's source freshness and v_data_freshness apply the same thresholds, defined once.

The sources declare `loaded_at_field` and `freshness` under `config:` (dbt 1.11), their hours the vars
freshness_warn_hours / freshness_error_hours; dq_source_freshness reads them back from the sources' config.
With the vars set around the generated data's real age, `dbt source freshness` and v_data_freshness must
give every landing table the same thresholds and the same verdict.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from helpers import dbt

VERDICT = {"pass": "fresh", "warn": "warn", "error": "stale"}  # dbt source freshness -> v_data_freshness
HOURS = {"minute": 1 / 60, "hour": 1, "day": 24}


def _landing_age_hours(path: str) -> float:
    con = duckdb.connect(path, read_only=True)
    try:
        newest = con.execute("select max(received_at) from raw_shopify.webhook_events").fetchone()[0]
    finally:
        con.close()
    return (datetime.now(timezone.utc) - newest.astimezone(timezone.utc)).total_seconds() / 3600


@pytest.mark.parametrize("position", ["fresh", "warn", "stale"])
def test_source_freshness_and_v_data_freshness_give_the_same_verdict(duckdb_build, tmp_path, position):
    # named as the original: its views name the file's catalog (the staging views dq_source_freshness reads)
    path = tmp_path / "copy" / Path(duckdb_build["path"]).name
    path.parent.mkdir()
    shutil.copy(duckdb_build["path"], path)
    env = {"HOTROD_CI_DUCKDB_PATH": str(path)}
    age = _landing_age_hours(str(path))
    assert age > 3, age  # the generated data ends on the pinned as-of date, in the past
    warn, error = {"fresh": (int(age * 2), int(age * 3)), "warn": (int(age / 2), int(age * 2)),
                   "stale": (int(age / 3), int(age / 2))}[position]
    variables = f"{{freshness_warn_hours: {warn}, freshness_error_hours: {error}}}"

    result = dbt(["source", "freshness", "--target", "ci", "--vars", variables], env=env, check=False,
                 target_path=tmp_path / "target")
    sources = json.loads((tmp_path / "target" / "sources.json").read_text())["results"]
    # the exit code a production build sees: 1 when a landing table is past its error threshold
    assert result.returncode == (1 if any(r["status"] == "error" for r in sources) else 0), result.stdout[-3000:]
    by_source = {r["unique_id"].split(".", 2)[2]: r for r in sources}
    assert by_source["raw_shopify.webhook_events"]["status"] == {"fresh": "pass", "warn": "warn",
                                                                 "stale": "error"}[position]

    # the view, rebuilt with the same vars and no pinned as-of date (it measures against now, as dbt does)
    dbt(["run", "--target", "ci", "-s", "dq_source_freshness", "v_data_freshness", "--vars", variables], env=env,
        target_path=tmp_path / "target")
    con = duckdb.connect(str(path), read_only=True)
    try:
        view = {r[0]: r[1:] for r in con.execute(
            "select relation_name, warn_after_hours, error_after_hours, status from main.v_data_freshness "
            "where relation_kind = 'landing'").fetchall()}
    finally:
        con.close()
    assert set(view) == set(by_source), (set(view), set(by_source))
    for name, checked in by_source.items():
        criteria = checked["criteria"]
        thresholds = tuple(int(criteria[level]["count"] * HOURS[criteria[level]["period"]])
                           for level in ("warn_after", "error_after"))
        assert view[name][:2] == thresholds, (name, view[name], criteria)
        assert view[name][2] == VERDICT[checked["status"]], (name, view[name], checked["status"])
    # the vars reached both (a table's own override aside)
    assert view["raw_shopify.webhook_events"][:2] == (warn, error)
