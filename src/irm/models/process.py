"""The co-creation records of action plans, as a file holds them.

A :class:`ProcessTable` keeps every cell of a process file verbatim (the header
lines above the names, rows left empty, columns no layout names) so that it is
written back byte for byte, and reads each cell a layout names into the field of
a plan's :class:`PlanRecord` (see :mod:`irm.models.cocreation`): Yes/No answers,
IAP2 levels and Met/Not met on their scales, the missing codes ND/NR/NA as
themselves (NR is not No), a blank cell as ND. A cell no field can hold (an IAP2
label that does not exist, a step answered "maybe", a plan with no member) is an
error naming file, row and column; a tolerated spelling (``Yes `` with a trailing
space) is read and warned about.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator, Mapping, Sequence, Union

import attrs

from irm.errors import InvalidValueError, MalformedRowError, MissingColumnError, Problem
from irm.models.cocreation import SCALE_KINDS, CocreationRules, ProcessLayoutSpec
from irm.models.members import load_members
from irm.models.missing import Missing
from irm.models.plan import plan_id
from irm.models.scales import Level
from irm.models.table import CsvLayout

__all__ = ["ProcessLayout", "PlanRecord", "ProcessTable", "build_process_table", "Value"]

#: what a field of a plan's record holds once read
Value = Union[Level, Missing, int, str, dt.date]

#: a whole number, maybe as a spreadsheet writes it ("2.0")
_INT = re.compile(r"^\s*(\d+)(?:\.0+)?\s*$")
_YEAR = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")


@attrs.frozen
class ProcessLayout(CsvLayout):
    """A process file's layout: the CSV layout, the co-creation layout it follows,
    and the header lines above the names, kept to be written back."""

    spec: str = "standards-2022"
    preamble: tuple[tuple[str, ...], ...] = ()
    json: bool = False
    #: (row index, column) of each cell a JSON file gave as a number, written back so
    json_numbers: frozenset[tuple[int, str]] = frozenset()


@attrs.frozen
class PlanRecord:
    """One action plan's co-creation record: where it is in the file, who made it,
    and each field the file records, read (``values``) and as written (``cells``).
    A field the file has no column for is not in either."""

    row: int
    line: int | None
    member: str
    number: int
    member_code: str | None
    values: Mapping[str, Value] = attrs.field(repr=False)
    cells: Mapping[str, str] = attrs.field(repr=False)

    @property
    def plan_id(self) -> str | None:
        """The plan id of today's export, where the member is in the catalogue."""
        return plan_id(self.member_code, self.number) if self.member_code else None

    @property
    def key(self) -> str:
        return self.plan_id or f"{self.member} {self.number}"

    def value(self, field: str) -> Value:
        """The field's value; ``ND`` where the file has no such column."""
        return self.values.get(field, Missing.ND)

    @property
    def year(self) -> int | None:
        found = self.values.get("year")
        return found if isinstance(found, int) else None

    def date(self, field: str) -> dt.date | None:
        found = self.values.get(field)
        return found if isinstance(found, dt.date) else None


