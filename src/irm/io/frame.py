"""pandas interop (optional): tables as DataFrames of strings.

Cells stay strings, so ``NA``, ``ND``, ``NR`` and ``None`` keep their
meaning: no NaN is ever introduced (ogp-data.md §1, pitfall 5).
"""

from __future__ import annotations

from typing import Any

from irm._optional import pandas as _pandas
from irm.errors import InvalidValueError
from irm.models.table import CommitmentTable

__all__ = ["to_frame", "from_frame"]


def to_frame(table: CommitmentTable) -> Any:
    """The table as a ``pandas.DataFrame`` of strings (object dtype).

    Examples
    --------
    >>> t = CommitmentTable.from_rows(["Commitment Unique Identifier", "Start Date"],
    ...                               [["VD0001", "NA"]])
    >>> to_frame(t).loc[0, "Start Date"]
    'NA'
    """
    pd = _pandas()
    return pd.DataFrame({name: list(col) for name, col in zip(table.columns, table.cells)},
                        columns=list(table.columns), dtype=object)


def from_frame(frame: Any, *, source: str | None = None) -> CommitmentTable:
    """A table from a DataFrame whose cells are all strings.

    Raises :class:`~irm.errors.InvalidValueError` naming the first cell that
    is not a string (a NaN from a default ``read_csv``, say) instead of
    guessing which missing code it stood for.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"Commitment Unique Identifier": ["VD0001"], "Verifiable": ["Yes"]})
    >>> from_frame(frame).codes["Verifiable"].tolist()
    [1]
    """
    columns = [str(c) for c in frame.columns]
    rows = frame.astype(object).values.tolist()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if not isinstance(value, str):
                raise InvalidValueError(
                    "cell is not a string (read the CSV with dtype=str, keep_default_na=False)",
                    file=source, row=r, column=columns[c], expected="a string", got=value)
    return CommitmentTable.from_rows(columns, rows, source=source)
