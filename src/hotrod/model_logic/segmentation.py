"""Every customer in exactly one of five hot-rod segments, by an ordered decision list.

The rules are tried in order and the first that applies wins, so every
customer gets exactly one segment (the precedence is the
`customer_segment_definitions` seed):

1. first_timer: at most one counted order (`max_orders`: 1). One order says
   nothing yet about what kind of builder someone is; customers with no
   counted order are here too.
2. pro_builder: tagged as a shop (wholesale, shop or builder), or repeat
   high-volume buying: at least 6 counted orders (`pro_min_orders`) and
   $3,000 spent (`pro_min_spent`). Roughly a build per season plus parts
   runs: more than a hobbyist's yearly project.
3. racer: at least half the units bought in performance / racing categories
   (`racer_min_share`: 0.5; fuel pumps, regulators, carburetors, ignition
   boxes, per the `product_taxonomy` seed).
4. restorer: at least half the units bought in restoration categories or
   for vintage fitment, a vehicle year of 1979 or older
   (`restorer_min_share`: 0.5, `vintage_max_year`: 1979).
5. weekend_warrior: every other repeat buyer, the hobbyist.

A share is of units, not money, so one carburetor does not outweigh a
season of fittings. Thresholds live in DEFAULT_RULES and can be overridden.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa

DEFAULT_RULES = {
    "max_orders": 1,
    "pro_min_orders": 6,
    "pro_min_spent": 3000.0,
    "racer_min_share": 0.5,
    "restorer_min_share": 0.5,
    "vintage_max_year": 1979,
}

SEGMENTS = ("first_timer", "pro_builder", "racer", "restorer", "weekend_warrior")

OUTPUT_SCHEMA = pa.schema(
    [
        ("customer_id", pa.int64()),
        ("segment", pa.string()),
        ("segment_reason", pa.string()),
        ("segment_rank", pa.int64()),
        ("restoration_units_share", pa.float64()),
    ]
)


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


def restoration_units_share(product_units: pd.DataFrame, fitment: pd.DataFrame, vintage_max_year: int | None = None) -> pd.Series:
    """Share of each customer's units that are restoration parts or fit a vintage vehicle.

    product_units: customer_id, product_id, units, is_restoration_category.
    fitment: product_id, vehicle_years (list of ints or None).
    Returns a Series indexed by customer_id (NaN for customers with no units).
    """
    limit = DEFAULT_RULES["vintage_max_year"] if vintage_max_year is None else vintage_max_year
    vintage_products = {
        int(pid) for pid, years in zip(fitment["product_id"], fitment["vehicle_years"])
        if years is not None and not (isinstance(years, float) and np.isnan(years)) and len(years) and min(years) <= limit
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
    return pd.Series(np.round(share, 4), index=totals.index, name="restoration_units_share")


def segment_customers(features: pd.DataFrame, rules: dict | None = None) -> pd.DataFrame:
    """One row per customer_id with segment, segment_reason, segment_rank (see the module docstring)."""
    r = {**DEFAULT_RULES, **(rules or {})}
    frame = features.sort_values("customer_id").drop_duplicates("customer_id", keep="last").reset_index(drop=True)
    orders = np.nan_to_num(_floats(frame["orders_count"]), nan=0.0)
    spent = np.nan_to_num(_floats(frame["total_spent"]), nan=0.0)
    racing = _floats(frame["racing_units_share"]) if "racing_units_share" in frame else np.full(len(frame), np.nan)
    restoration = (_floats(frame["restoration_units_share"]) if "restoration_units_share" in frame
                   else np.full(len(frame), np.nan))
    tagged = _bools(frame["is_wholesale_tagged"]) if "is_wholesale_tagged" in frame else np.zeros(len(frame), dtype=bool)

    is_first = orders <= r["max_orders"]
    is_volume = (orders >= r["pro_min_orders"]) & (spent >= r["pro_min_spent"])
    is_pro = tagged | is_volume
    is_racer = np.nan_to_num(racing, nan=0.0) >= r["racer_min_share"]
    is_restorer = np.nan_to_num(restoration, nan=0.0) >= r["restorer_min_share"]
    conditions = [is_first, is_pro, is_racer, is_restorer]
    segment = np.select(conditions, list(SEGMENTS[:4]), default=SEGMENTS[4])
    rank = np.select(conditions, [1, 2, 3, 4], default=5)

    def plural(n: float) -> str:
        return f"{int(n)} order" + ("" if int(n) == 1 else "s")

    reasons = []
    for i in range(len(frame)):
        if is_first[i]:
            reasons.append(plural(orders[i]))
        elif is_pro[i]:
            reasons.append("shop tag" if tagged[i] else f"{plural(orders[i])}, ${spent[i]:,.0f} spent")
        elif is_racer[i]:
            reasons.append(f"{racing[i]:.0%} racing units")
        elif is_restorer[i]:
            reasons.append(f"{restoration[i]:.0%} restoration units")
        else:
            reasons.append(f"{plural(orders[i])}, repeat hobbyist")
    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].astype("int64").to_numpy(),
            "segment": segment,
            "segment_reason": reasons,
            "segment_rank": rank.astype("int64"),
            "restoration_units_share": restoration,
        }
    )[OUTPUT_SCHEMA.names]