@attrs.frozen
class ProcessTable:
    """A process file: its names, every data row as written, and its plans.

    ``rows`` holds every data record verbatim (rows left empty too); ``plans`` one
    record per non-empty row, in file order; ``fields`` the column index of each
    field the layout names and the file has.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = attrs.field(repr=False)
    plans: tuple[PlanRecord, ...] = attrs.field(repr=False)
    fields: Mapping[str, int] = attrs.field(repr=False)
    layout: ProcessLayout = attrs.field(factory=ProcessLayout, repr=False)
    rule_set: str = "2022"
    source: str | None = None
    problems: tuple[Problem, ...] = attrs.field(default=(), repr=False)

    def __len__(self) -> int:
        return len(self.plans)

    def __iter__(self) -> Iterator[PlanRecord]:
        return iter(self.plans)

    def __getitem__(self, i: int) -> PlanRecord:
        return self.plans[i]

    def column_of(self, field: str) -> str | None:
        index = self.fields.get(field)
        return self.columns[index] if index is not None else None

    def with_columns(self, values: Mapping[str, Sequence[str]]) -> ProcessTable:
        """A copy with the named columns replaced or appended; ``values`` holds one
        cell per plan (rows left empty stay empty, widened to the new columns)."""
        names = list(self.columns)
        for name in values:
            if name not in names:
                names.append(name)
        index = {n: i for i, n in enumerate(names)}
        width = len(names)
        by_row = {p.row - 1: k for k, p in enumerate(self.plans)}
        rows = []
        for r, row in enumerate(self.rows):
            cells = list(row) + [""] * (width - len(row)) if len(row) < width else list(row)
            k = by_row.get(r)
            if k is not None:
                for name, column in values.items():
                    cells[index[name]] = column[k]
            rows.append(tuple(cells))
        return attrs.evolve(self, columns=tuple(names), rows=tuple(rows))


def _is_blank(record: Sequence[str]) -> bool:
    return not any(cell.strip() for cell in record)


def build_process_table(records: Sequence[Sequence[str]], lines: Sequence[int], *,
                        spec: ProcessLayoutSpec, rules: CocreationRules,
                        layout: CsvLayout, source: str | None = None,
                        rule_set: str | None = None) -> ProcessTable:
    """Read the data records of a process file (``records`` start with the header
    lines) into a table; raises the first error, with file, row, line and column."""
    preamble = tuple(tuple(r) for r in records[:spec.header_lines - 1])
    names = tuple(records[spec.header_lines - 1])
    data = records[spec.header_lines:]
    fields: dict[str, int] = {}
    for i, name in enumerate(names):
        field = spec.field_of(name)
        if field is not None and field not in fields:
            fields[field] = i
    for field in spec.required:
        if field not in fields:
            raise MissingColumnError(
                f"the {spec.name} layout needs a column for {rules.fields[field].label}",
                file=source, row=0, column=spec.column_of(field),
                expected=f"a header holding {spec.column_of(field)!r}")
    problems: list[Problem] = []
    plans: list[PlanRecord] = []
    seen: dict[str, PlanRecord] = {}
    catalogue = load_members()
    for r, record in enumerate(data):
        if _is_blank(record):
            continue
        row = r + 1
        line = lines[spec.header_lines + r] if lines else None  # JSON has no lines
        if len(record) > len(names):
            raise MalformedRowError("wrong number of fields", file=source, row=row, line=line,
                                    expected=f"at most {len(names)} fields, as in the header",
                                    got=len(record))
        values: dict[str, Value] = {}
        cells: dict[str, str] = {}
        for field, i in fields.items():
            cell = record[i] if i < len(record) else ""
            cells[field] = cell
            try:
                value, note = _read_cell(rules, field, cell)
            except InvalidValueError as err:
                err.file, err.row, err.line, err.column = source, row, line, names[i]
                if field in rules.ruling_fields:
                    raise
                # no verdict reads it: keep the cell, say so, and read no value from it
                err.detail += " (kept as written; no verdict reads this column)"
                problems.append(Problem("warning", err))
                value, note = Missing.ND, None
            if note:
                problems.append(Problem("warning", InvalidValueError(
                    note, column=names[i], got=cell, file=source, row=row, line=line)))
            values[field] = value
        member = values.get("member")
        if not isinstance(member, str):
            raise InvalidValueError("a plan with no member", column=names[fields["member"]],
                                    expected="the member's name (country or locality)",
                                    got=cells["member"], file=source, row=row, line=line)
        number = values.get("plan")
        if not isinstance(number, int):
            raise InvalidValueError("a plan with no action plan number",
                                    column=names[fields["plan"]],
                                    expected="the plan's number, 1 for the member's first",
                                    got=cells["plan"], file=source, row=row, line=line)
        found = catalogue.lookup(member)
        given = values.get("member_code")
        code = given.strip() if isinstance(given, str) and given.strip() and \
            Missing.parse(given.strip()) is None else (found.code if found else None)
        if code is None:
            problems.append(Problem("warning", InvalidValueError(
                "member not in irm's catalogue and no code given: its plans are not joined "
                "with commitments", column=names[fields["member"]], got=member, file=source,
                row=row, line=line)))
        plan = PlanRecord(row, line, member, number, code, values, cells)
        if plan.key in seen:
            raise InvalidValueError(
                f"a second record of {plan.member}'s plan {plan.number} (first at row "
                f"{seen[plan.key].row})", file=source, row=plan.row, line=plan.line,
                column=names[fields["plan"]], expected="one row per action plan")
        seen[plan.key] = plan
        plans.append(plan)
    return ProcessTable(names, tuple(tuple(r) for r in data), tuple(plans), fields,
                        ProcessLayout(layout.line_terminator, layout.final_newline,
                                      layout.bom, layout.delimiter, spec=spec.name,
                                      preamble=preamble),
                        rule_set or spec.rule_set, source, tuple(problems))


def _read_cell(rules: CocreationRules, field: str, cell: str) -> tuple[Value, str | None]:
    """A cell read into its field, and a note where it was read from another spelling."""
    spec = rules.fields[field]
    kind = spec.kind
    missing = Missing.parse(cell.strip())
    if kind == "text":
        return cell, None
    if kind == "member":
        if not cell.strip() or missing is not None:
            return (Missing.ND if missing is None else missing), None
        return cell.strip(), None
    if not cell.strip():
        return Missing.ND, None
    if kind in SCALE_KINDS:
        scale = rules.scale(kind)
        try:
            read = scale.interpret(cell)
        except InvalidValueError:
            raise InvalidValueError(f"not {rules.what.get(kind, kind)}",
                                    expected=scale.expected, got=cell) from None
        return read.value, read.note
    if missing is not None:
        return missing, (f"read {cell!r} as {missing.value!r}" if cell != missing.value
                         else None)
    if kind in ("number", "code", "count", "days"):
        number = _INT.match(cell)
        if number and (kind != "code" or int(number.group(1)) in (0, 1)) and \
                (kind != "count" or int(number.group(1)) <= len(spec.of)):
            return int(number.group(1)), None
        if kind == "days" and cell.strip().casefold() == "unclear":
            return cell, None
        expected = {"number": "a whole number (the plan's number)",
                    "code": "0, 1 or a missing code (ND, NR, NA)",
                    "count": f"a whole number of steps (at most {len(spec.of)}) or a missing "
                             "code",
                    "days": "a whole number of days, Unclear or a missing code"}[kind]
        what = spec.label or (f"code of {rules.fields[spec.of[0]].label}" if spec.of else field)
        raise InvalidValueError(f"not a valid {what}", expected=expected, got=cell)
    if kind == "year":
        match = _YEAR.match(cell)
        if match:
            return int(match.group(1)), None
        raise InvalidValueError("not a year", expected="a four-digit year", got=cell)
    try:  # kind == "date"
        return dt.date.fromisoformat(cell.strip()), None
    except ValueError:
        raise InvalidValueError("not a date", expected="an ISO date (YYYY-MM-DD)",
                                got=cell) from None
