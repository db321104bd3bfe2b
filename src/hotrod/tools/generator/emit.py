"""Turn the simulation into webhook deliveries with DuckDB, add real-world mess, and write them.

Payloads are assembled in SQL over Arrow tables of the simulated columns, so
JSON for millions of events is built in C++ rather than in Python: the small
kinds with ``json_object``, orders and fulfilments (most of the bytes) as one
``concat()`` per version over numeric columns and lists of line structs. The
results are three kinds of relation in the generator's DuckDB connection, named
as the landing tables they are written to: ``gen_shopify``, ``gen_chatwoot``
and ``gen_ops_*``. ``gen_shopify`` and ``gen_chatwoot`` are views, so the big
payloads are built once, while writing, and never held in memory as a whole.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from hotrod.tools.generator import texts
from hotrod.tools.generator.simulate import AGENTS, DAY, HOUR, PRIORITIES, PROVINCES, TASK_CATEGORIES, offsets_minutes

SHOP_DOMAIN = "hotrodan.myshopify.com"
API_VERSION = "2025-07"
LOCATION_ID = 8800000001
CODES = (None, "BUILDSEASON10", "WELCOME10", "HOTROD15", "PRO20", "FREESHIP")
CANCEL_REASONS = ("customer", "inventory", "fraud", "other")
SOURCES = ("web", "shopify_draft_order", "pos")
CARRIERS = ("UPS", "USPS", "FedEx")
SHIPMENT = (None, "label_printed", "in_transit", "delivered", "failure", "attempted_delivery")
F_STATUS = ("success", "failure", "error")
REFUND_NOTES = ("Wrong size", "Damaged in transit", "Changed mind", "Leaking fitting", "Duplicate order", "Order cancelled")
CONV_STATUS = ("open", "pending", "resolved", "snoozed")
LABELS = ("order-status", "returns", "damaged", "wrong-part", "fitment-question")

# Rates of webhook mess, per delivery.
DUPLICATE_RATE = 0.02
STALE_RETRY_RATE = 0.01
OUT_OF_ORDER_RATE = 0.01
MALFORMED_RATE = 0.0005


def _register(con, name: str, columns) -> None:
    """Copy ``columns`` (a dict of numpy or Arrow arrays, or an Arrow table) into the temp table ``name``."""
    if isinstance(columns, pa.Table):
        table = columns
    else:
        table = pa.table({k: (v if isinstance(v, (pa.Array, pa.ChunkedArray)) else pa.array(v)) for k, v in columns.items()})
    con.register(f"{name}_arrow", table)
    con.execute(f"create or replace temp table {name} as select * from {name}_arrow")
    con.unregister(f"{name}_arrow")


def _append(con, name: str, table: pa.Table, first: bool) -> None:
    """Create the temp table ``name`` from ``table`` (first) or append ``table`` to it."""
    if first:
        _register(con, name, table)
    else:
        con.register(f"{name}_arrow", table)
        con.execute(f"insert into {name} select * from {name}_arrow")
        con.unregister(f"{name}_arrow")


def _iso_macros(con, timezone: str, lo: int, hi: int) -> None:
    """``iso(e)``: ISO 8601 text with the shop's UTC offset (as Shopify sends), ``ts(e)``: timestamptz."""
    hours = np.arange(lo - lo % HOUR - 2 * DAY, hi + 2 * DAY, HOUR, dtype=np.int64)
    offsets = offsets_minutes(hours, timezone, int(hours[0]), int(hours[-1]))
    changes = np.flatnonzero(np.diff(offsets)) + 1
    bounds = [int(hours[i]) for i in changes]
    values = [int(offsets[0])] + [int(offsets[i]) for i in changes]

    def case(render):
        if not bounds:
            return render(values[0])
        parts = " ".join(f"when e < {b} then {render(v)}" for b, v in zip(bounds, values[:-1]))
        return f"case {parts} else {render(values[-1])} end"

    def suffix(minutes: int) -> str:
        sign = "-" if minutes < 0 else "+"
        return f"'{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}'"

    con.execute(f"create or replace temp macro tz_off(e) as ({case(lambda v: str(v * 60))})")
    con.execute(f"create or replace temp macro tz_suffix(e) as ({case(suffix)})")
    con.execute(
        "create or replace temp macro iso(e) as (case when e is null then null else "
        "strftime(make_timestamp((e + tz_off(e)) * 1000000), '%Y-%m-%dT%H:%M:%S') || tz_suffix(e) end)"
    )
    con.execute("create or replace temp macro ts(e) as (to_timestamp(e))")
    con.execute("create or replace temp macro money(c) as (printf('%.2f', c / 100.0))")
    con.execute("create or replace temp macro u(k) as ((hash(k) % 1000000) / 1000000.0)")


def _pick(options, index):
    return pa.array(list(options), pa.string()).take(pa.array(np.asarray(index)))


