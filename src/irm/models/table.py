"""The columnar table of commitments: every cell verbatim, ratings as codes.

A :class:`CommitmentTable` keeps each column of an export as a numpy object
array of the original strings (so nothing is lost on a round trip) and each
rating, code, year, integer and tag column as an ``int16`` array of OGP
codes, with the missing codes as their own sentinels (:mod:`irm.models.missing`).
Batch work uses the code arrays; :meth:`CommitmentTable.commitment` and
:meth:`CommitmentTable.assessment` build model objects for one row on demand.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import attrs
import numpy as np

from irm.errors import (
    DuplicateIdError,
    InvalidValueError,
    IRMError,
    MalformedRowError,
    MissingColumnError,
    Problem,
)
from irm.models.assessment import ASSESSMENT_COLUMNS, Assessment, Era, classify_eras
from irm.models.columns import ID, REQUIRED, ColumnSpec, spec
from irm._frozen import ReadOnlyMapping
from irm.models.commitment import Commitment, Institution, split_institutions
from irm.models.missing import Missing, is_missing_code, missing_alternate
from irm.models.plan import ActionPlan, Member, member_kind
from irm.models.scales import OrdinalScale
from irm.models.taxonomy import load_taxonomy

__all__ = ["CsvLayout", "CommitmentTable", "build_table", "codes_by_value", "concat_tables",
           "encode_column", "subset"]

CODE_DTYPE = np.int16
_MISSING_TEXT = frozenset(m.value for m in Missing)
ENCODED_KINDS = frozenset({"rating", "code", "year", "integer", "tag"})


#: cell separators a commitment export may use, OGP's own first
DELIMITERS = (",", ";", "\t")


@attrs.frozen
class CsvLayout:
    """How the source file was laid out, so it can be written back the same.

    ``line_terminator`` ends each record, ``final_newline`` says whether the
    last record has one, ``bom`` whether the file began with a UTF-8 BOM,
    ``delimiter`` what separates cells (OGP's comma; a spreadsheet set to a
    European locale saves ``;``, a tab-separated file ``\\t``).
    """

    line_terminator: str = attrs.field(
        default="\r\n", validator=attrs.validators.in_(("\r\n", "\n", "\r"))
    )
    final_newline: bool = True
    bom: bool = False
    delimiter: str = attrs.field(default=",", validator=attrs.validators.in_(DELIMITERS))


# --- reading one cell ------------------------------------------------------

_INT = re.compile(r"^[+-]?\d+$")
_LINE_BREAK = re.compile(r"\r\n?|\n")
_INT_FLOAT = re.compile(r"^[+-]?\d+\.0+$")


def _interpret_number(text: str, allowed: Iterable[int] | None, what: str,
                      expected: str) -> tuple[int, str | None]:
    missing = Missing.parse(text)
    if missing is not None:
        return missing.code, None
    stripped = text.strip()
    if not stripped:  # an empty cell carries no data
        return Missing.ND.code, "read an empty cell as 'ND'"
    spelled = missing_alternate(text)
    if spelled is not None:  # " NR ", "n/a": as a rating cell reads them
        return spelled.code, f"read {text!r} as {spelled.value!r}"
    note = None
    if not _INT.match(text):
        if _INT.match(stripped) or _INT_FLOAT.match(stripped):
            note = f"read {text!r} as {str(int(float(stripped)))!r}"
        else:
            raise InvalidValueError(f"not a {what}", expected=expected, got=text)
    value = int(float(stripped))
    if allowed is not None and value not in allowed:
        raise InvalidValueError(f"not a {what}", expected=expected, got=text)
    if not -900 < value < 32767:
        raise InvalidValueError(f"{what} out of range", expected=expected, got=text)
    return value, note


def _interpret(column: ColumnSpec, text: str) -> tuple[int, str | None]:
    """OGP code of one cell, and a note when an alternate spelling was mapped."""
    kind, scale = column.kind, column.scale
    if kind in ("rating", "tag"):
        assert scale is not None
        found = scale.interpret(text)
        return found.code, found.note
    if kind == "code":
        assert scale is not None
        expected = "one of " + ", ".join(map(str, (*scale.codes, "ND", "NR", "NA")))
        return _interpret_number(text, scale.codes, f"{scale.name} code", expected)
    if kind == "year":
        code, note = _interpret_number(text, None, "year", "a year such as 2021, or ND/NR/NA")
        if code >= 0 and not 1900 <= code <= 2200:
            raise InvalidValueError("not a year", expected="a year such as 2021", got=text)
        return code, note
    return _interpret_number(text, None, "whole number", "a whole number, or ND/NR/NA")


def encode_column(column: ColumnSpec, cells: Sequence[str] | np.ndarray) -> tuple[
        np.ndarray, dict[str, InvalidValueError], dict[str, str]]:
    """Encode one column's cells to OGP codes.

    Each distinct value is interpreted once. Returns the code array, the
    values that could not be interpreted (with their error; their code is
    ``ND``'s sentinel), and the alternate spellings that were mapped (with a
    note).
    """
    bad: dict[str, InvalidValueError] = {}
    notes: dict[str, str] = {}

    def code_of(value: str) -> int:
        try:
            code, note = _interpret(column, value)
        except InvalidValueError as err:
            bad[value] = err
            return Missing.ND.code
        if note:
            notes[value] = note
        return code

    return codes_by_value(cells, code_of), bad, notes


def codes_by_value(cells: Sequence[str] | np.ndarray, code_of: Callable[[str], int]) -> np.ndarray:
    """``code_of`` applied once per distinct cell, then spread over the column in C."""
    lookup = {value: code_of(value) for value in set(cells)}
    return np.fromiter(map(lookup.__getitem__, cells), dtype=CODE_DTYPE, count=len(cells))


# --- the table ---------------------------------------------------------------


def _read_only(codes: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
    return ReadOnlyMapping(codes)


def _frozen_array(values: Any, dtype: Any = object) -> np.ndarray:
    arr = np.array(values, dtype=dtype)
    arr.flags.writeable = False
    return arr


@attrs.define(frozen=True, eq=False)
class CommitmentTable:
    """Commitments of an OGP export, column by column.

    Build one with :func:`irm.read_ogp_csv` or :meth:`from_rows`; it never
    changes (new columns give a new table via :meth:`with_columns`).

    Examples
    --------
    >>> t = CommitmentTable.from_rows(
    ...     ["Commitment Unique Identifier", "Specificity", "Notes"],
    ...     [["VD0001", "High", "keep me"], ["VD0002", "NR", ""]])
    >>> len(t), t.codes["Specificity"].tolist()
    (2, [3, -902])
    >>> t.assessment(0).specificity
    <Specificity: High (3)>
    """

    columns: tuple[str, ...]
    cells: tuple[np.ndarray, ...] = attrs.field(repr=False)
    #: column -> its OGP code array (read-only, as every array handed out)
    codes: Mapping[str, np.ndarray] = attrs.field(repr=False, converter=_read_only)
    layout: CsvLayout = attrs.field(factory=CsvLayout, repr=False)
    source: str | None = None
    problems: tuple[Problem, ...] = attrs.field(default=(), repr=False)
    _index: dict[str, int] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {name: i for i, name in enumerate(self.columns)})

    # construction -------------------------------------------------------

    @classmethod
    def from_rows(cls, header: Sequence[str], rows: Sequence[Sequence[str]], *,
                  source: str | None = None, layout: CsvLayout | None = None,
                  required: Sequence[str] = REQUIRED) -> CommitmentTable:
        """Build a table from a header and rows of strings.

        Raises the first error found (see :func:`build_table` to collect all).
        """
        table, problems = build_table(header, rows, source=source, layout=layout,
                                      required=required)
        errors = [p for p in problems if p.is_error]
        if errors or table is None:
            raise errors[0].error
        return table

    def with_columns(self, updates: Mapping[str, Sequence[str] | np.ndarray]) -> CommitmentTable:
        """A new table with some columns replaced and others appended (in the
        given order); cells are strings and are re-encoded where irm models
        the column."""
        columns = list(self.columns)
        cells = list(self.cells)
        codes = dict(self.codes)
        n = len(self)
        for name, values in updates.items():
            arr = _frozen_array(list(values))
            if arr.shape != (n,):
                raise InvalidValueError(f"column {name!r} needs {n} values", got=arr.shape[0])
            if name in self._index:
                cells[self._index[name]] = arr
            else:
                columns.append(name)
                cells.append(arr)
            column = spec(name)
            if column.kind in ENCODED_KINDS:
                codes[name], bad, _ = encode_column(column, arr)
                if bad:
                    raise next(iter(bad.values()))
        return CommitmentTable(tuple(columns), tuple(cells), codes, self.layout,
                               self.source, self.problems)

    def without_columns(self, names: Iterable[str]) -> CommitmentTable:
        """A new table without the named columns (names it does not have are ignored):
        an export as it would be with fewer columns."""
        dropped = set(names)
        kept = [k for k, name in enumerate(self.columns) if name not in dropped]
        return CommitmentTable(tuple(self.columns[k] for k in kept),
                               tuple(self.cells[k] for k in kept),
                               {c: v for c, v in self.codes.items() if c not in dropped},
                               self.layout, self.source, self.problems)

    # access ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def __contains__(self, column: object) -> bool:
        """Whether the table has the column ``column`` (``"Full Text" in table``)."""
        return column in self._index

    def __getitem__(self, column: str) -> np.ndarray:
        """The verbatim cells of a column: ``table["Potential Impact"]`` (read-only)."""
        return self.column(column)

    def __iter__(self) -> Iterator[Commitment]:
        """The commitments, one :class:`~irm.models.Commitment` per row, in order."""
        return self.commitments()

    def to_frame(self) -> Any:
        """The table as a ``pandas.DataFrame`` of strings (needs ``irm[pandas]``; no cell
        becomes NaN: ``NA``, ``ND``, ``None`` keep their meaning)."""
        from irm._optional import pandas

        return pandas().DataFrame({name: list(col) for name, col in zip(self.columns,
                                                                       self.cells)},
                                  columns=list(self.columns), dtype=object)

    def plans(self) -> list[str]:
        """The action plans of the table, in order of first appearance."""
        return list(dict.fromkeys(self.plan_ids().tolist()))

    def members(self) -> list[str]:
        """The members (``Country/Locality``) of the table, in order of first appearance."""
        return list(dict.fromkeys(self.texts("Country/Locality")))

    def select(self, *, member: str | None = None, plan: str | None = None,
               era: Era | None = None) -> CommitmentTable:
        """The rows of one member, one action plan and/or one methodology era, as a table.

        Examples
        --------
        >>> import irm
        >>> t = irm.read_ogp_csv(irm.sample_path())
        >>> len(t.select(plan="AP_VLD01")), t.select(plan="AP_VLD01").plans()
        (4, ['AP_VLD01'])
        """
        from irm.errors import check_choice

        keep = np.ones(len(self), dtype=bool)
        if member is not None:
            check_choice("member", member, self.members())
            keep &= np.asarray(self.texts("Country/Locality"), dtype=object) == member
        if plan is not None:
            check_choice("plan", plan, self.plans())
            keep &= self.plan_ids() == plan
        if era is not None:
            keep &= self.eras() == int(era)
        return subset(self, np.flatnonzero(keep))

    def __repr__(self) -> str:
        src = f" from {self.source}" if self.source else ""
        return f"<CommitmentTable{src}: {len(self)} commitments x {len(self.columns)} columns>"

    def _repr_html_(self) -> str:
        from irm._html import card, table

        shown = min(len(self), 10)
        eras = self.eras()
        titles = self.get("Commitment Title", "")
        rows = [(self.ids[i] if ID in self else i, titles[i], Era(int(eras[i])).label)
                for i in range(shown)]
        more = f"first {shown} of {len(self)} commitments" if shown < len(self) else \
            f"{len(self)} commitments"
        return card(f"OGP commitments{' from ' + self.source if self.source else ''}",
                    table(rows, ("id", "title", "era")),
                    subtitle=f"{more}, {len(self.columns)} columns")

    def digest(self) -> str:
        """SHA-256 of the table's content (column names and every cell, in order): the
        data a calibration was fitted on, recorded so it can be told again."""
        h = hashlib.sha256()
        for name, cells in zip(self.columns, self.cells):
            h.update(name.encode("utf-8") + b"\x1f")
            h.update("\x1e".join(cells.tolist()).encode("utf-8", "surrogatepass") + b"\x1d")
        return h.hexdigest()

    def column(self, name: str) -> np.ndarray:
        """The verbatim cells of a column (read-only object array)."""
        try:
            return self.cells[self._index[name]]
        except KeyError:
            raise MissingColumnError("no such column", column=name, file=self.source,
                                     expected="a column of the header") from None

    def code(self, name: str) -> np.ndarray:
        """The OGP code array of a rating, code, year, integer or tag column."""
        try:
            return self.codes[name]
        except KeyError:
            if name in self._index:
                raise MissingColumnError(
                    "column holds no codes", column=name, file=self.source,
                    expected="a rating, code, year, integer or tag column",
                    got=f"a {spec(name).kind} column") from None
            raise MissingColumnError("no such column", column=name, file=self.source,
                                     expected="a column of the header") from None

    def get(self, name: str, default: str = "ND") -> np.ndarray:
        """Cells of a column, or ``default`` in every row if it is absent."""
        if name in self._index:
            return self.column(name)
        return _frozen_array([default] * len(self))

    def plan_ids(self, *, default: str = "unknown") -> np.ndarray:
        """Each row's action plan: its ``Action Plan ID``; in an export without that
        column, the id OGP builds from the member's code and the plan's number
        (``AP_`` + Code + two digits; the member's name where Code is absent too), or
        else the member and the year of submission;
        ``default`` where neither member nor plan is known.

        Examples
        --------
        >>> t = CommitmentTable.from_rows(
        ...     ["Commitment Unique Identifier", "Code", "Action Plan Number"],
        ...     [["A1", "ALB", "3"], ["A2", "ALB", "ND"]])
        >>> t.plan_ids().tolist()
        ['AP_ALB03', 'unknown']
        """
        if "Action Plan ID" in self._index:
            return self.column("Action Plan ID")
        members = self.get("Code", "") if "Code" in self._index else \
            self.get("Country/Locality", "")
        numbers, years = self.codes_or_nd("Action Plan Number"), self.codes_or_nd(
            "Year Of Submission")
        return _frozen_array([
            default if not member.strip() or (number < 0 and year < 0)
            else f"AP_{member}{number:02d}" if number >= 0 else f"{member} {year}"
            for member, number, year in zip(members.tolist(), numbers.tolist(), years.tolist())])

    def codes_or_nd(self, name: str) -> np.ndarray:
        """Codes of a coded column, or ``ND`` in every row if the table lacks the column.

        A column the table has but irm does not code (a derived indicator such as
        ``Max star``, text) raises :class:`~irm.errors.MissingColumnError`, as
        :meth:`code` does: its cells are not "no data" (derive the table, or read them
        with :meth:`column`).

        Examples
        --------
        >>> t = CommitmentTable.from_rows(["Commitment Unique Identifier", "Verifiable"],
        ...                               [["A1", "Yes"], ["A2", "NR"]])
        >>> t.codes_or_nd("Verifiable").tolist(), t.codes_or_nd("Potential Impact").tolist()
        ([1, -902], [-901, -901])
        """
        found = self.codes.get(name)
        if found is not None:
            return found
        if name in self._index:
            return self.code(name)  # raises, naming the column's kind
        return np.full(len(self), Missing.ND.code, CODE_DTYPE)

    def texts(self, name: str) -> list[str]:
        """A text column's cells, with the missing codes (and an absent column) as ``""``."""
        if name not in self._index:
            return [""] * len(self)
        return ["" if v in _MISSING_TEXT else v for v in self.column(name).tolist()]

    def require(self, names: Iterable[str], *, purpose: str) -> None:
        """Raise :class:`MissingColumnError` for the first absent column."""
        for name in names:
            if name not in self._index:
                raise MissingColumnError(
                    f"missing required column (needed {purpose})",
                    file=self.source, column=name,
                    expected=f"a header with {name!r}",
                )

    @property
    def ids(self) -> np.ndarray:
        """Commitment Unique Identifiers."""
        return self.column(ID)

    def row(self, i: int) -> dict[str, str]:
        """Row ``i`` (0-based) as an ordered ``{column: cell}`` dict."""
        return {name: str(col[i]) for name, col in zip(self.columns, self.cells)}

    def rows(self) -> Iterator[tuple[str, ...]]:
        """The data rows as tuples of strings, in column order."""
        return zip(*self.cells)

    def eras(self) -> np.ndarray:
        """Methodology era of each row (``Era`` values as ``int8``)."""
        specificity = self.codes.get("_Specificity", self.codes_or_nd("Specificity"))
        return classify_eras(specificity, self.codes_or_nd("Potential for Results"),
                             self.codes_or_nd("Potential Impact"))

    # model objects on demand ------------------------------------------------

    def _text(self, name: str, i: int) -> str | None:
        """Cell ``(i, name)``, or ``None`` when absent, empty or a missing code."""
        if name not in self._index:
            return None
        value = str(self.column(name)[i])
        return value if value and value not in _MISSING_TEXT else None

    def commitment(self, i: int) -> Commitment:
        """Row ``i`` as a :class:`~irm.models.Commitment`."""
        tags = frozenset(
            name for name in load_taxonomy().names
            if name in self.codes and self.codes[name][i] == 1
        )

        def institutions(column: str, role: str) -> tuple[Institution, ...]:
            cell = self._text(column, i) or ""
            return tuple(Institution(n, role) for n in split_institutions(cell))

        return Commitment(
            id=str(self.ids[i]),
            title=self._text("Commitment Title", i) or "",
            text=self._text("Full Text", i) or "",
            short_title=self._text("Short Title", i) or "",
            action_plan_id=self._text("Action Plan ID", i),
            member=self._text("Country/Locality", i),
            number=self._text("Commitment Number", i),
            theme=self._text("Theme", i),
            start_date=self._text("Start Date", i),
            end_date=self._text("End Date", i),
            lead_institutions=institutions("Lead Institution", "lead"),
            supporting_institutions=institutions("Supporting Institution(s)", "supporting"),
            policy_areas=tags,
        )

    def assessment(self, i: int) -> Assessment:
        """Row ``i``'s IRM ratings as an :class:`~irm.models.Assessment`."""
        return self._assessment(i, Era(int(subset(self, np.array([i])).eras()[0])))

    def _assessment(self, i: int, era: Era) -> Assessment:
        values: dict[str, Any] = {}
        for field, column in ASSESSMENT_COLUMNS.items():
            if column not in self._index:
                continue
            cell = str(self.column(column)[i])
            scale: OrdinalScale | None = spec(column).scale
            if scale is not None:
                values[field] = scale.interpret(cell).value
            else:
                code = int(self.codes[column][i])
                values[field] = Missing.from_code(code) if is_missing_code(code) else code
        return Assessment(str(self.ids[i]), era=era, **values)

    def member(self, i: int) -> Member:
        """The OGP member of row ``i``."""
        return Member(
            name=self._text("Country/Locality", i) or "unknown",
            code=self._text("Code", i) or "unknown",
            kind=member_kind(self._text("National Or Local", i) or "National"),
            region=self._text("Region", i),
        )

    def action_plan(self, i: int) -> ActionPlan:
        """The action plan of row ``i``."""
        def num(column: str) -> int | None:
            if column not in self.codes or is_missing_code(self.codes[column][i]):
                return None
            return int(self.codes[column][i])

        return ActionPlan(
            id=self._text("Action Plan ID", i) or "unknown",
            member_code=self._text("Code", i) or "unknown",
            number=num("Action Plan Number"),
            year_of_submission=num("Year Of Submission"),
            end_year=num("Action Plan End Year"),
        )

    def commitments(self) -> Iterator[Commitment]:
        """Every row as a Commitment, in order."""
        return (self.commitment(i) for i in range(len(self)))

    def assessments(self) -> Iterator[Assessment]:
        """Every row's Assessment, in order."""
        eras = self.eras()
        return (self._assessment(i, Era(int(eras[i]))) for i in range(len(self)))


# --- building and checking -------------------------------------------------------


def _missing_hint(name: str, header: tuple[str, ...]) -> str:
    """Why a required column may be missing, when the header shows a likely cause."""
    other = [sep for sep in (";", "\t", "|") if len(header) == 1 and sep in header[0]]
    if other:  # a whole header in one cell: the file was saved with another separator
        return (f" (the header is one column holding {other[0]!r}: the file is not "
                "comma-separated as OGP exports are)")
    if not any(cell.strip() for cell in header):
        return " (the first line is blank: the header must be the first line)"
    others = [sep for sep in (";", "\t") if any(sep in cell for cell in header)]
    if others:  # as many of each: read as commas, though the cells hold another separator
        return (f" (the header's cells hold {others[0]!r}: the file may be separated by it, "
                "but it has as many commas, so irm read it as comma-separated)")
    if header and header[0].startswith("sep="):
        return (f" (the first line is {','.join(header)!r}, which spreadsheets add: "
                "the header must be the first line)")
    near = [(k, cell) for k, cell in enumerate(header)
            if cell.strip().casefold() == name.casefold()]
    if near:
        k, cell = near[0]
        return f" (column {k + 1} is {cell!r}: its spaces or capitals differ)"
    return ""


def build_table(header: Sequence[str], rows: Sequence[Sequence[str]], *,
                source: str | None = None, layout: CsvLayout | None = None,
                required: Sequence[str] = REQUIRED,
                row_numbers: Sequence[int] | None = None,
                lines: Sequence[int] | None = None,
                lenient: bool = False) -> tuple[CommitmentTable | None, list[Problem]]:
    """Check and encode rows into a table, collecting every problem.

    With ``lenient=True`` a rating, code or tag cell that cannot be read is a
    warning instead of an error: the cell stays verbatim and its code is
    ``ND`` (for tasks that do not use the ratings, such as scoring text).

    ``row_numbers`` and ``lines`` give each row's data-row number and starting
    line in the source (default: 1, 2, ...). Rows with the wrong number of
    fields are reported and left out of the encoding; the table is ``None``
    when any error was found.
    """
    problems: list[Problem] = []
    header = tuple(header)
    row_numbers = list(row_numbers) if row_numbers is not None else list(range(1, len(rows) + 1))

    def err(cls: type[IRMError], detail: str, **kw: Any) -> None:
        problems.append(Problem("error", cls(detail, file=source, **kw)))

    seen: dict[str, int] = {}
    for pos, name in enumerate(header):
        if name in seen:
            err(MalformedRowError, "duplicate column name in header", row=0, column=name,
                expected="unique column names", got=f"columns {seen[name] + 1} and {pos + 1}")
        seen[name] = pos
    for name in required:
        if name not in seen:
            err(MissingColumnError, f"missing required column{_missing_hint(name, header)}",
                row=0, column=name, expected=f"a header with {name!r}")
    id_pos = seen.get(ID)

    good: list[Sequence[str]] = []
    good_rows: list[int] = []
    for k, row in enumerate(rows):
        if len(row) != len(header):
            cid = row[id_pos] if id_pos is not None and id_pos < len(row) else None
            breaks = max((len(_LINE_BREAK.findall(c)) for c in row), default=0)
            detail = "wrong number of fields" + (
                f" (a quoted cell may be unclosed: one runs over {breaks + 1} lines, taking "
                "in the records after it)" if breaks > 1 and len(row) < len(header) else "")
            err(MalformedRowError, detail, row=row_numbers[k],
                line=lines[k] if lines else None, commitment_id=cid,
                expected=f"{len(header)} fields as in the header", got=len(row))
        else:
            good.append(row)
            good_rows.append(row_numbers[k])

    if any(p.is_error and isinstance(p.error, MissingColumnError) for p in problems) or \
            any(p.is_error and p.error.row == 0 for p in problems):
        return None, problems

    if good:
        cells = tuple(_frozen_array(col) for col in zip(*good))
    else:
        cells = tuple(_frozen_array([], object) for _ in header)
    ids = cells[id_pos] if id_pos is not None else None
    row_no = np.asarray(good_rows)

    def where(index: int) -> dict[str, Any]:
        return {"row": int(row_no[index]),
                "commitment_id": str(ids[index]) if ids is not None else None}

    def warning(detail: str, column: str, rows: np.ndarray, **what: Any) -> Problem:
        """One warning for every row of ``column`` where ``rows`` holds (a mask, or the
        row positions in order)."""
        at = np.flatnonzero(rows) if rows.dtype == bool else rows
        return Problem("warning", InvalidValueError(detail, file=source, column=column,
                                                    **what, **where(int(at[0]))),
                       count=len(at), rows=tuple(row_no[at].tolist()))

    if ids is not None:
        first: dict[str, int] = {}
        empty, repeated = np.zeros(len(ids), dtype=bool), np.zeros(len(ids), dtype=bool)
        for index, cid in enumerate(ids):
            if not cid.strip() or cid.strip() in _MISSING_TEXT:  # 'ND' names no commitment
                empty[index] = True
            elif cid in first:
                repeated[index] = True
                if ID in required:
                    err(DuplicateIdError, "duplicate commitment id", column=ID,
                        expected=f"a unique id (first used in row {row_no[first[cid]]})",
                        got=cid, **where(index))
            else:
                first[cid] = index
        if ID in required:
            for index in np.flatnonzero(empty).tolist():
                err(InvalidValueError, "empty commitment id" if not ids[index].strip() else
                    "a missing code as commitment id", column=ID,
                    expected="a Commitment Unique Identifier", got=ids[index], **where(index))
        else:  # a task that does not need the ids (scoring a draft plan) reads on
            for rows_of, what in ((empty, "empty"), (repeated, "duplicate")):
                if rows_of.any():
                    problems.append(warning(f"{what} commitment id, kept as it is (not needed "
                                            "for this task)", ID, rows_of,
                                            expected="a unique Commitment Unique Identifier"))

    codes: dict[str, np.ndarray] = {}
    for name, col in zip(header, cells):
        column = spec(name)
        if column.kind not in ENCODED_KINDS:
            continue
        codes[name], bad, notes = encode_column(column, col)
        positions = _positions(col, [*bad, *notes]) if bad or notes else {}
        if bad and lenient:  # one warning per kind of unreadable value, not per value
            kinds: dict[tuple[str, str | None], list[str]] = {}
            for value, e in bad.items():
                kinds.setdefault((e.detail, e.expected), []).append(value)
            for (detail, expected), values in kinds.items():
                values.sort(key=lambda v: int(positions[v][0]))  # the first in the file first
                rows_of = np.sort(np.concatenate([positions[v] for v in values]))
                others = f" and {len(values) - 1} other values" if len(values) > 1 else ""
                problems.append(warning(f"unreadable value kept verbatim, read as 'ND' "
                                        f"({detail})", name, rows_of, expected=expected,
                                        got=f"{bad[values[0]].got!r}{others}" if others
                                        else bad[values[0]].got))
        elif bad:
            for position in np.flatnonzero(np.isin(col, list(bad))).tolist():
                e = bad[col[position]]
                err(InvalidValueError, e.detail, column=name, expected=e.expected,
                    got=e.got, **where(position))
        for value, note in notes.items():
            problems.append(warning(f"alternate value kept verbatim, {note}", name,
                                    positions[value]))
    for array in codes.values():
        array.flags.writeable = False
    start, end = codes.get("Year Of Submission"), codes.get("Action Plan End Year")
    if start is not None and end is not None:  # a plan cannot end before it is submitted
        backwards = (start >= 0) & (end >= 0) & (end < start)
        if backwards.any():
            problems.append(warning("action plan ends before its year of submission",
                                    "Action Plan End Year", backwards,
                                    expected="an end year no earlier than Year Of Submission",
                                    got=str(cells[header.index("Action Plan End Year")][
                                        int(np.flatnonzero(backwards)[0])])))

    problems.sort(key=Problem.sort_key)
    if any(p.is_error for p in problems):
        return None, problems
    table = CommitmentTable(header, cells, codes, layout or CsvLayout(), source,
                            tuple(problems))
    return table, problems


def _positions(column: np.ndarray, values: Sequence[str]) -> dict[str, np.ndarray]:
    """The row positions of each of ``values`` in ``column``, in one pass over it (a
    comparison per value would make a column of many distinct values quadratic)."""
    wanted: dict[str, list[int]] = {v: [] for v in values}
    for index, cell in enumerate(column.tolist()):
        found = wanted.get(cell)
        if found is not None:
            found.append(index)
    return {v: np.asarray(rows, dtype=np.intp) for v, rows in wanted.items()}


def concat_tables(tables: Sequence[CommitmentTable], *,
                  required: Sequence[str] = REQUIRED) -> CommitmentTable:
    """One table of the rows of several, in today's export layout: the columns of all
    (first seen first), ``ND`` where a table lacks a column; ids must stay unique.

    Examples
    --------
    >>> a = CommitmentTable.from_rows(["Commitment Unique Identifier", "Verifiable"],
    ...                               [["A1", "Yes"]])
    >>> b = CommitmentTable.from_rows(["Commitment Unique Identifier", "Specificity"],
    ...                               [["B1", "Low"]])
    >>> c = concat_tables([a, b])
    >>> c.columns, c.codes["Verifiable"].tolist()
    (('Commitment Unique Identifier', 'Verifiable', 'Specificity'), [1, -901])
    """
    if len(tables) == 1:
        return tables[0]
    columns = list(dict.fromkeys(name for t in tables for name in t.columns))
    rows: list[Sequence[str]] = []
    for t in tables:
        cells = [t.column(name).tolist() if name in t else [Missing.ND.value] * len(t)
                 for name in columns]
        rows.extend(zip(*cells))
    first = tables[0].layout
    layout = CsvLayout(first.line_terminator, first.final_newline, first.bom, first.delimiter)
    source = " + ".join(str(t.source) for t in tables)
    return CommitmentTable.from_rows(columns, rows, source=source, layout=layout,
                                     required=required)


def subset(table: CommitmentTable, rows: Any) -> CommitmentTable:
    """The table restricted to ``rows`` (indices, a range or a boolean mask), same columns."""
    index = np.arange(len(table))[rows] if not isinstance(rows, np.ndarray) else rows
    return CommitmentTable(table.columns, tuple(c[index] for c in table.cells),
                           {k: v[index] for k, v in table.codes.items()}, table.layout,
                           table.source, table.problems)
