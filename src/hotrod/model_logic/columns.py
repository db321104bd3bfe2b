"""The input columns a Python model's logic reads: checked up front, so a missing one fails by its name.

Without the check, a column missing from a model's input would show up as a
pandas KeyError deep in the logic, or worse, be filled with NaN and change
the result without a word.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class MissingColumnsError(ValueError):
    """An input of a Python model's logic lacks columns it reads."""


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, function: str, argument: str) -> None:
    """Raise MissingColumnsError naming every column of ``columns`` that ``frame`` lacks.

    ``function`` and ``argument`` name where the frame was passed, e.g.
    ``segment_customers`` and ``features``, for the message.
    """
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise MissingColumnsError(
            f"{function}: the input `{argument}` has no column {', '.join(repr(c) for c in missing)} "
            f"(its columns: {', '.join(map(str, frame.columns)) or 'none'})"
        )
