"""An incremental daily run gives exactly the rows of a full refresh, on DuckDB and on PostgreSQL.

The generated dataset is written in two parts: every delivery received by the
end of BATCH_START, then the deliveries of the days after it (a few days, so
that the batch surely holds refunds and fulfillments of orders placed weeks
earlier at this small scale): new orders, updates, fulfillments and refunds of
old orders, inventory changes, new conversations. The first
part is built, the second appended (with two deliveries made for the test: an
order placed weeks before the batch cancelled with its refund, shipping
included, and another such order's shipping refunded) and built
incrementally; the rows of every serving relation and every incremental model
are kept, the same data is built again with --full-refresh, and the two must
be identical. The stamped intermediate models must have rewritten only a few
orders and dates, among them a date weeks before the batch (a late refund or
fulfillment), and the two late changes must be on their dates.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import psycopg2
import pytest

from conftest import AS_OF, GENERATED_ORDERS, SERVING_TABLES, SERVING_VIEWS, VARS, fresh_pg_database
from helpers import ROOT, dbt, python_script, run
from hotrod.orchestration import build_phases

pytestmark = pytest.mark.slow  # two builds of a generated dataset and a full refresh, per engine

SEED = "12"  # a seed whose last days carry refunds and fulfillments of orders placed weeks earlier
BATCH_START = (date.fromisoformat(AS_OF) - timedelta(days=5)).isoformat()
INCREMENTAL_MODELS = (
    "stg_shopify__webhook_events", "stg_chatwoot__webhook_events", "stg_shopify__orders", "stg_shopify__refunds",
    "stg_shopify__fulfillments", "stg_shopify__customers", "stg_chatwoot__conversations", "stg_shopify__order_lines",
    "stg_shopify__refund_lines", "stg_shopify__inventory_level_changes", "stg_chatwoot__messages",
    "stg_chatwoot__conversation_statuses",
)
# the incremental intermediate models: on the run stamp, and on their sources' received_at
INTERMEDIATE_MODELS = ("int_order_lines__enriched", "int_sku__daily_lines", "int_fulfillments__by_order",
                       "int_orders__enriched")
# rebuilt whole on every run (or views), compared as well
REBUILT_MODELS = ("int_orders__daily", "int_refunds__enriched", "int_returns__daily", "int_sku__daily_sales")
RELATIONS = (*SERVING_TABLES, *SERVING_VIEWS, *INCREMENTAL_MODELS, *INTERMEDIATE_MODELS, *REBUILT_MODELS)
SCHEMA_OF = {**{name: "staging" for name in INCREMENTAL_MODELS},
             **{name: "intermediate" for name in (*INTERMEDIATE_MODELS, *REBUILT_MODELS)}}
# the late changes made for the test: a cancellation (with its refund) and a shipping refund, in the batch
LATE_CANCELLED_AT = f"{(date.fromisoformat(BATCH_START) + timedelta(days=1)).isoformat()}T10:00:00-07:00"
LATE_REFUNDED_AT = f"{(date.fromisoformat(BATCH_START) + timedelta(days=2)).isoformat()}T10:00:00-07:00"
CANCEL_REFUND_ID, SHIPPING_REFUND_ID = 9900000001, 9900000002
# two paid orders placed three weeks or more before the batch, with shipping charged, never refunded
OLD_ORDERS_SQL = f"""
    select orders.order_id, landed.payload, orders.shipping_price - orders.shipping_discounts as shipping
    from staging.stg_shopify__orders as orders
    inner join raw_shopify.webhook_events as landed
        on landed.event_id = orders.source_event_id and landed.received_at = orders.source_received_at
    where not orders.is_test and orders.cancelled_at is null and orders.financial_status = 'paid'
        and orders.shipping_price - orders.shipping_discounts > 0
        and orders.created_at < timestamp '{BATCH_START}' - interval '21 days'
        and orders.order_id not in (select refunds.order_id from staging.stg_shopify__refunds as refunds)
    order by orders.order_id
    limit 2
