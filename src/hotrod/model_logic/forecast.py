"""Per-SKU daily demand forecast for intermittent demand, and the projected stock-out date.

Most parts sell on few days: a -12 AN bulkhead may sell twice a month, one
unit at a time. Averaging such a series, or smoothing it day by day, chases
the zeros. Croston's method instead smooths two things separately, updated
only on days with a sale: the size of a sale (z) and the interval between
sales (p), with smoothing constant alpha; demand per day is z / p. The
Syntetos-Boylan approximation (SBA) removes Croston's known upward bias by
multiplying by (1 - alpha / 2).

Each SKU's history (the `history_days` days ending at the as-of date) is
first classified with the Syntetos-Boylan-Croston scheme, from the average
inter-demand interval (ADI) and the squared coefficient of variation of the
non-zero sale sizes (CV²), cut-offs 1.32 and 0.49:
  smooth (ADI < 1.32, CV² < 0.49), erratic (ADI < 1.32, CV² >= 0.49),
  intermittent (ADI >= 1.32, CV² < 0.49), lumpy (ADI >= 1.32, CV² >= 0.49),
  no_demand (no sale in the history).
SBA forecasts intermittent and lumpy demand; simple exponential smoothing
(SES, same alpha) forecasts smooth and erratic demand; no_demand forecasts 0.

Everything is vectorised over a SKU x day matrix: the loop runs over days,
not SKUs, so thousands of SKUs take milliseconds.

The projection divides the units available by the forecast:
forecast_days_of_cover = max(units, 0) / forecast, and the stock-out date is
the as-of date plus floor(units / forecast) days (the as-of date itself when
nothing is available; none when the forecast is 0 or the stock unknown).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from hotrod.model_logic.columns import require_columns

SALES_COLUMNS = ("sku", "sale_date", "units")
LEVEL_COLUMNS = ("sku", "quantity_available")

ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

OUTPUT_SCHEMA = pa.schema(
    [
        ("sku", pa.string()),
        ("demand_class", pa.string()),
        ("forecast_method", pa.string()),
        ("forecast_daily_units", pa.float64()),
        ("adi", pa.float64()),
        ("cv2", pa.float64()),
        ("nonzero_days", pa.int64()),
        ("forecast_days_of_cover", pa.float64()),
        ("projected_stockout_date", pa.date32()),
    ]
)


def _as_date(value) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


def demand_matrix(daily_units: pd.DataFrame, as_of_date, history_days: int) -> tuple[np.ndarray, np.ndarray]:
    """(skus, matrix) with one row per SKU and one column per day of the history, oldest first."""
    require_columns(daily_units, SALES_COLUMNS, function="demand_matrix", argument="daily_units")
    end = _as_date(as_of_date)
    start = end - dt.timedelta(days=history_days - 1)
    frame = daily_units[list(SALES_COLUMNS)].copy()
    frame["sale_date"] = pd.to_datetime(frame["sale_date"]).dt.date
    frame = frame[(frame["sale_date"] >= start) & (frame["sale_date"] <= end)]
    skus = np.array(sorted(daily_units["sku"].astype(str).unique()), dtype=object)
    matrix = np.zeros((len(skus), history_days), dtype=np.float64)
    if len(frame):
        rows = np.searchsorted(skus, frame["sku"].astype(str).to_numpy())
        cols = np.array([(d - start).days for d in frame["sale_date"]], dtype=np.int64)
        np.add.at(matrix, (rows, cols), frame["units"].astype(float).to_numpy())
    return skus, matrix


def classify(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(demand_class, adi, cv2, nonzero_days) per row of a SKU x day matrix."""
    days = matrix.shape[1]
    nonzero = matrix > 0
    counts = nonzero.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        adi = np.where(counts > 0, days / counts, np.nan)
        sums = np.where(nonzero, matrix, 0).sum(axis=1)
        means = np.where(counts > 0, sums / counts, np.nan)
        squares = np.where(nonzero, (matrix - means[:, None]) ** 2, 0).sum(axis=1)
        variance = np.where(counts > 0, squares / counts, np.nan)
        cv2 = np.where(counts > 0, variance / means**2, np.nan)
    classes = np.select(
        [counts == 0, (adi < ADI_CUTOFF) & (cv2 < CV2_CUTOFF), adi < ADI_CUTOFF, cv2 < CV2_CUTOFF],
        ["no_demand", "smooth", "erratic", "intermittent"],
        default="lumpy",
    )
    return classes, adi, cv2, counts


