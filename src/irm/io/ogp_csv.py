"""Lossless reading and writing of OGP's commitment export (CSV).

Reading keeps every cell verbatim (line breaks inside cells, surrounding
whitespace, spreadsheet float artefacts, ``FALSE`` as text) together with
the file's layout (record terminator, final newline, BOM), so that
:func:`write_ogp_csv` gives back the same cells in the same order; with
OGP's minimal quoting it gives back the same bytes.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections import Counter
from typing import IO, Any, Iterable, Sequence, Union

import attrs
import numpy as np

from irm._perf import gc_paused
from irm._text import is_formula, neutralise_formula
from irm.errors import InvalidValueError, Problem
from irm.io._atomic import open_output
from irm.io._csvfile import RecordWriter, Source, SourceFile, read_records, resolve_source
from irm.io.explorer import build_explorer_table, explorer_records, is_explorer, trailing_records
from irm.models.assessment import Era
from irm.models.columns import RATING_COLUMNS, REQUIRED
from irm.models.explorer import ExplorerLayout
from irm.models.missing import is_missing_code
from irm.models.table import CommitmentTable, CsvLayout, build_table

__all__ = ["read_ogp_csv", "validate_ogp_csv", "write_ogp_csv", "write_ogp_csv_parts", "write_rows",
           "ValidationReport", "Source", "Target"]


@attrs.frozen
class ValidationReport:
    """Everything :func:`validate_ogp_csv` found in one file."""

    source: str
    table: CommitmentTable | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        """True when the file has no errors (warnings allowed)."""
        return not self.errors

    def summary(self) -> dict[str, Any]:
        """Rows, columns, methodology eras, rated indicators and problem counts."""
        out: dict[str, Any] = {"file": self.source, "errors": len(self.errors),
                               "warnings": len(self.warnings)}
        table = self.table
        if table is None:
            return out
        eras = Counter(int(e) for e in table.eras())
        out.update(
            rows=len(table),
            columns=len(table.columns),
            separator=table.layout.delimiter,
            eras={Era(k).label: eras.get(k, 0) for k in Era},
            rated={c: int(np.count_nonzero(~is_missing_code(table.codes[c])))
                   for c in RATING_COLUMNS if c in table.codes},
            action_plans=int(len(set(table.plan_ids().tolist()))),
        )
        return out

    def problem_groups(self, *, examples: int = 3) -> list[dict[str, Any]]:
        """The problems gathered by severity, column and kind, most rows first, each with
        how many rows it concerns and its first ``examples`` places (as data-quality
        tools such as CoVE open their reports)."""
        groups: dict[tuple[str, str, str], dict[str, Any]] = {}
        for p in self.problems:
            key = (p.severity, p.error.column or "", p.error.detail)
            group = groups.setdefault(key, {"severity": p.severity, "column": p.error.column,
                                            "problem": p.error.detail,
                                            "expected": p.error.expected, "rows": 0,
                                            "examples": []})
            group["rows"] += p.count
            if len(group["examples"]) < examples:
                group["examples"].append({"row": p.error.row, "line": p.error.line,
                                          "commitment_id": p.error.commitment_id,
                                          "got": None if p.error.got is None else str(p.error.got)})
        return sorted(groups.values(), key=lambda g: (g["severity"] != "error", -g["rows"],
                                                     g["column"] or "", g["problem"]))

    def problem_list(self) -> list[dict[str, Any]]:
        """Every problem with its place and what was expected and got."""
        return [{"severity": p.severity, "problem": p.error.detail,
                 **{k: (None if v is None else v if isinstance(v, (int, str)) else str(v))
                    for k, v in p.error.fields.items()},
                 "rows": list(p.rows) or None, "count": p.count} for p in self.problems]

    def _repr_html_(self) -> str:
        from irm._html import card, table

        summary = self.summary()
        facts = [(k, summary[k]) for k in ("rows", "columns", "action_plans", "errors",
                                            "warnings") if k in summary]
        body = table(facts, ("", ""))
        groups = self.problem_groups()
        if groups:
            body += table(((g["severity"], g["column"] or "", g["problem"], g["rows"],
                            "; ".join(f"row {e['row']}: {e['got']!r}" for e in g["examples"]))
                           for g in groups),
                          ("severity", "column", "problem", "rows", "first examples"),
                          caption="problems by column")
        verdict = "can be read" if self.ok else "cannot be read as it is"
        return card(f"Validation of {self.source}", body, subtitle=f"the file {verdict}")


#: what a writer takes: a path (written atomically), "-" for standard output, an open
#: text file
Target = Union[str, "os.PathLike[str]", IO[str]]


# --- reading --------------------------------------------------------------------


def _parse(src: SourceFile, required: Sequence[str], lenient: bool = False) -> tuple[
        CommitmentTable | None, list[Problem]]:
    read = read_records(src, expected="a header row of OGP export columns")
    problems = list(read.problems)
    if read.records is None:
        return None, problems
    header, rows, lines = read.records[0], read.records[1:], read.lines[1:]
    if rows and is_explorer(header, rows[0]):  # line 1 numbers the columns, line 2 names them
        table, found = build_explorer_table(read.records, read.lines, source=src.name,
                                            csv_layout=read.layout, required=required,
                                            lenient=lenient)
    else:
        table, found = build_table(header, rows, source=src.name, layout=read.layout,
                                   required=required, lines=lines, lenient=lenient)
    problems.extend(found)
    problems.sort(key=Problem.sort_key)
    if table is not None:
        table = attrs.evolve(table, problems=tuple(problems))
    return table, problems


def validate_ogp_csv(source: Source, *, required: Sequence[str] = REQUIRED,
                     lenient: bool = False, formulas: bool = False) -> ValidationReport:
    """Read and check an export, collecting every error and warning.

    Parameters
    ----------
    source : path, ``"-"`` or file object
        The export to check.
    required : sequence of str
        Columns that must be present.
    lenient : bool
        Report unreadable rating values as warnings (read as ``ND``) instead of
        errors, for tasks that do not use the ratings.
    formulas : bool
        Warn about cells a spreadsheet would run as formulas (``=HYPERLINK(...)``):
        kept verbatim in the export, neutralised in the reports irm writes.

    Examples
    --------
    >>> import io
    >>> text = "Commitment Unique Identifier,Specificity\\r\\nVD0001,Hihg\\r\\nVD0002,high\\r\\n"
    >>> report = validate_ogp_csv(io.StringIO(text))
    >>> [p.severity for p in report.problems], report.ok
    (['error', 'warning'], False)
    """
    src = resolve_source(source)
    with gc_paused():  # one list per record, none of them in a cycle
        table, problems = _parse(src, tuple(required), lenient)
    if formulas and table is not None:
        problems = sorted([*problems, *_formula_warnings(table)], key=Problem.sort_key)
    return ValidationReport(src.name, table, tuple(problems))


def _formula_warnings(table: CommitmentTable) -> list[Problem]:
    """One warning per column holding cells a spreadsheet would run as formulas."""
    out = []
    for name, cells in zip(table.columns, table.cells):
        formulas = {v for v in set(cells.tolist()) if is_formula(v)}
        if formulas:
            at = np.flatnonzero(np.isin(cells, list(formulas)))
            first = cells[at[0]]
            out.append(Problem("warning", InvalidValueError(
                "a cell a spreadsheet would run as a formula (kept verbatim in the export; "
                "irm's CSV reports write it with a leading apostrophe)", file=table.source,
                row=int(at[0]) + 1, column=name, got=first[:60]),
                count=len(at), rows=tuple((at + 1).tolist())))
    return out


def read_ogp_csv(source: Source, *, required: Sequence[str] = REQUIRED,
                 lenient: bool = False) -> CommitmentTable:
    """Read an OGP commitment export into a :class:`~irm.models.table.CommitmentTable`.

    Every cell is kept verbatim; rating columns are also encoded as numpy
    arrays of OGP codes. Alternate spellings that can be read unambiguously
    are kept and reported in ``table.problems`` as warnings.

    Parameters
    ----------
    source : path, ``"-"`` or file object
        The CSV export (UTF-8; CRLF or LF records; with or without a final
        newline).
    required : sequence of str
        Columns that must be present (default: the commitment id).
    lenient : bool
        Read unreadable rating values as ``ND`` with a warning instead of failing.

    Raises
    ------
    IRMError
        The first error in the file (an :class:`~irm.errors.InvalidValueError`,
        :class:`~irm.errors.MissingColumnError`, ...), naming file, row and
        column.

    Examples
    --------
    >>> import io
    >>> t = read_ogp_csv(io.StringIO("Commitment Unique Identifier,Verifiable\\r\\nVD0001,Yes\\r\\n"))
    >>> t.codes["Verifiable"].tolist(), t.layout.line_terminator
    ([1], '\\r\\n')
    """
    report = validate_ogp_csv(source, required=required, lenient=lenient)
    if report.errors or report.table is None:
        raise report.errors[0].error
    return report.table


# --- writing --------------------------------------------------------------------


def _write(parts: Iterable[CommitmentTable], fh: IO[str], layout: CsvLayout) -> None:
    """The header of the first part, then every part's rows, in ``layout``."""
    out = RecordWriter(fh, layout)
    header: Sequence[str] | None = None
    last: CommitmentTable | None = None
    for k, part in enumerate(parts):
        if header is None:
            header = part.columns
        elif part.columns != header:  # its cells would land under other headings
            raise InvalidValueError(f"part {k} of the export has other columns than part 0: expected "
                             f"{list(header)}, got {list(part.columns)}")
        records: Iterable[Sequence[str]]
        if isinstance(layout, ExplorerLayout):  # its two header lines, its labels
            records = explorer_records(part, header=last is None)
        else:
            records = part.rows()
            if last is None:
                records = itertools.chain([part.columns], records)
        last = part
        out.write(records)
    if last is not None and isinstance(layout, ExplorerLayout):  # the file's empty records
        out.write(list(trailing_records(last)))
    out.close()


