"""Reading a draft action plan: commitments before the IRM has rated them.

A draft is a CSV in the export's column names (``Commitment Title``, ``Full
Text``, perhaps ``Country/Locality`` and ``Year Of Submission``; any rating
column is read but never used), or a JSON list of objects with the same names
or the short ones ``title``, ``text`` and ``milestones`` (a list of strings,
added to the text under a ``Milestones`` heading, where irm's milestone
reading finds them); an object ``{"member": ..., "year": ..., "commitments":
[...]}`` gives every commitment its member and year. Rows need no identifier:
``DRAFT-001``... are given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from irm.errors import InvalidEncodingError, InvalidValueError, MissingColumnError
from irm.io.ogp_csv import Source, read_ogp_csv
from irm.models.table import CommitmentTable

__all__ = ["read_draft", "DRAFT_TEXT_COLUMNS"]

#: at least one of these must be in a draft
DRAFT_TEXT_COLUMNS = ("Commitment Title", "Full Text")
_SHORT = {"title": "Commitment Title", "text": "Full Text", "member": "Country/Locality",
          "year": "Year Of Submission", "id": "Commitment Unique Identifier"}


def read_draft(source: Source) -> CommitmentTable:
    """A draft plan's commitments (CSV, or JSON when the file's name ends in
    ``.json``), each with a title or a text.

    Examples
    --------
    >>> import io
    >>> draft = read_draft(io.StringIO("Commitment Title,Full Text\\nOpen budgets,Publish it\\n"))
    >>> len(draft), draft.texts("Full Text")
    (1, ['Publish it'])
    """
    if isinstance(source, (str, Path)) and str(source).lower().endswith(".json"):
        table = _from_json(Path(source))
    else:
        table = read_ogp_csv(source, required=(), lenient=True)
    if not any(c in table for c in DRAFT_TEXT_COLUMNS):
        raise MissingColumnError("a draft needs a commitment's title or text",
                                 column=" or ".join(DRAFT_TEXT_COLUMNS), file=table.source,
                                 expected="a column of the header")
    texts = [t.strip() for t in _joined(table)]
    empty = [k for k, t in enumerate(texts) if not t]
    if empty:
        raise InvalidValueError("a draft commitment with no title and no text",
                                expected="a title or a text", got="", file=table.source,
                                row=empty[0] + 1, column=" / ".join(DRAFT_TEXT_COLUMNS))
    return table


def _joined(table: CommitmentTable) -> list[str]:
    parts = [table.texts(c) for c in DRAFT_TEXT_COLUMNS if c in table]
    return [" ".join(p) for p in zip(*parts)]


def _from_json(path: Path) -> CommitmentTable:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidEncodingError("not UTF-8", file=str(path), expected="UTF-8 text",
                                   got=repr(exc.object[exc.start:exc.start + 4])) from None
    except json.JSONDecodeError as exc:
        raise InvalidValueError(f"not JSON ({exc.msg})", file=str(path), line=exc.lineno,
                                expected="a JSON list of commitments") from None
    items = doc.get("commitments") if isinstance(doc, dict) else doc
    shared = {k: v for k, v in doc.items() if k in ("member", "year")} \
        if isinstance(doc, dict) else {}
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise InvalidValueError("not a list of commitments", file=str(path),
                                expected='a JSON list of objects (or {"commitments": [...]})',
                                got=type(items).__name__)
    rows = [_row({**shared, **item}, path, k) for k, item in enumerate(items, start=1)]
    header = list(dict.fromkeys(name for row in rows for name in row))
    return CommitmentTable.from_rows(header, [[row.get(h, "") for h in header] for row in rows],
                                     source=str(path), required=())


def _row(item: dict[str, Any], path: Path, number: int) -> dict[str, str]:
    row: dict[str, str] = {}
    milestones = item.get("milestones")
    for key, value in item.items():
        if key == "milestones":
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise InvalidValueError("not a text or a number", file=str(path), row=number,
                                    column=key, expected="a text or a number",
                                    got=type(value).__name__)
        row[_SHORT.get(key, key)] = str(value)
    if milestones is not None:
        if not isinstance(milestones, list) or not all(isinstance(m, str) for m in milestones):
            raise InvalidValueError("milestones are not a list of texts", file=str(path),
                                    row=number, column="milestones",
                                    expected="a list of strings", got=type(milestones).__name__)
        listed = "\n".join(f"{k}. {m}" for k, m in enumerate(milestones, start=1))
        text = row.get("Full Text", "")
        row["Full Text"] = f"{text}\nMilestones:\n{listed}" if text else f"Milestones:\n{listed}"
    return row
