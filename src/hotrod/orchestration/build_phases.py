"""The production build on PostgreSQL: its phases and its publish step, defined once.

scripts/build_prod runs them in order; the orchestrator (DESIGN.md section 9)
imports the same plan. Write, audit, publish (docs/production.md):

  prepare  drop what a killed or failed build left in the build schemas;
  freshness `dbt source freshness` on the landing tables (selector
           `daily_build`): a landing table past its thresholds is reported
           (the step's output, a closing warning of scripts/build_prod, and
           v_data_freshness, which applies the same thresholds) and the build
           goes on: the data that did arrive is still built and published;
  1-3      build every model and seed without tests (dbt-postgres, then the
           Python models through dbt-duckdb attached to the same database,
           then dbt-postgres downstream of them). The serving layer's schemas
           (the target schema, `quality`, `reference`) get the suffix
           `__build` (HOTROD_BUILD_SCHEMA_SUFFIX, read by generate_schema_name),
           which the operator role cannot read; staging and intermediate
           models, incremental state included, keep their schemas;
  audit    `dbt test` on what was built; its on-run-end hook records every
           result for v_data_quality_checks. A test of severity error that
           fails stops the build here;
  publish  one short transaction moves every relation of the build schemas
           into the published schemas and the relations they replace out of
           them; then the replaced ones are dropped.

What each dbt step acts on is a named selector of selectors.yml (`--selector`),
defined there once; `SELECTORS` maps the steps to them.

Operators read the published layer throughout: a failed or killed build
leaves it as it was, complete, and the publish is atomic (its locks are held
for milliseconds; a reader waits for them, never sees a missing relation,
and never sees two runs mixed).
"""

from __future__ import annotations

import os
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

import yaml

from hotrod import PROJECT_ROOT

# What each dbt step selects: named selectors of selectors.yml, the one definition of the selections.
SELECTORS = {
    "freshness": "daily_build",  # every source, so every landing table
    "sql_upstream": "prod_phase_1_sql",
    "python": "prod_phase_2_python",
    "sql_downstream": "prod_phase_3_downstream",
    "audit": "prod_audit",
}
SELECTORS_FILE = PROJECT_ROOT / "selectors.yml"
#: where the freshness step writes dbt's report (sources.json), which freshness_problems() reads
FRESHNESS_REPORT = PROJECT_ROOT / "target" / "build_prod_sources.json"
SCHEMA_SUFFIX_ENV = "HOTROD_BUILD_SCHEMA_SUFFIX"
BUILD_SUFFIX = "__build"
RETIRED_SUFFIX = "__retired"
# Arguments that choose what to build: a partial build must never be published.
SELECTION_ARGS = ("-s", "--select", "--models", "-m", "--exclude", "--selector", "--resource-type",
                  "--resource-types", "--inline")
# Arguments of dbt build that dbt test does not take.
BUILD_ONLY_ARGS = ("--full-refresh", "--no-full-refresh", "--empty", "--no-empty")
# Arguments of dbt build that dbt source freshness does not take either (the resource-type flags take values).
RESOURCE_TYPE_ARGS = ("--exclude-resource-type", "--exclude-resource-types", "--resource-type", "--resource-types")
ADVISORY_LOCK_KEY = 7_316_501  # "one build_prod at a time per database"

# Session settings of every connection the build opens (item 6 of issue 16): a lock another session
# holds makes a statement fail after lock_timeout instead of stalling the build; statement_timeout
# bounds a runaway statement. Readers read the published layer, which only the publish step locks.
DEFAULT_TIMEOUTS = {"lock_timeout": "60s", "statement_timeout": "60min"}
PUBLISH_LOCK_TIMEOUT = os.environ.get("HOTROD_PUBLISH_LOCK_TIMEOUT", "500ms")
PUBLISH_ATTEMPTS = int(os.environ.get("HOTROD_PUBLISH_ATTEMPTS", "100"))
#: attempts that take every lock at once with NOWAIT (never waiting while holding one, so never in a
#: deadlock with a reader); the later attempts wait up to PUBLISH_LOCK_TIMEOUT
PUBLISH_NOWAIT_ATTEMPTS = int(os.environ.get("HOTROD_PUBLISH_NOWAIT_ATTEMPTS", "90"))


