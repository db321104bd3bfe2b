"""Fitment parsing on real-looking product titles and tags."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from hotrod.model_logic.columns import MissingColumnsError
from hotrod.model_logic.fitment import OUTPUT_SCHEMA, parse_product, parse_products, with_variant_titles


@pytest.mark.parametrize("text, years", [
    ("Disc Brake Conversion Kit 1955-1957 Chevy Bel Air", [1955, 1956, 1957]),
    ("Radiator for 1967-69 Camaro", [1967, 1968, 1969]),
    ("Headers '67-'69 Camaro", [1967, 1968, 1969]),
    ("Mustang 1964 1/2-1966 radiator", [1964, 1965, 1966]),
    ("Fits 68 Camaro", [1968]),
    ("1973 Chevy C10 fuel tank", [1973]),
    ("Holley 750 CFM Double Pumper Carburetor", []),  # 750 is not a year
    ("255 LPH fuel pump, 1/2 NPT", []),
])
def test_year_ranges_are_expanded(text, years):
    assert parse_product(text, None, None)["vehicle_years"] == years


def test_makes_and_models_from_models_and_make_words():
    parsed = parse_product("Aluminum Radiator 1955-1957 Chevy Bel Air", "Cooling, Tri-Five, 1964 1/2-1966 Mustang", "Radiators")
    assert parsed["vehicle_models"] == ["Bel Air", "Mustang"]
    assert parsed["vehicle_makes"] == ["Chevrolet", "Ford"]
    assert parsed["is_universal_fit"] is False


def test_an_sizes_and_threads_in_their_common_spellings():
    parsed = parse_product("AN -6 Straight Hose End", "AN Fittings, 8AN, AN10", "Hose Ends", ["-4 AN / Black", "#12 AN"])
    assert parsed["an_sizes"] == [4, 6, 8, 10, 12]
    assert parsed["thread_types"] == ["AN"]
    adapter = parse_product("-8 AN to 3/8 NPT Adapter Fitting", "-8 ORB, M14x1.5", "AN Adapters")
    assert adapter["an_sizes"] == [8]
    assert adapter["thread_types"] == ["AN", "Metric", "NPT", "ORB"]


@pytest.mark.parametrize("text, families", [
    ("Holley 750 CFM Carburetor | SBC 350", ["SBC"]),
    ("small block Chevy water pump", ["SBC"]),
    ("BBC 454 headers", ["BBC"]),
    ("LS Swap Fuel Pressure Regulator", ["LS"]),
    ("LS3 coil pack", ["LS"]),
    ("Ford 302 Windsor timing cover, 351W", ["Ford Windsor"]),
    ("Coyote 5.0 fuel rail", ["Ford Coyote"]),
    ("426 Hemi plug wires", ["Hemi"]),
    ("Universal electric fan", []),
])
def test_engine_families(text, families):
    assert parse_product(text, None, None)["engine_families"] == families


def test_drivetrain_and_universal():
    assert parse_product("Axle bearing", "Ford 9-inch, GM 12-bolt", None)["drivetrains"] == ["Ford 9-inch", "GM 12-bolt"]
    universal = parse_product("16 in Electric Fan", "Universal", "Electric Fans")
    assert universal["is_universal_fit"] and universal["fitment_label"] == "Universal"
    tagged_universal = parse_product("Fuel filter -10 AN", "Universal, LS swap", None)
    assert tagged_universal["is_universal_fit"] and tagged_universal["engine_families"] == ["LS"]


def test_missing_text_is_universal_and_never_fails():
    for value in (None, "", float("nan")):
        parsed = parse_product(value, value, value, None)
        assert parsed["is_universal_fit"] and parsed["vehicle_years"] == []


def test_parse_products_is_sorted_deterministic_and_fast():
    base = pd.DataFrame({
        "product_id": [3, 1, 2],
        "title": ["Disc Brake Kit 1955-1957 Chevy Bel Air", "AN -6 Hose End", "Holley 750 | SBC 350"],
        "tags": ["Brakes", "AN Fittings, -6 AN", "Carburetion, 1967-69 Camaro"],
        "product_type": ["Disc Brake Conversion Kits", "Hose Ends", "Carburetors"],
        "variant_titles": [None, ["-6 AN / Black", "-8 AN / Black"], ["Default"]],
    })
    first = parse_products(base)
    second = parse_products(base.sample(frac=1.0, random_state=3))
    assert list(first.columns) == OUTPUT_SCHEMA.names
    assert first["product_id"].tolist() == [1, 2, 3]
    pd.testing.assert_frame_equal(first, second)
    big = pd.concat([base] * 2000, ignore_index=True)
    big["product_id"] = range(len(big))
    started = time.perf_counter()
    parse_products(big)
    assert time.perf_counter() - started < 2.0  # 6,000 products


@pytest.mark.parametrize("column", ["product_id", "title", "tags", "product_type", "variant_titles"])
def test_a_missing_input_column_fails_with_its_name(column):
    products = pd.DataFrame({"product_id": [1], "title": ["AN -6 Hose End"], "tags": ["AN Fittings"],
                             "product_type": ["Hose Ends"], "variant_titles": [["-6 AN / Black"]]})
    with pytest.raises(MissingColumnsError, match=f"parse_products: the input `products` has no column '{column}'"):
        parse_products(products.drop(columns=[column]))


def test_variant_titles_are_listed_in_variant_order_per_product():
    products = pd.DataFrame({"product_id": [1, 2], "title": ["AN -6 Hose End", "Fuel pump"], "tags": [None, None],
                             "product_type": ["Hose Ends", "Fuel Pumps"], "vendor": ["HRA", "HRA"]})
    variants = pd.DataFrame({"product_id": [1, 1, 1], "variant_id": [12, 11, 13],
                             "variant_title": ["-8 AN / Black", "-6 AN / Black", None]})
    frame = with_variant_titles(products, variants)
    assert list(frame.columns) == ["product_id", "title", "tags", "product_type", "variant_titles"]
    assert frame["variant_titles"].tolist()[0] == ["-6 AN / Black", "-8 AN / Black"]
    assert pd.isna(frame["variant_titles"].tolist()[1])
    assert parse_products(frame)["an_sizes"].tolist() == [[6, 8], []]


@pytest.mark.parametrize("argument, column", [("products", "product_id"), ("products", "title"), ("products", "tags"),
                                              ("products", "product_type"), ("variants", "product_id"),
                                              ("variants", "variant_id"), ("variants", "variant_title")])
def test_a_missing_column_of_the_products_or_variants_fails_with_its_name(argument, column):
    inputs = {"products": pd.DataFrame({"product_id": [1], "title": ["Fan"], "tags": [""], "product_type": ["Fans"]}),
              "variants": pd.DataFrame({"product_id": [1], "variant_id": [11], "variant_title": ["16 in"]})}
    inputs[argument] = inputs[argument].drop(columns=[column])
    with pytest.raises(MissingColumnsError, match=f"with_variant_titles: the input `{argument}` has no column '{column}'"):
        with_variant_titles(inputs["products"], inputs["variants"])
