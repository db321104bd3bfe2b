"""Vectorised simulation of the store: customers, orders, fulfilments, refunds, stock, support and ops.

Everything here is numpy over whole columns (no per-order Python loop), so a
million orders take seconds. Times are epoch seconds (int64, UTC). The result
is a dict of column dicts that :mod:`hotrod.tools.generator.emit` turns into
webhook payloads with DuckDB.

Invariants kept (the staging and serving tests rely on them):
- every order has at least one line; subtotal = sum(line revenue);
  total = subtotal + shipping - shipping discount + tax; line revenue = price x qty - discount;
  tax = sum of the lines' tax (gift cards are neither discounted nor taxed);
- fulfilments, refunds and cancellations happen after their order and no
  later than the cutoff; a refund never exceeds its line's revenue;
- a conversation's first reply comes after it is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from hotrod.tools.generator.catalog import Catalog, build_catalog

HOUR = 3600
DAY = 86400
ARCHETYPES = ("pro_builder", "racer", "restorer", "weekend_warrior")
ARCHETYPE_SHARES = (0.07, 0.30, 0.27, 0.36)
AGENTS = ((12, "Dana"), (14, "Luis"), (15, "Priya"), (17, "Marcus"), (21, "Jen"), (23, "Tom"))
PRIORITIES = ("", "low", "medium", "high", "urgent")  # '' = no priority
PRIORITY_TARGET_MIN = {"": 1440, "low": 1440, "medium": 240, "high": 60, "urgent": 15}
PROVINCES = ("CA", "TX", "AZ", "FL", "OH", "MI", "PA", "NC", "GA", "WA", "OR", "NV", "CO", "TN", "IN")
TAX_RATE = {"CA": 0.0725, "TX": 0.0625, "AZ": 0.056, "FL": 0.06, "OH": 0.0575, "MI": 0.06, "PA": 0.06,
            "NC": 0.0475, "GA": 0.04, "WA": 0.065, "OR": 0.0, "NV": 0.0685, "CO": 0.029, "TN": 0.07, "IN": 0.07}
# Support (Chatwoot) rates, stated in the README: the share of conversations in the bot-first website
# chat, the share of those the bot resolves alone, the contacts who answer the CSAT survey, the
# resolved conversations the contact reopens, and the contacts whose Shopify customer id is a custom
# attribute (the others are linked by e-mail).
CX_RATES = {"bot_inbox_share": 0.40, "bot_resolved_share": 0.20, "csat_response_rate": 0.22, "reopen_rate": 0.06,
            "customer_attribute_share": 0.5}
TASK_CATEGORIES = ("order_triage", "inventory_review", "cx_review", "reporting", "fulfillment_followup")
TASK_BASELINE = {"order_triage": 45, "inventory_review": 40, "cx_review": 35, "reporting": 30, "fulfillment_followup": 25}


@dataclass(frozen=True)
class Window:
    """The simulated period: ``days`` local days ending on ``end`` (inclusive), cut at ``cutoff``."""

    start_epoch: int
    cutoff: int
    end: date
    days: int
    timezone: str

    @classmethod
    def build(cls, end: date, days: int, timezone: str, now: datetime | None = None) -> "Window":
        tz = ZoneInfo(timezone)
        start_local = datetime.combine(end - timedelta(days=days - 1), time(0), tz)
        cutoff_local = datetime.combine(end, time(23, 59, 59), tz)
        cutoff = int(cutoff_local.timestamp())
        if now is not None:
            cutoff = min(cutoff, int(now.timestamp()))
        return cls(int(start_local.timestamp()), cutoff, end, days, timezone)

    def day_starts(self) -> np.ndarray:
        """Epoch of local midnight of each day (DST-aware)."""
        tz = ZoneInfo(self.timezone)
        first = self.end - timedelta(days=self.days - 1)
        return np.array([int(datetime.combine(first + timedelta(days=i), time(0), tz).timestamp())
                         for i in range(self.days + 1)], dtype=np.int64)

    def day_dates(self) -> list[date]:
        first = self.end - timedelta(days=self.days - 1)
        return [first + timedelta(days=i) for i in range(self.days)]


def offsets_minutes(epochs: np.ndarray, timezone: str, lo: int, hi: int) -> np.ndarray:
    """UTC offset in minutes of ``timezone`` at each epoch (hourly lookup table over [lo, hi])."""
    base = lo - lo % HOUR - DAY
    hours = pd.date_range(pd.Timestamp(base, unit="s", tz="UTC"), pd.Timestamp(hi + 120 * DAY, unit="s", tz="UTC"), freq="h")
    local = hours.tz_convert(timezone)
    table = ((local.tz_localize(None) - hours.tz_localize(None)).total_seconds() // 60).astype(np.int64).to_numpy()
    index = np.clip((epochs - base) // HOUR, 0, len(table) - 1)
    return table[index]


def _day_weights(window: Window) -> np.ndarray:
    dates = window.day_dates()
    t = np.linspace(0.0, 1.0, len(dates))
    doy = np.array([d.timetuple().tm_yday for d in dates])
    weekday = np.array([d.weekday() for d in dates])
    growth = 0.55 + 0.9 * t
    spring = 1.0 + 0.55 * np.exp(-(((doy - 105) / 38.0) ** 2))  # spring build season
    winter = 1.0 - 0.18 * np.exp(-(((np.minimum(doy, 366 - doy + 30) - 15) / 30.0) ** 2))
    week = np.array([1.0, 1.02, 1.0, 0.98, 0.95, 0.85, 0.72])[weekday]
    bump = np.ones(len(dates))
    for i, d in enumerate(dates):
        if d.month == 11 and 23 <= d.day <= 30 and d.weekday() in (4, 0):  # Black Friday / Cyber Monday
            bump[i] = 2.4
    return growth * spring * winter * week * bump


def _times_in_days(rng, day_index: np.ndarray, day_starts: np.ndarray) -> np.ndarray:
    """A time of day for each event on its local day: a morning and an evening peak."""
    n = len(day_index)
    evening = rng.random(n) < 0.45
    hours = np.where(evening, rng.normal(20.0, 2.0, n), rng.normal(11.0, 2.5, n)) % 24.0
    length = day_starts[day_index + 1] - day_starts[day_index]
    return day_starts[day_index] + np.minimum((hours * HOUR).astype(np.int64), length - 1)


def _round_cents(x: np.ndarray) -> np.ndarray:
    return np.floor(x + 0.5).astype(np.int64)


def _line_ranges(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The concatenated index ranges [first, first + count)."""
    offsets = np.concatenate([[0], np.cumsum(count)])
    return np.arange(offsets[-1]) + np.repeat(first - offsets[:-1], count)


