"""Every customer in exactly one of the five hot-rod segments.

Glue only: the decision list is ``hotrod.model_logic.segmentation`` and the vintage share
``hotrod.model_logic.segmentation.restoration_units_share`` (both tested by pytest). The segments,
their precedence and thresholds are the ``customer_segment_definitions`` seed; what counts as
vintage fitment is the var ``vintage_max_year``.
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import segmentation

    features = dbt.ref("int_customers__features").df()
    definitions = dbt.ref("customer_segment_definitions").df()
    # only the columns the logic reads (the fitment's lists are wide)
    product_units = dbt.ref("int_customers__product_units").project(
        ", ".join(segmentation.PRODUCT_UNITS_COLUMNS)
    ).df()
    fitment = dbt.ref("int_products__fitment").project(", ".join(segmentation.FITMENT_COLUMNS)).df()
    features["restoration_units_share"] = features["customer_id"].map(
        segmentation.restoration_units_share(
            product_units, fitment, vintage_max_year=int(dbt.config.get("vintage_max_year"))
        )
    )
    segmented = segmentation.segment_customers(features, definitions)
    return pa.Table.from_pandas(
        segmented[list(segmentation.OUTPUT_SCHEMA.names)], schema=segmentation.OUTPUT_SCHEMA, preserve_index=False
    )