class BuildError(Exception):
    """A user-facing error of the production build (bad arguments, another build running)."""


@dataclass
class Phase:
    label: str  # e.g. "1/5 SQL models upstream of the Python models (dbt-postgres)"
    command: list[str] | None = None  # a dbt invocation, or
    action: Callable[[], None] | None = None  # a Python step (prepare, publish)
    env: dict = field(default_factory=dict)
    #: a blocking step that fails stops the build; a non-blocking one (the freshness check) is reported and the
    #: build goes on
    blocking: bool = True


def published_schemas(target_schema: str) -> list[str]:
    """The schemas of the serving layer as the dashboard reads them (the macro serving_schema_names)."""
    project = yaml.safe_load((PROJECT_ROOT / "dbt_project.yml").read_text())
    return [target_schema, *project["vars"]["published_schemas"]]


def session_options() -> str:
    """PGOPTIONS for the build's connections (libpq reads it: dbt-postgres and DuckDB's postgres extension)."""
    settings = {key: os.environ.get(f"HOTROD_{key.upper()}", value) for key, value in DEFAULT_TIMEOUTS.items()}
    # TimeZone: a timestamp without an offset is read as UTC, as on DuckDB (the project's targets run in UTC)
    own = " ".join(f"-c {key}={value}" for key, value in {**settings, "TimeZone": "UTC"}.items())
    return f"{os.environ['PGOPTIONS']} {own}" if os.environ.get("PGOPTIONS") else own


def check_arguments(dbt_args: list[str]) -> None:
    for arg in dbt_args:
        if arg.split("=", 1)[0] in SELECTION_ARGS:
            raise BuildError(
                f"{arg.split('=', 1)[0]}: build_prod builds and publishes the whole serving layer, never a "
                "selection of it (a partial layer would be published); run dbt itself for a partial build")


def _excludes_tests(dbt_args: list[str]) -> bool:
    """True when the arguments hold `--exclude-resource-type ... test ...` (the flag takes several values)."""
    excluded, taking = set(), False
    for arg in dbt_args:
        if arg in ("--exclude-resource-type", "--exclude-resource-types"):
            taking = True
        elif arg.startswith("-"):
            taking = False
        elif taking:
            excluded.add(arg)
    return "test" in excluded


def _without_resource_types(dbt_args: list[str]) -> list[str]:
    """The arguments less the resource-type flags and their values (dbt source freshness takes none)."""
    kept, taking = [], False
    for arg in dbt_args:
        if arg.split("=", 1)[0] in RESOURCE_TYPE_ARGS:
            taking = "=" not in arg
        elif taking and not arg.startswith("-"):
            continue
        else:
            taking = False
            kept.append(arg)
    return kept


def selector_names() -> set[str]:
    """The selectors selectors.yml defines."""
    return {selector["name"] for selector in yaml.safe_load(SELECTORS_FILE.read_text())["selectors"]}


