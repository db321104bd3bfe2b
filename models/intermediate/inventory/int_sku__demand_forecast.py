"""Per-SKU demand forecast for intermittent demand and the projected stock-out date.

Glue only: the forecasting method and the projection are ``hotrod.model_logic.forecast`` (tested by pytest).
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import forecast

    as_of_date = dbt.ref("int_calendar__as_of").df()["as_of_date"].iloc[0]
    history_days = int(dbt.config.get("forecast_history_days"))
    daily_sales = (
        dbt.ref("int_sku__daily_sales")
        .filter(f"sale_date <= DATE '{as_of_date}' and sale_date > DATE '{as_of_date}' - {history_days}")
        .project("sku, sale_date, units")
        .df()
    )
    levels = (
        dbt.ref("int_inventory__daily_levels")
        .filter(f"snapshot_date = DATE '{as_of_date}'")
        .project("sku, quantity_available")
        .df()
    )
    result = forecast.forecast_with_stockout(daily_sales, levels, as_of_date, history_days=history_days)
    return pa.Table.from_pandas(
        result[list(forecast.OUTPUT_SCHEMA.names)], schema=forecast.OUTPUT_SCHEMA, preserve_index=False
    )
