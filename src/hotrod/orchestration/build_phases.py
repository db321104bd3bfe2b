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

The tile refresh (refresh_plan, `scripts/build_prod --refresh`; the
orchestrator runs it every few minutes and when deliveries land) updates the
published layer between daily builds without rebuilding it:

  prepare  drop what a failed refresh left in the refresh schemas;
  1        one dbt-postgres invocation (selector `refresh`, HOTROD_REFRESH=1):
           the incremental models upstream of the tile tables, the key sets
           of models/intermediate/refresh/ (what changed since the published
           watermarks, `quality.serving_watermarks`), and the rows of those
           keys of each table tagged `refresh`, written under the suffix
           `__refresh`;
  publish  one transaction deletes those keys from each published table and
           inserts the recomputed rows, the new watermarks among them.

Its cost follows what landed, not the history (docs/production.md, "The
frequent refresh"). It leaves the Python and as-of models to the daily build.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from hotrod import PROJECT_ROOT, project_vars

# What each dbt step selects: named selectors of selectors.yml, the one definition of the selections.
SELECTORS = {
    "freshness": "daily_build",  # every source, so every landing table
    "sql_upstream": "prod_phase_1_sql",
    "python": "prod_phase_2_python",
    "sql_downstream": "prod_phase_3_downstream",
    "audit": "prod_audit",
    "refresh": "refresh",  # the tile refresh: its models, no test (the daily build audits)
}
SELECTORS_FILE = PROJECT_ROOT / "selectors.yml"


def target_dir(name: str = "") -> Path:
    """dbt's target path (DBT_TARGET_PATH, else the project's target/), or its subfolder `name`."""
    base = Path(os.environ.get("DBT_TARGET_PATH") or "target")
    return (base if base.is_absolute() else PROJECT_ROOT / base) / name


#: where the freshness step writes dbt's report (sources.json), which freshness_problems() reads
FRESHNESS_REPORT = target_dir("build_prod_sources.json")
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
# The tile refresh: the flag its dbt invocation runs with (macro is_refresh), the suffix of the schemas
# its rows are written under, its selector (selectors.yml) and its own target path (its partial parse
# survives from one refresh to the next, whatever the daily build parsed in between).
REFRESH_ENV = "HOTROD_REFRESH"
REFRESH_SUFFIX = "__refresh"
REFRESH_SELECTOR = SELECTORS["refresh"]
REFRESH_TARGET_PATH = target_dir("refresh")
# The build's phases alternate between two dbt targets (the PostgreSQL target and prod_python); dbt reuses
# its partial parse only for the target it was made for, so each target parses into its own target path
# (target/build_prod/<target>): phase 3 and the audit reuse phase 1's parse, the next build every phase's.
BUILD_TARGET_PATH = target_dir("build_prod")
# The manifest the Dagster code location loads (`scripts/dagster parse` writes it; dagster_defs reads it).
DAGSTER_TARGET_PATH = target_dir("dagster")

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
    return [target_schema, *project_vars()["published_schemas"]]


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
    sql_path = ["--target-path", str(BUILD_TARGET_PATH / target_name)]
    python_path = ["--target-path", str(BUILD_TARGET_PATH / "prod_python")]
    audit = Phase("4/5 audit: every data test on the build (dbt-postgres)",
                  [dbt, "test", "--target", target_name, "--selector", SELECTORS["audit"], *sql_path, *test_args],
                  env=build_env)
    if _excludes_tests(dbt_args):  # e.g. the benchmark's models-only builds: nothing to audit
        audit = Phase("4/5 audit: skipped (the arguments exclude data tests)", action=lambda: None)
    return [
        Phase("0/5 prepare the build schemas", action=lambda: prepare(connect, schemas)),
        Phase("0/5 source freshness of the landing tables (dbt source freshness; a stale source warns, the "
              "build goes on)",
              [dbt, "source", "freshness", "--target", target_name, "--selector", SELECTORS["freshness"],
               "--output", str(FRESHNESS_REPORT), *sql_path, *_without_resource_types(test_args)],
              env=build_env, blocking=False),
        Phase("1/5 SQL models upstream of the Python models (dbt-postgres)",
              [dbt, "build", "--target", target_name, "--selector", SELECTORS["sql_upstream"], *sql_path, *dbt_args],
              env=build_env),
        # `build` (not `run`) so that every argument the other phases take is valid here too.
        Phase("2/5 Python models (dbt-duckdb attached to PostgreSQL)",
              [dbt, "build", "--target", "prod_python", "--selector", SELECTORS["python"], *python_path, *dbt_args],
              env={**python_env, **{k: v for k, v in build_env.items() if k in (SCHEMA_SUFFIX_ENV, "PGOPTIONS")}}),
        Phase("3/5 the Python models' tables and everything downstream (dbt-postgres)",
              [dbt, "build", "--target", target_name, "--selector", SELECTORS["sql_downstream"], *sql_path,
               *dbt_args],
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
        raise BuildError("another build or refresh is running on this database (scripts/build_prod, by hand or from the "
                         "orchestrator); wait for it to finish")
    return con


def extension_directory() -> str:
    """The folder of DuckDB's signed postgres extension, shipped by the duckdb-ext-postgres package (phase 2)."""
    try:
        import duckdb_ext  # the namespace package of duckdb-ext-postgres
    except ImportError:
        raise BuildError("the duckdb-ext-postgres package is not installed (run scripts/bootstrap)") from None
    path = Path(list(duckdb_ext.__path__)[0]) / "extensions"
    if not any(path.rglob("postgres_scanner.duckdb_extension")):
        raise BuildError(f"no postgres extension under {path}")
    return str(path)


def python_phase_env(target) -> dict:
    """The environment of phase 2 (the prod_python target): the chosen target's server, for libpq."""
    creds = target.credentials
    env = {
        **os.environ,
        "PGHOST": str(creds.host),
        "PGPORT": str(creds.port),
        "PGUSER": str(creds.user),
        "PGPASSWORD": str(creds.password),
        "PGDATABASE": str(creds.database),
        "HOTROD_DUCKDB_EXTENSION_DIR": extension_directory(),
    }
    if getattr(creds, "sslmode", None):
        env["PGSSLMODE"] = str(creds.sslmode)
    return env


# ---------------------------------------------------------------------------------------------------
# The tile refresh


@dataclass(frozen=True)
class RefreshedRelation:
    """A published table a refresh updates by key (config `meta.refresh` of its model)."""

    schema: str  # as published
    name: str
    key: str  # the column its rows are replaced by
    key_set: tuple[str, str, str] | None = None  # (schema, table, column) listing every key recomputed

    @property
    def published(self) -> str:
        return f'"{self.schema}"."{self.name}"'

    @property
    def staged(self) -> str:
        return f'"{self.schema}{REFRESH_SUFFIX}"."{self.name}"'


def refresh_plan(target_name: str, target, dbt_args: list[str], dbt: str,
                 connect: Callable[[], object]) -> list[Phase]:
    """The phases of a tile refresh of `target` (a hotrod.targets.Target on PostgreSQL), in order."""
    check_arguments(dbt_args)
    for arg in dbt_args:
        if arg.split("=", 1)[0] in BUILD_ONLY_ARGS:
            raise BuildError(f"{arg}: a refresh updates the published layer by key; a full refresh is the daily "
                             "build's (scripts/build_prod --full-refresh)")
    schemas = published_schemas(target.credentials.schema)
    env = {**os.environ, SCHEMA_SUFFIX_ENV: REFRESH_SUFFIX, REFRESH_ENV: "1", "PGOPTIONS": session_options()}
    target_path = str(REFRESH_TARGET_PATH)
    return [
        Phase("0/2 prepare the refresh schemas", action=lambda: prepare_refresh(connect, schemas)),
        Phase("1/2 incremental models, key sets and the tiles' rows of those keys (dbt-postgres)",
              [dbt, "build", "--target", target_name, "--selector", REFRESH_SELECTOR,
               "--target-path", target_path, *dbt_args], env=env),
        Phase("2/2 publish the rows by key",
              action=lambda: publish_refresh(connect, refreshed_relations(load_manifest(target_path)))),
    ]


def load_manifest(target_path: str | Path) -> dict:
    path = Path(target_path) / "manifest.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise BuildError(f"no dbt manifest at {path}: the refresh's dbt phase did not run") from None


def refreshed_relations(manifest: dict) -> list[RefreshedRelation]:
    """The tables a refresh publishes, from the manifest of its dbt invocation (config `meta.refresh`)."""
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    relations = []
    for node in models.values():
        spec = (node["config"].get("meta") or {}).get("refresh")
        if not spec:
            continue
        schema = node["schema"].removesuffix(REFRESH_SUFFIX)
        key_set = None
        if spec.get("keys"):
            model, column = spec["keys"].split(".")
            if model not in models:
                raise BuildError(f"{node['name']}: its key set {model} is not in the manifest (is it a refresh "
                                 f"invocation's, with {REFRESH_ENV}=1?)")
            key_set = (models[model]["schema"], models[model]["alias"], column)
        relations.append(RefreshedRelation(schema, node["alias"], spec["key"], key_set))
    if not relations:
        raise BuildError("the manifest lists no table with config meta.refresh")
    return sorted(relations, key=lambda r: (r.schema, r.name))


def _schema_exists(cur, schema: str) -> bool:
    cur.execute("select 1 from pg_namespace where nspname = %s", (schema,))
    return cur.fetchone() is not None


def prepare_refresh(connect: Callable[[], object], schemas: list[str]) -> None:
    """Start from empty refresh schemas, and refuse a database whose serving layer was never published."""
    con = connect()
    try:
        con.autocommit = True
        cur = con.cursor()
        cur.execute("select to_regclass('quality.serving_watermarks') is not null")
        if not cur.fetchone()[0]:
            raise BuildError("the published serving layer has no quality.serving_watermarks: a refresh updates a "
                             "published layer, so run the daily build (scripts/build_prod) once first")
        for schema in schemas:
            cur.execute(f'drop schema if exists "{schema}{REFRESH_SUFFIX}" cascade')
    finally:
        con.close()


def _columns(cur, schema: str, table: str) -> list[str]:
    cur.execute("select column_name from information_schema.columns where table_schema = %s and table_name = %s "
                "order by ordinal_position", (schema, table))
    return [row[0] for row in cur.fetchall()]


def publish_refresh(connect: Callable[[], object], relations: list[RefreshedRelation]) -> dict[str, tuple[int, int]]:
    """Replace, by key, the rows a refresh recomputed in the published tables, in one transaction.

    For each table: delete the keys of its key set and of its recomputed rows
    (a key whose row is gone, e.g. an order cancelled since, is in the key set
    only), then insert the recomputed rows. Readers are never blocked (row
    changes take no lock a reader waits for) and, as with any transaction,
    see either every table before it or every table after it. The published
    watermarks are among the tables, so a refresh that fails before the
    commit changes nothing and the next one recomputes what it would have.
    Returns (deleted, inserted) per table.
    """
    con = connect()
    counts = {}
    try:
        cur = con.cursor()
        for relation in relations:
            columns = _columns(cur, relation.schema, relation.name)
            staged = _columns(cur, relation.schema + REFRESH_SUFFIX, relation.name)
            if not staged:
                raise BuildError(f"{relation.staged} was not built: nothing of this refresh was published")
            if columns != staged:
                raise BuildError(f"{relation.published} and {relation.staged} have different columns (a release "
                                 "changed the table): run the daily build to publish it whole")
            keys = f'select "{relation.key}" from {relation.staged}'
            if relation.key_set:
                schema, table, column = relation.key_set
                keys += f' union select "{column}" from "{schema}"."{table}"'
            cur.execute(f'delete from {relation.published} where "{relation.key}" in ({keys})')
            deleted = cur.rowcount
            listed = ", ".join(f'"{column}"' for column in columns)
            cur.execute(f"insert into {relation.published} ({listed}) select {listed} from {relation.staged}")
            counts[f"{relation.schema}.{relation.name}"] = (deleted, cur.rowcount)
        con.commit()
        con.autocommit = True
        for schema in {relation.schema for relation in relations}:
            cur.execute(f'drop schema if exists "{schema}{REFRESH_SUFFIX}" cascade')
        return counts
    except BaseException:
        if not con.closed and not con.autocommit:
            con.rollback()
        raise
    finally:
        con.close()
