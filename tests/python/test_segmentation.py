"""The customer segment decision list, branch by branch, with the project's seed and vars as shipped."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
import yaml

from helpers import ROOT
from hotrod.model_logic.columns import MissingColumnsError
from hotrod.model_logic.segmentation import (FEATURE_COLUMNS, OUTPUT_SCHEMA, SegmentDefinitionError,
                                             restoration_units_share, segment_customers)

# the decision list as the project ships it: the seed, and the var that says what is vintage
DEFINITIONS = pd.read_csv(ROOT / "seeds" / "customer_segment_definitions.csv")
VINTAGE_MAX_YEAR = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["vintage_max_year"]


def _customer(customer_id, orders, spent, tagged=False, racing=0.0, restoration=0.0):
    return {"customer_id": customer_id, "orders_count": orders, "total_spent": spent, "is_wholesale_tagged": tagged,
            "racing_units_share": racing, "restoration_units_share": restoration}


def _segments(*customers, definitions=DEFINITIONS):
    result = segment_customers(pd.DataFrame(list(customers)), definitions)
    return dict(zip(result["customer_id"], result["segment"])), result


def _definitions(**changes) -> pd.DataFrame:
    """The shipped seed with some cells changed: {segment: {column: value}}."""
    definitions = DEFINITIONS.copy()
    for segment, values in changes.items():
        for column, value in values.items():
            definitions.loc[definitions["segment"] == segment, column] = value
    return definitions


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
    result = segment_customers(frame, DEFINITIONS)
    assert result["customer_id"].tolist() == [1] and result["segment"].tolist() == ["pro_builder"]


def test_every_customer_exactly_once_whatever_the_order():
    customers = [_customer(i, i % 9, 400.0 * (i % 9), tagged=i % 17 == 0, racing=(i % 5) / 4, restoration=(i % 7) / 6)
                 for i in range(1000)]
    frame = pd.DataFrame(customers)
    first = segment_customers(frame, DEFINITIONS)
    second = segment_customers(frame.sample(frac=1.0, random_state=4), DEFINITIONS)
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
    share = restoration_units_share(units, fitment, VINTAGE_MAX_YEAR)
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
    from_typed, from_objects = segment_customers(typed, DEFINITIONS), segment_customers(objects, DEFINITIONS)
    assert from_typed["segment"].tolist() == ["pro_builder", "first_timer", "pro_builder"]
    pd.testing.assert_frame_equal(from_typed, from_objects)


def test_the_seeds_precedence_orders_the_decision_list():
    customers = (
        _customer(1, 1, 5000.0, tagged=True),  # a shop's first order
        _customer(2, 7, 3500.0, racing=0.9),  # a racing shop
        _customer(3, 3, 600.0, racing=0.5, restoration=0.9),  # a racer who restores
        _customer(4, 4, 700.0),  # a hobbyist
    )
    shipped, result = _segments(*customers)
    assert shipped == {1: "first_timer", 2: "pro_builder", 3: "racer", 4: "weekend_warrior"}
    assert result["segment_rank"].tolist() == [1, 2, 3, 5]
    # restorer first, then pro_builder, racer, first_timer; weekend_warrior stays last
    reordered = _definitions(restorer={"precedence": 10}, pro_builder={"precedence": 20}, racer={"precedence": 30},
                             first_timer={"precedence": 40}, weekend_warrior={"precedence": 50})
    segments, result = _segments(*customers, definitions=reordered)
    assert segments == {1: "pro_builder", 2: "pro_builder", 3: "restorer", 4: "weekend_warrior"}
    assert result["segment_rank"].tolist() == [20, 20, 10, 50]
    # racer before pro_builder: the racing shop is a racer
    segments, _ = _segments(*customers, definitions=_definitions(racer={"precedence": 2}, pro_builder={"precedence": 3}))
    assert segments == {1: "first_timer", 2: "racer", 3: "racer", 4: "weekend_warrior"}
    # the catch-all first: nobody gets another segment
    segments, _ = _segments(*customers, definitions=_definitions(weekend_warrior={"precedence": 0}))
    assert set(segments.values()) == {"weekend_warrior"}


def test_the_thresholds_are_the_seeds_columns():
    customers = (
        _customer(1, 2, 150.0),
        _customer(2, 6, 2999.0),
        _customer(3, 5, 3100.0),
        _customer(4, 3, 400.0, racing=0.4),
        _customer(5, 3, 400.0, restoration=0.3),
    )
    shipped, _ = _segments(*customers)
    assert shipped == {1: "weekend_warrior", 2: "weekend_warrior", 3: "weekend_warrior", 4: "weekend_warrior",
                       5: "weekend_warrior"}
    changed = _definitions(first_timer={"max_orders": 2}, pro_builder={"min_orders": 5, "min_spent": 2999.0},
                           racer={"min_units_share": 0.4}, restorer={"min_units_share": 0.25})
    segments, result = _segments(*customers, definitions=changed)
    assert segments == {1: "first_timer", 2: "pro_builder", 3: "pro_builder", 4: "racer", 5: "restorer"}
    assert dict(zip(result["customer_id"], result["segment_reason"]))[2] == "6 orders, $2,999 spent"


def test_vintage_is_the_var_vintage_max_year():
    units = pd.DataFrame({"customer_id": [1, 1], "product_id": [10, 11], "units": [1, 3],
                          "is_restoration_category": [False, False]})
    # product 10 fits a vehicle of the var's year (vintage), product 11 only the year after
    fitment = pd.DataFrame({"product_id": [10, 11], "vehicle_years": [[VINTAGE_MAX_YEAR, VINTAGE_MAX_YEAR + 5],
                                                                      [VINTAGE_MAX_YEAR + 1]]})
    assert restoration_units_share(units, fitment, VINTAGE_MAX_YEAR).to_dict() == {1: 0.25}
    assert restoration_units_share(units, fitment, VINTAGE_MAX_YEAR + 1).to_dict() == {1: 1.0}
    assert restoration_units_share(units, fitment, VINTAGE_MAX_YEAR - 1).to_dict() == {1: 0.0}


@pytest.mark.parametrize("definitions, message", [
    (_definitions(racer={"segment": "drifter"}), r"without a rule: \['drifter'\], left out: \['racer'\]"),
    (DEFINITIONS[DEFINITIONS["segment"] != "weekend_warrior"], r"left out: \['weekend_warrior'\]"),
    (_definitions(pro_builder={"min_spent": None}), "segment 'pro_builder' needs a value in column.s. min_spent"),
    (_definitions(racer={"precedence": 2}), "precedence must be set and distinct"),
])
def test_a_seed_the_rules_cannot_run_is_refused_by_name(definitions, message):
    with pytest.raises(SegmentDefinitionError, match=message):
        segment_customers(pd.DataFrame([_customer(1, 3, 300.0)]), definitions)


@pytest.mark.parametrize("column", FEATURE_COLUMNS)
def test_a_missing_feature_column_fails_with_its_name(column):
    features = pd.DataFrame([_customer(1, 3, 300.0)]).drop(columns=[column])
    with pytest.raises(MissingColumnsError, match=f"segment_customers: the input `features` has no column '{column}'"):
        segment_customers(features, DEFINITIONS)


@pytest.mark.parametrize("column", ["segment", "precedence", "max_orders", "min_orders", "min_spent", "min_units_share"])
def test_a_missing_seed_column_fails_with_its_name(column):
    with pytest.raises(MissingColumnsError, match=f"the input `definitions` has no column '{column}'"):
        segment_customers(pd.DataFrame([_customer(1, 3, 300.0)]), DEFINITIONS.drop(columns=[column]))


@pytest.mark.parametrize("argument, column", [("product_units", "customer_id"), ("product_units", "product_id"),
                                              ("product_units", "units"), ("product_units", "is_restoration_category"),
                                              ("fitment", "product_id"), ("fitment", "vehicle_years")])
def test_a_missing_share_input_column_fails_with_its_name(argument, column):
    inputs = {"product_units": pd.DataFrame({"customer_id": [1], "product_id": [10], "units": [2],
                                             "is_restoration_category": [True]}),
              "fitment": pd.DataFrame({"product_id": [10], "vehicle_years": [[1967]]})}
    inputs[argument] = inputs[argument].drop(columns=[column])
    with pytest.raises(MissingColumnsError, match=f"the input `{argument}` has no column '{column}'"):
        restoration_units_share(inputs["product_units"], inputs["fitment"], VINTAGE_MAX_YEAR)
