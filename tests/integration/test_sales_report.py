"""Shopify's Sales report, day by day, against figures worked out by hand, on DuckDB and on PostgreSQL.

tests/fixtures/sales_report/shopify.ndjson is a month of deliveries for seven
orders (shop time zone America/Los_Angeles, PDT = UTC-7, tax 7.25%), each for
one rule of the report:
- #2001 (A) was processed at 23:30 on June 1 and created on June 2 (an offline
  sale): 2 hose ends at 20.00 with a 4.00 discount, a 50.00 gift card,
  10.00 shipping, 2.61 tax (7.25% of 36.00);
- #2002 (B), paid on June 3 (150.00 pump, 12.00 shipping, 10.88 tax), is
  cancelled on June 4 with its refund of the goods, the tax and the shipping
  (Shopify reports that shipping twice: a refund shipping line and a
  shipping_refund adjustment of -12.00);
- #2003 (C), unpaid on June 5 (3 x 20.00, 8.00 shipping, 4.35 tax), is voided
  on June 6 without a refund;
- #2004 (D), June 8: 4 hose ends (8.00 off) and a pump (15.00 off), free
  shipping (10.00 charged, 10.00 shipping discount), tax 5.22 + 9.79; its
  fulfillment covers every unit while the order still says unfulfilled; two
  hose ends (36.00 after discount, 2.61 tax) are refunded on June 29, three
  weeks later, and that refund is delivered twice;
- #2005 (E) is a test order, #2006 (F) is deleted the day after;
- #2007 (G), June 10, 20.00 and 5.00 shipping: its create delivered twice and a
  stale retry of its pending version arriving last.
The expected figures below are computed by hand from those bodies.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest

from conftest import fresh_pg_database, pg_connect
from helpers import ROOT, dbt, empty_landing_freshness_failures, python_script, run

pytestmark = pytest.mark.slow  # a whole-project build of its own fixture, on each engine

FIXTURE = ROOT / "tests" / "fixtures" / "sales_report" / "shopify.ndjson"
AS_OF = "2026-06-30"
VARS = f"{{as_of_date: '{AS_OF}'}}"
COLUMNS = ("gross_sales", "discounts", "returns", "net_sales", "shipping_charges", "taxes", "total_sales",
           "total_revenue", "total_orders")
D = Decimal


def _day(gross="0", discounts="0", returns="0", shipping="0", taxes="0", revenue="0", orders=0):
    """A date's expected row; net and total sales follow from Shopify's definitions."""
    net = D(gross) - D(discounts) - D(returns)
    return (D(gross), D(discounts), D(returns), net, D(shipping), D(taxes), net + D(shipping) + D(taxes), D(revenue), orders)


EXPECTED = {
    # A on its processed date: gross 2 x 20.00 (the gift card left out), 4.00 off, 10.00 shipping, 2.61 tax;
    # revenue 40.00 - 4.00 = 36.00; total sales 36.00 + 10.00 + 2.61 = 48.61
    "2026-06-01": _day(gross="40.00", discounts="4.00", shipping="10.00", taxes="2.61", revenue="36.00", orders=1),
    # A was created on June 2: nothing on that date
    # B's sale (172.88 in total); its revenue is restated to 0 once it is cancelled
    "2026-06-03": _day(gross="150.00", shipping="12.00", taxes="10.88"),
    # B cancelled and refunded: the goods 150.00, the shipping 12.00 once (not twice), the tax 10.88
    "2026-06-04": _day(returns="150.00", shipping="-12.00", taxes="-10.88"),
    # C's sale: 3 x 20.00, 8.00 shipping, 4.35 tax; no revenue (voided)
    "2026-06-05": _day(gross="60.00", shipping="8.00", taxes="4.35"),
    # C voided without a refund: the cancellation returns all that stood, 60.00, 8.00 and 4.35
    "2026-06-06": _day(returns="60.00", shipping="-8.00", taxes="-4.35"),
    # D: gross 80.00 + 150.00, discounts 8.00 + 15.00, shipping 10.00 - 10.00, tax 5.22 + 9.79;
    # revenue 230.00 - 23.00 = 207.00; the test order E counts nowhere
    "2026-06-08": _day(gross="230.00", discounts="23.00", shipping="0.00", taxes="15.01", revenue="207.00", orders=1),
    # G (20.00 + 5.00 shipping) counts once; the deleted F counts nowhere
    "2026-06-10": _day(gross="20.00", shipping="5.00", revenue="20.00", orders=1),
    # D's refund three weeks later, counted once although delivered twice: 36.00 of goods, 2.61 of tax
    "2026-06-29": _day(returns="36.00", taxes="-2.61"),
}
# every date from the first processed date (June 1) to the as-of date, zeros where nothing happened
ALL_DATES = [(date(2026, 6, 1) + timedelta(days=i)).isoformat() for i in range(30)]
SQL = f"select cast(date as varchar), {', '.join(COLUMNS)} from {{schema}}.sales_metrics_daily order by date"
FULFILLMENT_SQL = ("select cast(date as varchar), fulfillment_rate_pct from {schema}.sales_metrics_daily "
                   "where date in ('2026-06-01', '2026-06-08', '2026-06-10') order by date")
# the fixture's month is the 30 days ending at the as-of date
NET_SALES_30D_SQL = "select net_sales_30d from {schema}.v_kpi_summary"


def _expected_rows():
    return [(day, *EXPECTED.get(day, _day())) for day in ALL_DATES]


def _check(rows, rates, net_sales_30d, quality):
    assert [r[0] for r in rows] == ALL_DATES
    assert rows == _expected_rows()
    # net sales over the month, as the KPI summary sums them, are the sum of the orders' current net values:
    # A 36.00, B 0, C 0, D 207.00 - 36.00, G 20.00 = 227.00
    assert net_sales_30d == [(D("227.00"),)]
    # counted orders of the 7 days ending at the date that are fulfilled now: June 1 A (unfulfilled) 0 / 1;
    # June 8 D (its fulfillment covers all 5 units) 1 / 1; June 10 D and G (unfulfilled) 1 / 2
    assert rates == [("2026-06-01", D("0.00")), ("2026-06-08", D("100.00")), ("2026-06-10", D("50.00"))]
    # every check passes but the freshness of the landing tables this Shopify-only fixture leaves empty
    assert len(quality) >= 10
    not_passing = {name: (status, severity) for name, status, severity in quality if status != "pass"}
    assert not_passing == empty_landing_freshness_failures(), not_passing


def test_sales_report_by_day_on_duckdb(tmp_path):
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp_path / "ci.duckdb")}
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(FIXTURE), env=env)
    dbt(["build", "--target", "ci", "--vars", VARS], env=env, target_path=tmp_path / "target")
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        rows = con.execute(SQL.format(schema="main")).fetchall()
        rates = con.execute(FULFILLMENT_SQL.format(schema="main")).fetchall()
        net_sales_30d = con.execute(NET_SALES_30D_SQL.format(schema="main")).fetchall()
        quality = con.execute("select check_name, status, severity from main.v_data_quality_checks").fetchall()
    _check(rows, rates, net_sales_30d, quality)


@pytest.mark.postgres
def test_sales_report_by_day_on_postgres(pg_server, tmp_path):
    env = fresh_pg_database(pg_server, "hotrod_sales_report", tmp_path / "roles")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(FIXTURE), env=env)
    run([str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS], env=env)
    con = pg_connect(env)
    try:
        cur = con.cursor()
        cur.execute(SQL.format(schema="public"))
        rows = cur.fetchall()
        cur.execute(FULFILLMENT_SQL.format(schema="public"))
        rates = cur.fetchall()
        cur.execute(NET_SALES_30D_SQL.format(schema="public"))
        net_sales_30d = cur.fetchall()
        cur.execute("select check_name, status, severity from public.v_data_quality_checks")
        quality = cur.fetchall()
    finally:
        con.close()
    _check(rows, rates, net_sales_30d, quality)