"""


def _generate(target: str, env: dict, *window: str) -> None:
    python_script("generate_data.py", "--target", target, "--orders", str(GENERATED_ORDERS), "--seed", SEED,
                  "--end", AS_OF, *window, env=env)


def _canon(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), sort_keys=True)
        except ValueError:
            return value
    return value


def _multiset(rows):
    return sorted((tuple(_canon(v) for v in row) for row in rows), key=repr)


def _relation_rows(cur, relation: str, serving_schema: str) -> list:
    """The rows of ``relation`` as a sorted multiset, without the run stamp ``loaded_at`` (when it was written)."""
    cur.execute(f"select * from {SCHEMA_OF.get(relation, serving_schema)}.{relation}")
    names = [d[0] for d in cur.description]
    keep = [i for i, name in enumerate(names) if name != "loaded_at"]
    return _multiset(tuple(row[i] for i in keep) for row in cur.fetchall())


def _assert_ran_incrementally(target_path) -> None:
    """Every incremental model took the delete+insert path (dbt keeps the SQL it ran under run/)."""
    for model in (*INCREMENTAL_MODELS, *INTERMEDIATE_MODELS):
        [sql] = (target_path / "run").rglob(f"{model}.sql")
        text = sql.read_text().lower()
        assert "delete from" in text and "insert into" in text, f"{model} was rebuilt, not run incrementally"


def _assert_identical(incremental: dict, full: dict) -> None:
    for relation in RELATIONS:
        inc, ref = incremental[relation], full[relation]
        assert len(inc) == len(ref), f"{relation}: {len(inc)} rows after the incremental run, {len(ref)} after a full refresh"
        diff = [(a, b) for a, b in zip(inc, ref) if a != b]
        assert not diff, f"{relation}: {len(diff)} rows differ, first: {diff[0]}"
    assert len(full["stg_shopify__orders"]) > 0


def _late_changes_sql(refunds: str, orders: str, fulfillments: str) -> str:
    """Refunds and fulfillment versions received in the batch for orders placed 7+ days before it."""
    return f"""
        select
            (select count(*) from {refunds} r join {orders} o on r.order_id = o.order_id
             where r.source_received_at > timestamp '{BATCH_START}'
                and o.created_at < timestamp '{BATCH_START}' - interval '7 days'),
            (select count(*) from {fulfillments} f join {orders} o on f.order_id = o.order_id
             where f.source_received_at > timestamp '{BATCH_START}'
                and o.created_at < timestamp '{BATCH_START}' - interval '7 days')
    """


RESTAMPED_SQL = """
    select
        (select count(distinct order_id) from intermediate.int_order_lines__enriched
         where loaded_at = (select max(loaded_at) from intermediate.int_order_lines__enriched)),
        (select count(distinct order_id) from intermediate.int_order_lines__enriched),
        (select count(distinct sale_date) from intermediate.int_sku__daily_lines
         where loaded_at = (select max(loaded_at) from intermediate.int_sku__daily_lines)),
        (select count(distinct sale_date) from intermediate.int_sku__daily_lines),
        (select min(sale_date) from intermediate.int_sku__daily_lines
         where loaded_at = (select max(loaded_at) from intermediate.int_sku__daily_lines))
