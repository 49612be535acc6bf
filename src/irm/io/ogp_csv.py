"""Lossless reading and writing of OGP's commitment export (CSV).

Reading keeps every cell verbatim (line breaks inside cells, surrounding
whitespace, spreadsheet float artefacts, ``FALSE`` as text) together with
the file's layout (record terminator, final newline, BOM), so that
:func:`write_ogp_csv` gives back the same cells in the same order; with
OGP's minimal quoting it gives back the same bytes.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import sys
from collections import Counter
from typing import IO, Any, Iterable, Iterator, Sequence, Union

import attrs
import numpy as np

from irm._perf import gc_paused
from irm._text import is_formula, neutralise_formula
from irm.errors import InvalidEncodingError, InvalidValueError, MalformedRowError, Problem
from irm.io._atomic import open_output, source_name
from irm.io.explorer import build_explorer_table, explorer_records, is_explorer, trailing_records
from irm.models.assessment import Era
from irm.models.columns import RATING_COLUMNS, REQUIRED
from irm.models.explorer import ExplorerLayout
from irm.models.missing import is_missing_code
from irm.models.table import DELIMITERS, CommitmentTable, CsvLayout, build_table

__all__ = ["read_ogp_csv", "validate_ogp_csv", "write_ogp_csv", "write_ogp_csv_parts", "write_rows",
           "ValidationReport", "Source", "Target"]

# Real commitment texts can be long; the csv module's default cap is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_MAX_ENCODING_ERRORS = 50
#: what a file of another encoding (UTF-16, a Windows code page) should have been
_UTF8 = "UTF-8 text (save it as CSV UTF-8)"
#: how files a spreadsheet saves in other formats begin, and what they are
_NOT_CSV: tuple[tuple[tuple[bytes, ...], str], ...] = (
    ((b"\xff\xfe", b"\xfe\xff"),  # "Unicode text", either byte order
     "UTF-16 (it starts with a UTF-16 byte-order mark)"),
    ((b"PK\x03\x04",), "a ZIP archive, as an Excel (.xlsx) or OpenDocument workbook is, not CSV"),
    ((b"\xd0\xcf\x11\xe0",), "an Excel 97-2003 workbook (.xls), not CSV"),
)


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


#: what a reader takes: a path, "-" for standard input, or an open file (text or bytes)
Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]
#: what a writer takes: a path (written atomically), "-" for standard output, an open
#: text file
Target = Union[str, "os.PathLike[str]", IO[str]]


# --- reading --------------------------------------------------------------------


@attrs.frozen
class _Source:
    name: str
    data: bytes | None  # None: read the path again when needed
    path: str | None
    text: str | None = None  # set for text streams

    def raw(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        with open(self.path, "rb") as fh:
            return fh.read()

    def open_binary(self) -> IO[bytes]:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return open(self.path, "rb")


def _resolve(source: Source) -> _Source:
    name = source_name(source)
    if source == "-":
        return _Source(name, sys.stdin.buffer.read(), None)
    if isinstance(source, (str, os.PathLike)):
        return _Source(name, None, os.fspath(source))
    content = source.read()
    if isinstance(content, str):
        return _Source(name, None, None, text=content)
    return _Source(name, bytes(content), None)


def _layout_of(head: bytes | str, tail: bytes | str) -> CsvLayout:
    """Record terminator (the first line break outside quotes), final newline, BOM,
    and the delimiter: the separator found most often outside quotes in the header
    (a comma unless another is found more often)."""
    text = head if isinstance(head, str) else head.decode("utf-8", "replace")
    end = tail if isinstance(tail, str) else tail.decode("latin-1")
    bom = text[:1] == "\ufeff"
    terminator = "\r\n"
    quotes = 0
    separators = dict.fromkeys(DELIMITERS, 0)
    for k, char in enumerate(text):
        if char == '"':
            quotes += 1
        elif quotes % 2:
            continue
        elif char in separators:
            separators[char] += 1
        elif char in "\r\n":
            terminator = "\r\n" if text[k:k + 2] == "\r\n" else char
            break
    delimiter = max(DELIMITERS, key=separators.__getitem__)  # ties: the first, a comma
    return CsvLayout(terminator, final_newline=end[-1:] in ("\n", "\r"), bom=bom,
                     delimiter=delimiter)


def _records(stream: IO[str], delimiter: str) -> Iterator[tuple[list[str], int]]:
    """CSV records with the physical line each one starts on."""
    reader = csv.reader(stream, delimiter=delimiter)
    start = 1
    for record in reader:
        yield record, start
        start = reader.line_num + 1


def _encoding_problems(src: _Source, layout: CsvLayout) -> list[Problem]:
    """Locate every invalid UTF-8 sequence by data row, line and column."""
    raw = src.raw()
    head = raw[:4096]
    if head.count(b"\x00") > len(head) // 4:  # every other byte NUL: UTF-16 of Latin text
        return [Problem("error", InvalidEncodingError(
            "the file is UTF-16 without a byte-order mark (every other byte is NUL)",
            file=src.name, row=0, line=1, expected=_UTF8))]
    for signatures, what in _NOT_CSV:
        if raw.startswith(signatures):
            return [Problem("error", InvalidEncodingError(
                f"the file is {what}", file=src.name, row=0, line=1, expected=_UTF8))]
    problems: list[Problem] = []
    pos = 3 if layout.bom else 0
    header: list[str] | None = None
    while pos < len(raw) and len(problems) < _MAX_ENCODING_ERRORS:
        try:
            raw[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad_at = pos + exc.start
            prefix = raw[3 if layout.bom else 0:bad_at].decode("utf-8", "replace")
            records = list(csv.reader(io.StringIO(prefix + "\x00", newline=""),
                                      delimiter=layout.delimiter))
            if header is None:
                header = records[0] if len(records) > 1 else []
            row = len(records) - 1
            partial = records[-1]
            column = header[len(partial) - 1] if 0 < len(partial) <= len(header) else None
            cid = partial[0] if len(partial) > 1 and row > 0 else None
            problems.append(Problem("error", InvalidEncodingError(
                "invalid UTF-8", file=src.name, row=row, column=column, commitment_id=cid,
                line=prefix.count("\n") + 1, expected=_UTF8,
                got=f"bytes {raw[bad_at:pos + exc.end]!r} at byte offset {bad_at}",
            )))
            pos += exc.end
    return problems


def _parse(src: _Source, required: Sequence[str], lenient: bool = False) -> tuple[
        CommitmentTable | None, list[Problem]]:
    if src.text is not None:
        layout = _layout_of(src.text[:65536], src.text[-2:])
        stream: IO[str] = io.StringIO(src.text.removeprefix("\ufeff"), newline="")
        return _parse_stream(src, layout, stream, required, lenient,
                             _ends_with_quote(src.text[-3:]))
    with src.open_binary() as fh:
        head = fh.read(65536)
        try:
            fh.seek(-3, os.SEEK_END)
        except OSError:
            fh.seek(0)
        tail = fh.read()
        fh.seek(0)
        layout = _layout_of(head, tail)
        if head[:4096].count(b"\x00") > len(head[:4096]) // 4:  # valid UTF-8, yet UTF-16
            return None, _encoding_problems(src, layout)
        text = io.TextIOWrapper(fh, encoding="utf-8-sig" if layout.bom else "utf-8",
                                newline="")
        try:
            return _parse_stream(src, layout, text, required, lenient,
                                 _ends_with_quote(tail.decode("latin-1")))
        except UnicodeDecodeError:
            return None, _encoding_problems(src, layout)
        finally:
            text.detach()


def _ends_with_quote(tail: str) -> bool:
    return tail.rstrip("\r\n").endswith('"')


def _parse_stream(src: _Source, layout: CsvLayout, stream: IO[str],
                  required: Sequence[str], lenient: bool,
                  ends_with_quote: bool) -> tuple[
        CommitmentTable | None, list[Problem]]:
    problems: list[Problem] = []
    records = _records(stream, layout.delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        first = next(records, None)
        if first is None:
            err = MalformedRowError("empty file", file=src.name, row=0,
                                    expected="a header row of OGP export columns")
            return None, [Problem("error", err)]
        header = first[0]
        for record, line in records:
            if not record:
                problems.append(Problem("warning", MalformedRowError(
                    "blank line skipped", file=src.name, line=line)))
                continue
            rows.append(record)
            lines.append(line)
    except csv.Error as exc:
        err = MalformedRowError(f"unreadable CSV ({exc})", file=src.name, row=len(rows) + 1,
                                expected="RFC 4180 CSV")
        return None, [*problems, Problem("error", err)]
    last = rows[-1][-1] if rows and rows[-1] else ""
    if not ends_with_quote and ("\n" in last or "\r" in last):
        # a cell holding a line break was quoted, yet the file does not end with a
        # closing quote: the quote never closed and the cell swallowed every line after
        column = header[len(rows[-1]) - 1] if len(rows[-1]) <= len(header) else None
        err = MalformedRowError(
            "unterminated quoted cell: it runs to the end of the file, taking in every "
            "line after it", file=src.name, row=len(rows), line=lines[-1], column=column,
            expected='a closing \'"\' at the end of the cell', got=last[:60])
        return None, [*problems, Problem("error", err)]
    if rows and is_explorer(header, rows[0]):  # line 1 numbers the columns, line 2 names them
        table, found = build_explorer_table([header, *rows], [1, *lines], source=src.name,
                                            csv_layout=layout, required=required,
                                            lenient=lenient)
    else:
        table, found = build_table(header, rows, source=src.name, layout=layout,
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
    src = _resolve(source)
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
    if layout.bom:
        fh.write("\ufeff")
    # The writer always ends records with CRLF so that QUOTE_MINIMAL quotes
    # any cell holding CR or LF; other terminators are swapped in per record.
    fast = layout.line_terminator == "\r\n" and layout.final_newline
    buffer = io.StringIO()
    writer = csv.writer(fh if fast else buffer, lineterminator="\r\n", delimiter=layout.delimiter)
    first = True
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
            records = explorer_records(part, header=first)
        else:
            records = part.rows()
            if first:
                records = itertools.chain([part.columns], records)
        last = part
        if fast:  # OGP's own layout: no per-record work
            writer.writerows(records)
            first = False
            continue
        for record in records:
            writer.writerow(record)
            line = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            # a terminator goes between records; after the last one only if the source had it
            fh.write(line[:-2] if first else layout.line_terminator + line[:-2])
            first = False
    if last is not None and isinstance(layout, ExplorerLayout):  # the file's empty records
        for record in trailing_records(last):
            writer.writerow(record)
            if not fast:
                line = buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                fh.write(layout.line_terminator + line[:-2])
    if not fast and layout.final_newline:
        fh.write(layout.line_terminator)


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