def plan(target_name: str, target, dbt_args: list[str], dbt: str, python_env: dict,
         connect: Callable[[], object]) -> list[Phase]:
    """The phases of a production build of `target` (a hotrod.targets.Target on PostgreSQL), in order.

    Each dbt step's selection is a selector of selectors.yml (SELECTORS); the selectors of phases 1-3
    leave the tests out (the audit runs them on the whole build).
    """
    check_arguments(dbt_args)
    missing = sorted(set(SELECTORS.values()) - selector_names())
    if missing:
        raise BuildError(f"selectors.yml defines no selector {', '.join(missing)}")
    schemas = published_schemas(target.credentials.schema)
    build_env = {**os.environ, SCHEMA_SUFFIX_ENV: BUILD_SUFFIX, "PGOPTIONS": session_options()}
    test_args = [a for a in dbt_args if a not in BUILD_ONLY_ARGS]
    audit = Phase("4/5 audit: every data test on the build (dbt-postgres)",
                  [dbt, "test", "--target", target_name, "--selector", SELECTORS["audit"], *test_args],
                  env=build_env)
    if _excludes_tests(dbt_args):  # e.g. the benchmark's models-only builds: nothing to audit
        audit = Phase("4/5 audit: skipped (the arguments exclude data tests)", action=lambda: None)
    return [
        Phase("0/5 prepare the build schemas", action=lambda: prepare(connect, schemas)),
        Phase("0/5 source freshness of the landing tables (dbt source freshness; a stale source warns, the "
              "build goes on)",
              [dbt, "source", "freshness", "--target", target_name, "--selector", SELECTORS["freshness"],
               "--output", str(FRESHNESS_REPORT), *_without_resource_types(test_args)],
              env=build_env, blocking=False),
        Phase("1/5 SQL models upstream of the Python models (dbt-postgres)",
              [dbt, "build", "--target", target_name, "--selector", SELECTORS["sql_upstream"], *dbt_args],
              env=build_env),
        # `build` (not `run`) so that every argument the other phases take is valid here too.
        Phase("2/5 Python models (dbt-duckdb attached to PostgreSQL)",
              [dbt, "build", "--target", "prod_python", "--selector", SELECTORS["python"], *dbt_args],
              env={**python_env, **{k: v for k, v in build_env.items() if k in (SCHEMA_SUFFIX_ENV, "PGOPTIONS")}}),
        Phase("3/5 the Python models' tables and everything downstream (dbt-postgres)",
              [dbt, "build", "--target", target_name, "--selector", SELECTORS["sql_downstream"], *dbt_args],
              env=build_env),
        audit,
        Phase("5/5 publish", action=lambda: publish(connect, schemas)),
    ]


def freshness_problems(report=None) -> list[str]:
    """The landing tables the freshness step found past a threshold, one line each, from dbt's sources.json.

    `["raw_shopify.webhook_events: error (stale), newest row 2026-06-30T..., 3950 h old; warn after 24 h, error
    after 72 h", ...]`; a missing or unreadable report is itself a problem (the check did not run).
    """
    import json

    path = FRESHNESS_REPORT if report is None else report
    try:
        results = json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError) as exc:
        return [f"no freshness report ({path}): {exc}"]
    problems = []
    for result in sorted(results, key=lambda r: r["unique_id"]):
        if result["status"] == "pass":
            continue
        name = result["unique_id"].split(".", 2)[2]
        if result["status"] in ("warn", "error"):
            criteria = result.get("criteria") or {}
            limits = "; ".join(f"{level.replace('_', ' ')} {criteria[level]['count']} {criteria[level]['period']}s"
                               for level in ("warn_after", "error_after") if (criteria.get(level) or {}).get("count"))
            problems.append(f"{name}: {result['status']}{' (stale)' if result['status'] == 'error' else ''}, "
                            f"newest row {result.get('max_loaded_at')}, "
                            f"{result.get('max_loaded_at_time_ago_in_s', 0) / 3600:.0f} h old; {limits}")
        else:  # runtime error: the check itself failed
            problems.append(f"{name}: the check failed: {result.get('error') or result['status']}")
    return problems


def _build(schema: str) -> str:
    return schema + BUILD_SUFFIX


def _retired(schema: str) -> str:
    return schema + RETIRED_SUFFIX


def prepare(connect: Callable[[], object], schemas: list[str]) -> None:
    """Start from empty build schemas: drop what a killed or failed build left, and old retired relations."""
    con = connect()
    try:
        con.autocommit = True
        cur = con.cursor()
        for schema in schemas:
            cur.execute(f'drop schema if exists "{_build(schema)}" cascade')
            cur.execute(f'drop schema if exists "{_retired(schema)}" cascade')
    finally:
        con.close()


def _relations(cur, schema: str) -> list[tuple[str, str]]:
    """(name, 'table'|'view') of the tables and views of `schema`, views first."""
    cur.execute(
        "select c.relname, case c.relkind when 'v' then 'view' else 'table' end from pg_class c "
        "where c.relnamespace = (select oid from pg_namespace where nspname = %s) and c.relkind in ('r', 'p', 'v') "
        "order by c.relkind = 'v' desc, c.relname", (schema,))
    return cur.fetchall()


