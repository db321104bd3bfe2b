"""Every customer in exactly one of five hot-rod segments, by an ordered decision list.

The segments, their order and their thresholds are the
`customer_segment_definitions` seed: its rules are tried in `precedence`
order (lowest first) and the first that applies wins, so every customer gets
exactly one segment. With the seed as shipped:

1. first_timer: at most one counted order (seed column `max_orders`: 1).
   One order says nothing yet about what kind of builder someone is;
   customers with no counted order are here too.
2. pro_builder: tagged as a shop (wholesale, shop or builder), or repeat
   high-volume buying: at least `min_orders` (6) counted orders and
   `min_spent` ($3,000) spent. Roughly a build per season plus parts runs:
   more than a hobbyist's yearly project.
3. racer: a share of at least `min_units_share` (0.5) of the units bought
   in performance / racing categories (fuel pumps, regulators, carburetors,
   ignition boxes, per the `product_taxonomy` seed).
4. restorer: a share of at least `min_units_share` (0.5) of the units
   bought in restoration categories or for vintage fitment: a vehicle year
   no later than the dbt var `vintage_max_year` (1979).
5. weekend_warrior: everyone the rules before it leave, the repeat
   hobbyist. It has no threshold: it is the decision list's catch-all.

A share is of units, not money, so one carburetor does not outweigh a
season of fittings. Which columns each segment reads is `RULES`; a seed
that names a segment without a rule, leaves one out, or lacks a threshold
a rule reads is refused with its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from hotrod.model_logic.columns import require_columns

#: Shares are rounded like the SQL features' shares (macro `ratio`, scale 4).
SHARE_DECIMALS = 4

FEATURE_COLUMNS = ("customer_id", "orders_count", "total_spent", "is_wholesale_tagged", "racing_units_share",
                   "restoration_units_share")
PRODUCT_UNITS_COLUMNS = ("customer_id", "product_id", "units", "is_restoration_category")
FITMENT_COLUMNS = ("product_id", "vehicle_years")

OUTPUT_SCHEMA = pa.schema(
    [
        ("customer_id", pa.int64()),
        ("segment", pa.string()),
        ("segment_reason", pa.string()),
        ("segment_rank", pa.int64()),
        ("restoration_units_share", pa.float64()),
    ]
)


@dataclass(frozen=True)
class _Customers:
    """The features the rules read, one array element per customer (missing numbers 0, missing flags false)."""

    orders: np.ndarray
    spent: np.ndarray
    tagged: np.ndarray
    racing: np.ndarray
    restoration: np.ndarray


def _plural(orders: float) -> str:
    return f"{int(orders)} order" + ("" if int(orders) == 1 else "s")


@dataclass(frozen=True)
class Rule:
    """One segment's test: the seed columns it reads, which customers it applies to, and why (per customer)."""

    thresholds: tuple[str, ...]
    applies: Callable[[_Customers, dict], np.ndarray]
    reason: Callable[[_Customers, int], str]


RULES = {
    "first_timer": Rule(
        ("max_orders",),
        lambda c, t: c.orders <= t["max_orders"],
        lambda c, i: _plural(c.orders[i])),
    "pro_builder": Rule(
        ("min_orders", "min_spent"),
        lambda c, t: c.tagged | ((c.orders >= t["min_orders"]) & (c.spent >= t["min_spent"])),
        lambda c, i: "shop tag" if c.tagged[i] else f"{_plural(c.orders[i])}, ${c.spent[i]:,.0f} spent"),
    "racer": Rule(
        ("min_units_share",),
        lambda c, t: np.nan_to_num(c.racing, nan=0.0) >= t["min_units_share"],
        lambda c, i: f"{c.racing[i]:.0%} racing units"),
    "restorer": Rule(
        ("min_units_share",),
        lambda c, t: np.nan_to_num(c.restoration, nan=0.0) >= t["min_units_share"],
        lambda c, i: f"{c.restoration[i]:.0%} restoration units"),
    "weekend_warrior": Rule(
        (),
        lambda c, t: np.ones(len(c.orders), dtype=bool),
        lambda c, i: f"{_plural(c.orders[i])}, repeat hobbyist"),
}
THRESHOLD_COLUMNS = tuple(dict.fromkeys(column for rule in RULES.values() for column in rule.thresholds))
DEFINITION_COLUMNS = ("segment", "precedence", *THRESHOLD_COLUMNS)


class SegmentDefinitionError(ValueError):
    """The segment seed does not describe a decision list this module can run."""


def _floats(series: pd.Series) -> np.ndarray:
    """Numbers as float64 whatever the database gave (Decimal, None, ints); missing -> nan."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=np.float64, na_value=np.nan)  # vectorized: no Python object per value
    return np.array([float(v) if isinstance(v, (int, float, Decimal, np.number)) and v == v else np.nan for v in series],
                    dtype=np.float64)


def _bools(series: pd.Series) -> np.ndarray:
    """Booleans whatever the database gave; missing -> False."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.to_numpy(dtype=bool, na_value=False)
    return np.array([bool(v) if v is not None and v == v else False for v in series], dtype=bool)


