"""Vehicle fitment and part attributes parsed from product titles, tags, types and variant titles.

Glue only: the parsing rules are ``hotrod.model_logic.fitment`` (tested by pytest).
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import fitment

    products = dbt.ref("stg_shopify__products").df()
    variants = dbt.ref("stg_shopify__product_variants").df()
    parsed = fitment.parse_products(fitment.with_variant_titles(products, variants))
    return pa.Table.from_pandas(
        parsed[list(fitment.OUTPUT_SCHEMA.names)], schema=fitment.OUTPUT_SCHEMA, preserve_index=False
    )
