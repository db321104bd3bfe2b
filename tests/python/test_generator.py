"""The synthetic generator: deterministic, realistic shares, Shopify's invariants, the mess at its rates."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime, timezone

import duckdb
import pytest

from hotrod.tools import generator
from hotrod.tools.generator import emit
from hotrod.tools.generator.catalog import FAMILIES, GIFT_CARD_TYPE, build_catalog
from hotrod.ingestion.loader import parse_files
from helpers import ROOT

END = date(2026, 6, 30)
ORDERS = 3000


@pytest.fixture(scope="module")
def generated():
    con = duckdb.connect()
    generator.generate(con, ORDERS, 11, END)
    con.execute("create table shopify as select * from gen_shopify")
    con.execute("create table chatwoot as select * from gen_chatwoot")
    con.execute("""create table orders as
        with latest as (
            select payload, row_number() over (
                partition by json_extract_string(payload, '$.id') order by cast(json_extract_string(payload, '$.updated_at') as timestamptz) desc) as rn
            from shopify where topic like 'orders/%' and json_type(payload) = 'OBJECT'
                and json_extract_string(payload, '$.id') is not null and try_cast(json_extract_string(payload, '$.updated_at') as timestamptz) is not null
        )
        select payload from latest where rn = 1""")
    yield con
    con.close()


def _one(con, sql):
    return con.execute(sql).fetchone()[0]


def test_same_seed_same_deliveries():
    a, b, c = duckdb.connect(), duckdb.connect(), duckdb.connect()
    for con, seed in ((a, 5), (b, 5), (c, 6)):
        generator.generate(con, 400, seed, END, days=60)
    digest = "select sum(hash(event_id || topic || cast(payload as varchar) || cast(received_at as varchar))) from gen_shopify"
    assert _one(a, digest) == _one(b, digest)
    assert _one(a, digest) != _one(c, digest)
    chat = "select sum(hash(event_id)) from gen_chatwoot"
    assert _one(a, chat) == _one(b, chat)


def test_catalog_is_several_thousand_skus_over_every_family():
    import numpy as np

    cat = build_catalog(np.random.default_rng(0))
    assert 3000 <= cat.n_variants <= 6000
    assert len(set(cat.v_sku)) == cat.n_variants
    assert {f.product_type for f in FAMILIES} | {GIFT_CARD_TYPE} == set(cat.p_type)
    assert cat.v_gift_card.sum() == 3 and (cat.v_weight[cat.v_gift_card] == 0).all()
    titles = " ".join(cat.p_title)
    for phrase in ("AN Straight Hose End", "Chevy Bel Air", "SBC 350", "Ford 9-inch", "LS swap"):
        assert phrase in titles + " ".join(cat.p_tags)


def test_every_product_type_matches_the_taxonomy_seed():
    import csv

    with open(ROOT / "seeds" / "product_taxonomy.csv") as handle:
        patterns = [row["match_pattern"] for row in csv.DictReader(handle)]
    for family in FAMILIES:
        assert any(p in family.product_type.lower() for p in patterns), family.product_type


def test_order_count_and_every_order_has_lines(generated):
    assert _one(generated, "select count(*) from orders") == ORDERS
    assert _one(generated, "select count(*) from orders where json_array_length(json_extract(payload, '$.line_items')) = 0") == 0
    line_ids = generated.execute("""select count(*), count(distinct line.id) from (
        select unnest(from_json(json_extract(payload, '$.line_items'), '[{"id": "BIGINT"}]')) as line from orders)""").fetchone()
    assert line_ids[0] == line_ids[1]


def test_order_money_invariants(generated):
    bad = _one(generated, """
        with lines as (
            select json_extract_string(payload, '$.id') as id,
                cast(json_extract_string(payload, '$.subtotal_price') as decimal(18, 2)) as subtotal,
                cast(json_extract_string(payload, '$.total_line_items_price') as decimal(18, 2)) as gross,
                cast(json_extract_string(payload, '$.total_discounts') as decimal(18, 2)) as discounts,
                cast(json_extract_string(payload, '$.total_price') as decimal(18, 2)) as total,
                cast(json_extract_string(payload, '$.total_tax') as decimal(18, 2)) as tax,
                cast(json_extract_string(payload, '$.total_shipping_price_set.shop_money.amount') as decimal(18, 2)) as shipping,
                coalesce(list_sum(list_transform(json_extract_string(payload, '$.shipping_lines[*].discount_allocations[*].amount'),
                    x -> cast(x as decimal(18, 2)))), 0) as shipping_discount,
                unnest(from_json(json_extract(payload, '$.line_items'), '[{"price": "DECIMAL(18,2)", "quantity": "INTEGER",
                    "gift_card": "BOOLEAN", "discount_allocations": [{"amount": "DECIMAL(18,2)"}],
                    "tax_lines": [{"price": "DECIMAL(18,2)"}]}]')) as line
            from orders
        ),
        per_order as (
            select id, any_value(subtotal) as subtotal, any_value(gross) as gross, any_value(discounts) as discounts,
                any_value(total) as total, any_value(tax) as tax, any_value(shipping) as shipping,
                any_value(shipping_discount) as shipping_discount,
                sum(line.price * line.quantity) as line_gross,
                sum(line.price * line.quantity - coalesce(list_sum([d.amount for d in line.discount_allocations]), 0)) as line_revenue,
                sum(coalesce(list_sum([t.price for t in line.tax_lines]), 0)) as line_tax,
                sum(case when line.gift_card and (len(line.discount_allocations) > 0 or len(line.tax_lines) > 0)
                    then 1 else 0 end) as taxed_or_discounted_gift_cards
            from lines group by id
        )
        -- Shopify's identities: subtotal_price = lines after their discounts; total_discounts also
        -- counts the shipping discount, which subtotal_price does not include
        select count(*) from per_order
        where gross != line_gross or subtotal != line_revenue or subtotal != gross - (discounts - shipping_discount)
            or tax != line_tax or total != subtotal + shipping - shipping_discount + tax
            or taxed_or_discounted_gift_cards > 0""")
    assert bad == 0


def test_lifecycle_happens_after_the_order_and_before_the_cutoff(generated):
    cutoff = datetime(2026, 7, 1, 7, 0, tzinfo=timezone.utc)  # end of 2026-06-30 in Los Angeles
    assert _one(generated, "select max(received_at) from shopify") <= cutoff
    fulfilled_early = _one(generated, """
        select count(*) from shopify f join orders o on json_extract_string(f.payload, '$.order_id') = json_extract_string(o.payload, '$.id')
        where f.topic like 'fulfillments/%'
            and cast(json_extract_string(f.payload, '$.created_at') as timestamptz) < cast(json_extract_string(o.payload, '$.created_at') as timestamptz)""")
    assert fulfilled_early == 0
    refund_problems = _one(generated, """
        with refunds as (
            select json_extract_string(r.payload, '$.order_id') as order_id, cast(json_extract_string(r.payload, '$.created_at') as timestamptz) as created_at,
                cast(json_extract_string(r.payload, '$.refund_line_items[0].line_item_id') as bigint) as line_id,
                cast(json_extract_string(r.payload, '$.refund_line_items[0].subtotal') as decimal(18, 2)) as subtotal
            from shopify r where r.topic = 'refunds/create' and json_type(r.payload) = 'OBJECT'
        ),
        lines as (
            select json_extract_string(payload, '$.id') as order_id, cast(json_extract_string(payload, '$.created_at') as timestamptz) as created_at,
                unnest(from_json(json_extract(payload, '$.line_items'), '[{"id": "BIGINT", "price": "DECIMAL(18,2)", "quantity": "INTEGER",
                    "discount_allocations": [{"amount": "DECIMAL(18,2)"}]}]')) as line
            from orders
        )
        select count(*) from refunds r join lines l on r.order_id = l.order_id and r.line_id = l.line.id
        where r.created_at <= l.created_at
            or r.subtotal > l.line.price * l.line.quantity - coalesce(list_sum([d.amount for d in l.line.discount_allocations]), 0)""")
    assert refund_problems == 0
    assert _one(generated, "select count(*) from shopify where topic = 'refunds/create'") > 0


def test_sales_report_shapes_are_generated(generated):
    """Every shape staging reads for Shopify's Sales report appears: offline orders processed before they
    were created (on another local date for some), gift-card lines, free-shipping allocations, refunds of
    shipping in both of Shopify's forms, paid cancellations refunded and unpaid ones voided, cancellations
    weeks after the order."""
    processed_early = _one(generated, """select count(*) from orders where
        cast(json_extract_string(payload, '$.processed_at') as timestamptz) < cast(json_extract_string(payload, '$.created_at') as timestamptz)""")
    assert processed_early > 0
    assert _one(generated, "select count(*) from orders where cast(payload as varchar) like '%\"gift_card\":true%'") > 0
    assert _one(generated, "select count(*) from orders where json_extract_string(payload, '$.discount_codes[0].type') = 'shipping'") > 0
    shipping_refunds = generated.execute("""select count(*),
            count(*) filter (where json_extract_string(payload, '$.order_adjustments[0].kind') = 'shipping_refund')
        from shopify where topic = 'refunds/create' and json_array_length(json_extract(payload, '$.refund_shipping_lines')) > 0""").fetchone()
    assert shipping_refunds[0] > 0 and shipping_refunds[0] == shipping_refunds[1]
    cancelled = dict(generated.execute("""select json_extract_string(payload, '$.financial_status'), count(*) from orders
        where json_extract_string(payload, '$.cancelled_at') is not null group by 1""").fetchall())
    assert cancelled.get("refunded", 0) > 0 and cancelled.get("voided", 0) > 0
    cancel_refunds = _one(generated, "select count(*) from shopify where topic = 'refunds/create' "
                                     "and json_extract_string(payload, '$.refund_line_items[0].restock_type') = 'cancel'")
    assert cancel_refunds > 0
    # a refunded or cancelled line's current_quantity drops below its quantity (never below 0)
    current = generated.execute("""select count(*) filter (where line.current_quantity < line.quantity),
            count(*) filter (where line.current_quantity < 0 or line.current_quantity > line.quantity)
        from (select unnest(from_json(json_extract(payload, '$.line_items'),
            '[{"quantity": "INTEGER", "current_quantity": "INTEGER"}]')) as line from orders)""").fetchone()
    assert current[0] > 0 and current[1] == 0
    late = _one(generated, """select count(*) from orders where cast(json_extract_string(payload, '$.cancelled_at') as timestamptz)
        > cast(json_extract_string(payload, '$.created_at') as timestamptz) + interval 7 day""")
    assert late > 0


def test_realistic_shares(generated):
    share = lambda where: _one(generated, f"select avg(case when {where} then 1.0 else 0 end) from orders")  # noqa: E731
    assert 0.0 < share("cast(json_extract_string(payload, '$.test') as boolean)") < 0.02
    assert 0.005 < share("(json_extract_string(payload, '$.cancelled_at')) is not null") < 0.04
    # percentage codes (about a third of orders, most pro builders) and free-shipping codes
    assert 0.05 < share("json_array_length(json_extract(payload, '$.discount_codes')) > 0") < 0.40
    assert 0.80 < share("json_extract_string(payload, '$.fulfillment_status') = 'fulfilled'") < 0.99
    assert share("json_extract_string(payload, '$.fulfillment_status') = 'partial'") > 0.005
    # Spring build season: April outsells January.
    by_month = dict(generated.execute("""
        select month(cast(json_extract_string(payload, '$.created_at') as timestamptz)), count(*) from orders group by 1""").fetchall())
    assert by_month[4] > 1.2 * by_month[1]
    topics = dict(generated.execute("select topic, count(*) from shopify group by 1").fetchall())
    for topic in ("products/create", "customers/create", "orders/create", "orders/fulfilled", "orders/cancelled",
                  "fulfillments/create", "fulfillments/update", "refunds/create", "inventory_items/create",
                  "inventory_levels/update", "products/delete", "customers/delete"):
        assert topics.get(topic, 0) > 0, topic
    assert _one(generated, "select count(*) from shopify where topic = 'inventory_levels/update' "
                           "and cast(json_extract_string(payload, '$.available') as integer) = 0") > 0
    events = dict(generated.execute("select event, count(*) from chatwoot group by 1").fetchall())
    for event in ("conversation_created", "conversation_updated", "conversation_status_changed", "message_created"):
        assert events.get(event, 0) > 0, event
    kinds = dict(generated.execute("""select json_extract_string(payload, '$.message_type') || ':' ||
        coalesce(json_extract_string(payload, '$.sender.type'), 'none') ||
        case when cast(json_extract_string(payload, '$.private') as boolean) then ':private' else '' end, count(*)
        from chatwoot where event = 'message_created' group by 1""").fetchall())
    # Chatwoot sends no activity message by webhook; its CSAT survey is a template message without a sender
    assert set(kinds) == {"incoming:contact", "outgoing:user", "outgoing:user:private", "outgoing:agent_bot",
                          "template:none"}


def test_chatwoot_bodies_have_chatwoots_shapes(generated):
    conversations = "from chatwoot where event like 'conversation_%' and json_type(payload) = 'OBJECT'"
    # conversation bodies name no account: the delivery (the receiving endpoint) carries it
    assert _one(generated, f"select count(*) {conversations} and json_exists(payload, '$.account')") == 0
    assert _one(generated, "select count(*) from chatwoot where account_id is distinct from 1") == 0
    assert _one(generated, "select count(*) from chatwoot where event like 'message_%' "
                           "and json_extract(payload, '$.account.id')::int != 1") == 0
    # waiting_since is epoch seconds, 0 when nobody waits; first_reply_created_at an ISO string as Rails writes it
    assert _one(generated, f"select count(*) {conversations} and json_type(payload, '$.waiting_since') != 'UBIGINT'") == 0
    assert _one(generated, f"select count(*) {conversations} and json_extract(payload, '$.waiting_since')::bigint = 0") > 0
    replies = generated.execute(f"select json_extract_string(payload, '$.first_reply_created_at') {conversations} "
                                f"and json_extract_string(payload, '$.first_reply_created_at') is not null").fetchall()
    assert replies and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", r[0]) for r in replies)
    # messages[] holds the last public message: never a private note
    assert _one(generated, f"select count(*) {conversations} and json_extract(payload, '$.messages[0].private')::boolean") == 0
    # the CSAT rating arrives as a message_updated of the input_csat survey
    ratings = generated.execute("""select json_extract(payload, '$.content_attributes.submitted_values.csat_survey_response.rating')::int
        from chatwoot where event = 'message_updated' and json_extract_string(payload, '$.content_type') = 'input_csat'""").fetchall()
    assert ratings and {r[0] for r in ratings} <= {1, 2, 3, 4, 5}


def test_support_rates_are_the_ones_the_readme_states(generated):
    from hotrod.tools.generator.simulate import CX_RATES

    created = "from chatwoot where event = 'conversation_created' and json_type(payload) = 'OBJECT'"
    conversations = _one(generated, f"select count(distinct json_extract(payload, '$.id')) {created}")
    bot_first = _one(generated, f"select count(distinct json_extract(payload, '$.id')) {created} "
                                f"and json_extract_string(payload, '$.status') = 'pending'")
    assert abs(bot_first / conversations - CX_RATES["bot_inbox_share"]) < 0.06
    changes = "from chatwoot where event = 'conversation_status_changed' and json_type(payload) = 'OBJECT'"
    resolved = _one(generated, f"select count(distinct json_extract(payload, '$.id')) {changes} "
                               f"and json_extract_string(payload, '$.status') = 'resolved'")
    reopened = _one(generated, f"select count(distinct json_extract(payload, '$.id')) {changes} "
                               f"and json_extract_string(payload, '$.changed_attributes[0].status.previous_value') = 'resolved'")
    rated = _one(generated, "select count(distinct json_extract(payload, '$.id')) from chatwoot where event = 'message_updated' "
                            "and json_extract_string(payload, '$.content_type') = 'input_csat'")
    assert abs(reopened / resolved - CX_RATES["reopen_rate"]) < 0.03
    assert abs(rated / resolved - CX_RATES["csat_response_rate"]) < 0.06


def test_mess_at_controlled_rates(generated):
    total = _one(generated, "select count(*) from shopify")
    distinct = _one(generated, "select count(distinct event_id) from shopify")
    duplicate_rate = (total - distinct) / total
    assert 0.01 < duplicate_rate < 0.03
    retries = _one(generated, "select count(*) from shopify where event_id like 'retry-%'") / total
    # 1% of the order, product, customer and fulfillment events: about 0.4% of all deliveries
    assert 0.003 < retries < 0.02
    malformed = _one(generated, """select count(*) from shopify where json_type(payload) != 'OBJECT'
        or json_extract_string(payload, '$.id') is null and topic != 'inventory_levels/update'
        or try_cast(json_extract_string(payload, '$.updated_at') as timestamptz) is null and topic not like '%/delete' and topic != 'refunds/create'""")
    assert 0 < malformed / total < 0.002
    # Out of order: some version of an order arrives after a newer version of the same order.
    late = _one(generated, """
        with versions as (
            select json_extract_string(payload, '$.id') as id, cast(json_extract_string(payload, '$.updated_at') as timestamptz) as updated_at, received_at
            from shopify where topic like 'orders/%' and event_id like 'evt-%' and json_type(payload) = 'OBJECT'
                and try_cast(json_extract_string(payload, '$.updated_at') as timestamptz) is not null
        )
        select count(*) from (
            select updated_at < lag(updated_at) over (partition by id order by received_at, updated_at) as inverted
            from versions) where inverted""")
    assert late > 0


def test_ndjson_output_is_what_the_loader_reads(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_data.py"), "--out", str(tmp_path), "--orders", "200",
         "--days", "30", "--end", "2026-06-30", "--quiet"],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    shopify = parse_files("shopify", [tmp_path / "shopify.ndjson"])
    chatwoot = parse_files("chatwoot", [tmp_path / "chatwoot.ndjson"])
    assert shopify.lines > 1000 and chatwoot.lines > 10
    first = json.loads((tmp_path / "shopify.ndjson").open().readline())
    assert set(first["headers"]) >= {"X-Shopify-Topic", "X-Shopify-Event-Id", "X-Shopify-Triggered-At"}
    assert (tmp_path / "raw_ops.queue_items.ndjson").stat().st_size > 0


def test_bad_arguments_are_reported_without_a_traceback(tmp_path):
    for args in (["--orders", "0"], ["--orders", "many"], ["--end", "June"], ["--target", "nope"]):
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_data.py"), *args, "--out" if args[0] != "--target" else "--quiet",
                                 *( [str(tmp_path)] if args[0] != "--target" else [])],
                                capture_output=True, text=True)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert "error" in result.stderr.lower()


def test_mess_rates_are_the_documented_ones():
    assert (emit.DUPLICATE_RATE, emit.STALE_RETRY_RATE, emit.OUT_OF_ORDER_RATE, emit.MALFORMED_RATE) == (0.02, 0.01, 0.01, 0.0005)


class _FakeCursor:
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        self.conn.statements.append(sql)

    def fetchone(self):
        return (True,)  # pg_settings: the server has lz4

    def copy_expert(self, sql, buffer):
        with self.conn.shared["lock"]:
            self.conn.shared["copies"] += 1
            if self.conn.shared["copies"] == self.conn.shared.get("fail_at"):
                raise RuntimeError("COPY failed")
        self.conn.copied += buffer.read().count(b"\n")


class _FakeConnection:
    """A stand-in for a psycopg2 connection that records what the generator does with it."""

    def __init__(self, shared):
        self.shared, self.statements, self.copied = shared, [], 0
        self.commits = self.rollbacks = 0
        self.closed = False
        shared["connections"].append(self)

    def cursor(self):
        return _FakeCursor(self)

    def commit(self):
        self.commits += 1

    def rollback(self):
        self.rollbacks += 1

    def close(self):
        self.closed = True


def _fake_postgres(fail_at=None):
    import threading

    shared = {"connections": [], "copies": 0, "lock": threading.Lock(), "fail_at": fail_at}
    return shared, (lambda: _FakeConnection(shared))


def test_postgres_write_streams_every_row_and_commits_together(generated):
    shared, connect = _fake_postgres()
    counts = generator.write_postgres(generated, connect, replace=True, batch_rows=5000)
    setup, *streams, final = shared["connections"]
    assert len(streams) == 2 and all(c.closed for c in shared["connections"])
    assert any("compression lz4" in s for s in setup.statements)
    truncate = next(i for i, s in enumerate(setup.statements) if s.startswith("truncate "))
    dropped = next(i for i, s in enumerate(setup.statements) if s.startswith("drop index if exists "))
    assert truncate < dropped and "raw_shopify.webhook_events_event_id_idx" in setup.statements[dropped]
    assert counts["raw_shopify.webhook_events"] == _one(generated, "select count(*) from gen_shopify")
    assert sum(c.copied for c in streams) == sum(counts.values())  # every row went out, once
    assert all(c.copied > 0 for c in streams)  # both streams carried batches
    assert [(c.commits, c.rollbacks) for c in streams] == [(1, 0), (1, 0)]
    # the indexes are built again once the rows are in, then the tables analyzed
    built = [i for i, s in enumerate(final.statements) if s.startswith("create index if not exists webhook_events_")]
    analyzed = [i for i, s in enumerate(final.statements) if s.startswith("analyze ")]
    # event_id and received_at of both tables, and Shopify's topic
    assert len(built) == 5 and len(analyzed) == 1 and max(built) < analyzed[0]


def test_postgres_write_failure_rolls_every_stream_back(generated):
    shared, connect = _fake_postgres(fail_at=3)
    with pytest.raises(RuntimeError, match="COPY failed"):
        generator.write_postgres(generated, connect, replace=False, batch_rows=5000)
    setup, *streams, final = shared["connections"]
    assert len(streams) == 2
    assert all(c.commits == 0 and c.rollbacks >= 1 and c.closed for c in streams)
    # the indexes are there after a failure too; nothing is analyzed
    assert any(s.startswith("create index if not exists webhook_events_") for s in final.statements)
    assert not any(s.startswith("analyze ") for s in final.statements)


def test_no_delivery_lands_twice_at_one_instant_at_the_cutoff():
    """A dense week ends at the cutoff: deliveries due after it are not clamped onto their first copy's
    instant (the audit's shopify_one_delivery_per_event_and_instant refuses that; 4-5 per seed before)."""
    for seed in (1, 2):
        con = duckdb.connect()
        generator.generate(con, 3000, seed, END, days=7)
        for table in ("gen_shopify", "gen_chatwoot"):
            assert _one(con, f"select count(*) - count(distinct (event_id, received_at)) from {table}") == 0, (seed, table)
        assert _one(con, "select max(received_at) from gen_shopify") <= datetime(2026, 7, 1, 7, 0, tzinfo=timezone.utc)
        con.close()