def sba(matrix: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    """Croston's method with the Syntetos-Boylan bias correction, per row; 0 for rows without sales."""
    n = matrix.shape[0]
    size = np.full(n, np.nan)
    interval = np.full(n, np.nan)
    since = np.zeros(n)
    for day in range(matrix.shape[1]):
        demand = matrix[:, day]
        since += 1
        sale = demand > 0
        first = sale & np.isnan(size)
        later = sale & ~first
        size[first] = demand[first]
        interval[first] = since[first]
        size[later] += alpha * (demand[later] - size[later])
        interval[later] += alpha * (since[later] - interval[later])
        since[sale] = 0
    with np.errstate(invalid="ignore"):
        forecast = (1 - alpha / 2) * size / interval
    return np.nan_to_num(forecast, nan=0.0)


def ses(matrix: np.ndarray, alpha: float = 0.1) -> np.ndarray:
    """Simple exponential smoothing of daily demand, started at the first day, per row."""
    level = matrix[:, 0].astype(np.float64).copy()
    for day in range(1, matrix.shape[1]):
        level += alpha * (matrix[:, day] - level)
    return level


def forecast_demand(daily_units: pd.DataFrame, as_of_date, history_days: int = 180, alpha: float = 0.1) -> pd.DataFrame:
    """Per SKU: demand_class, forecast_method, forecast_daily_units, adi, cv2, nonzero_days."""
    skus, matrix = demand_matrix(daily_units, as_of_date, history_days)
    classes, adi, cv2, counts = classify(matrix)
    croston = sba(matrix, alpha)
    smoothed = ses(matrix, alpha) if matrix.shape[0] else np.zeros(0)
    use_sba = np.isin(classes, ["intermittent", "lumpy"])
    use_ses = np.isin(classes, ["smooth", "erratic"])
    forecast = np.where(use_sba, croston, np.where(use_ses, smoothed, 0.0))
    method = np.where(use_sba, "sba", np.where(use_ses, "ses", "none"))
    return pd.DataFrame(
        {
            "sku": skus.astype(str),
            "demand_class": classes,
            "forecast_method": method,
            "forecast_daily_units": np.round(np.maximum(forecast, 0.0), 4),
            "adi": np.round(adi, 4),
            "cv2": np.round(cv2, 4),
            "nonzero_days": counts.astype("int64"),
        }
    )


def project_stockout(quantity: float | None, forecast_daily_units: float, as_of_date) -> tuple[float | None, dt.date | None]:
    """(forecast_days_of_cover, projected_stockout_date) for one SKU (see the module docstring)."""
    as_of = _as_date(as_of_date)
    if quantity is None or (isinstance(quantity, float) and np.isnan(quantity)):
        return None, None
    if quantity <= 0:
        return (0.0 if forecast_daily_units > 0 else None), as_of
    if forecast_daily_units <= 0:
        return None, None
    cover = float(quantity) / float(forecast_daily_units)
    return round(cover, 1), as_of + dt.timedelta(days=int(np.floor(cover)))


def forecast_with_stockout(daily_units: pd.DataFrame, levels: pd.DataFrame, as_of_date,
                           history_days: int = 180, alpha: float = 0.1) -> pd.DataFrame:
    """forecast_demand for every SKU with sales or stock, plus cover and the projected stock-out date."""
    require_columns(daily_units, SALES_COLUMNS, function="forecast_with_stockout", argument="daily_units")
    require_columns(levels, LEVEL_COLUMNS, function="forecast_with_stockout", argument="levels")
    all_skus = sorted(set(daily_units["sku"].astype(str)) | set(levels["sku"].dropna().astype(str)))
    forecasts = forecast_demand(daily_units, as_of_date, history_days, alpha).set_index("sku")
    result = pd.DataFrame({"sku": all_skus})
    for column in ("demand_class", "forecast_method"):
        result[column] = result["sku"].map(forecasts[column]).fillna("no_demand" if column == "demand_class" else "none")
    result["forecast_daily_units"] = result["sku"].map(forecasts["forecast_daily_units"]).fillna(0.0).astype("float64")
    result["adi"] = result["sku"].map(forecasts["adi"]).astype("float64")
    result["cv2"] = result["sku"].map(forecasts["cv2"]).astype("float64")
    result["nonzero_days"] = result["sku"].map(forecasts["nonzero_days"]).fillna(0).astype("int64")
    quantity = levels.dropna(subset=["sku"]).drop_duplicates("sku").set_index("sku")["quantity_available"]
    projections = [
        project_stockout(None if pd.isna(q) else float(q), f, as_of_date)
        for q, f in zip(result["sku"].map(quantity), result["forecast_daily_units"])
    ]
    result["forecast_days_of_cover"] = pd.Series([p[0] for p in projections], dtype="float64")
    # object dtype: with no SKU at all an empty list would become float64, which Arrow cannot cast to date32
    result["projected_stockout_date"] = pd.Series([p[1] for p in projections], dtype="object")
    return result[OUTPUT_SCHEMA.names]
