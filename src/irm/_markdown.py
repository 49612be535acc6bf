"""Markdown tables for the reports (``irm report``, ``irm review``)."""

from __future__ import annotations

from typing import Iterable, Sequence

__all__ = ["cell", "table"]


def cell(value: object) -> str:
    """``value`` as the text of a table cell: a backslash, a ``|`` or a line break
    would end or split the cell."""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace(
        "\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a Markdown table.

    Examples
    --------
    >>> table(["a", "b"], [["x|y", 1]])
    ['| a | b |', '|---|---|', '| x\\\\|y | 1 |']
    """
    return ["| " + " | ".join(cell(h) for h in header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
            *["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]]