def write_ogp_csv(table: CommitmentTable, target: Target, *,
                  layout: CsvLayout | None = None) -> None:
    """Write a table as an OGP export, atomically when ``target`` is a path.

    The source file's layout (record terminator, final newline, BOM, delimiter) is kept
    unless ``layout`` overrides it; quoting is minimal, as in OGP's files.

    Parameters
    ----------
    table : CommitmentTable
        What to write.
    target : path, ``"-"`` or text file object
        Where. A path is written to a temporary file that replaces it only
        when complete.

    Examples
    --------
    >>> import io, irm
    >>> table = irm.read_ogp_csv(io.StringIO("Commitment Unique Identifier,Note\\nVD0001, kept \\n"))
    >>> out = io.StringIO()
    >>> write_ogp_csv(table, out)
    >>> out.getvalue()
    'Commitment Unique Identifier,Note\\nVD0001, kept \\n'
    """
    write_ogp_csv_parts([table], target, layout=layout or table.layout)


def write_ogp_csv_parts(parts: Iterable[CommitmentTable], target: Any, *,
                        layout: CsvLayout) -> None:
    """Write tables of the same columns one after another as one export (the
    header once), each written as soon as it arrives: a batch written while
    later parts are still being made. Atomic as :func:`write_ogp_csv`; an error
    while making a part leaves ``target`` as it was."""
    with open_output(target, "w", encoding="utf-8", newline="") as fh:
        _write(parts, fh, layout)


def write_rows(target: Any, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a report as a plain CSV (header + rows, LF records), atomically to a path;
    a cell a spreadsheet would run as a formula (``=HYPERLINK(...)`` from a commitment's
    text) is written with a leading apostrophe. Exports are written losslessly by
    :func:`write_ogp_csv`, never through this."""
    with open_output(target, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([neutralise_formula(str(c)) for c in header])
        writer.writerows([neutralise_formula(str(c)) for c in row] for row in rows)
