"""scripts/benchmark end to end at a tiny scale on DuckDB: every metric the report promises is written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hotrod.tools import benchmark
from helpers import ROOT


@pytest.mark.slow  # generates and builds the project twice
def test_tiny_benchmark_writes_every_metric(tmp_path):
    out = tmp_path / "report"
    result = subprocess.run(
        [sys.executable, "-m", "hotrod.tools.benchmark", "--scales", "1500", "--engines", "duckdb", "--runs", "2",
         "--out", str(out), "--workdir", str(tmp_path / "work"), "--fresh"],
        capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    records = json.loads((out / "latest.json").read_text())
    metrics = {r["metric"] for r in records if r["engine"] == "duckdb" and r["scale"] == 1500}
    views = list(benchmark.TILE_QUERIES) + list(benchmark.OTHER_VIEWS)
    assert len(views) == 23
    expected = {"generate_s", "full_build_s", "full_build_with_tests_s", "incremental_build_s", "floor_s",
                "peak_rss_mib", "dashboard_load_ms"}
    expected |= {f"p50_ms:{v}" for v in views} | {f"p95_ms:{v}" for v in views}
    assert expected <= metrics
    assert all(r["value"] > 0 for r in records if r["metric"] in ("generate_s", "full_build_s", "floor_s"))
    assert any(r["engine"] == "machine" for r in records)
    assert (out / "latest.png").stat().st_size > 10_000
    report = (out / "latest.md").read_text()
    assert "| v_kpi_summary p50 / p95 ms |" in report and "duckdb 1,500" in report


def test_bad_arguments_are_usage_errors(tmp_path):
    for args in (["--engines", "oracle"], ["--scales", "lots"], ["--runs", "0"]):
        result = subprocess.run([sys.executable, "-m", "hotrod.tools.benchmark", *args, "--out", str(tmp_path)],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
