"""Vehicle fitment and part attributes parsed from product titles, tags, types and variant titles.

Glue only: the parsing rules are ``hotrod.model_logic.fitment`` (tested by pytest).
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import fitment

    products = dbt.ref("stg_shopify__products").df()
    variants = dbt.ref("stg_shopify__product_variants").df()
    titles = (
        variants.dropna(subset=["variant_title"])
        .sort_values(["product_id", "variant_id"])
        .groupby("product_id")["variant_title"]
        .agg(list)
    )
    products = products[["product_id", "title", "tags", "product_type"]].copy()
    products["variant_titles"] = products["product_id"].map(titles)
    parsed = fitment.parse_products(products)
    return pa.Table.from_pandas(
        parsed[list(fitment.OUTPUT_SCHEMA.names)], schema=fitment.OUTPUT_SCHEMA, preserve_index=False
    )
