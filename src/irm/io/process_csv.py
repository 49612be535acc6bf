"""Reading and writing co-creation (process) files, losslessly.

Two layouts are told from the header (see ``irm/data/cocreation.json``):

* ``explorer-2016``: the IRM's process database of July 2016 (OGP Explorer):
  three header lines (column numbers, column groups, names), one row per plan,
  the six consultation steps as Yes/No beside their 0/1 code columns, free-text
  links, rows left empty;
* ``standards-2022``: irm's layout for an IRM researcher recording a plan against
  the 2022 Participation & Co-Creation Standards: one header line, one row per
  plan, ``Met``/``Not met`` per minimum requirement (see the README), as CSV or as
  JSON (a list of objects keyed by the same column names).

Every cell is kept as written, so :func:`write_process_csv` gives back the same
bytes for a table read and not changed; columns added by ``irm cocreation`` are
appended (the column-number line continues its numbering).
"""

from __future__ import annotations

import json
import os
from typing import IO, Sequence, Union

import attrs

from irm.errors import DataFileError, InvalidEncodingError, InvalidValueError, MalformedRowError
from irm.io._atomic import open_output
from irm.io._csvfile import RecordWriter, Source, SourceFile, read_records, resolve_source
from irm.models.cocreation import CocreationRules, ProcessLayoutSpec, load_cocreation_rules
from irm.models.process import ProcessTable, build_process_table
from irm.models.table import CsvLayout

__all__ = ["read_process_csv", "write_process_csv"]

Target = Union[str, "os.PathLike[str]", IO[str]]
_WHAT = "a co-creation file (the 2016 Explorer's process layout or irm's standards-2022)"


def _spec_of(records: Sequence[Sequence[str]], rules: CocreationRules,
             name: str) -> ProcessLayoutSpec:
    """The layout whose header line is where its names should be (most header lines
    first: the Explorer's names are on its third line)."""
    for spec in sorted(rules.layouts.values(), key=lambda s: -s.header_lines):
        if len(records) >= spec.header_lines and spec.matches(records[spec.header_lines - 1]):
            return spec
    wanted = "; ".join(f"{s.name}: {', '.join(repr(s.column_of(f)) for f in s.required)} "
                       f"on line {s.header_lines}" for s in rules.layouts.values()
                       if s.required)
    raise InvalidValueError("not a co-creation file: no layout's header was found",
                            file=name, row=0, line=1, expected=wanted,
                            got=list(records[0][:4]) if records else [])


def read_process_csv(source: Source, *, rule_set: str | None = None,
                     rules: CocreationRules | None = None) -> ProcessTable:
    """Read a process file (CSV in either layout, or the standards layout as JSON).

    Parameters
    ----------
    source : path, ``"-"`` or open file
    rule_set : str, optional
        The rules to assess the plans against (default: the layout's own,
        ``pre-2016`` for the Explorer file, ``2022`` for the standards layout).
    rules : CocreationRules, optional
        Default: the bundled rules.

    Raises
    ------
    IRMError
        The first problem that stops reading, naming file, row, line and column
        (an IAP2 label that does not exist, a step answered ``maybe``, a plan with
        no member, a file in no known layout).
    """
    rules = rules or load_cocreation_rules()
    if rule_set is not None:
        rules.rule_set(rule_set)
    src = resolve_source(source)
    if _looks_like_json(src):
        return _read_json(src, rules, rule_set)
    read = read_records(src, expected=_WHAT)
    if read.records is None:
        raise next(p.error for p in read.problems if p.is_error)
    spec = _spec_of(read.records, rules, src.name)
    table = build_process_table(read.records, read.lines, spec=spec, rules=rules,
                                layout=read.layout, source=src.name, rule_set=rule_set)
    return attrs.evolve(table, problems=(*read.problems, *table.problems))


def _looks_like_json(src: SourceFile) -> bool:
    if src.text is not None:
        head = src.text[:64]
    else:  # the first bytes only: the whole file is read once, by its reader
        with src.open_binary() as fh:
            head = fh.read(64).decode("utf-8", "replace")
    return head.lstrip("\ufeff \t\r\n")[:1] in ("[", "{")


def _read_json(src: SourceFile, rules: CocreationRules, rule_set: str | None) -> ProcessTable:
    if src.text is not None:
        text = src.text
    else:
        raw = src.raw()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as err:  # named where it is, never replaced silently
            raise InvalidEncodingError(
                "invalid UTF-8", file=src.name, line=raw[:err.start].count(b"\n") + 1,
                expected="UTF-8 text", got=f"bytes {raw[err.start:err.end]!r} at byte "
                                           f"offset {err.start}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise MalformedRowError(f"not JSON ({err.msg})", file=src.name, line=err.lineno,
                                expected="a JSON list of plan objects") from None
    plans = doc.get("plans") if isinstance(doc, dict) else doc
    if not isinstance(plans, list) or not all(isinstance(p, dict) for p in plans):
        raise DataFileError("not a list of plans", file=src.name,
                            expected='a JSON list of objects, or {"plans": [...]}')
    names: list[str] = []
    for plan in plans:
        names += [k for k in plan if k not in names]
    rows: list[list[str]] = []
    numbers: set[tuple[int, str]] = set()
    for k, plan in enumerate(plans, start=1):
        row = []
        for name in names:
            value = plan.get(name, "")
            if value is None:
                value = ""
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise InvalidValueError("not a text or a whole number", file=src.name, row=k,
                                        column=name, expected="a string or an integer",
                                        got=value)
            if isinstance(value, int):
                numbers.add((k - 1, name))
            row.append(str(value))
        rows.append(row)
    records = [names, *rows]
    spec = _spec_of(records, rules, src.name)
    table = build_process_table(records, [], spec=spec, rules=rules, layout=CsvLayout(),
                                source=src.name, rule_set=rule_set)
    return attrs.evolve(table, layout=attrs.evolve(table.layout, json=True,
                                                   json_numbers=frozenset(numbers)))


def write_process_csv(table: ProcessTable, target: Target) -> None:
    """Write a process table in its own layout, atomically when ``target`` is a path:
    the header lines above the names (a line of column numbers continues its
    numbering over appended columns), the names, and every row as it was."""
    with open_output(target, "w", encoding="utf-8", newline="") as fh:
        if table.layout.json:
            numbers = table.layout.json_numbers
            plans = [{name: int(cell) if (r, name) in numbers and cell.lstrip("-").isdigit()
                      else cell for name, cell in zip(table.columns, row)}
                     for r, row in enumerate(table.rows)]
            fh.write(json.dumps(plans, indent=2, ensure_ascii=False) + "\n")
            return
        out = RecordWriter(fh, table.layout)
        width = len(table.columns)
        preamble = [_widened(line, width) for line in table.layout.preamble]
        out.write([*preamble, table.columns, *table.rows])
        out.close()


def _widened(line: Sequence[str], width: int) -> tuple[str, ...]:
    """A header line above the names, as wide as the names: a line of column numbers
    (0, 1, ...) goes on counting; any other line gets empty cells."""
    if len(line) >= width:
        return tuple(line)
    numbered = bool(line) and line[0].strip() == "0" and all(
        c.strip().isdigit() for c in line if c.strip())
    extra = [str(k) for k in range(len(line), width)] if numbered else [""] * (width - len(line))
    return (*line, *extra)
