"""pytest configuration: the helpers in tests/helpers.py are importable from every test folder, and the
slow tests are marked.

`slow` (pyproject.toml) marks what the edit loop skips with `./scripts/test --fast` (`-m "not slow"`):
every PostgreSQL test (marker `postgres`), every test of the generated dataset's build (fixture
`duckdb_build`) or of a PostgreSQL server (fixture `pg_server`), marked here so that a new test using
them is slow without being told, and the tests marked `slow` by hand (incremental comparisons, the
benchmark run, whole-project builds). CI runs everything.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

SLOW_FIXTURES = {"duckdb_build", "pg_server"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("postgres") or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