def _segment_sum(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, starts) if len(values) else np.zeros(0, dtype=values.dtype)


def simulate(orders: int, seed: int, window: Window, progress=None) -> dict:
    rng = np.random.default_rng(seed)
    step = (lambda label: progress(label)) if progress else (lambda label: None)
    out: dict = {"window": window}

    # ---- catalog -----------------------------------------------------------
    step("catalog")
    catalog: Catalog = build_catalog(rng, target_skus=4000 if orders >= 2000 else 400)
    out["catalog"] = catalog
    n_var = catalog.n_variants
    catalog_created = window.start_epoch - rng.integers(30, 400, catalog.n_products) * DAY
    out["product_created"] = catalog_created
    # A few products get an update (price or tag edit) mid-period; drafts that never sell are deleted.
    out["product_updated"] = np.where(
        rng.random(catalog.n_products) < 0.25,
        window.start_epoch + (rng.random(catalog.n_products) * (window.cutoff - window.start_epoch) * 0.9).astype(np.int64),
        catalog_created,
    )
    # ... and a few are edited in the last day and a half (catalog upkeep never stops).
    recent = rng.random(catalog.n_products) < 0.03
    out["product_updated"] = np.where(recent, window.cutoff - rng.integers(600, 36 * HOUR, catalog.n_products), out["product_updated"])
    out["product_deleted"] = ((catalog.p_status == "draft") & (rng.random(catalog.n_products) < 0.5)
                              & (out["product_updated"] + HOUR <= window.cutoff))

    # ---- customers ---------------------------------------------------------
    step("customers")
    n_cust = max(40, int(orders * 0.36))
    archetype = rng.choice(len(ARCHETYPES), n_cust, p=ARCHETYPE_SHARES)
    activity = rng.lognormal(0.0, 1.1, n_cust) * np.where(archetype == 0, 9.0, 1.0)
    out["customer_archetype"] = archetype

    # ---- orders ------------------------------------------------------------
    step("orders")
    day_starts = window.day_starts()
    weights = _day_weights(window)
    day_index = rng.choice(window.days, orders, p=weights / weights.sum())
    created = _times_in_days(rng, day_index, day_starts)
    late = created > window.cutoff
    while late.any():  # the end day is cut at the cutoff: move those orders earlier
        day_index[late] = rng.integers(0, window.days - 1, late.sum())
        created[late] = _times_in_days(rng, day_index[late], day_starts)
        late = created > window.cutoff
    created.sort()
    guest = rng.random(orders) < 0.03
    customer = rng.choice(n_cust, orders, p=activity / activity.sum())
    customer = np.where(guest, -1, customer)
    order_arch = np.where(guest, 3, archetype[np.maximum(customer, 0)])
    test = rng.random(orders) < 0.003
    province = rng.choice(len(PROVINCES), n_cust)
    order_province = np.where(guest, rng.integers(0, len(PROVINCES), orders), province[np.maximum(customer, 0)])

    # Customers exist from shortly before their first order; customers who never ordered are spread out.
    first_order = np.full(n_cust, np.iinfo(np.int64).max)
    has_customer = customer >= 0
    np.minimum.at(first_order, customer[has_customer], created[has_customer])
    never = first_order == np.iinfo(np.int64).max
    cust_created = np.where(never, window.start_epoch + (rng.random(n_cust) * (window.cutoff - window.start_epoch)).astype(np.int64),
                            first_order - rng.integers(60, 3 * DAY, n_cust))
    order_count = np.bincount(customer[has_customer], minlength=n_cust)
    pro_tagged = (archetype == 0) & (rng.random(n_cust) < 0.75)
    cust_updated = np.where(rng.random(n_cust) < 0.3, cust_created + rng.integers(DAY, 200 * DAY, n_cust), cust_created)
    cust_updated = np.where(cust_updated > window.cutoff, cust_created, cust_updated)
    out["customers"] = {
        "n": n_cust, "created": cust_created, "updated": cust_updated, "province": province,
        "pro_tagged": pro_tagged, "subscribed": rng.random(n_cust) < 0.55,
        "deleted": never & (rng.random(n_cust) < 0.05) & (cust_created + 30 * DAY <= window.cutoff),
        "first_name": rng.integers(0, 40, n_cust), "last_name": rng.integers(0, 40, n_cust),
        "order_count": order_count,
    }

    # ---- lines -------------------------------------------------------------
    step("order lines")
    lam = np.array([2.3, 1.3, 1.4, 0.9])[order_arch]
    # A few orders add a gift card (their last line), which Shopify's Sales report leaves out.
    gift_order = (~test) & (rng.random(orders) < 0.012)
    n_lines = np.minimum(1 + rng.poisson(lam), 12) + gift_order
    line_order = np.repeat(np.arange(orders), n_lines)
    n_line_total = len(line_order)
    line_arch = order_arch[line_order]
    base = catalog.v_weight
    prefs = [
        base * np.where(catalog.v_max_qty > 1, 2.0, 1.0),                       # pro: fittings and hose in volume
        base * np.where(catalog.v_performance, 10.0, 0.15),                    # racer
        base * np.where(catalog.v_restoration, 10.0, 0.15),                    # restorer
        base,                                                                   # weekend warrior
    ]
    variant = np.empty(n_line_total, dtype=np.int64)
    for a, p in enumerate(prefs):
        mask = line_arch == a
        variant[mask] = rng.choice(n_var, mask.sum(), p=p / p.sum())
    starts = np.concatenate([[0], np.cumsum(n_lines)[:-1]])
    is_gift_line = np.zeros(n_line_total, dtype=bool)
    is_gift_line[(starts + n_lines - 1)[gift_order]] = True
    gift_variants = np.flatnonzero(catalog.v_gift_card)
    variant[is_gift_line] = gift_variants[rng.integers(0, len(gift_variants), is_gift_line.sum())]
    max_qty = catalog.v_max_qty[variant]
    quantity = np.where(max_qty > 1, 1 + rng.binomial(max_qty - 1, 0.3), 1 + (rng.random(n_line_total) < 0.06))
    quantity = np.where(line_arch == 0, quantity + rng.poisson(np.where(max_qty > 1, 4, 0.3)), quantity)
    quantity = np.where(is_gift_line, 1, quantity)
    price = catalog.v_price_cents[variant]
    gross = price * quantity

    # Discounts: a code on some orders, allocated to every line but a gift card by percentage; or a
    # free-shipping code, allocated to the shipping line.
    step("discounts and totals")
    code = np.zeros(orders, dtype=np.int64)  # 0 none, 1 BUILDSEASON10, 2 WELCOME10, 3 HOTROD15, 4 PRO20, 5 FREESHIP
    roll = rng.random(orders)
    code = np.where(roll < 0.05, 1, code)
    code = np.where((roll >= 0.05) & (roll < 0.09), 2, code)
    code = np.where((roll >= 0.09) & (roll < 0.12), 3, code)
    code = np.where((order_arch == 0) & (rng.random(orders) < 0.6), 4, code)
    pct = np.array([0.0, 0.10, 0.10, 0.15, 0.20, 0.0])[code]
    line_discount = np.where(is_gift_line, 0, _round_cents(gross * pct[line_order]))
    line_revenue = gross - line_discount
    total_line_items = _segment_sum(gross, starts)
    line_discounts = _segment_sum(line_discount, starts)
    subtotal = total_line_items - line_discounts
    merchandise = subtotal - _segment_sum(np.where(is_gift_line, line_revenue, 0), starts)
    heavy = _segment_sum((price >= 24995).astype(np.int64), starts) > 0
    shipping = np.where(merchandise >= 9900, 0, np.where(heavy, 2495, 995))
    code = np.where((code == 0) & (shipping > 0) & (rng.random(orders) < 0.05), 5, code)
    shipping_discount = np.where(code == 5, shipping, 0)
    total_discounts = line_discounts + shipping_discount
    taxed = rng.random(orders) < 0.45
    rate = np.array([TAX_RATE[p] for p in PROVINCES])[order_province]
    # Tax is charged per line (Shopify's line tax_lines); shipping is not taxed in these states.
    line_tax = np.where(taxed[line_order] & ~is_gift_line, _round_cents(line_revenue * rate[line_order]), 0)
    tax = _segment_sum(line_tax, starts)
    total = subtotal + shipping - shipping_discount + tax

    # ---- order lifecycle -----------------------------------------------------
    step("fulfilments, cancellations, refunds")
    cutoff = window.cutoff
    cancelled = (~test) & (rng.random(orders) < 0.015)
    cancel_at = np.where(cancelled, created + rng.integers(HOUR // 2, 36 * HOUR, orders), 0)
    cancelled &= cancel_at <= cutoff
    cancel_at = np.where(cancelled, cancel_at, 0)
    # About a third of the cancelled orders were never paid: cancelling voids them (no refund).
    pending = (rng.random(orders) < 0.02) | (cancelled & (rng.random(orders) < 0.35))
    paid_at = np.where(pending, created + rng.integers(HOUR, 30 * HOUR, orders), created)
    pending_open = pending & ((paid_at > cutoff) | cancelled)

    fulfillable = (~test) & (~cancelled)
    delay = (rng.lognormal(np.log(18.0), 0.75, orders) * HOUR).astype(np.int64)
    outcome = rng.random(orders)
    failed = fulfillable & (outcome < 0.02)
    partial = fulfillable & (outcome >= 0.02) & (outcome < 0.06) & (n_lines >= 2)
    first_at = created + delay
    # Fulfilment record sets: (order, time, status, covers lines 'all'|'first part'|'rest', shipment)
    f_order, f_time, f_status, f_part = [], [], [], []
    ok_full = fulfillable & ~failed & ~partial & (first_at <= cutoff)
    f_order.append(np.flatnonzero(ok_full)); f_time.append(first_at[ok_full]); f_status.append(np.full(ok_full.sum(), 0)); f_part.append(np.full(ok_full.sum(), 0))
    fail_now = failed & (first_at <= cutoff)
    f_order.append(np.flatnonzero(fail_now)); f_time.append(first_at[fail_now]); f_status.append(np.where(rng.random(fail_now.sum()) < 0.5, 1, 2)); f_part.append(np.full(fail_now.sum(), 0))
    retry_at = first_at + rng.integers(DAY, 3 * DAY, orders)
    retried = fail_now & (rng.random(orders) < 0.6) & (retry_at <= cutoff)
    f_order.append(np.flatnonzero(retried)); f_time.append(retry_at[retried]); f_status.append(np.full(retried.sum(), 0)); f_part.append(np.full(retried.sum(), 0))
    part_now = partial & (first_at <= cutoff)
    f_order.append(np.flatnonzero(part_now)); f_time.append(first_at[part_now]); f_status.append(np.full(part_now.sum(), 0)); f_part.append(np.full(part_now.sum(), 1))
    rest_at = first_at + rng.integers(3 * DAY, 10 * DAY, orders)
    rest = part_now & (rng.random(orders) < 0.5) & (rest_at <= cutoff)
    f_order.append(np.flatnonzero(rest)); f_time.append(rest_at[rest]); f_status.append(np.full(rest.sum(), 0)); f_part.append(np.full(rest.sum(), 2))
    f_order = np.concatenate(f_order); f_time = np.concatenate(f_time)
    f_status = np.concatenate(f_status); f_part = np.concatenate(f_part)
    order_by = np.lexsort((f_order, f_time))
    f_order, f_time, f_status, f_part = f_order[order_by], f_time[order_by], f_status[order_by], f_part[order_by]
    n_f = len(f_order)
    # Shipment progress by age at the cutoff; a few parcels get stuck or fail.
    age = cutoff - f_time
    ship_roll = rng.random(n_f)
    delivered_at = f_time + (rng.lognormal(np.log(3.0), 0.4, n_f) * DAY).astype(np.int64)
    shipment = np.where(age < 12 * HOUR, 1, np.where(delivered_at > cutoff, 2, 3))  # 1 label_printed 2 in_transit 3 delivered
    shipment = np.where((shipment == 3) & (ship_roll < 0.012), 2, shipment)       # stuck in transit
    shipment = np.where((shipment == 3) & (ship_roll > 0.995), 4, shipment)       # failure
    shipment = np.where((shipment == 3) & (ship_roll > 0.985) & (ship_roll <= 0.995), 5, shipment)  # attempted_delivery
    shipment = np.where(f_status != 0, 0, shipment)                                # failed fulfilments never ship
    f_update_at = np.where(shipment >= 3, np.minimum(delivered_at, cutoff), np.where(shipment == 2, np.minimum(f_time + DAY, cutoff), f_time))
    # A failed fulfilment that is never retried ends in a cancellation one to four weeks later.
    late_cancel_at = first_at + rng.integers(7 * DAY, 28 * DAY, orders)
    late_cancel = fail_now & ~retried & (rng.random(orders) < 0.5) & (late_cancel_at <= cutoff)
    cancelled = cancelled | late_cancel
    cancel_at = np.where(late_cancel, late_cancel_at, cancel_at)
    out["fulfillments"] = {"order": f_order, "created": f_time, "status": f_status, "part": f_part,
                           "shipment": shipment, "updated": np.maximum(f_update_at, f_time),
                           "carrier": rng.integers(0, 3, n_f)}

    # Which lines does each order have fulfilled, and when (for order versions).
    ok = f_status == 0
    full_at = np.full(orders, np.iinfo(np.int64).max)
    part_at = np.full(orders, np.iinfo(np.int64).max)
    np.minimum.at(full_at, f_order[ok & (f_part != 1)], f_time[ok & (f_part != 1)])
    np.minimum.at(part_at, f_order[ok & (f_part == 1)], f_time[ok & (f_part == 1)])

    # Refunds: some fulfilled orders, days or weeks later, one line (never the gift card), part of its
    # quantity; a refund of the whole order refunds its shipping too.
    ever_fulfilled = full_at < np.iinfo(np.int64).max
    refund_order = np.flatnonzero(ever_fulfilled & (rng.random(orders) < 0.05))
    r_at = full_at[refund_order] + (rng.lognormal(np.log(9.0), 0.8, len(refund_order)) * DAY).astype(np.int64)
    keep = r_at <= cutoff
    refund_order, r_at = refund_order[keep], r_at[keep]
    goods_lines = n_lines - gift_order
    r_line = starts[refund_order] + (rng.random(len(refund_order)) * goods_lines[refund_order]).astype(np.int64)
    r_qty = 1 + (rng.random(len(refund_order)) * quantity[r_line]).astype(np.int64)
    r_qty = np.minimum(r_qty, quantity[r_line])
    whole_line = r_qty == quantity[r_line]
    r_sub = np.where(whole_line, line_revenue[r_line], line_revenue[r_line] * r_qty // quantity[r_line])
    r_tax = np.where(whole_line, line_tax[r_line], np.where(line_tax[r_line] > 0, _round_cents(r_sub * rate[refund_order]), 0))
    r_full = (n_lines[refund_order] == 1) & whole_line
    # A paid order cancelled is refunded at once, every line and its shipping; an unpaid one is voided.
    cancel_refund = np.flatnonzero(cancelled & ~pending_open)
    c_lines = _line_ranges(starts[cancel_refund], n_lines[cancel_refund])
    n_partial, n_cancel = len(refund_order), len(cancel_refund)
    out["refunds"] = {
        "order": np.concatenate([refund_order, cancel_refund]),
        "created": np.concatenate([r_at, cancel_at[cancel_refund]]),
        "restock": np.concatenate([rng.random(n_partial) < 0.7, np.ones(n_cancel, dtype=bool)]),
        "full": np.concatenate([r_full, np.ones(n_cancel, dtype=bool)]),
        "cancel": np.concatenate([np.zeros(n_partial, dtype=bool), np.ones(n_cancel, dtype=bool)]),
        "reason": np.concatenate([rng.integers(0, 5, n_partial), np.full(n_cancel, 5)]),
        "shipping": np.concatenate([np.where(r_full, (shipping - shipping_discount)[refund_order], 0),
                                    (shipping - shipping_discount)[cancel_refund]]),
    }
    out["refund_lines"] = {
        "refund": np.concatenate([np.arange(n_partial), n_partial + np.repeat(np.arange(n_cancel), n_lines[cancel_refund])]),
        "line": np.concatenate([r_line, c_lines]),
        "quantity": np.concatenate([r_qty, quantity[c_lines]]),
        "subtotal": np.concatenate([r_sub, line_revenue[c_lines]]),
        "tax": np.concatenate([r_tax, line_tax[c_lines]]),
    }

    # Line-level fulfilment: a partial order's last line waits for the 'rest' fulfilment.
    is_last_line = np.zeros(n_line_total, dtype=bool)
    is_last_line[starts + n_lines - 1] = True
    line_fulfilled_at = np.where(is_last_line & partial[line_order], full_at[line_order],
                                 np.minimum(full_at, part_at)[line_order])

    # Offline point-of-sale orders sync later: Shopify dates them by processed_at, before created_at.
    source = rng.choice(3, orders, p=(0.86, 0.10, 0.04))
    offline = (source == 2) & (rng.random(orders) < 0.5)
    processed = np.where(offline, created - rng.integers(10 * 60, 2 * DAY, orders), created)

    out["orders"] = {
        "n": orders, "created": created, "processed": processed, "customer": customer, "arch": order_arch, "test": test,
        "province": order_province, "n_lines": n_lines, "starts": starts,
        "total_line_items": total_line_items, "total_discounts": total_discounts, "subtotal": subtotal,
        "shipping": shipping, "shipping_discount": shipping_discount, "tax": tax, "total": total, "rate": rate,
        "taxed": taxed, "code": code, "cancelled": cancelled,
        "cancel_at": cancel_at, "cancel_reason": rng.integers(0, 4, orders), "pending": pending,
        "paid_at": paid_at, "pending_open": pending_open, "full_at": full_at, "part_at": part_at,
        "source": source,
    }
    out["lines"] = {"order": line_order, "variant": variant, "quantity": quantity, "price": price,
                    "discount": line_discount, "revenue": line_revenue, "tax": line_tax, "gift_card": is_gift_line,
                    "fulfilled_at": line_fulfilled_at}

    # ---- inventory -----------------------------------------------------------
    step("inventory")
    out["inventory"] = _simulate_inventory(rng, window, day_starts, day_index, created, line_order, variant, quantity, n_var, catalog)

    # ---- support -------------------------------------------------------------
    step("support conversations")
    out["conversations"] = _simulate_conversations(rng, window, orders, created, customer, test)

    # ---- ops -----------------------------------------------------------------
    step("ops tables")
    out["ops"] = _simulate_ops(rng, window, day_starts)
    return out


def _simulate_inventory(rng, window, day_starts, day_index, created, line_order, variant, quantity, n_var, catalog):
    """Daily stock per SKU: sales draw it down, reorders arrive after a lead time; some SKUs run out."""
    days = window.days
    order_day = np.searchsorted(day_starts, created, side="right") - 1
    sold = np.zeros((days, n_var), dtype=np.int64)
    np.add.at(sold, (order_day[line_order], variant), quantity)
    mean_daily = sold.mean(axis=0) + 0.02
    target = np.ceil(mean_daily * rng.uniform(35, 120, n_var)).astype(np.int64) + rng.integers(2, 12, n_var)
    reorder_point = np.ceil(mean_daily * 14).astype(np.int64) + 1
    neglected = rng.random(n_var) < 0.06          # reorders stop: these stock out
    overstocked = rng.random(n_var) < 0.05         # far more stock than demand
    target = np.where(overstocked, target * 8 + 50, target)
    level = target.copy()
    on_order_until = np.full(n_var, -1)
    neglect_from = rng.integers(int(days * 0.55), days, n_var)
    changes_day, changes_var, changes_level = [], [], []
    # initial levels on the first day for every SKU
    stocked = ~catalog.v_gift_card  # a gift card's stock is not tracked: no inventory levels
    changes_day.append(np.zeros(stocked.sum(), dtype=np.int64)); changes_var.append(np.flatnonzero(stocked))
    changes_level.append(level[stocked])
    for d in range(days):
        arriving = on_order_until == d
        level = np.where(arriving, level + target, level)
        on_order_until = np.where(arriving, -1, on_order_until)
        level = np.maximum(level - sold[d], 0)
        needs = (level <= reorder_point) & (on_order_until < 0) & ~(neglected & (d >= neglect_from))
        on_order_until = np.where(needs, d + rng.integers(5, 21, n_var), on_order_until)
        changed = ((sold[d] > 0) | arriving) & stocked
        if changed.any():
            idx = np.flatnonzero(changed)
            changes_day.append(np.full(len(idx), d, dtype=np.int64)); changes_var.append(idx); changes_level.append(level[idx])
    c_day = np.concatenate(changes_day)
    c_var = np.concatenate(changes_var)
    c_level = np.concatenate(changes_level)
    # The level update is sent late in the local day of the change (after that day's sales).
    c_time = np.minimum(day_starts[c_day] + 22 * HOUR + rng.integers(0, 3000, len(c_day)), window.cutoff)
    c_time = np.where(c_day == 0, window.start_epoch - rng.integers(HOUR, 5 * HOUR, len(c_day)), c_time)
    return {"day": c_day, "variant": c_var, "available": c_level, "updated": c_time,
            "tracked": (rng.random(n_var) < 0.97) & stocked}


def _simulate_conversations(rng, window, orders, created, customer, test):
    """Support conversations as Chatwoot runs them (see the rates in CX_RATES and the README).

    A share arrive in the website chat inbox, whose bot answers first: the
    conversation starts ``pending``, the bot replies within seconds, and then
    either resolves it alone or hands it off to the agents (``pending`` to
    ``open``). The first agent reply is timed from the handoff (or the
    creation, in the e-mail inbox); the contact may write again and be
    answered; most conversations are resolved, and a CSAT survey goes out at
    the first resolution, which some contacts rate. Some resolved
    conversations are reopened by the contact the next day, answered and
    resolved again; a few unresolved ones are snoozed.
    """
    rates = CX_RATES
    cutoff = window.cutoff
    n_conv = max(20, int(orders * 0.09))
    about_order = rng.random(n_conv) < 0.7
    candidates = np.flatnonzero(~test)
    order_ref = candidates[rng.integers(0, len(candidates), n_conv)]
    conv_created = np.where(
        about_order,
        created[order_ref] + (rng.lognormal(np.log(3.0), 0.9, n_conv) * DAY).astype(np.int64),
        window.start_epoch + (rng.random(n_conv) * (cutoff - window.start_epoch)).astype(np.int64),
    )
    conv_created = np.minimum(conv_created, cutoff - rng.integers(60, 6 * HOUR, n_conv))
    conv_created = np.maximum(conv_created, window.start_epoch)
    sort = np.argsort(conv_created, kind="stable")
    conv_created, about_order, order_ref = conv_created[sort], about_order[sort], order_ref[sort]
    mood = rng.choice(3, n_conv, p=(0.25, 0.45, 0.30))  # 0 negative, 1 neutral, 2 positive
    priority = np.where(mood == 0, rng.choice(5, n_conv, p=(0.1, 0.1, 0.3, 0.35, 0.15)),
                        rng.choice(5, n_conv, p=(0.45, 0.25, 0.2, 0.08, 0.02)))
    target_min = np.array([PRIORITY_TARGET_MIN[p] for p in PRIORITIES])[priority]

    # Bot-first website chat: the bot answers, then resolves alone or hands off to the agents.
    bot = rng.random(n_conv) < rates["bot_inbox_share"]
    bot_resolves = bot & (rng.random(n_conv) < rates["bot_resolved_share"])
    bot_resolve_at = conv_created + rng.integers(60, 10 * 60, n_conv)
    handoff_at = conv_created + np.clip((rng.lognormal(np.log(4.0), 0.8, n_conv) * 60).astype(np.int64), 30, 45 * 60)
    handed_off = bot & ~bot_resolves & (handoff_at <= cutoff)
    bot_resolved = bot_resolves & (bot_resolve_at <= cutoff)
    clock_start = np.where(bot, handoff_at, conv_created)

    # The first agent reply, timed from the handoff (or the creation); 15% miss the target.
    breach = rng.random(n_conv) < 0.15
    reply_min = np.where(breach, target_min * rng.uniform(1.1, 3.0, n_conv), target_min * rng.beta(2, 5, n_conv))
    first_reply = clock_start + np.maximum((reply_min * 60).astype(np.int64), 30)
    replied = ~bot_resolves & (first_reply <= cutoff)
    note = rng.random(n_conv) < 0.3
    note_at = np.where(bot_resolves, conv_created + 20 * 60, first_reply + 600)
    note &= (replied | bot_resolved) & (note_at <= cutoff)
    followup = replied & (rng.random(n_conv) < 0.5)
    followup_at = first_reply + (rng.lognormal(np.log(2.0), 0.8, n_conv) * HOUR).astype(np.int64)
    followup &= followup_at <= cutoff
    followup_reply_at = followup_at + (rng.lognormal(np.log(1.5), 0.8, n_conv) * HOUR).astype(np.int64)
    followup_reply = followup & (followup_reply_at <= cutoff) & (rng.random(n_conv) < 0.9)
    resolve_at = first_reply + (rng.lognormal(np.log(20.0), 1.0, n_conv) * HOUR).astype(np.int64)
    resolve_at = np.maximum(resolve_at, np.where(followup_reply, followup_reply_at + 60, np.where(followup, followup_at + 60, 0)))
    resolve_at = np.where(bot_resolves, bot_resolve_at, resolve_at)
    resolved = np.where(bot_resolves, bot_resolved, replied & (rng.random(n_conv) < 0.94) & (resolve_at <= cutoff))

    # The CSAT survey goes out at the first resolution; some contacts answer it.
    csat_rated = resolved & (rng.random(n_conv) < rates["csat_response_rate"])
    csat_rated_at = resolve_at + 1 + (rng.lognormal(np.log(2.0), 1.0, n_conv) * HOUR).astype(np.int64)
    csat_rated &= csat_rated_at <= cutoff
    rating_p = np.array([(0.20, 0.20, 0.25, 0.20, 0.15), (0.01, 0.03, 0.08, 0.38, 0.50), (0.00, 0.01, 0.04, 0.25, 0.70)])
    rating = 1 + (rng.random(n_conv)[:, None] > np.cumsum(rating_p[mood], axis=1)).sum(axis=1)
    rating = np.minimum(rating, 5)

    # Reopens: the contact writes again about a day later; the bot inbox goes through pending and a handoff.
    reopen_at = resolve_at + (rng.lognormal(np.log(20.0), 0.6, n_conv) * HOUR).astype(np.int64)
    reopened = resolved & (rng.random(n_conv) < rates["reopen_rate"]) & (reopen_at <= cutoff)
    reopen_handoff_at = reopen_at + np.clip((rng.lognormal(np.log(3.0), 0.8, n_conv) * 60).astype(np.int64), 30, 45 * 60)
    reopen_open_at = np.where(bot, reopen_handoff_at, reopen_at)
    reopen_handoff = reopened & bot & (reopen_handoff_at <= cutoff)
    reopen_reply_at = reopen_open_at + (rng.lognormal(np.log(40.0), 0.9, n_conv) * 60).astype(np.int64)
    reopen_reply = reopened & (~bot | reopen_handoff) & (reopen_reply_at <= cutoff)
    reresolve_at = reopen_reply_at + (rng.lognormal(np.log(2.0), 0.8, n_conv) * HOUR).astype(np.int64)
    reresolved = reopen_reply & (reresolve_at <= cutoff) & (rng.random(n_conv) < 0.9)

    # A few unresolved conversations with nothing more to say are snoozed after the first reply.
    snooze_at = first_reply + 30 * 60
    snoozed = replied & ~resolved & ~followup & (snooze_at <= cutoff) & (rng.random(n_conv) < 0.25)

    assignee = np.where(rng.random(n_conv) < 0.08, -1, rng.integers(0, len(AGENTS), n_conv))
    topic = np.where(about_order, rng.choice(4, n_conv, p=(0.5, 0.2, 0.15, 0.15)), 4)  # 0 status 1 return 2 damaged 3 wrong part 4 fitment q
    conv_customer = np.where(about_order, customer[order_ref], rng.integers(-1, max(1, customer.max() + 1), n_conv))
    return {
        "n": n_conv, "created": conv_created, "about_order": about_order, "order": order_ref,
        "customer": conv_customer,
        # the contact's custom attribute links it to its Shopify customer for some; the others only share its e-mail
        "customer_attribute": (conv_customer >= 0) & (rng.random(n_conv) < rates["customer_attribute_share"]),
        "email_known": (conv_customer >= 0) | (rng.random(n_conv) < 0.6),
        "mood": mood, "priority": priority, "bot": bot, "handed_off": handed_off, "handoff_at": handoff_at,
        "bot_resolved": bot_resolved, "first_reply": first_reply, "replied": replied,
        "note": note, "note_at": note_at, "followup": followup, "followup_at": followup_at,
        "followup_reply": followup_reply, "followup_reply_at": followup_reply_at,
        "resolve_at": resolve_at, "resolved": resolved,
        "csat_rated": csat_rated, "csat_rated_at": csat_rated_at, "rating": rating,
        "reopened": reopened, "reopen_at": reopen_at, "reopen_handoff": reopen_handoff,
        "reopen_handoff_at": reopen_handoff_at, "reopen_reply": reopen_reply, "reopen_reply_at": reopen_reply_at,
        "reresolved": reresolved, "reresolve_at": reresolve_at, "snoozed": snoozed, "snooze_at": snooze_at,
        "assignee": assignee, "topic": topic, "variant_text": rng.integers(0, 6, n_conv),
    }


def _simulate_ops(rng, window, day_starts):
    days = window.days
    dates = window.day_dates()
    # App installs across merchant shops, with activation inside or after the 7-day window.
    n_shops = max(30, days // 2)
    installed = window.start_epoch + (rng.random(n_shops) * (window.cutoff - window.start_epoch)).astype(np.int64)
    activates = rng.random(n_shops) < 0.72
    activated = installed + (rng.lognormal(np.log(2.0), 1.0, n_shops) * DAY).astype(np.int64)
    activates &= activated <= window.cutoff
    uninstalls = rng.random(n_shops) < 0.12
    uninstalled = np.maximum(activated, installed) + rng.integers(5 * DAY, 120 * DAY, n_shops)
    uninstalls &= uninstalled <= window.cutoff

    # Operator queue: items every day, actions on most, some corrections recorded later.
    per_day = rng.poisson(14, days)
    q_day = np.repeat(np.arange(days), per_day)
    n_q = len(q_day)
    q_created = day_starts[q_day] + rng.integers(7 * HOUR, 19 * HOUR, n_q)
    q_created = np.minimum(q_created, window.cutoff - 60)
    q_type = rng.choice(4, n_q, p=(0.35, 0.25, 0.3, 0.1))
    q_prio = rng.choice(3, n_q, p=(0.2, 0.5, 0.3))  # high medium low
    q_sla = q_created + np.array([4, 12, 24])[q_prio] * HOUR
    q_operator = rng.integers(1, 6, n_q)
    respond_at = q_created + (rng.lognormal(np.log(1.5), 0.9, n_q) * HOUR).astype(np.int64)
    resolve_at = respond_at + (rng.lognormal(np.log(4.0), 1.0, n_q) * HOUR).astype(np.int64)
    q_corrected = rng.random(n_q) < 0.02

    # CEO time savings: daily calculated entries per task, some manual notes and one allowed negative.
    t_day = np.repeat(np.arange(days), len(TASK_CATEGORIES))
    t_task = np.tile(np.arange(len(TASK_CATEGORIES)), days)
    baseline = np.array([TASK_BASELINE[t] for t in TASK_CATEGORIES])[t_task]
    progress_share = np.linspace(0.85, 0.25, days)[t_day]
    spent = np.maximum(np.round(baseline * progress_share * rng.uniform(0.7, 1.3, len(t_day)), 1), 0.0)
    manual = rng.random(len(t_day)) < 0.03
    negative = manual & (rng.random(len(t_day)) < 0.1)
    spent = np.where(negative, baseline * 1.4, spent)
    return {
        "dates": dates, "day_starts": day_starts,
        "shops": {"installed": installed, "activates": activates, "activated": activated,
                  "uninstalls": uninstalls, "uninstalled": uninstalled},
        "queue": {"day": q_day, "created": q_created, "type": q_type, "priority": q_prio, "sla": q_sla,
                  "operator": q_operator, "respond_at": respond_at, "resolve_at": resolve_at,
                  "corrected": q_corrected},
        "time_savings": {"day": t_day, "task": t_task, "spent": spent, "manual": manual, "negative": negative},
    }
