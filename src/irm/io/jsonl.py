"""JSON Lines of irm's models (and of whole tables), round-tripping exactly.

Each model is one line: ``{"type": "Assessment", ...}``. Ratings are written
as their OGP labels and missing values as ``"ND"``/``"NR"``/``"NA"``, which
the models read back unambiguously because each field knows its scale. A
:class:`~irm.models.table.CommitmentTable` is written as one object per row,
keys in column order, every cell a string.
"""

from __future__ import annotations

import enum
import json
from typing import Any, Iterable

import attrs

import irm._json as strict_json
from irm.errors import InvalidValueError, MalformedRowError
from irm.io._atomic import open_output, source_name
from irm.models import (
    ActionPlan,
    Assessment,
    Commitment,
    Era,
    Institution,
    Level,
    Member,
    Milestone,
    Missing,
)
from irm.models.table import CommitmentTable

__all__ = ["write_jsonl", "read_jsonl", "model_to_dict", "model_from_dict"]

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (Commitment, Assessment, Milestone, Institution, Member, ActionPlan)
}


def _plain(value: Any) -> Any:
    if isinstance(value, (Level, Missing)):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, frozenset):
        return sorted(value)
    if attrs.has(type(value)):
        return model_to_dict(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def model_to_dict(obj: Any) -> dict[str, Any]:
    """A JSON-ready dict of a model, tagged with its type."""
    out: dict[str, Any] = {"type": type(obj).__name__}
    for field in attrs.fields(type(obj)):
        if field.init:
            out[field.name] = _plain(getattr(obj, field.name))
    return out


def model_from_dict(data: dict[str, Any]) -> Any:
    """Rebuild a model from :func:`model_to_dict` output."""
    data = dict(data)
    kind = data.pop("type", None)
    cls = _TYPES.get(str(kind))
    if cls is None:
        raise InvalidValueError("unknown record type", expected="one of " + ", ".join(_TYPES),
                                got=kind)
    if cls is Assessment:
        data["era"] = Era[data["era"]]
    elif cls is Commitment:
        for key in ("lead_institutions", "supporting_institutions", "milestones"):
            data[key] = [model_from_dict(d) for d in data.get(key, [])]
    return cls(**data)


def write_jsonl(items: Iterable[Any] | CommitmentTable, target: Any) -> None:
    """Write models (or a table's rows) as JSON Lines, atomically to a path.

    Examples
    --------
    >>> import io
    >>> from irm.models import Assessment, Era
    >>> out = io.StringIO()
    >>> write_jsonl([Assessment("VD0001", era=Era.LEGACY, specificity="High")], out)
    >>> read_jsonl(io.StringIO(out.getvalue()))[0].specificity
    <Specificity: High (3)>
    """
    with open_output(target, "w", encoding="utf-8", newline="\n") as fh:
        if isinstance(items, CommitmentTable):
            for row in items.rows():
                fh.write(strict_json.dumps(dict(zip(items.columns, row)), ensure_ascii=False)
                         + "\n")
            return
        for item in items:
            fh.write(strict_json.dumps(model_to_dict(item), ensure_ascii=False) + "\n")


def read_jsonl(source: Any, *, table: bool = False) -> list[Any] | CommitmentTable:
    """Read JSON Lines written by :func:`write_jsonl`.

    With ``table=True`` the lines are rows of a table and a
    :class:`~irm.models.table.CommitmentTable` is returned.
    """
    name = source_name(source)
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        with open(source, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    else:
        lines = source.read().splitlines()
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as err:
            raise InvalidValueError(f"invalid JSON ({err.msg})", file=name, line=number,
                                    expected="one JSON object per line") from err
    if not table:
        out = []
        for number, record in enumerate(records, start=1):
            try:
                out.append(model_from_dict(record))
            except (TypeError, ValueError) as err:
                raise InvalidValueError(f"not an irm record ({err})", file=name,
                                        line=number) from err
        return out
    header = list(records[0]) if records else []
    rows = []
    for number, record in enumerate(records, start=1):
        if list(record) != header:
            raise MalformedRowError("row has other columns than the first row", file=name,
                                    line=number, expected=f"{len(header)} keys as in line 1",
                                    got=len(record))
        rows.append([str(v) for v in record.values()])
    return CommitmentTable.from_rows(header, rows, source=name)