def publish(connect: Callable[[], object], schemas: list[str], pause_seconds: float | None = None) -> int:
    """Swap the build schemas' relations into the published schemas in one transaction; return how many moved.

    The relations a build replaces are moved to `<schema>__retired` in the same
    transaction and dropped after it commits. Locks: the transaction first
    takes ACCESS EXCLUSIVE on every published relation it replaces, in one
    `lock table ... nowait`: it never waits while holding a lock, so a reader
    that reads several relations in one statement can never deadlock with it
    (a deadlock would abort the reader's query); when a reader holds one, the
    attempt ends at once and is tried again a few milliseconds later. After
    HOTROD_PUBLISH_NOWAIT_ATTEMPTS such attempts it waits instead, at most
    HOTROD_PUBLISH_LOCK_TIMEOUT per attempt (below PostgreSQL's 1 s
    deadlock_timeout), up to HOTROD_PUBLISH_ATTEMPTS in all.
    """
    import psycopg2

    if pause_seconds is None:  # for the kill test: hold the transaction open before it commits
        pause_seconds = float(os.environ.get("HOTROD_PUBLISH_PAUSE_SECONDS", "0"))
    con = connect()
    try:
        cur = con.cursor()
        built = {schema: _relations(cur, _build(schema)) for schema in schemas}
        con.rollback()
        if not any(built.values()):
            raise BuildError("nothing to publish: the build schemas are empty")
        for attempt in range(1, PUBLISH_ATTEMPTS + 1):
            nowait = attempt <= PUBLISH_NOWAIT_ATTEMPTS
            try:
                cur.execute("select set_config('lock_timeout', %s, true)", (PUBLISH_LOCK_TIMEOUT,))
                moved = 0
                for schema, relations in built.items():
                    cur.execute(f'create schema if not exists "{schema}"')
                    cur.execute(f'create schema "{_retired(schema)}"')
                replaced = []
                for schema, relations in built.items():
                    current = {name for name, _ in _relations(cur, schema)}
                    replaced += [(schema, name, kind) for name, kind in relations if name in current]
                if replaced:  # every lock at once, before anything moves
                    cur.execute("lock table " + ", ".join(f'"{schema}"."{name}"' for schema, name, _ in replaced)
                                + " in access exclusive mode" + (" nowait" if nowait else ""))
                # the published relations out, then the new ones in
                for schema, name, kind in replaced:
                    cur.execute(f'alter {kind} "{schema}"."{name}" set schema "{_retired(schema)}"')
                for schema, relations in built.items():
                    for name, kind in relations:
                        cur.execute(f'alter {kind} "{_build(schema)}"."{name}" set schema "{schema}"')
                        moved += 1
                if pause_seconds:
                    time.sleep(pause_seconds)
                con.commit()
                break
            except (psycopg2.errors.LockNotAvailable, psycopg2.errors.DeadlockDetected) as exc:
                con.rollback()
                if attempt == PUBLISH_ATTEMPTS:
                    raise BuildError(f"publish gave up after {attempt} attempts: {str(exc).strip()}; "
                                     "the published layer is unchanged") from exc
                if not nowait or attempt % 10 == 0:
                    print(f"build_prod: publish attempt {attempt}: a reader holds a lock "
                          f"({str(exc).strip().splitlines()[0]}); trying again", file=sys.stderr, flush=True)
                time.sleep(random.uniform(0.005, 0.05) if nowait else min(0.2 * attempt, 2.0))
        con.autocommit = True
        for schema in schemas:
            cur.execute(f'drop schema if exists "{_retired(schema)}" cascade')
            cur.execute(f'drop schema if exists "{_build(schema)}" cascade')
        return moved
    finally:
        con.close()


def hold_build_lock(connect: Callable[[], object]):
    """One production build at a time per database: a session advisory lock, held by the returned connection."""
    con = connect()
    con.autocommit = True
    cur = con.cursor()
    cur.execute("select pg_try_advisory_lock(%s)", (ADVISORY_LOCK_KEY,))
    if not cur.fetchone()[0]:
        con.close()
        raise BuildError("another build_prod is running on this database; wait for it to finish")
    return con