def build_events(con, sim: dict, progress=None) -> None:
    """Create the relations gen_shopify, gen_chatwoot (views) and gen_ops_* (tables) in ``con``."""
    step = progress or (lambda label: None)
    window = sim["window"]
    cutoff = window.cutoff
    cat = sim["catalog"]
    _iso_macros(con, window.timezone, int(sim["product_created"].min()), cutoff)

    # ---- dimension tables -------------------------------------------------
    step("payloads: catalog")
    n_p = cat.n_products
    _register(con, "g_products", {
        "p": np.arange(n_p), "id": 7100000001 + np.arange(n_p), "title": cat.p_title, "product_type": cat.p_type,
        "tags": cat.p_tags, "handle": cat.p_handle, "status": cat.p_status.astype(object),
        "created": sim["product_created"], "updated": sim["product_updated"], "deleted": sim["product_deleted"],
    })
    n_v = cat.n_variants
    position = np.zeros(n_v, dtype=np.int64)
    for i in range(1, n_v):
        position[i] = position[i - 1] + 1 if cat.v_product[i] == cat.v_product[i - 1] else 0
    _register(con, "g_variants", {
        "v": np.arange(n_v), "p": cat.v_product, "id": 4100000001 + np.arange(n_v),
        "inventory_item_id": 4500000001 + np.arange(n_v), "sku": cat.v_sku, "title": cat.v_title,
        "option1": cat.v_option1, "price": cat.v_price_cents, "cost": cat.v_cost_cents, "position": position + 1,
        "tracked": sim["inventory"]["tracked"], "gift_card": cat.v_gift_card,
    })
    c = sim["customers"]
    first = _pick(texts.FIRST_NAMES, c["first_name"])
    last = _pick(texts.LAST_NAMES, c["last_name"])
    _register(con, "g_customers", {
        "c": np.arange(c["n"]), "id": 6200000001 + np.arange(c["n"]), "first_name": first, "last_name": last,
        "province": _pick(PROVINCES, c["province"]), "created": c["created"], "updated": c["updated"],
        "tags": np.where(c["pro_tagged"], "wholesale, shop", np.where(c["order_count"] > 3, "repeat", "")).astype(object),
        "subscribed": c["subscribed"], "deleted": c["deleted"],
    })

    # ---- orders, lines and their versions ----------------------------------
    step("payloads: orders")
    o = sim["orders"]
    n_o = o["n"]
    lines = sim["lines"]
    refunds = sim["refunds"]
    # the refund of a cancellation is part of the cancelled version; a later refund makes a version of its own
    partial = ~refunds["cancel"]
    refund_at = np.full(n_o, np.iinfo(np.int64).max)
    refund_at[refunds["order"][partial]] = refunds["created"][partial]
    refund_full = np.zeros(n_o, dtype=bool)
    refund_full[refunds["order"][partial]] = refunds["full"][partial]
    cancel_refunded = np.zeros(n_o, dtype=bool)
    cancel_refunded[refunds["order"][refunds["cancel"]]] = True
    # a line's current_quantity drops by what a later refund returns (a cancelled line's drops to 0)
    rl = sim["refund_lines"]
    later = ~refunds["cancel"][rl["refund"]]
    line_refunded_qty = np.zeros(len(lines["quantity"]), dtype=np.int64)
    line_refunded_at = np.full(len(lines["quantity"]), np.iinfo(np.int64).max)
    line_refunded_qty[rl["line"][later]] = rl["quantity"][later]
    line_refunded_at[rl["line"][later]] = refunds["created"][rl["refund"][later]]
    # Versions: create, paid, cancelled, each fulfilment, the refund.
    fl = sim["fulfillments"]
    ok = fl["status"] == 0
    v_order = [np.arange(n_o)]
    v_time = [o["created"]]
    v_topic = [np.zeros(n_o, dtype=np.int64)]
    paid_v = o["pending"] & ~o["pending_open"] & (o["paid_at"] <= cutoff)
    v_order.append(np.flatnonzero(paid_v)); v_time.append(o["paid_at"][paid_v]); v_topic.append(np.full(paid_v.sum(), 1))
    v_order.append(np.flatnonzero(o["cancelled"])); v_time.append(o["cancel_at"][o["cancelled"]]); v_topic.append(np.full(o["cancelled"].sum(), 2))
    v_order.append(fl["order"][ok]); v_time.append(fl["created"][ok]); v_topic.append(np.where(fl["part"][ok] == 1, 3, 4))
    v_order.append(refunds["order"][partial]); v_time.append(refunds["created"][partial]); v_topic.append(np.full(partial.sum(), 5))
    v_order = np.concatenate(v_order); v_time = np.concatenate(v_time); v_topic = np.concatenate(v_topic)
    # Versions of an order in delivery order (time, then topic name): the next version's time is
    # what an out-of-order arrival waits for.
    by = np.lexsort((_TOPIC_RANK[v_topic], v_time, v_order))
    v_order, v_time, v_topic = v_order[by], v_time[by], v_topic[by]
    n_v = len(v_order)
    # State at each version.
    pending_at_t = o["pending"][v_order] & ((o["paid_at"][v_order] > v_time) | o["pending_open"][v_order])
    cancelled_at_t = o["cancelled"][v_order] & (o["cancel_at"][v_order] <= v_time)
    refunded_at_t = refund_at[v_order] <= v_time
    fin = np.where(cancelled_at_t, np.where(cancel_refunded[v_order], 2, 1),
                   np.where(refunded_at_t, np.where(refund_full[v_order], 2, 3), np.where(pending_at_t, 4, 0)))
    ful = np.where(o["full_at"][v_order] <= v_time, 1, np.where(o["part_at"][v_order] <= v_time, 2, 0))
    closed = o["full_at"][v_order] <= v_time
    same_next = np.zeros(n_v, dtype=bool)
    same_next[:-1] = v_order[1:] == v_order[:-1]
    next_t = np.zeros(n_v, dtype=np.int64)
    next_t[:-1] = v_time[1:]

    n_r = len(refunds["order"])
    _register(con, "g_refunds", {
        "id": 5700000001 + np.arange(n_r), "order_id": 5300000001 + refunds["order"], "created": refunds["created"],
        "restock": refunds["restock"], "cancel": refunds["cancel"], "shipping": refunds["shipping"],
        "note": _pick(REFUND_NOTES, refunds["reason"]),
    })
    rl = sim["refund_lines"]
    _register(con, "g_refund_lines", {
        "k": np.arange(len(rl["refund"])), "refund_id": 5700000001 + rl["refund"], "line_id": 5400000001 + rl["line"],
        "v": lines["variant"][rl["line"]], "quantity": rl["quantity"], "subtotal": rl["subtotal"], "tax": rl["tax"],
    })
    inv = sim["inventory"]
    _register(con, "g_levels", {"v": inv["variant"], "available": inv["available"], "updated": inv["updated"]})

    step("payloads: shopify json")
    mess = dict(cutoff=cutoff, dup=DUPLICATE_RATE, stale=STALE_RETRY_RATE, ooo=OUT_OF_ORDER_RATE,
                bad=MALFORMED_RATE, domain=SHOP_DOMAIN, api=API_VERSION)
    # Products, inventory, customers and refunds: small payloads, built with json_object.
    con.execute(_SHOPIFY_SQL.format(location=LOCATION_ID))
    parts = [_DELIVERIES_SQL.format(source="select * from ev_rest", **mess)]

    # Orders and fulfilments: one row per version with its lines as a list of numeric structs
    # (no nested aggregation); the SQL turns a row into its payload text with one concat().
    _variant_json(con, cat)
    c = sim["customers"]
    starts, n_lines = o["starts"], o["n_lines"]
    chunk_bounds = np.unique(np.searchsorted(v_order, np.arange(0, n_o + ORDER_CHUNK, ORDER_CHUNK)))
    for a, b in zip(chunk_bounds[:-1], chunk_bounds[1:]):
        vo, vt = v_order[a:b], v_time[a:b]
        gl, offsets = _ranges(starts[vo], n_lines[vo])
        # each line at each version: 0 fulfilled by then, 1 cancelled and unfulfilled, 2 still fulfillable
        state = np.where(lines["fulfilled_at"][gl] <= np.repeat(vt, n_lines[vo]), 0,
                         np.where(np.repeat(cancelled_at_t[a:b], n_lines[vo]), 1, 2)).astype(np.int8)
        current = np.where(state == 1, 0, lines["quantity"][gl]
                           - np.where(line_refunded_at[gl] <= np.repeat(vt, n_lines[vo]), line_refunded_qty[gl], 0))
        line_items = _lines(offsets, id=5400000001 + gl, v=lines["variant"][gl].astype(np.int32), q=lines["quantity"][gl],
                            cq=current, price=lines["price"][gl], d=lines["discount"][gl], tax=lines["tax"][gl], state=state)
        cust = o["customer"][vo]
        has_c = cust >= 0
        safe_c = np.maximum(cust, 0)
        chunk = pa.table({
            "id": 5300000001 + vo, "number": 1001 + vo, "created": o["created"][vo], "processed": o["processed"][vo],
            "t": vt,
            "topic": _pick(_ORDER_TOPICS, v_topic[a:b]), "fin": _pick(_FINANCIAL, fin[a:b]),
            "ful": _pick((None, "fulfilled", "partial"), ful[a:b]),
            "closed_at": pa.array(o["full_at"][vo], mask=~closed[a:b]), "cancelled": cancelled_at_t[a:b],
            "cancel_at": o["cancel_at"][vo], "cancel_reason": _pick(CANCEL_REASONS, o["cancel_reason"][vo]),
            "test": o["test"][vo], "cust_id": pa.array(6200000001 + safe_c, mask=~has_c),
            "first_name": _pick(texts.FIRST_NAMES, c["first_name"][safe_c]),
            "last_name": _pick(texts.LAST_NAMES, c["last_name"][safe_c]), "province": _pick(PROVINCES, o["province"][vo]),
            "total_line_items": o["total_line_items"][vo], "total_discounts": o["total_discounts"][vo],
            "subtotal": o["subtotal"][vo], "shipping": o["shipping"][vo], "ship_disc": o["shipping_discount"][vo],
            "tax": o["tax"][vo], "total": o["total"][vo], "rate": o["rate"][vo],
            "code": _pick(CODES, o["code"][vo]), "source": _pick(SOURCES, o["source"][vo]),
            "next_t": pa.array(next_t[a:b], mask=~same_next[a:b]), "lines": line_items,
        })
        _append(con, "gen_order_versions", chunk, first=a == chunk_bounds[0])
        del chunk, line_items
    parts.append(_DELIVERIES_SQL.format(source=_ORDER_SQL.format(chunk="gen_order_versions"), **mess))

    n_f = len(fl["order"])
    for a in range(0, n_f, FULFILLMENT_CHUNK):
        b = min(a + FULFILLMENT_CHUNK, n_f)
        fo, part = fl["order"][a:b], fl["part"][a:b]
        first = starts[fo] + np.where(part == 2, n_lines[fo] - 1, 0)
        count = np.where(part == 0, n_lines[fo], np.where(part == 1, n_lines[fo] - 1, 1))
        gl, offsets = _ranges(first, count)
        line_items = _lines(offsets, id=5400000001 + gl, v=lines["variant"][gl].astype(np.int32), q=lines["quantity"][gl])
        created, updated = fl["created"][a:b], fl["updated"][a:b]
        status = fl["status"][a:b]
        again = updated > created
        # create version of every fulfilment, then an update version of those that changed
        take = np.concatenate([np.arange(b - a), np.flatnonzero(again)])
        is_update = np.arange(len(take)) >= b - a
        chunk = pa.table({
            "id": 5600000001 + a + take, "order_id": 5300000001 + fo[take], "status": _pick(F_STATUS, status[take]),
            "created": created[take], "t": np.where(is_update, updated[take], created[take]),
            "topic": _pick(("fulfillments/create", "fulfillments/update"), is_update.astype(np.int64)),
            "carrier": _pick(CARRIERS, fl["carrier"][a:b][take]),
            "shipment": _pick(SHIPMENT, np.where(is_update, fl["shipment"][a:b][take], np.where(status[take] == 0, 1, 0))),
            "next_t": pa.array(updated[take], mask=is_update | ~again[take]),
            "lines": line_items.take(pa.array(take)),
        })
        _append(con, "gen_fulfillment_versions", chunk, first=a == 0)
        del chunk, line_items
    if n_f:
        parts.append(_DELIVERIES_SQL.format(source=_FULFILLMENT_SQL.format(location=LOCATION_ID, chunk="gen_fulfillment_versions"), **mess))
    # The deliveries are a view over these inputs (few pipelines, so a write appends whole row groups):
    # each payload is built once, while writing.
    con.execute("create or replace temp view gen_shopify as\n" + "\nunion all\n".join(parts))

    # ---- support -------------------------------------------------------------
    step("payloads: chatwoot")
    _build_chatwoot(con, sim)

    # ---- ops -----------------------------------------------------------------
    step("ops tables")
    _build_ops(con, sim)

    step("webhook mess")
    # Shopify's mess is in its view (above); Chatwoot's comes here.
    con.execute(_MESS_SQL.format(cutoff=cutoff, dup=DUPLICATE_RATE, stale=STALE_RETRY_RATE, bad=MALFORMED_RATE))
    inputs = con.execute("select table_name from duckdb_tables() where temporary and starts_with(table_name, 'g_')")
    for (name,) in inputs.fetchall():
        con.execute(f"drop table {name}")


