"""The customer segment decision list, branch by branch."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from hotrod.model_logic.segmentation import OUTPUT_SCHEMA, restoration_units_share, segment_customers


def _customer(customer_id, orders, spent, tagged=False, racing=0.0, restoration=0.0):
    return {"customer_id": customer_id, "orders_count": orders, "total_spent": spent, "is_wholesale_tagged": tagged,
            "racing_units_share": racing, "restoration_units_share": restoration}


def _segments(*customers):
    result = segment_customers(pd.DataFrame(list(customers)))
    return dict(zip(result["customer_id"], result["segment"])), result


def test_each_branch():
    segments, result = _segments(
        _customer(1, 1, 120.0),
        _customer(2, 0, 0.0),
        _customer(3, 3, 800.0, tagged=True),
        _customer(4, 8, 4200.0),
        _customer(5, 3, 900.0, racing=0.72),
        _customer(6, 2, 500.0, restoration=0.6),
        _customer(7, 4, 700.0, racing=0.2, restoration=0.3),
    )
    assert segments == {1: "first_timer", 2: "first_timer", 3: "pro_builder", 4: "pro_builder", 5: "racer",
                        6: "restorer", 7: "weekend_warrior"}
    reasons = dict(zip(result["customer_id"], result["segment_reason"]))
    assert reasons[3] == "shop tag" and reasons[4] == "8 orders, $4,200 spent" and reasons[5] == "72% racing units"
    assert list(result.columns) == OUTPUT_SCHEMA.names


def test_precedence_conflicts():
    segments, _ = _segments(
        _customer(1, 1, 5000.0, tagged=True),  # a shop's first order: first_timer first
        _customer(2, 7, 3500.0, racing=0.9),  # a racing shop: pro_builder before racer
        _customer(3, 3, 600.0, racing=0.5, restoration=0.9),  # racer before restorer
        _customer(4, 6, 2999.0),  # just under the spend threshold
    )
    assert segments == {1: "first_timer", 2: "pro_builder", 3: "racer", 4: "weekend_warrior"}


def test_decimals_and_missing_values_from_the_database():
    frame = pd.DataFrame([
        {"customer_id": 1, "orders_count": 9, "total_spent": Decimal("3100.00"), "is_wholesale_tagged": None,
         "racing_units_share": None, "restoration_units_share": float("nan")},
        {"customer_id": 1, "orders_count": 9, "total_spent": Decimal("3100.00"), "is_wholesale_tagged": None,
         "racing_units_share": None, "restoration_units_share": float("nan")},
    ])
    result = segment_customers(frame)
    assert result["customer_id"].tolist() == [1] and result["segment"].tolist() == ["pro_builder"]


def test_every_customer_exactly_once_whatever_the_order():
    customers = [_customer(i, i % 9, 400.0 * (i % 9), tagged=i % 17 == 0, racing=(i % 5) / 4, restoration=(i % 7) / 6)
                 for i in range(1000)]
    frame = pd.DataFrame(customers)
    first = segment_customers(frame)
    second = segment_customers(frame.sample(frac=1.0, random_state=4))
    assert first["customer_id"].tolist() == list(range(1000))
    pd.testing.assert_frame_equal(first, second)


def test_restoration_share_counts_restoration_categories_and_vintage_fitment():
    units = pd.DataFrame({
        "customer_id": [1, 1, 1, 2],
        "product_id": [10, 11, 12, 12],
        "units": [2, 1, 1, 4],
        "is_restoration_category": [True, False, False, False],
    })
    fitment = pd.DataFrame({"product_id": [10, 11, 12], "vehicle_years": [[], [1955, 1956], [2010]]})
    share = restoration_units_share(units, fitment)
    assert share.to_dict() == {1: 0.75, 2: 0.0}


def test_typed_columns_read_like_python_objects():
    """Nullable database types (Int32, Float64, boolean) take the vectorized path and agree with objects."""
    typed = pd.DataFrame({
        "customer_id": pd.Series([1, 2, 3], dtype="int64"),
        "orders_count": pd.Series([9, None, 2], dtype="Int32"),
        "total_spent": pd.Series([3100.0, 50.0, None], dtype="Float64"),
        "is_wholesale_tagged": pd.Series([False, None, True], dtype="boolean"),
        "racing_units_share": pd.Series([0.1, None, 0.0], dtype="Float64"),
        "restoration_units_share": pd.Series([0.0, 0.9, None], dtype="Float64"),
    })
    objects = typed.astype(object).where(typed.notna(), None)
    objects["total_spent"] = [Decimal("3100.00"), Decimal("50.00"), None]
    from_typed, from_objects = segment_customers(typed), segment_customers(objects)
    assert from_typed["segment"].tolist() == ["pro_builder", "first_timer", "pro_builder"]
    pd.testing.assert_frame_equal(from_typed, from_objects)