"""


def _snapshot(cur, serving_schema: str) -> tuple:
    """(rows of every relation, late changes in the staged data, what the last run restamped)."""
    rows = {r: _relation_rows(cur, r, serving_schema) for r in RELATIONS}
    cur.execute(_late_changes_sql("staging.stg_shopify__refunds", "staging.stg_shopify__orders",
                                  "staging.stg_shopify__fulfillments"))
    late = cur.fetchone()
    cur.execute(RESTAMPED_SQL)
    return rows, late, cur.fetchone()


def _delivery(received_at: str, topic: str, event_id: str, body: dict) -> str:
    return json.dumps({"received_at": received_at, "headers": {"X-Shopify-Topic": topic, "X-Shopify-Event-Id": event_id},
                       "body": body})


def _refund(refund_id: int, order_id: int, at: str, lines: list, shipping: Decimal) -> dict:
    """A refund as Shopify sends it: the refunded lines, the shipping as a refund shipping line and as a
    shipping_refund adjustment."""
    money = lambda value: f"{value:.2f}"  # noqa: E731
    goods = sum(Decimal(str(line["subtotal"])) + Decimal(str(line["total_tax"])) for line in lines)
    return {
        "id": refund_id, "order_id": order_id, "created_at": at, "processed_at": at, "note": "late change", "restock": True,
        "refund_line_items": lines,
        "refund_shipping_lines": [{"id": refund_id + 1, "subtotal_amount_set": {"shop_money": {"amount": money(shipping)}},
                                   "tax_amount_set": {"shop_money": {"amount": "0.00"}}}],
        "order_adjustments": [{"id": refund_id + 2, "order_id": order_id, "refund_id": refund_id, "amount": money(-shipping),
                               "tax_amount": "0.00", "kind": "shipping_refund", "reason": "Shipping refund"}],
        "transactions": [{"id": refund_id + 3, "kind": "refund", "status": "success", "amount": money(goods + shipping)}],
    }


def _late_changes_file(cur, path) -> tuple[int, int]:
    """Write the two late changes for orders of the first part; returns (cancelled order, shipping-refunded order)."""
    cur.execute(OLD_ORDERS_SQL)
    (cancelled_id, cancelled_payload, cancelled_shipping), (refunded_id, _, refunded_shipping) = cur.fetchall()
    order = cancelled_payload if isinstance(cancelled_payload, dict) else json.loads(cancelled_payload)
    order.update(cancelled_at=LATE_CANCELLED_AT, updated_at=LATE_CANCELLED_AT, financial_status="refunded",
                 cancel_reason="customer")
    lines = [{
        "id": CANCEL_REFUND_ID * 10 + i, "line_item_id": line["id"], "quantity": line["quantity"], "restock_type": "cancel",
        "subtotal": float(Decimal(line["price"]) * line["quantity"]
                          - sum(Decimal(a["amount"]) for a in line.get("discount_allocations", []))),
        "total_tax": float(sum(Decimal(t["price"]) for t in line.get("tax_lines", []))),
        "line_item": {"id": line["id"], "sku": line.get("sku"), "gift_card": line.get("gift_card", False)},
    } for i, line in enumerate(order["line_items"])]
    path.write_text("\n".join([
        _delivery(f"{LATE_CANCELLED_AT[:10]}T17:00:05Z", "orders/cancelled", "late-cancel", order),
        _delivery(f"{LATE_CANCELLED_AT[:10]}T17:00:09Z", "refunds/create", "late-cancel-refund",
                  _refund(CANCEL_REFUND_ID, cancelled_id, LATE_CANCELLED_AT, lines, Decimal(str(cancelled_shipping)))),
        _delivery(f"{LATE_REFUNDED_AT[:10]}T17:00:05Z", "refunds/create", "late-shipping-refund",
                  _refund(SHIPPING_REFUND_ID, refunded_id, LATE_REFUNDED_AT, [], Decimal(str(refunded_shipping)))),
    ]) + "\n")
    return cancelled_id, refunded_id


LATE_CHANGES_SQL = """
    select
        (select is_cancelled from intermediate.int_orders__enriched where order_id = {cancelled}),
        (select cast(cancellation_date as varchar) from intermediate.int_orders__enriched where order_id = {cancelled}),
        -- the cancelled order's date was recomputed by this run
        (select count(distinct sale_date) from intermediate.int_sku__daily_lines
         where sale_date = (select order_date from intermediate.int_orders__enriched where order_id = {cancelled})
            and loaded_at = (select max(loaded_at) from intermediate.int_sku__daily_lines)),
        (select cast(refund_date as varchar) from intermediate.int_refunds__enriched where refund_id = {cancel_refund}),
        (select shipping_refunded - (select shipping_charges from intermediate.int_orders__enriched
                                     where order_id = {refunded})
         from intermediate.int_refunds__enriched where refund_id = {shipping_refund}),
        (select cast(refund_date as varchar) from intermediate.int_refunds__enriched where refund_id = {shipping_refund})
