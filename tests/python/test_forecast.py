"""Intermittent-demand forecasting and the stock-out projection."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from hotrod.model_logic.columns import MissingColumnsError
from hotrod.model_logic.forecast import OUTPUT_SCHEMA, forecast_demand, forecast_with_stockout, project_stockout

AS_OF = dt.date(2026, 6, 30)


def _series(sku: str, values: list[float]) -> pd.DataFrame:
    start = AS_OF - dt.timedelta(days=len(values) - 1)
    return pd.DataFrame([{"sku": sku, "sale_date": start + dt.timedelta(days=i), "units": v}
                         for i, v in enumerate(values) if v > 0])


def _croston_sba_reference(values: list[float], alpha: float) -> float:
    """A plain per-series loop, written independently of the vectorised implementation."""
    size = interval = None
    periods = 0
    for value in values:
        periods += 1
        if value > 0:
            if size is None:
                size, interval = value, periods
            else:
                size = size + alpha * (value - size)
                interval = interval + alpha * (periods - interval)
            periods = 0
    return 0.0 if size is None else (1 - alpha / 2) * size / interval


def test_constant_demand_is_smooth_and_forecast_near_the_constant():
    result = forecast_demand(_series("A", [3.0] * 60), AS_OF, history_days=60)
    row = result.iloc[0]
    assert row["demand_class"] == "smooth" and row["forecast_method"] == "ses"
    assert abs(row["forecast_daily_units"] - 3.0) < 1e-6


def test_intermittent_series_matches_a_reference_sba_loop():
    values = [0, 0, 2, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0] * 3
    result = forecast_demand(_series("B", values), AS_OF, history_days=len(values), alpha=0.2)
    row = result.iloc[0]
    assert row["forecast_method"] == "sba"
    assert row["demand_class"] in ("intermittent", "lumpy")
    assert row["forecast_daily_units"] == round(_croston_sba_reference(values, 0.2), 4)


def test_classification_cutoffs():
    lumpy = [0, 0, 0, 10, 0, 0, 0, 1, 0, 0, 0, 12, 0, 0, 0, 1] * 4
    erratic = [1, 9, 1, 12, 2, 10, 1, 11] * 8
    intermittent = [0, 2, 0, 0, 2, 0, 0, 2] * 8
    frame = pd.concat([_series("L", lumpy), _series("E", erratic), _series("I", intermittent)])
    classes = dict(forecast_demand(frame, AS_OF, history_days=64)[["sku", "demand_class"]].values)
    assert classes == {"E": "erratic", "I": "intermittent", "L": "lumpy"}


def test_no_sales_in_the_history_is_no_demand():
    old = pd.DataFrame([{"sku": "Z", "sale_date": AS_OF - dt.timedelta(days=400), "units": 5}])
    row = forecast_demand(old, AS_OF, history_days=180).iloc[0]
    assert row["demand_class"] == "no_demand" and row["forecast_daily_units"] == 0 and row["nonzero_days"] == 0


def test_stockout_projection_cases():
    assert project_stockout(10, 2.5, AS_OF) == (4.0, AS_OF + dt.timedelta(days=4))
    assert project_stockout(7, 0.7, AS_OF) == (10.0, AS_OF + dt.timedelta(days=10))
    assert project_stockout(-3, 1.0, AS_OF) == (0.0, AS_OF)
    assert project_stockout(0, 0.0, AS_OF) == (None, AS_OF)
    assert project_stockout(5, 0.0, AS_OF) == (None, None)
    assert project_stockout(None, 1.0, AS_OF) == (None, None)


def test_forecast_with_stockout_covers_skus_with_sales_or_stock():
    sales = _series("A", [1.0] * 30)
    levels = pd.DataFrame({"sku": ["A", "B"], "quantity_available": [10, 4]})
    result = forecast_with_stockout(sales, levels, AS_OF, history_days=30)
    assert list(result.columns) == OUTPUT_SCHEMA.names
    assert result["sku"].tolist() == ["A", "B"]
    b = result.iloc[1]
    assert b["demand_class"] == "no_demand" and b["forecast_daily_units"] == 0.0
    assert pd.isna(b["projected_stockout_date"])
    a = result.iloc[0]
    assert a["projected_stockout_date"] == AS_OF + dt.timedelta(days=10)


def test_thousands_of_skus_are_fast_and_order_independent():
    rng = np.random.default_rng(1)
    rows = []
    for sku in range(5000):
        for day in np.flatnonzero(rng.random(180) < 0.1):
            rows.append({"sku": f"S{sku:05d}", "sale_date": AS_OF - dt.timedelta(days=int(day)), "units": int(rng.integers(1, 4))})
    frame = pd.DataFrame(rows)
    started = time.perf_counter()
    first = forecast_demand(frame, AS_OF)
    assert time.perf_counter() - started < 5
    second = forecast_demand(frame.sample(frac=1.0, random_state=2), AS_OF)
    pd.testing.assert_frame_equal(first, second)


def test_no_sales_and_no_stock_is_an_empty_table_of_the_output_schema():
    """A fresh install, before any webhook has landed: the model returns an empty table, not an error."""
    sales = pd.DataFrame({"sku": pd.Series(dtype=str), "sale_date": pd.Series(dtype="datetime64[ns]"),
                          "units": pd.Series(dtype=float)})
    levels = pd.DataFrame({"sku": pd.Series(dtype=str), "quantity_available": pd.Series(dtype=float)})
    result = forecast_with_stockout(sales, levels, AS_OF, history_days=30)
    table = pa.Table.from_pandas(result[list(OUTPUT_SCHEMA.names)], schema=OUTPUT_SCHEMA, preserve_index=False)
    assert table.num_rows == 0 and table.schema == OUTPUT_SCHEMA


@pytest.mark.parametrize("argument, column", [("daily_units", "sku"), ("daily_units", "sale_date"),
                                              ("daily_units", "units"), ("levels", "sku"),
                                              ("levels", "quantity_available")])
def test_a_missing_input_column_fails_with_its_name(argument, column):
    inputs = {"daily_units": _series("A", [1.0] * 5), "levels": pd.DataFrame({"sku": ["A"], "quantity_available": [4]})}
    inputs[argument] = inputs[argument].drop(columns=[column])
    with pytest.raises(MissingColumnsError,
                       match=f"forecast_with_stockout: the input `{argument}` has no column '{column}'"):
        forecast_with_stockout(inputs["daily_units"], inputs["levels"], AS_OF, history_days=30)
    if argument == "daily_units":
        with pytest.raises(MissingColumnsError, match=f"the input `daily_units` has no column '{column}'"):
            forecast_demand(inputs["daily_units"], AS_OF, history_days=30)
