"""A MetricFlow session for the semantic-layer tests: the engine `mf query` uses, set up once, many queries.

`mf query` sets up dbt and MetricFlow (about 5 s) for every query; the tests ask some twenty queries of each
engine. This worker does what `mf query --csv` does (dbt_metricflow's CLIConfiguration, a
MetricFlowQueryRequest, the result's rows written as the CSV writer writes them: None as '', other values
as str()) once per process, and answers one JSON request per line of stdin with one JSON line on stdout:

    {"metrics": [...], "group_by": [...], "where": [...], "start": "2026-06-01" | null, "end": "2026-06-30" | null}
    -> {"columns": [...], "rows": [[...], ...]}   or   {"error": "..."}

It runs in its own process, as mf does, with the environment mf would have (DBT_PROJECT_DIR,
DBT_PROFILES_DIR, HOTROD_TARGET): setting MetricFlow up registers dbt adapters in process-wide state.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import sys
import traceback
from datetime import datetime


def _cell(value) -> str:
    return "" if value is None else str(value)


def main() -> int:
    from dbt_metricflow.cli.cli_configuration import CLIConfiguration
    from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

    config = CLIConfiguration()
    with contextlib.redirect_stdout(sys.stderr):  # dbt's own output must not mix with the answers
        config.setup(dbt_profiles_path=pathlib.Path(os.environ["DBT_PROFILES_DIR"]),
                     dbt_project_path=pathlib.Path(os.environ["DBT_PROJECT_DIR"]), configure_file_logging=False)
        engine = config.mf
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            with contextlib.redirect_stdout(sys.stderr):
                result = engine.query(mf_request=MetricFlowQueryRequest.create(
                    metric_names=request["metrics"],
                    group_by_names=request.get("group_by") or None,
                    where_constraints=request.get("where") or None,
                    # --start-time, --end-time: click parses them into datetimes
                    time_constraint_start=datetime.fromisoformat(request["start"]) if request.get("start") else None,
                    time_constraint_end=datetime.fromisoformat(request["end"]) if request.get("end") else None,
                ))
            frame = result.result_df
            answer = {"columns": list(frame.column_names), "rows": [[_cell(v) for v in row] for row in frame.rows]}
        except Exception:  # the test shows MetricFlow's own message
            answer = {"error": traceback.format_exc()}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
