"""CSV files as records, read and written in their own layout.

Shared by the commitment export (:mod:`irm.io.ogp_csv`) and the co-creation
files (:mod:`irm.io.process_csv`): a source is resolved once (a path, ``-``
or an open file), its layout is told from its bytes (record terminator,
final newline, BOM, delimiter), its records are read with the physical line
each starts on, and what cannot be read (another encoding, a workbook, a
quote that never closes) is reported with its place. :class:`RecordWriter`
writes records back in the layout they were read in.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from typing import IO, Iterator, Sequence, Union

import attrs

from irm.errors import InvalidEncodingError, MalformedRowError, Problem
from irm.io._atomic import source_name
from irm.models.table import DELIMITERS, CsvLayout

__all__ = ["Source", "SourceFile", "RecordRead", "RecordWriter", "resolve_source",
           "read_records"]

# Real commitment texts can be long; the csv module's default cap is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: what a reader takes: a path, "-" for standard input, or an open file (text or bytes)
Source = Union[str, "os.PathLike[str]", IO[str], IO[bytes]]

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
class SourceFile:
    """A source to read: its name for messages and its bytes (or text)."""

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


def resolve_source(source: Source) -> SourceFile:
    name = source_name(source)
    if source == "-":
        return SourceFile(name, sys.stdin.buffer.read(), None)
    if isinstance(source, (str, os.PathLike)):
        return SourceFile(name, None, os.fspath(source))
    content = source.read()
    if isinstance(content, str):
        return SourceFile(name, None, None, text=content)
    return SourceFile(name, bytes(content), None)


def layout_of(head: bytes | str, tail: bytes | str) -> CsvLayout:
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


def encoding_problems(src: SourceFile, layout: CsvLayout) -> list[Problem]:
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


def ends_with_quote(tail: str) -> bool:
    return tail.rstrip("\r\n").endswith('"')


@attrs.frozen
class RecordRead:
    """The records of a CSV file with the line each starts on, its layout, and what
    was found reading it (``records`` is None when the file cannot be read)."""

    name: str
    layout: CsvLayout
    records: list[list[str]] | None
    lines: list[int]
    problems: list[Problem]


def read_records(src: SourceFile, *, expected: str) -> RecordRead:
    """Every record of ``src`` (blank lines after the first record skipped with a
    warning); ``expected`` says what its first record should be, for an empty file."""
    if src.text is not None:
        layout = layout_of(src.text[:65536], src.text[-2:])
        stream: IO[str] = io.StringIO(src.text.removeprefix("\ufeff"), newline="")
        return _read_stream(src, layout, stream, expected, ends_with_quote(src.text[-3:]))
    with src.open_binary() as fh:
        head = fh.read(65536)
        try:
            fh.seek(-3, os.SEEK_END)
        except OSError:
            fh.seek(0)
        tail = fh.read()
        fh.seek(0)
        layout = layout_of(head, tail)
        if head[:4096].count(b"\x00") > len(head[:4096]) // 4:  # valid UTF-8, yet UTF-16
            return RecordRead(src.name, layout, None, [], encoding_problems(src, layout))
        text = io.TextIOWrapper(fh, encoding="utf-8-sig" if layout.bom else "utf-8",
                                newline="")
        try:
            return _read_stream(src, layout, text, expected,
                                ends_with_quote(tail.decode("latin-1")))
        except UnicodeDecodeError:
            return RecordRead(src.name, layout, None, [], encoding_problems(src, layout))
        finally:
            text.detach()


def _read_stream(src: SourceFile, layout: CsvLayout, stream: IO[str], expected: str,
                 closed: bool) -> RecordRead:
    problems: list[Problem] = []
    records: list[list[str]] = []
    lines: list[int] = []

    def failed(error: MalformedRowError) -> RecordRead:
        return RecordRead(src.name, layout, None, lines, [*problems, Problem("error", error)])

    reader = csv.reader(stream, delimiter=layout.delimiter)
    start = 1
    try:
        for record in reader:
            if not record and records:
                problems.append(Problem("warning", MalformedRowError(
                    "blank line skipped", file=src.name, line=start)))
            else:
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return failed(MalformedRowError(f"unreadable CSV ({exc})", file=src.name,
                                        row=len(records), expected="RFC 4180 CSV"))
    if not records:
        return failed(MalformedRowError("empty file", file=src.name, row=0, expected=expected))
    last = records[-1][-1] if records[-1] else ""
    if len(records) > 1 and not closed and ("\n" in last or "\r" in last):
        # a cell holding a line break was quoted, yet the file does not end with a
        # closing quote: the quote never closed and the cell swallowed every line after
        header = records[0]
        column = header[len(records[-1]) - 1] if len(records[-1]) <= len(header) else None
        return failed(MalformedRowError(
            "unterminated quoted cell: it runs to the end of the file, taking in every "
            "line after it", file=src.name, row=len(records) - 1, line=lines[-1],
            column=column, expected='a closing \'"\' at the end of the cell', got=last[:60]))
    return RecordRead(src.name, layout, records, lines, problems)


class RecordWriter:
    """Writes records to ``fh`` in ``layout``: its BOM, delimiter and record terminator,
    minimal quoting (any cell holding CR or LF is quoted), and a terminator after the
    last record only where the source had one (:meth:`close`)."""

    def __init__(self, fh: IO[str], layout: CsvLayout) -> None:
        self.fh, self.layout, self.first = fh, layout, True
        if layout.bom:
            fh.write("\ufeff")
        # the csv writer ends records with CRLF so that QUOTE_MINIMAL quotes any cell
        # holding CR or LF; the layout's own terminator is swapped in per record
        self.fast = layout.line_terminator == "\r\n" and layout.final_newline
        self.buffer = io.StringIO()
        self.writer = csv.writer(fh if self.fast else self.buffer, lineterminator="\r\n",
                                 delimiter=layout.delimiter)

    def write(self, records: Iterator[Sequence[str]] | Sequence[Sequence[str]]) -> None:
        if self.fast:  # OGP's own layout: no per-record work
            self.writer.writerows(records)
            self.first = False
            return
        buffer, fh = self.buffer, self.fh
        for record in records:
            self.writer.writerow(record)
            line = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            # a terminator goes between records; after the last one only if the source had it
            fh.write(line[:-2] if self.first else self.layout.line_terminator + line[:-2])
            self.first = False

    def close(self) -> None:
        if not self.fast and self.layout.final_newline:
            self.fh.write(self.layout.line_terminator)