_SHOPIFY_SQL = """
create or replace temp table ev_rest as
select *, lead(t) over (partition by kind, rkey order by t, topic) as next_t from (
with product_versions as (
    select p.*, 'products/create' as topic, p.created as t, p.tags as version_tags from g_products p
    union all
    select p.*, 'products/update', p.updated, p.tags || ', Best Seller' from g_products p where p.updated > p.created
),
first_levels as (
    select v, arg_min(available, updated) as available from g_levels group by v
),
version_variants as (
    -- a variant's inventory_quantity is its stock when the product version was sent (before the first
    -- level event: its first level); a gift card's stock is not tracked
    select pv.p, pv.t, v.v, v.id, v.title, v.sku, v.price, v.inventory_item_id, v.position, v.option1, v.tracked,
        v.gift_card, coalesce(l.available, fl.available, 0) as inventory_quantity
    from product_versions pv join g_variants v on v.p = pv.p
    asof left join g_levels l on l.v = v.v and pv.t >= l.updated
    left join first_levels fl on fl.v = v.v
),
variant_json as (
    select vv.p, vv.t, to_json(list(json_object(
        'id', vv.id, 'product_id', p.id, 'title', vv.title, 'sku', vv.sku, 'price', money(vv.price),
        'compare_at_price', null, 'inventory_item_id', vv.inventory_item_id, 'position', vv.position,
        'option1', vv.option1, 'option2', null, 'option3', null, 'taxable', not vv.gift_card,
        'requires_shipping', not vv.gift_card,
        'inventory_management', case when vv.tracked then 'shopify' end,
        'inventory_quantity', case when vv.tracked then vv.inventory_quantity else 0 end,
        'created_at', iso(p.created), 'updated_at', iso(p.created)) order by vv.v)) as variants
    from version_variants vv join g_products p on p.p = vv.p
    group by vv.p, vv.t
),
products as (
    select 'product' as kind, pv.topic, cast(pv.id as varchar) as rkey, pv.t,
        json_object('id', pv.id, 'title', pv.title, 'body_html', '<p>' || pv.title || '</p>', 'vendor', 'Hot Rod AN',
            'product_type', pv.product_type, 'handle', pv.handle, 'status', pv.status,
            'created_at', iso(pv.created), 'updated_at', iso(pv.t),
            'published_at', case when pv.status = 'active' then iso(pv.created) end, 'tags', pv.version_tags,
            'variants', vj.variants, 'options', json_array(json_object('name', 'Size')), 'images', json_array()) as payload
    from product_versions pv join variant_json vj on vj.p = pv.p and vj.t = pv.t
    union all
    select 'product', 'products/delete', cast(id as varchar), updated + 3600, json_object('id', id)
    from g_products where deleted
),
items as (
    select 'inventory_item', 'inventory_items/create', cast(v.inventory_item_id as varchar), p.created,
        json_object('id', v.inventory_item_id, 'sku', v.sku, 'cost', money(v.cost), 'tracked', v.tracked,
            'requires_shipping', true, 'country_code_of_origin', 'US',
            'created_at', iso(p.created), 'updated_at', iso(p.created))
    from g_variants v join g_products p using (p)
),
levels as (
    select 'inventory_level', 'inventory_levels/update', v.inventory_item_id || ':' || {location}, l.updated,
        json_object('inventory_item_id', v.inventory_item_id, 'location_id', {location}, 'available', l.available,
            'updated_at', iso(l.updated))
    from g_levels l join g_variants v using (v)
),
customer_versions as (
    select c.*, 'customers/create' as topic, c.created as t, '' as version_tags from g_customers c
    union all
    select c.*, 'customers/update', c.updated, c.tags from g_customers c where c.updated > c.created
),
customers as (
    select 'customer', topic, cast(id as varchar), t,
        json_object('id', id, 'email', lower(first_name || '.' || last_name || id % 100000 || '@example.com'),
            'first_name', first_name, 'last_name', last_name, 'phone', null, 'state', 'enabled',
            'verified_email', true, 'currency', 'USD', 'tags', case when topic = 'customers/create' and tags = 'wholesale, shop' then tags else version_tags end,
            'note', null, 'tax_exempt', false, 'created_at', iso(created), 'updated_at', iso(t),
            'email_marketing_consent', json_object('state', case when subscribed then 'subscribed' else 'not_subscribed' end,
                'opt_in_level', 'single_opt_in'),
            'default_address', json_object('city', 'Springfield', 'province_code', province, 'country_code', 'US', 'zip', '90210'))
    from customer_versions
    union all
    select 'customer', 'customers/delete', cast(id as varchar), created + 86400 * 30, json_object('id', id)
    from g_customers where deleted
),
refund_line_json as (
    select rl.refund_id,
        to_json(list(json_object('id', 5800000001 + rl.k, 'line_item_id', rl.line_id,
            'quantity', rl.quantity,
            'restock_type', case when r.cancel then 'cancel' when r.restock then 'return' else 'no_restock' end,
            'subtotal', cast(rl.subtotal / 100.0 as decimal(12, 2)), 'total_tax', cast(rl.tax / 100.0 as decimal(12, 2)),
            'line_item', json_object('id', rl.line_id, 'sku', v.sku, 'product_id', p.id, 'variant_id', v.id,
                'title', p.title, 'gift_card', v.gift_card)) order by rl.k)) as refund_line_items,
        sum(rl.subtotal + rl.tax) as goods
    from g_refund_lines rl join g_refunds r on r.id = rl.refund_id
        join g_variants v on v.v = rl.v join g_products p on p.p = v.p
    group by rl.refund_id
),
refunds as (
    -- a shipping refund shows twice, as Shopify sends it: a refund shipping line and an order
    -- adjustment of kind shipping_refund (negative)
    select 'refund', 'refunds/create', cast(r.id as varchar), r.created,
        json_object('id', r.id, 'order_id', r.order_id, 'created_at', iso(r.created), 'processed_at', iso(r.created),
            'note', r.note, 'restock', r.restock,
            'refund_line_items', rj.refund_line_items,
            'refund_shipping_lines', case when r.shipping > 0 then json_array(json_object('id', r.id + 300000000,
                'shipping_line_id', r.order_id + 200000000,
                'subtotal_amount_set', json_object('shop_money', json_object('amount', money(r.shipping), 'currency_code', 'USD')),
                'tax_amount_set', json_object('shop_money', json_object('amount', '0.00', 'currency_code', 'USD'))))
                else json_array() end,
            'order_adjustments', case when r.shipping > 0 then json_array(json_object('id', r.id + 400000000,
                'order_id', r.order_id, 'refund_id', r.id, 'amount', money(-r.shipping), 'tax_amount', '0.00',
                'kind', 'shipping_refund', 'reason', 'Shipping refund')) else json_array() end,
            'transactions', json_array(json_object('id', r.id + 200000000, 'kind', 'refund', 'status', 'success',
                'amount', money(rj.goods + r.shipping))))
    from g_refunds r join refund_line_json rj on rj.refund_id = r.id
)
select * from products union all select * from items union all select * from levels
union all select * from customers union all select * from refunds
)
"""
ORDER_CHUNK = 200_000  # orders per Arrow batch of order versions (bounds the numpy temporaries)
FULFILLMENT_CHUNK = 500_000

