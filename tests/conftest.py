"""pytest configuration: the helpers in tests/helpers.py are importable from every test folder, and the
slow tests are marked.

`slow` (pyproject.toml) marks what the edit loop skips with `./scripts/test --fast` (`-m "not slow"`):
every PostgreSQL test (marker `postgres`), every test of the generated dataset's build (fixture
`duckdb_build`) or of a PostgreSQL server (fixture `pg_server`), marked here so that a new test using
them is slow without being told, and the tests marked `slow` by hand (incremental comparisons, the
benchmark run, whole-project builds). CI runs everything.

The suite runs on every core (pytest-xdist, `./scripts/test`). Each worker gets its own dbt target and log
paths (DBT_TARGET_PATH, DBT_LOG_PATH: target/pytest/<worker>, logs/pytest/<worker>), which dbt, build_prod
and the Dagster code location all honour, so that two workers never share a manifest or a partial parse.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import ROOT  # noqa: E402 (importable once tests/ is on the path)

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ["DBT_TARGET_PATH"] = str(ROOT / "target" / "pytest" / WORKER)
os.environ["DBT_LOG_PATH"] = str(ROOT / "logs" / "pytest" / WORKER)

SLOW_FIXTURES = {"duckdb_build", "pg_server"}
# A scheduling hint for the workers, not a dependency: these files take the longest (docs/testing.md, "How
# long"), so they start first and the run does not end on one of them while the other worker idles. The
# other files follow in their usual order.
LONGEST_FIRST = (
    "test_publish.py", "test_incremental.py", "test_refresh.py", "test_orchestration.py", "test_privacy.py",
    "test_data_quality_injection.py", "test_receiver_equivalence.py", "test_postgres.py", "test_docs_and_lint.py",
    "test_hand_computed_cx.py", "test_sales_report.py", "test_exposures_and_selectors.py",
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("postgres") or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's tests keep their order
