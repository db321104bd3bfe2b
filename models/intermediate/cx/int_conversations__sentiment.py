"""Sentiment of the customer's own (incoming, public) messages per conversation, with VADER.

Glue only: scoring and labelling are ``hotrod.model_logic.sentiment`` (tested by pytest).
"""

import pyarrow as pa


def model(dbt, session):
    from hotrod.model_logic import sentiment

    messages = (
        dbt.ref("stg_chatwoot__messages")
        .filter("message_type = 'incoming' and not is_private")
        .project("conversation_id, message_id, content")
        .df()
    )
    scored = sentiment.score_conversations(
        messages,
        negative_threshold=float(dbt.config.get("sentiment_negative_threshold")),
        positive_threshold=float(dbt.config.get("sentiment_positive_threshold")),
    )
    return pa.Table.from_pandas(
        scored[list(sentiment.OUTPUT_SCHEMA.names)], schema=sentiment.OUTPUT_SCHEMA, preserve_index=False
    )
