"""Sentiment of customers' Chatwoot messages, with VADER.

VADER (Hutto and Gilbert, 2014) is a lexicon and rule-based sentiment model
for short, informal text: it scores each word from a human-rated lexicon
that ships inside the vaderSentiment package (nothing is downloaded), and
adjusts for negation ("not happy"), intensifiers ("really"), capitals and
exclamation marks. Its `compound` score lies in [-1, 1].

A conversation's sentiment is the mean compound score of the customer's own
(incoming, public) messages, rounded to 4 decimals, labelled `negative`
below -0.05, `positive` above 0.05 and `neutral` otherwise (thresholds are
dbt vars). Each distinct message text is scored once, which matters for
support desks where many messages are alike ("Where is my order?").
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa

from hotrod.model_logic.columns import require_columns

INPUT_COLUMNS = ("conversation_id", "message_id", "content")

OUTPUT_SCHEMA = pa.schema(
    [
        ("conversation_id", pa.int64()),
        ("sentiment_score", pa.float64()),
        ("sentiment_label", pa.string()),
        ("scored_messages", pa.int64()),
        ("most_negative_message_id", pa.int64()),
    ]
)

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def clean(text) -> str:
    """Strip HTML tags and entities and collapse whitespace; '' for missing text."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", str(text)))).strip()


def score_texts(texts) -> list[float | None]:
    """VADER compound score of each text (None for empty text), each distinct text scored once."""
    cleaned = [clean(t) for t in texts]
    analyzer = _analyzer()
    scores = {t: analyzer.polarity_scores(t)["compound"] for t in set(cleaned) if t}
    return [scores.get(t) for t in cleaned]


def label(score: float | None, negative_threshold: float = -0.05, positive_threshold: float = 0.05) -> str:
    if score is None or (isinstance(score, float) and np.isnan(score)):
        return "neutral"
    if score < negative_threshold:
        return "negative"
    if score > positive_threshold:
        return "positive"
    return "neutral"


def score_conversations(messages: pd.DataFrame, negative_threshold: float = -0.05,
                        positive_threshold: float = 0.05) -> pd.DataFrame:
    """One row per conversation in ``messages`` (INPUT_COLUMNS: conversation_id, message_id, content)."""
    require_columns(messages, INPUT_COLUMNS, function="score_conversations", argument="messages")
    if messages.empty:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in OUTPUT_SCHEMA.names})
    frame = messages[list(INPUT_COLUMNS)].copy()
    frame["score"] = score_texts(frame["content"].tolist())
    frame["score"] = frame["score"].astype("float64")
    scored = frame.dropna(subset=["score"])
    means = scored.groupby("conversation_id")["score"].mean().round(4)
    counts = scored.groupby("conversation_id")["score"].size()
    most_negative = (
        scored.sort_values(["conversation_id", "score", "message_id"])
        .drop_duplicates("conversation_id")
        .set_index("conversation_id")["message_id"]
    )
    result = pd.DataFrame({"conversation_id": np.sort(frame["conversation_id"].unique())})
    result["sentiment_score"] = result["conversation_id"].map(means)
    result["sentiment_label"] = [label(s, negative_threshold, positive_threshold) for s in result["sentiment_score"]]
    result["scored_messages"] = result["conversation_id"].map(counts).fillna(0).astype("int64")
    result["most_negative_message_id"] = result["conversation_id"].map(most_negative).astype("Int64")
    return result[OUTPUT_SCHEMA.names]
