"""The load and fault test, shortened for CI: 15 s at 500 deliveries/s with PostgreSQL stopped for 5 s.

The full measurement (60 s at 1,000/s, a 30 s outage) is the same command
with its defaults; its figures are in the README. Here, at half the rate so
that a CI machine shared with other jobs keeps up, it must lose nothing:
every acknowledged delivery lands exactly once, none is given up, and the
outage really sent deliveries to the spool.
"""

from __future__ import annotations

import json
import sys

import pytest

from helpers import run

pytestmark = pytest.mark.postgres


def test_loadtest_with_an_outage_loses_nothing(tmp_path):
    report_path = tmp_path / "report.json"
    proc = run([sys.executable, "-m", "hotrod.tools.receiver_loadtest", "--duration", "15", "--rate", "500",
                "--outage-at", "5", "--outage", "5", "--orders", "1500", "--json", str(report_path)], check=False,
               timeout=900)
    assert report_path.exists(), proc.stderr[-5000:]
    report = json.loads(report_path.read_text())
    assert proc.returncode == 0, (proc.stdout, proc.stderr[-3000:])
    assert report["sent"] == report["deliveries"] == 7_500
    assert report["acknowledged"] == report["sent"] and report["gave_up"] == 0
    assert report["landed"] == report["acknowledged"]
    assert report["lost"] == 0 and report["landed_more_than_acknowledged"] == 0
    assert report["stored_in"].get("spool", 0) > 0 and report["stored_in"].get("landing", 0) > 0
    assert "deliveries sent" in proc.stdout and "p99" in proc.stdout
    assert "postgres DOWN" in proc.stderr  # the progress display showed the outage
