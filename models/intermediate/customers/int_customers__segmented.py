"""Every customer in exactly one of the five hot-rod segments.

Glue only: the decision list is ``hotrod.model_logic.segmentation`` and the vintage share
``hotrod.model_logic.segmentation.restoration_units_share`` (both tested by pytest).
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import segmentation

    features = dbt.ref("int_customers__features").df()
    product_units = dbt.ref("int_customers__product_units").project(
        "customer_id, product_id, units, is_restoration_category"
    ).df()
    fitment = dbt.ref("int_products__fitment").project("product_id, vehicle_years").df()
    features["restoration_units_share"] = features["customer_id"].map(
        segmentation.restoration_units_share(product_units, fitment)
    )
    segmented = segmentation.segment_customers(features)
    return pa.Table.from_pandas(
        segmented[list(segmentation.OUTPUT_SCHEMA.names)], schema=segmentation.OUTPUT_SCHEMA, preserve_index=False
    )