"""


def _assert_late_changes_on_their_dates(cur, cancelled: int, refunded: int) -> None:
    cur.execute(LATE_CHANGES_SQL.format(cancelled=cancelled, refunded=refunded, cancel_refund=CANCEL_REFUND_ID,
                                        shipping_refund=SHIPPING_REFUND_ID))
    is_cancelled, cancellation_date, recomputed, cancel_refund_date, shipping_difference, refund_date = cur.fetchone()
    assert is_cancelled and cancellation_date == LATE_CANCELLED_AT[:10] == cancel_refund_date
    assert recomputed == 1
    assert shipping_difference == 0 and refund_date == LATE_REFUNDED_AT[:10]


def _assert_recomputed_only_what_changed(restamped) -> None:
    """The incremental run rewrote a few orders and dates, among them a date weeks before the batch."""
    orders, all_orders, days, all_days, oldest_day = restamped
    assert 0 < orders < all_orders / 4, restamped
    assert 0 < days < all_days / 2, restamped
    oldest = oldest_day if isinstance(oldest_day, date) else date.fromisoformat(str(oldest_day))
    assert oldest < date.fromisoformat(BATCH_START) - timedelta(days=7), restamped


def test_duckdb_incremental_run_matches_full_refresh(tmp_path):
    env = {"HOTROD_CI_DUCKDB_PATH": str(tmp_path / "incremental.duckdb")}
    build = ["build", "--target", "ci", "--vars", VARS, "--exclude-resource-type", "test", "unit_test"]
    _generate("ci", env, "--replace", "--received-through", BATCH_START)
    dbt(build, env=env, target_path=tmp_path / "first")
    _generate("ci", env, "--received-after", BATCH_START)
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        cancelled, refunded = _late_changes_file(con.cursor(), tmp_path / "late.ndjson")
    python_script("load_webhooks.py", "--source", "shopify", "--target", "ci", str(tmp_path / "late.ndjson"), env=env)
    dbt(build, env=env, target_path=tmp_path / "incremental")

    def snapshot():
        con = duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True)
        try:
            return _snapshot(con.cursor(), "main")
        finally:
            con.close()

    incremental, late, restamped = snapshot()
    with duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"], read_only=True) as con:
        _assert_late_changes_on_their_dates(con.cursor(), cancelled, refunded)
    # the appended days really carry late refunds and fulfillments of old orders
    assert late[0] > 0 and late[1] > 0, late
    _assert_ran_incrementally(tmp_path / "incremental")
    _assert_recomputed_only_what_changed(restamped)

    dbt([*build, "--full-refresh"], env=env, target_path=tmp_path / "full")
    full, _, _ = snapshot()
    _assert_identical(incremental, full)

    # a backfill landed with an old received_at is not picked up by the next incremental run:
    # the landing test says so, and a full refresh stages it
    con = duckdb.connect(env["HOTROD_CI_DUCKDB_PATH"])
    con.execute("""
        insert into raw_shopify.webhook_events
        select 'backfilled-' || event_id, webhook_id, topic, shop_domain, api_version, triggered_at,
               received_at - interval '30 days', payload
        from raw_shopify.webhook_events order by received_at limit 1
    """)
    con.close()
    check = ["test", "--target", "ci", "--vars", VARS, "--select", "shopify_landed_events_are_staged"]
    dbt(build, env=env, target_path=tmp_path / "after_backfill")
    failed = dbt(check, env=env, check=False, target_path=tmp_path / "check")
    assert failed.returncode != 0 and "shopify_landed_events_are_staged" in failed.stdout
    dbt([*build, "--full-refresh", "--select", "stg_shopify__webhook_events+"], env=env, target_path=tmp_path / "refill")
    dbt(check, env=env, target_path=tmp_path / "check")


@pytest.mark.postgres
def test_postgres_incremental_run_matches_full_refresh(pg_server, tmp_path):
    env = fresh_pg_database(pg_server, "hotrod_incremental", tmp_path / "roles")
    build_prod = [str(ROOT / "scripts" / "build_prod"), "--target", "pg", "--vars", VARS]
    _generate("pg", env, "--replace", "--received-through", BATCH_START)
    run(build_prod, env=env)
    _generate("pg", env, "--received-after", BATCH_START)

    def connect():
        return psycopg2.connect(**{k: env[v] for k, v in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
                                                             ("password", "PGPASSWORD"), ("dbname", "PGDATABASE"))})

    con = connect()
    try:
        cancelled, refunded = _late_changes_file(con.cursor(), tmp_path / "late.ndjson")
    finally:
        con.close()
    python_script("load_webhooks.py", "--source", "shopify", "--target", "pg", str(tmp_path / "late.ndjson"), env=env)
    run(build_prod, env=env)

    def snapshot():
        con = connect()
        try:
            return _snapshot(con.cursor(), "public")
        finally:
            con.close()

    incremental, late, restamped = snapshot()
    con = connect()
    try:
        _assert_late_changes_on_their_dates(con.cursor(), cancelled, refunded)
    finally:
        con.close()
    assert late[0] > 0 and late[1] > 0, late
    _assert_ran_incrementally(build_phases.BUILD_TARGET_PATH / "pg")
    _assert_recomputed_only_what_changed(restamped)
    run([*build_prod, "--full-refresh"], env=env)
    full, _, _ = snapshot()
    _assert_identical(incremental, full)
