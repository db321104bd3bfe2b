"""VADER sentiment of support messages."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from hotrod.model_logic.columns import MissingColumnsError
from hotrod.model_logic.sentiment import OUTPUT_SCHEMA, clean, label, score_conversations, score_texts


def test_hot_rod_support_messages_get_the_expected_polarity():
    angry, happy, neutral = score_texts([
        "My -6 AN hose end is leaking at the ORB port, this is the second time. Terrible quality!",
        "Thanks! The Holley 750 bolted right onto my SBC 350, great fit.",
        "Where is my order #1234?",
    ])
    assert angry < -0.05 and happy > 0.05 and -0.05 <= neutral <= 0.05


def test_html_and_empty_messages():
    assert clean("<p>Thanks&nbsp;a   lot</p>") == "Thanks a lot"
    assert score_texts([None, "", "   "]) == [None, None, None]


def test_labels_use_the_thresholds():
    assert label(-0.06) == "negative" and label(0.06) == "positive" and label(0.0) == "neutral"
    assert label(None) == "neutral"
    assert label(-0.2, negative_threshold=-0.3) == "neutral"


def test_conversation_scores_are_means_with_the_most_negative_message():
    messages = pd.DataFrame({
        "conversation_id": [2, 1, 1, 3],
        "message_id": [20, 11, 10, 30],
        "content": ["Love it, thanks!", "This leaks, awful.", "Hello", None],
    })
    result = score_conversations(messages)
    assert list(result.columns) == OUTPUT_SCHEMA.names
    assert result["conversation_id"].tolist() == [1, 2, 3]
    first = result.iloc[0]
    expected = round((score_texts(["This leaks, awful."])[0] + score_texts(["Hello"])[0]) / 2, 4)
    assert first["sentiment_score"] == expected and first["scored_messages"] == 2
    assert first["most_negative_message_id"] == 11 and first["sentiment_label"] == "negative"
    assert result.iloc[1]["sentiment_label"] == "positive"
    third = result.iloc[2]
    assert pd.isna(third["sentiment_score"]) and third["sentiment_label"] == "neutral" and third["scored_messages"] == 0


def test_many_similar_messages_score_fast():
    texts = [f"Where is my order #{i % 50}?" for i in range(200_000)]
    started = time.perf_counter()
    score_texts(texts)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("column", ["conversation_id", "message_id", "content"])
def test_a_missing_input_column_fails_with_its_name(column):
    messages = pd.DataFrame({"conversation_id": [1], "message_id": [10], "content": ["Thanks!"]})
    for frame in (messages, messages.iloc[0:0]):  # also before any message has landed
        with pytest.raises(MissingColumnsError,
                           match=f"score_conversations: the input `messages` has no column '{column}'"):
            score_conversations(frame.drop(columns=[column]))
