"""Property-based tests of try_cast (macros/cross_db/try_cast.sql): DuckDB and a real PostgreSQL.

For every type staging casts payload text to, hypothesis generates strings
near the type's edges (digits past the type's range, exponents, impossible
calendar days, offsets past +-14:59, leap seconds, 24:00, year 0000, too
many fractional digits, stray spaces and letters) and arbitrary text; the
macro compiled by dbt for each adapter must never raise and must give the
same value on both engines. No NUL character: PostgreSQL text cannot hold
it, and the loader refuses `\\u0000` before anything lands.
"""

from __future__ import annotations

import json
import math

import duckdb
import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import dbt

pytestmark = pytest.mark.postgres

TYPES = ("bigint", "integer", "numeric(18, 2)", "double", "boolean", "timestamptz", "date")
# how each engine's result is brought to one comparable form (in SQL, so no client conversion can fail)
CANONICAL = {
    "duckdb": {"timestamptz": "epoch_us({x})", "double": "{x}", "boolean": "{x}"},
    "postgres": {"timestamptz": "cast(extract(epoch from {x}) * 1000000 as bigint)", "double": "{x}", "boolean": "{x}"},
}


SPLIT = "/*next*/"


def _compiled(target: str, env: dict, tmp) -> dict[str, str]:
    """try_cast('v', type) as dbt compiles it for the target's adapter, per type."""
    columns = f", {SPLIT} ".join(f"{{{{ try_cast('v', '{t}') }}}}" for t in TYPES)
    result = dbt(["compile", "--target", target, "--inline", f"select {columns}", "--output", "json", "--quiet"],
                 env=env, target_path=tmp / target)
    sql = json.loads(result.stdout[result.stdout.index("{"):])["compiled"]
    parts = sql[len("select "):].split(f", {SPLIT} ")
    assert len(parts) == len(TYPES)
    return dict(zip(TYPES, parts))


@pytest.fixture(scope="module")
def engines(pg_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("try_cast")
    env = {**pg_server.env(), "HOTROD_CI_DUCKDB_PATH": str(tmp / "unused.duckdb")}
    exprs = {"duckdb": _compiled("ci", env, tmp), "postgres": _compiled("pg", env, tmp)}
    duck = duckdb.connect()
    duck.execute("set TimeZone = 'UTC'")
    pg = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], dbname=env["PGDATABASE"],
                          user=env["PGUSER"], password=env["PGPASSWORD"])
    pg.autocommit = True
    pg.cursor().execute("set TimeZone = 'UTC'")
    yield exprs, duck, pg
    duck.close()
    pg.close()


def _canonical(engine, data_type, expr):
    default = "cast({x} as varchar)"
    return CANONICAL[engine].get(data_type, default).format(x=expr)


def _results(engines, data_type, values):
    exprs, duck, pg = engines
    d_sql = f"select v, {_canonical('duckdb', data_type, exprs['duckdb'][data_type])} from (select unnest(?) as v)"
    p_sql = f"select v, {_canonical('postgres', data_type, exprs['postgres'][data_type])} from unnest(%s::text[]) as t(v)"
    on_duck = dict(duck.execute(d_sql, [values]).fetchall())
    cur = pg.cursor()
    cur.execute(p_sql, (values,))  # an error here fails the test: try_cast raised on Postgres
    return on_duck, dict(cur.fetchall())


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    return a == b


def _digits(min_size=0, max_size=25):
    return st.text("0123456789", min_size=min_size, max_size=max_size)


def _pad(n_lo, n_hi):
    return st.integers(n_lo, n_hi).map(lambda n: f"{n:02d}")


optional = lambda s: st.one_of(st.just(""), s)  # noqa: E731
noise = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12)

numbers = st.builds(
    lambda spaces, sign, whole, dot, frac, exp: f"{spaces}{sign}{whole}{dot}{frac}{exp}{spaces}",
    st.sampled_from(["", " ", "  "]), st.sampled_from(["", "-", "+", "--"]), _digits(0, 24),
    st.sampled_from(["", ".", ".."]), _digits(0, 24),
    optional(st.builds(lambda e, s, d: f"{e}{s}{d}", st.sampled_from("eE"), st.sampled_from(["", "-", "+"]),
                       _digits(0, 5))),
)
offsets = st.one_of(
    st.sampled_from(["", "Z", "z", "UTC", " +05:30", "+", "-"]),
    st.builds(lambda s, h, c, m: f"{s}{h}{c}{m}", st.sampled_from("+-"), _pad(0, 99), st.sampled_from(["", ":"]),
              optional(_pad(0, 99))),
)
timestamps = st.builds(
    lambda y, m, d, time: f"{y}-{m}-{d}{time}",
    st.one_of(st.integers(0, 9999).map(lambda y: f"{y:04d}"), _digits(1, 6)), _pad(0, 19), _pad(0, 39),
    optional(st.builds(
        lambda sep, h, mi, sec, frac, off: f"{sep}{h}:{mi}{sec}{frac}{off}",
        st.sampled_from(["T", " ", "t", "  "]), _pad(0, 29), _pad(0, 69),
        optional(st.builds(lambda s: f":{s}", _pad(0, 69))),
        optional(st.builds(lambda f: f".{f}", _digits(0, 9))), offsets)),
)
STRATEGIES = {
    "bigint": st.one_of(numbers, _digits(15, 22), noise),
    "integer": st.one_of(numbers, _digits(8, 12).map(lambda d: d), noise),
    "numeric(18, 2)": st.one_of(numbers, noise),
    "double": st.one_of(numbers, st.sampled_from(["NaN", "inf", "-Infinity", "1e309", "1e-400"]), noise),
    "boolean": st.one_of(st.sampled_from(["true", "false", "TRUE", "False", "t", "1", "yes", " true"]), noise),
    "timestamptz": st.one_of(timestamps, noise),
    "date": st.one_of(timestamps.map(lambda s: s[:10]), timestamps, noise),
}


@pytest.mark.parametrize("data_type", TYPES)
def test_try_cast_agrees_on_both_engines_and_never_raises(engines, data_type):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(STRATEGIES[data_type], min_size=1, max_size=40, unique=True))
    def check(values):
        on_duck, on_pg = _results(engines, data_type, values)
        differ = {v: (on_duck[v], on_pg[v]) for v in values if not _same(on_duck[v], on_pg[v])}
        assert not differ, f"{data_type}: DuckDB and PostgreSQL differ (duckdb, postgres): {differ}"

    check()


def test_the_known_bad_values_are_null_on_both_engines(engines):
    """The values of issue 16 that stopped every PostgreSQL build: null, not an error, on both engines."""
    for data_type, value in [("integer", "12345678901"), ("numeric(18, 2)", "1e400"), ("timestamptz", "2026-02-30"),
                             ("timestamptz", "2026-06-30T10:15:00+99:00"), ("date", "2026-02-30")]:
        on_duck, on_pg = _results(engines, data_type, [value])
        assert on_duck[value] is None and on_pg[value] is None, (data_type, value)
    for data_type, value, expected in [("integer", "2147483647", "2147483647"), ("numeric(18, 2)", "1000", "1000.00"), ("numeric(18, 2)", "-0.125", "-0.13"),
                                       ("timestamptz", "2024-02-29T23:59:59.5-07:00", 1709276399500000)]:
        on_duck, on_pg = _results(engines, data_type, [value])
        assert on_duck[value] == on_pg[value] == expected, (data_type, value)