def restoration_units_share(product_units: pd.DataFrame, fitment: pd.DataFrame, vintage_max_year: int) -> pd.Series:
    """Share of each customer's units that are restoration parts or fit a vintage vehicle.

    product_units: customer_id, product_id, units, is_restoration_category.
    fitment: product_id, vehicle_years (list of ints or None).
    vintage_max_year: a product fitting a vehicle of this year or older is vintage (dbt var `vintage_max_year`).
    Returns a Series indexed by customer_id (NaN for customers with no units).
    """
    require_columns(product_units, PRODUCT_UNITS_COLUMNS, function="restoration_units_share", argument="product_units")
    require_columns(fitment, FITMENT_COLUMNS, function="restoration_units_share", argument="fitment")
    vintage_products = {
        int(pid) for pid, years in zip(fitment["product_id"], fitment["vehicle_years"])
        if years is not None and not (isinstance(years, float) and np.isnan(years)) and len(years)
        and min(years) <= vintage_max_year
    }
    units = _floats(product_units["units"])
    restoration = (
        _bools(product_units["is_restoration_category"])
        | product_units["product_id"].isin(vintage_products).to_numpy()
    )
    frame = pd.DataFrame({"customer_id": product_units["customer_id"].astype("int64"), "units": units,
                          "restoration": np.where(restoration, units, 0.0)})
    totals = frame.groupby("customer_id")[["units", "restoration"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(totals["units"] > 0, totals["restoration"] / totals["units"], np.nan)
    return pd.Series(np.round(share, SHARE_DECIMALS), index=totals.index, name="restoration_units_share")


def decision_list(definitions: pd.DataFrame) -> list[tuple[str, int, dict]]:
    """(segment, precedence, thresholds) of each seed row, in precedence order, checked against RULES."""
    require_columns(definitions, DEFINITION_COLUMNS, function="segment_customers", argument="definitions")
    named = [str(s) for s in definitions["segment"]]
    unknown = sorted(set(named) - set(RULES))
    missing = sorted(set(RULES) - set(named))
    if unknown or missing or len(named) != len(set(named)):
        raise SegmentDefinitionError(
            f"customer_segment_definitions must list each of the segments {', '.join(RULES)} once; "
            f"without a rule: {unknown or 'none'}, left out: {missing or 'none'}, "
            f"repeated: {sorted({s for s in named if named.count(s) > 1}) or 'none'}")
    precedence = _floats(definitions["precedence"])
    if np.isnan(precedence).any() or len(set(precedence)) != len(precedence):
        raise SegmentDefinitionError(f"customer_segment_definitions: precedence must be set and distinct, "
                                     f"got {dict(zip(named, definitions['precedence']))}")
    steps = []
    for position, segment in sorted(zip(precedence, named)):
        row = definitions.loc[definitions["segment"].astype(str) == segment].iloc[0]
        thresholds = {column: float(row[column]) for column in RULES[segment].thresholds if not pd.isna(row[column])}
        unset = [column for column in RULES[segment].thresholds if column not in thresholds]
        if unset:
            raise SegmentDefinitionError(
                f"customer_segment_definitions: segment {segment!r} needs a value in column(s) {', '.join(unset)}")
        steps.append((segment, int(position), thresholds))
    return steps


def segment_customers(features: pd.DataFrame, definitions: pd.DataFrame) -> pd.DataFrame:
    """One row per customer_id with segment, segment_reason, segment_rank (its segment's precedence).

    features: FEATURE_COLUMNS (int_customers__features and the restoration share);
    definitions: the `customer_segment_definitions` seed (DEFINITION_COLUMNS).
    """
    require_columns(features, FEATURE_COLUMNS, function="segment_customers", argument="features")
    steps = decision_list(definitions)
    frame = features.sort_values("customer_id").drop_duplicates("customer_id", keep="last").reset_index(drop=True)
    customers = _Customers(
        orders=np.nan_to_num(_floats(frame["orders_count"]), nan=0.0),
        spent=np.nan_to_num(_floats(frame["total_spent"]), nan=0.0),
        tagged=_bools(frame["is_wholesale_tagged"]),
        racing=_floats(frame["racing_units_share"]),
        restoration=_floats(frame["restoration_units_share"]),
    )
    # the first rule that applies wins: its index in the decision list, per customer
    applies = np.array([RULES[segment].applies(customers, thresholds) for segment, _, thresholds in steps])
    chosen = applies.argmax(axis=0)  # weekend_warrior applies to everyone, so every customer has a first rule
    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("int64").to_numpy(),
            "segment": np.array([segment for segment, _, _ in steps], dtype=object)[chosen],
            "segment_reason": [RULES[steps[step][0]].reason(customers, i) for i, step in enumerate(chosen)],
            "segment_rank": np.array([position for _, position, _ in steps], dtype="int64")[chosen],
            "restoration_units_share": customers.restoration,
        }
    )[OUTPUT_SCHEMA.names]