_TOPIC_RANK = np.array([1, 3, 0, 4, 2, 5])  # order version topics (below) by name, as the window orders them
_ORDER_TOPICS = ("orders/create", "orders/paid", "orders/cancelled", "orders/partially_fulfilled", "orders/fulfilled", "orders/updated")
_FINANCIAL = ("paid", "voided", "refunded", "partially_refunded", "pending")


def _ranges(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated index ranges [first, first + count) and their list offsets."""
    offsets = np.concatenate([[0], np.cumsum(count)])
    return np.arange(offsets[-1]) + np.repeat(first - offsets[:-1], count), offsets


def _lines(offsets: np.ndarray, **fields) -> pa.ListArray:
    """A list of line structs per row (numbers only: the JSON text is written by SQL, while writing)."""
    children = pa.StructArray.from_arrays([pa.array(v) for v in fields.values()], names=list(fields))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), children)


def _variant_json(con, cat) -> None:
    """gen_variant_json: one row of two lists by variant, the JSON of its fields in a line item and its SKU."""
    q = lambda x: json.dumps(x, ensure_ascii=False)  # noqa: E731
    frags = [f',"product_id":{7100000001 + p},"variant_id":{4100000001 + v},"sku":{q(sku)},"title":{q(cat.p_title[p])},'
             f'"variant_title":{q(title)},"vendor":"Hot Rod AN","gift_card":{"true" if gift else "false"},"quantity":'
             for v, (p, sku, title, gift) in enumerate(zip(cat.v_product, cat.v_sku, cat.v_title, cat.v_gift_card))]
    table = pa.table({"frags": pa.array([frags]), "skus": pa.array([[q(x) for x in cat.v_sku]])})
    _register(con, "gen_variant_json", table)


# One order version (a row of an order chunk) as Shopify's REST order resource, keys in Shopify's order.
_ORDER_SQL = """
select 'order' as kind, topic, cast(id as varchar) as rkey, t, next_t, concat(
    '{{"id":', id, ',"name":"#', number, '","order_number":', number, ',"email":',
    to_json(case when test then 'test@hotrodan.com' when cust_id is null then 'guest' || number || '@example.com'
        else lower(first_name || '.' || last_name || cust_id % 100000 || '@example.com') end),
    ',"created_at":"', iso(created), '","updated_at":"', iso(t), '","processed_at":"', iso(processed),
    '","cancelled_at":', case when cancelled then '"' || iso(cancel_at) || '"' else 'null' end,
    ',"cancel_reason":', case when cancelled then '"' || cancel_reason || '"' else 'null' end,
    ',"closed_at":', case when closed_at is not null then '"' || iso(closed_at) || '"' else 'null' end,
    ',"financial_status":"', fin, '","fulfillment_status":', coalesce('"' || ful || '"', 'null'),
    ',"currency":"USD","taxes_included":false,"test":', case when test then 'true' else 'false' end,
    ',"source_name":"', source, '","tags":"', case when test then 'test' else '' end,
    '","subtotal_price":"', money(subtotal), '","total_line_items_price":"', money(total_line_items),
    '","total_discounts":"', money(total_discounts), '","total_tax":"', money(tax), '","total_price":"', money(total),
    '","total_shipping_price_set":{{"shop_money":{{"amount":"', money(shipping), '","currency_code":"USD"}}}},"discount_codes":',
    case when code is null then '[]'
        when code = 'FREESHIP' then '[{{"code":"FREESHIP","amount":"' || money(ship_disc) || '","type":"shipping"}}]'
        else '[{{"code":"' || code || '","amount":"' || money(total_discounts) || '","type":"percentage"}}]' end,
    ',"customer":', case when cust_id is not null then '{{"id":' || cust_id || '}}' else 'null' end,
    ',"line_items":[', array_to_string(list_transform(lines, x -> concat(
        '{{"id":', x.id, frags[x.v + 1], x.q, ',"current_quantity":', x.cq, ',"price":"', money(x.price),
        '","total_discount":"0.00","discount_allocations":',
        case when x.d > 0 then concat('[{{"amount":"', money(x.d), '","discount_application_index":0}}]') else '[]' end,
        ',"tax_lines":', case when x.tax > 0
            then concat('[{{"price":"', money(x.tax), '","rate":', rate, ',"title":"', province, ' State Tax"}}]') else '[]' end,
        ',"fulfillable_quantity":', case x.state when 0 then '0,"fulfillment_status":"fulfilled"'
            when 1 then '0,"fulfillment_status":null' else x.q || ',"fulfillment_status":null' end,
        ',"taxable":true,"requires_shipping":true,"grams":90}}')), ','),
    '],"shipping_lines":[{{"id":', id + 200000000,
    ',"title":"Ground","code":"GROUND","price":"', money(shipping), '","discounted_price":"', money(shipping - ship_disc),
    '","discount_allocations":', case when ship_disc > 0
        then concat('[{{"amount":"', money(ship_disc), '","discount_application_index":0}}]') else '[]' end,
    ',"tax_lines":[]}}],"shipping_address":{{"city":"Springfield","province_code":"', province, '","country_code":"US","zip":"90210"}}}}'
) as payload
from {chunk}, gen_variant_json
"""

_FULFILLMENT_SQL = """
select 'fulfillment' as kind, topic, cast(id as varchar) as rkey, t, next_t, concat(
    '{{"id":', id, ',"order_id":', order_id, ',"status":"', status, '","created_at":"', iso(created),
    '","updated_at":"', iso(t), '","service":"manual","tracking_company":"', carrier, '","tracking_number":',
    case when status = 'success' then '"1Z' || lpad(cast(id % 100000000 as varchar), 12, '0') || '"' else 'null' end,
    ',"shipment_status":', coalesce('"' || shipment || '"', 'null'), ',"location_id":{location}',
    ',"line_items":[', array_to_string(list_transform(lines, x -> concat(
        '{{"id":', x.id, ',"sku":', skus[x.v + 1], ',"quantity":', x.q, '}}')), ','), ']}}'
) as payload
from {chunk}, gen_variant_json
"""

# The deliveries of a set of Shopify events (kind, topic, rkey, t, next_t, payload) with the mess, in one
# pass. Event ids are derived from the content's identity: the same seed gives the same ids. next_t is
# the time of the resource's next version, when there is one.
_DELIVERIES_SQL = """
select * from (
with keyed as (
    select *, 'evt-' || substr(md5(kind || ':' || rkey || ':' || topic || ':' || t), 1, 24) as event_id
    from ({source})
),
base as (
    select event_id, topic, t, payload,
        -- out-of-order arrival: an earlier version arrives just after the next version of the same resource
        case when next_t is not null and u(event_id || 'ooo') < {ooo} then next_t + 30
            else t + 1 + cast(floor(u(rkey || topic || t) * 20) as bigint) end as received_epoch,
        u(event_id || 'dup2') < {dup} as duplicate,
        u(event_id || 'stale') < {stale} and kind in ('order', 'product', 'customer', 'fulfillment') as stale,
        u(event_id || 'bad') < {bad} as bad
    from keyed
),
copies as (
    select *, unnest(case when duplicate or stale or bad
        then list_filter([0, 1, 2, 3], k -> k = 0 or (k = 1 and duplicate) or (k = 2 and stale) or (k = 3 and bad))
        else [0] end) as copy
    from base
),
deliveries as (
    select *, case copy
        when 0 then received_epoch
        -- duplicate delivery: the same event id again, moments later
        when 1 then received_epoch + 1 + cast(floor(u(event_id || 'dup') * 600) as bigint)
        -- stale retry: an old version delivered again under a new event id, a day or two later
        when 2 then received_epoch + 86400 + cast(floor(u(event_id) * 86400) as bigint)
        else received_epoch + 3 end as arrives_epoch
    from copies
)
select
    case copy when 2 then 'retry-' || event_id when 3 then 'bad-' || event_id else event_id end as event_id,
    'wh-' || split_part(topic, '/', 1) as webhook_id, topic, '{domain}' as shop_domain, '{api}' as api_version,
    ts(t) as triggered_at,
    ts(least(arrives_epoch, {cutoff})) as received_at,
    -- malformed payloads: not an object, no id, or an unreadable version
    cast(case when copy != 3 then payload
        else case cast(floor(u(event_id || 'kind') * 3) as integer)
            when 0 then '"<html>502 Bad Gateway</html>"'
            when 1 then '{{"admin_graphql_api_id":"gid://shopify/Unknown"}}'
            else '{{"id":1,"updated_at":"yesterday","created_at":"yesterday"}}' end
    end as json) as payload
from deliveries
-- a duplicate due after the cutoff has not arrived yet: clamped to the cutoff it would land at the same
-- instant as its first delivery (shopify_one_delivery_per_event_and_instant)
where copy != 1 or arrives_epoch <= {cutoff}
)
"""


def _build_chatwoot(con, sim: dict) -> None:
    """ev_chatwoot: the conversation and message events of the simulated support, in Chatwoot's shapes.

    Field for field as Chatwoot's webhooks send them (docs/webhook_payloads.md): a conversation
    body is the conversation's push data with no `account`, `waiting_since` in epoch seconds (0
    when nobody waits), `first_reply_created_at` an ISO string and `messages[]` holding its last
    public, non-activity message; a message body is the message's webhook data (`account`,
    `inbox`, `conversation`, `sender`, ISO `created_at`). The CSAT survey is a `template` message
    of content type `input_csat`, rated by a `message_updated`. Activity messages are never sent.
    """
    cv = sim["conversations"]
    n = cv["n"]
    cutoff = sim["window"].cutoff
    conv_id = 4001 + np.arange(n)
    openers = np.array([texts.OPENERS[(int(t), int(m))][int(k)] for t, m, k in zip(cv["topic"], cv["mood"], cv["variant_text"])], dtype=object)
    numbers = np.array(["#" + str(x) for x in 1001 + cv["order"]], dtype=object)
    vehicles = np.array(texts.VEHICLES, dtype=object)[cv["variant_text"] % len(texts.VEHICLES)]
    opener_text = np.array([t.replace("{order}", num).replace("{vehicle}", veh) for t, num, veh in zip(openers, numbers, vehicles)], dtype=object)
    idx = np.arange(n)
    rng = np.random.default_rng(int(n) + 17)

    # Messages: (conversation, created, message type 0 incoming 1 outgoing 3 template, private,
    # sender 0 contact 1 agent 2 bot 3 none, text). Activity messages are never sent by webhook.
    kinds = []

    def add(mask, created, mtype, private, sender, text):
        kinds.append((idx[mask], created[mask], np.full(mask.sum(), mtype), np.full(mask.sum(), private),
                      np.full(mask.sum(), sender), text[mask] if isinstance(text, np.ndarray) else np.full(mask.sum(), text, dtype=object)))

    def pick(options):
        return np.array(options, dtype=object)[rng.integers(0, len(options), n)]

    bot_text = np.array(texts.BOT_TEXTS, dtype=object)[idx % len(texts.BOT_TEXTS)]
    add(np.ones(n, dtype=bool), cv["created"], 0, False, 0, opener_text)
    add(cv["bot"], cv["created"] + 5, 1, False, 2, bot_text)
    add(cv["replied"], cv["first_reply"], 1, False, 1, pick(texts.REPLIES))
    add(cv["note"], cv["note_at"], 1, True, 1, pick(texts.NOTES))
    follow_text = np.where(cv["mood"] == 0, np.array(texts.FOLLOWUPS, dtype=object)[np.array([2, 4, 1])[idx % 3]],
                           np.array(texts.FOLLOWUPS, dtype=object)[np.array([0, 3, 5])[idx % 3]])
    add(cv["followup"], cv["followup_at"], 0, False, 0, follow_text)
    add(cv["followup_reply"], cv["followup_reply_at"], 1, False, 1, pick(texts.REPLIES))
    add(cv["resolved"], cv["resolve_at"] + 1, 3, False, 3, texts.CSAT_SURVEY)
    add(cv["reopened"], cv["reopen_at"], 0, False, 0, pick(texts.REOPENERS))
    add(cv["reopened"] & cv["bot"] & (cv["reopen_at"] + 5 <= cutoff), cv["reopen_at"] + 5, 1, False, 2, bot_text)
    add(cv["reopen_reply"], cv["reopen_reply_at"], 1, False, 1, pick(texts.REPLIES))
    m_conv, m_created, m_type, m_private, m_sender, m_text = (np.concatenate([k[i] for k in kinds]) for i in range(6))
    order_by = np.lexsort((m_type, m_created, m_conv))
    m_conv, m_created, m_type, m_private, m_sender, m_text = (a[order_by] for a in (m_conv, m_created, m_type, m_private, m_sender, m_text))
    n_m = len(m_conv)
    agent_ids = np.array([a[0] for a in AGENTS])
    agent_names = np.array([a[1] for a in AGENTS], dtype=object)
    safe_assignee = np.maximum(cv["assignee"], 0)
    survey = m_type == 3
    rated = survey & cv["csat_rated"][m_conv]
    _register(con, "g_messages", {
        "m": np.arange(n_m), "id": 90001 + np.arange(n_m), "conv": m_conv, "created": m_created,
        "message_type": _pick(("incoming", "outgoing", "activity", "template"), m_type), "type_code": m_type,
        "private": m_private, "sender_type": _pick(("contact", "user", "agent_bot", None), m_sender),
        "sender_id": np.where(m_sender == 0, 100000 + m_conv, np.where(m_sender == 1, agent_ids[safe_assignee[m_conv]],
                                                                       np.where(m_sender == 2, 1, None))).astype(object),
        "sender_name": np.where(m_sender == 1, agent_names[safe_assignee[m_conv]], np.where(m_sender == 2, "HotRod Bot", None)).astype(object),
        "content": m_text, "content_type": np.where(survey, "input_csat", "text").astype(object),
        "edited": ~survey & (rng.random(n_m) < 0.005),
        "rated_at": np.where(rated, cv["csat_rated_at"][m_conv], 0), "rating": np.where(rated, cv["rating"][m_conv], 0),
    })

    # Conversation versions: (conversation, time, event 0 created 1 updated 2 status changed, status
    # 0 open 1 pending 2 resolved 3 snoozed, waiting_since epoch or 0, previous status or -1).
    versions = []

    def version(mask, t, event, status, waiting, previous=-1):
        keep = mask & (t <= cutoff)
        full = lambda v: v[keep] if isinstance(v, np.ndarray) else np.full(keep.sum(), v)  # noqa: E731
        versions.append((idx[keep], t[keep], full(event), full(status), full(waiting), full(previous)))

    bot = cv["bot"]
    pending_or_open = np.where(bot, 1, 0)
    everyone = np.ones(n, dtype=bool)
    version(everyone, cv["created"], 0, pending_or_open, cv["created"])
    version(bot, cv["created"] + 5, 1, 1, 0)  # the bot's answer clears waiting_since
    version(cv["handed_off"], cv["handoff_at"], 2, 0, cv["handoff_at"], 1)
    version(cv["replied"], cv["first_reply"], 1, 0, 0)
    version(cv["followup"], cv["followup_at"], 1, 0, cv["followup_at"])
    version(cv["followup_reply"], cv["followup_reply_at"], 1, 0, 0)
    version(cv["snoozed"], cv["snooze_at"], 2, 3, 0, 0)
    version(cv["resolved"], cv["resolve_at"], 2, 2, 0, np.where(cv["bot_resolved"], 1, 0))
    version(cv["reopened"], cv["reopen_at"], 2, pending_or_open, cv["reopen_at"], 2)
    version(cv["reopened"] & bot, cv["reopen_at"] + 5, 1, 1, 0)
    version(cv["reopen_handoff"], cv["reopen_handoff_at"], 2, 0, cv["reopen_handoff_at"], 1)
    version(cv["reopen_reply"], cv["reopen_reply_at"], 1, 0, 0)
    version(cv["reresolved"], cv["reresolve_at"], 2, 2, 0, 0)
    v_conv, v_time, v_event, v_status, v_waiting, v_previous = (np.concatenate([v[i] for v in versions]) for i in range(6))

    cust = cv["customer"]
    has_cust = cust >= 0
    assignee = cv["assignee"]
    _register(con, "g_conversations", {
        "c": idx, "id": conv_id, "created": cv["created"], "priority": _pick(PRIORITIES, cv["priority"]),
        "label": np.array(LABELS, dtype=object)[cv["topic"]], "escalated": (cv["mood"] == 0) & (cv["priority"] >= 3),
        "inbox_id": np.where(bot, 1, 2), "assignee_id": np.where(assignee >= 0, agent_ids[safe_assignee], None).astype(object),
        "assignee_name": np.where(assignee >= 0, agent_names[safe_assignee], None).astype(object),
        "sender_id": 100000 + idx, "customer": np.where(has_cust, cust, -1),
        "customer_attribute": cv["customer_attribute"], "email_known": cv["email_known"],
        "order_number": np.where(cv["about_order"], numbers, None).astype(object),
        "first_reply": np.where(cv["replied"], cv["first_reply"], None).astype(object),
    })
    _register(con, "g_conversation_versions", {
        "vi": np.arange(len(v_conv)), "c": v_conv, "t": v_time,
        "event": _pick(("conversation_created", "conversation_updated", "conversation_status_changed"), v_event),
        "status": _pick(CONV_STATUS, v_status), "waiting_since": v_waiting,
        "previous_status": _pick(CONV_STATUS + (None,), np.where(v_previous < 0, len(CONV_STATUS), v_previous)),
    })
    con.execute(_CHATWOOT_SQL)


# Chatwoot's conversation and message events (see _build_chatwoot). `rails_iso` is how Rails writes a
# time in JSON (milliseconds, UTC).
_CHATWOOT_SQL = """
create or replace temp macro rails_iso(e) as (strftime(to_timestamp(e), '%Y-%m-%dT%H:%M:%S') || '.000Z');
create or replace temp table ev_chatwoot as
with contacts as (
    select c.c, c.sender_id,
        coalesce(cu.first_name, 'Visitor') as contact_name,
        case when cu.id is not null then lower(cu.first_name || '.' || cu.last_name || cu.id % 100000 || '@example.com')
            when c.email_known then 'visitor' || c.sender_id || '@example.com' end as plain_email,
        case when c.customer_attribute then cu.id end as attribute_customer_id
    from g_conversations c left join g_customers cu on cu.c = c.customer
),
senders as (
    -- contacts type their e-mail as they like: one in ten capitalised
    select *, case when c % 10 = 0 then upper(left(plain_email, 1)) || substr(plain_email, 2) else plain_email end as email
    from contacts
),
message_json as (
    select m.*, c.id as conversation_id, c.inbox_id,
        case when m.rated_at > 0 then json_object('submitted_values', json_object('csat_survey_response',
            json_object('rating', m.rating, 'feedback_message', ''))) else json_object() end as rated_attributes,
        json_object('id', m.id, 'content', m.content, 'account_id', 1, 'inbox_id', c.inbox_id, 'conversation_id', c.id,
            'message_type', m.type_code, 'created_at', m.created, 'private', m.private, 'status', 'sent',
            'source_id', null, 'content_type', m.content_type, 'content_attributes', json_object(),
            'sender_type', case m.sender_type when 'contact' then 'Contact' when 'user' then 'User' when 'agent_bot' then 'AgentBot' end,
            'sender_id', m.sender_id,
            'sender', case when m.sender_type is not null
                then json_object('id', m.sender_id, 'name', coalesce(m.sender_name, 'Customer'), 'type', m.sender_type) end
        ) as embedded
    from g_messages m join g_conversations c on c.c = m.conv
),
chat_messages as (
    -- a conversation's messages[] is its last public, non-activity message
    select * from message_json where not private
),
last_messages as (
    select v.vi, cm.embedded as last_message, cm.created as last_message_at
    from g_conversation_versions v
    asof left join chat_messages cm on cm.conv = v.c and v.t >= cm.created
),
versions as (
    select v.*, c.*, s.contact_name, s.email, s.attribute_customer_id, lm.last_message, lm.last_message_at
    from g_conversation_versions v join g_conversations c using (c)
    join senders s using (c)
    left join last_messages lm on lm.vi = v.vi
),
conversations as (
    select 'conversation' as kind, event as topic, cast(id as varchar) as rkey, t,
        json_object('event', event, 'id', id, 'inbox_id', inbox_id, 'channel', case inbox_id when 1 then 'Channel::WebWidget' else 'Channel::Email' end,
            'status', status, 'priority', nullif(priority, ''),
            'labels', case when escalated and event != 'conversation_created' then json_array(label, 'escalation') else json_array(label) end,
            'meta', json_object(
                'sender', json_object('id', sender_id, 'name', contact_name, 'email', email, 'type', 'contact',
                    'custom_attributes', case when attribute_customer_id is not null
                        then json_object('shopify_customer_id', attribute_customer_id) else json_object() end),
                'assignee', case when assignee_id is not null
                    then json_object('id', assignee_id, 'name', assignee_name, 'email', lower(assignee_name) || '@hotrodan.com', 'type', 'user') end),
            'custom_attributes', case when order_number is not null then json_object('order_number', order_number) else json_object() end,
            'created_at', created, 'updated_at', cast(t as double) + 0.25,
            'last_activity_at', coalesce(last_message_at, created), 'timestamp', coalesce(last_message_at, created),
            'first_reply_created_at', case when first_reply <= t then rails_iso(first_reply) end,
            'waiting_since', waiting_since,
            'changed_attributes', case when event = 'conversation_status_changed'
                then json_array(json_object('status', json_object('previous_value', previous_status, 'current_value', status))) end,
            'messages', case when last_message is null then json_array() else json_array(last_message) end) as payload
    from versions
),
message_versions as (
    select *, 'message_created' as event, created as t, content as version_content, json_object() as version_attributes
    from message_json
    union all
    select *, 'message_updated', created + 120, content || ' (edited)', json_object() from message_json where edited
    union all
    -- the contact answers the CSAT survey: Chatwoot updates the survey message
    select *, 'message_updated', rated_at, content, rated_attributes from message_json where rated_at > 0
),
messages as (
    select 'message', event, cast(id as varchar), t,
        json_object('event', event, 'id', id, 'content', version_content, 'created_at', rails_iso(created),
            'message_type', message_type, 'content_type', content_type, 'content_attributes', version_attributes,
            'additional_attributes', json_object(), 'private', private, 'source_id', null,
            'sender', case when sender_type is not null then json_object('id', sender_id, 'name', coalesce(sender_name, 'Customer'), 'type', sender_type) end,
            'account', json_object('id', 1, 'name', 'Hot Rod AN'),
            'inbox', json_object('id', inbox_id, 'name', case inbox_id when 1 then 'Website chat' else 'Email' end),
            'conversation', json_object('id', conversation_id, 'inbox_id', inbox_id))
    from message_versions
)
select * from conversations union all select * from messages
"""


def _build_ops(con, sim: dict) -> None:
    ops = sim["ops"]
    window = sim["window"]
    shops = ops["shops"]
    n_s = len(shops["installed"])
    sid = np.array([f"shop-{i:05d}" for i in range(n_s)], dtype=object)
    e_shop = np.concatenate([sid, sid[shops["activates"]], sid[shops["uninstalls"]]])
    e_type = np.concatenate([np.full(n_s, "installed", dtype=object), np.full(shops["activates"].sum(), "activated", dtype=object),
                             np.full(shops["uninstalls"].sum(), "uninstalled", dtype=object)])
    e_time = np.concatenate([shops["installed"], shops["activated"][shops["activates"]], shops["uninstalled"][shops["uninstalls"]]])
    _register(con, "g_shop_events", {"shop_id": e_shop, "event_type": e_type, "t": e_time, "k": np.arange(len(e_shop))})
    con.execute("""create or replace temp table gen_ops_shop_activation_events as
        select 'sae-' || lpad(cast(k as varchar), 7, '0') as event_id, shop_id, event_type, ts(t) as occurred_at,
            ts(t + 30) as recorded_at from g_shop_events""")
    q = ops["queue"]
    n_q = len(q["day"])
    _register(con, "g_queue", {
        "k": np.arange(n_q), "type": _pick(("fulfillment_issue", "inventory_alert", "cx_escalation", "return_request"), q["type"]),
        "priority": _pick(("high", "medium", "low"), q["priority"]), "created": q["created"], "sla": q["sla"],
        "operator": q["operator"], "respond_at": q["respond_at"], "resolve_at": q["resolve_at"], "corrected": q["corrected"],
    })
    con.execute(f"""create or replace temp table gen_ops_queue_items as
        select 'q-' || lpad(cast(k as varchar), 8, '0') as queue_item_id, type as item_type,
            'op-' || operator as operator_id, priority, ts(created) as created_at, ts(sla) as sla_due_at,
            ts(created + 5) as recorded_at from g_queue
        union all
        select 'q-' || lpad(cast(k as varchar), 8, '0'), type, 'op-' || (operator % 5 + 1), priority, ts(created), ts(sla),
            ts(least(created + 7200, {window.cutoff})) from g_queue where corrected""")
    con.execute(f"""create or replace temp table gen_ops_operator_actions as
        with actions as (
            select k, operator, 'viewed' as action_type, created + 300 as t from g_queue
            union all select k, operator, 'responded', respond_at from g_queue
            union all select k, operator, 'resolved', resolve_at from g_queue where k % 17 != 0
            union all select k, operator, 'escalated', respond_at + 600 from g_queue where k % 23 = 0
        )
        select 'a-' || lpad(cast(k as varchar), 8, '0') || '-' || action_type as action_id,
            'q-' || lpad(cast(k as varchar), 8, '0') as queue_item_id, 'op-' || operator as operator_id,
            action_type, ts(t) as occurred_at, ts(t + 2) as recorded_at
        from actions where t <= {window.cutoff}""")
    ts_ = ops["time_savings"]
    dates = np.array(ops["dates"], dtype="datetime64[D]")
    _register(con, "g_time", {
        "k": np.arange(len(ts_["day"])), "entry_date": pa.array(dates[ts_["day"]]), "task": _pick(TASK_CATEGORIES, ts_["task"]),
        "spent": ts_["spent"], "manual": ts_["manual"], "negative": ts_["negative"],
        "recorded": ops["day_starts"][ts_["day"] + 1] - 600,
    })
    con.execute(f"""create or replace temp table gen_ops_time_savings_entries as
        select 'ts-' || lpad(cast(k as varchar), 8, '0') as entry_id, entry_date, task as task_category,
            cast(spent as decimal(12, 2)) as minutes_spent, cast(null as decimal(12, 2)) as baseline_minutes,
            negative as allow_negative, case when manual then 'manual' else 'calculated' end as source,
            case when negative then 'New process slowed this down at first' when manual then 'Logged by hand' end as note,
            ts(least(recorded, {window.cutoff})) as recorded_at
        from g_time""")


_MESS_SQL = """
create or replace temp view gen_chatwoot as
with base as (
    select topic, payload, t + 1 + cast(floor(u(rkey || topic || t) * 5) as bigint) as received_epoch,
        u(rkey || topic || t || 'dup') < {dup} as duplicate,
        kind = 'conversation' and u(rkey || topic || t || 'stale') < {stale} as stale,
        u(rkey || topic || t || 'bad') < {bad} as bad
    from ev_chatwoot
),
deliveries as (
    -- each event once, plus a duplicate (30 s later), a stale retry (a day later) and a malformed copy
    select topic, received_epoch, unnest(case when duplicate or stale or bad
        then list_filter([0, 1, 2, 3], k -> k = 0 or (k = 1 and duplicate) or (k = 2 and stale) or (k = 3 and bad))
        else [0] end) as copy, payload
    from base
),
bodies as (
    select topic, copy, case copy when 0 then received_epoch when 1 then received_epoch + 30
            when 2 then received_epoch + 86400 else received_epoch + 2 end as received_epoch,
        case when copy != 3 then payload
            else json_object('event', topic, 'id', 'not-a-number') end as payload
    from deliveries
)
select sha256(cast(payload as varchar)) as event_id, topic as event, 1 as account_id,
    ts(least(received_epoch, {cutoff})) as received_at, payload
from bodies
-- a second copy (the same body, so the same event id) due after the cutoff has not arrived yet: clamped to
-- the cutoff it could land at the same instant as the first
where bodies.copy = 0 or bodies.received_epoch <= {cutoff};
"""
