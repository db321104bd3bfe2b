"""Write, audit, publish on a real PostgreSQL: what the operator sees while scripts/build_prod runs.

A small dataset of its own (a second database on the session's server, so
that the parity tests' database is left alone) is built once; then:
- kill -9 of the whole build in each of its phases leaves the operator
  reading the previous layer, complete and unchanged;
- an operator polls all 33 serving relations, several times a second, in one
  statement per poll (so each poll is one consistent read), during a full
  build and during an incremental one after a day of new deliveries: no poll
  fails, and the polled state changes once, from the layer before the build
  to the layer after it, at the publish;
- the bad values of issue 16 (tests/bad_values.py) publish and are named in
  v_data_quality_checks; a blocking failure (two lines sharing an id) stops
  at the audit and the operator keeps the previous layer.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import threading
import time

import psycopg2
import pytest

from conftest import AS_OF, SEED, SERVING_TABLES, SERVING_VIEWS, VARS
from helpers import ROOT, dbt, python_script, run

pytestmark = pytest.mark.postgres

DATABASE = "hotrod_wap"
ORDERS = "800"
OPERATOR = ("hotrod_operator", "hotrod_test")
RELATIONS = SERVING_TABLES + SERVING_VIEWS
LAST_DAY = dt.date.fromisoformat(AS_OF) - dt.timedelta(days=1)


VALUED = ("sales_metrics_daily", "v_kpi_summary", "v_sales_pulse_current", "v_data_quality_checks")


def _fingerprint_sql() -> str:
    """One statement over all 33 relations: per relation its oid (looked up when the statement runs, after
    its locks) and a reference that fails if the relation is missing (`where false`: planned, locked, not
    read); for the figures the dashboard reads first, a hash of every row."""
    parts = []
    for name in RELATIONS:
        parts.append(f"(select c.oid from pg_class c where c.relname = '{name}' "
                     f"and c.relnamespace = 'public'::regnamespace)")
        if name in VALUED:
            parts.append(f"(select count(*) || ':' || coalesce(sum(hashtext(t::text)::bigint), 0) from public.{name} t)")
        else:
            parts.append(f"(select count(*) from public.{name} where false)")
    return "select " + ", ".join(parts)


FINGERPRINT = _fingerprint_sql()


def _connect(env, user=None, password=None):
    return psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], dbname=DATABASE,
                            user=user or env["PGUSER"], password=password or env["PGPASSWORD"])


def _state(env):
    con = _connect(env, *OPERATOR)
    try:
        cur = con.cursor()
        cur.execute(FINGERPRINT)
        return cur.fetchone()
    finally:
        con.close()


def _build_prod(env, *args, check=True):
    return run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS, *args], env=env, check=check)


@pytest.fixture(scope="module")
def wap_env(pg_server, pg_build):  # pg_build: the test roles exist
    pg_server.superuser_sql(f"drop database if exists {DATABASE}", database="postgres")
    pg_server.superuser_sql(f"create database {DATABASE} owner hotrod_etl", database="postgres")
    env = {**pg_server.env(), "PGDATABASE": DATABASE}
    python_script("generate_data.py", "--target", "pg", "--replace", "--orders", ORDERS, "--seed", SEED,
                  "--end", AS_OF, "--received-through", LAST_DAY.isoformat(), "--quiet", env=env)
    dbt(["run-operation", "create_test_roles", "--target", "pg"], env=env)
    _build_prod(env)
    return env


class Poller(threading.Thread):
    """Reads every serving relation as the operator, one statement per poll, until stopped."""

    def __init__(self, env, interval=0.05):
        super().__init__(daemon=True)
        self.env, self.interval = env, interval
        self.polls: list[tuple[float, tuple | None, str | None]] = []
        self.stopping = threading.Event()

    def run(self):
        con = _connect(self.env, *OPERATOR)
        con.autocommit = True
        cur = con.cursor()
        while not self.stopping.is_set():
            try:
                cur.execute(FINGERPRINT)
                self.polls.append((time.monotonic(), cur.fetchone(), None))
            except psycopg2.Error as exc:
                self.polls.append((time.monotonic(), None, str(exc).strip()))
            time.sleep(self.interval)
        con.close()

    def stop(self):
        self.stopping.set()
        self.join(30)


def _assert_one_switch(poller, before, after, seconds):
    errors = [e for _, _, e in poller.polls if e]
    assert errors == [], f"{len(errors)} polls failed, first: {errors[0]}"
    assert len(poller.polls) / seconds >= 3, f"only {len(poller.polls)} polls in {seconds:.0f} s"
    states = [s for _, s, _ in poller.polls]
    distinct = [s for i, s in enumerate(states) if i == 0 or s != states[i - 1]]
    assert distinct[0] == before and distinct[-1] == after
    # one switch: every poll saw either the whole old layer or the whole new one
    assert distinct == [before, after], f"{len(distinct)} distinct states polled"


def _polled_build(env, *args):
    before = _state(env)
    poller = Poller(env)
    poller.start()
    time.sleep(0.5)
    started = time.monotonic()
    _build_prod(env, *args)
    seconds = time.monotonic() - started
    time.sleep(0.5)
    poller.stop()
    after = _state(env)
    return before, after, poller, seconds


@pytest.mark.parametrize("phase", ["1/5", "2/5", "3/5", "4/5", "5/5"])
def test_kill_9_in_each_phase_keeps_the_previous_layer(wap_env, phase):
    before = _state(wap_env)
    env = {**os.environ, **wap_env, "HOTROD_PUBLISH_PAUSE_SECONDS": "30"}
    proc = subprocess.Popen([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        for line in proc.stderr:
            if line.startswith(f"==> phase {phase}") and ": ok in" not in line:
                break
        else:
            pytest.fail(f"build_prod ended before phase {phase} (exit {proc.wait()})")
        time.sleep(3)  # well into the phase (the publish holds its transaction open for 30 s here)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.5)
    assert _state(wap_env) == before  # every relation there, same objects, same rows


def test_operators_see_one_switch_during_a_full_build(wap_env):
    before, after, poller, seconds = _polled_build(wap_env, "--full-refresh")
    assert before[0::2] != after[0::2]  # new relations were published
    _assert_one_switch(poller, before, after, seconds)


def test_operators_see_one_switch_during_an_incremental_build(wap_env):
    python_script("generate_data.py", "--target", "pg", "--orders", ORDERS, "--seed", SEED, "--end", AS_OF,
                  "--received-after", LAST_DAY.isoformat(), "--quiet", env=wap_env)
    before, after, poller, seconds = _polled_build(wap_env)
    index = 2 * RELATIONS.index("sales_metrics_daily") + 1
    assert before[index] != after[index]  # the new day's deliveries changed the figures
    _assert_one_switch(poller, before, after, seconds)


def _checks_as(env, schema="quality", user=None, password=None) -> dict[str, tuple]:
    con = _connect(env, user, password)
    try:
        cur = con.cursor()
        view = "public.v_data_quality_checks" if schema == "quality" else None
        cur.execute(f"select check_name, status, severity, failing_rows from {view}" if view else
                    f"select check_name, status, severity, failing_rows from {schema}.dq_test_results")
        return {r[0]: r[1:] for r in cur.fetchall()}
    finally:
        con.close()


def test_bad_values_publish_and_are_named_on_postgres(wap_env, tmp_path):
    from bad_values import BAD_ORDER_IDS, assert_named, write_bad_values

    rejected_before = _checks_as(wap_env, user=OPERATOR[0], password=OPERATOR[1])["rejected_webhook_payloads"][2]
    path = write_bad_values(tmp_path / "bad.ndjson")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(path), env=wap_env)
    before = _state(wap_env)
    result = _build_prod(wap_env, check=False)
    assert result.returncode == 0, result.stderr[-3000:]  # no cast error, no blocking test: published
    after = _state(wap_env)
    assert before[0::2] != after[0::2] and None not in after
    assert_named(_checks_as(wap_env, user=OPERATOR[0], password=OPERATOR[1]), rejected_before)
    con = _connect(wap_env)
    cur = con.cursor()
    cur.execute("select count(*) from intermediate.int_orders__enriched where order_id = any(%s) and is_counted_order",
                (BAD_ORDER_IDS[4:],))
    assert cur.fetchone()[0] == 0
    cur.execute("select quantity from staging.stg_shopify__order_lines where order_id = %s", (BAD_ORDER_IDS[0],))
    assert cur.fetchall() == [(None,)]  # 12345678901 is out of integer's range: null, not an error
    con.close()


def test_a_blocking_failure_keeps_the_published_layer(wap_env, tmp_path):
    from bad_values import write_duplicate_line_ids

    path = write_duplicate_line_ids(tmp_path / "duplicate.ndjson")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(path), env=wap_env)
    before = _state(wap_env)
    result = _build_prod(wap_env, check=False)
    assert result.returncode != 0
    assert "phase 4/5 audit" in result.stderr and "FAILED" in result.stderr and "phase 5/5" not in result.stderr
    assert _state(wap_env) == before  # the operator keeps the last good layer, complete
    # the failed build's own results name the blocking test (in the build schema, for the ETL role)
    built = _checks_as(wap_env, schema="quality__build")
    assert built["unique_stg_shopify__order_lines_order_line_id"] == ("fail", "error", 1)
