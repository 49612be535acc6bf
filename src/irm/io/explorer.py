"""Reading and writing the 2016 OGP Explorer's commitment layout (lossless).

:func:`irm.io.read_ogp_csv` tells the layout from the file's first two
records and calls :func:`build_explorer_table`; :func:`irm.io.write_ogp_csv`
writes a table read so back in its own layout through
:func:`explorer_records`. The table holds today's columns and labels
(``c. high`` -> ``High``), a commitment id (member code, plan number and
commitment number, ``#2`` for the second row of the same three), the plan's
id as today's export builds it (``AP_`` + code + two-digit number), the
member's code and region from irm's member catalogue, and ``Verifiable``
from Specificity as OGP's export derives it. The layout keeps everything
else needed to write the file back byte for byte.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator, Sequence

from irm.errors import InvalidTypeError, InvalidValueError, MalformedRowError, MissingColumnError, Problem
from irm.models.columns import ID, REQUIRED
from irm.models.explorer import ExplorerLayout, load_explorer_mapping, translated_scale
from irm.models.members import load_members
from irm.models.missing import Missing
from irm.models.plan import plan_id
from irm.models.table import CommitmentTable, CsvLayout, build_table

__all__ = ["is_explorer", "build_explorer_table", "explorer_records", "trailing_records",
           "EXPLORER_KEYS"]

#: the Explorer columns a commitment's id is made of
EXPLORER_KEYS = ("Country", "Action Plan Number", "Comm No")
#: Verifiable from Specificity, as OGP's export derives it for legacy rows
_VERIFIABLE = {"High": "Yes", "Medium": "Yes", "Low": "No", "None": "No"}


def is_explorer(first: Sequence[str], second: Sequence[str]) -> bool:
    """Whether a file beginning with these two records is in the Explorer layout."""
    return load_explorer_mapping().is_explorer(first, second)


def _member_keys(country: str, plan: str) -> tuple[str, str, str]:
    """(code, region, plan id) of a country and plan number; the name stands in for an
    unknown member's code, ND for its region."""
    member = load_members().lookup(country)
    code = member.code if member is not None else country.strip()
    region = member.region if member is not None else Missing.ND.value
    return (member.code if member is not None else Missing.ND.value), region, \
        plan_id(code, plan)


def _ids(countries: Sequence[str], plans: Sequence[str], numbers: Sequence[str]) -> list[str]:
    """Stable commitment ids: code-plan-number, with ``#k`` for the k-th repeat."""
    seen: Counter[str] = Counter()
    out = []
    for country, plan, number in zip(countries, plans, numbers):
        member = load_members().lookup(country)
        key = f"{member.code if member else country.strip()}-{plan.strip()}-{number.strip()}"
        seen[key] += 1
        out.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return out


def build_explorer_table(records: list[list[str]], lines: list[int], *, source: str,
                         csv_layout: CsvLayout, required: Sequence[str] = REQUIRED,
                         lenient: bool = False) -> tuple[CommitmentTable | None, list[Problem]]:
    """Check and read an Explorer file's records (line 1 the column numbers, line 2 the
    header, then the data) into a table of today's columns; every problem collected,
    named by the Explorer's own column names."""
    mapping = load_explorer_mapping()
    numbers, names, data, starts = records[0], records[1], records[2:], lines[2:]
    problems: list[Problem] = []

    def err(cls: type, detail: str, **kw: Any) -> None:
        problems.append(Problem("error", cls(detail, file=source, **kw)))

    trailing: list[int] = []
    while data and not any(cell.strip() for cell in data[-1]) and "".join(data[-1]) == "":
        trailing.insert(0, len(data.pop()))
        starts = starts[:len(data)]
    if len(numbers) != len(names):
        err(MalformedRowError, "the line of column numbers and the header differ in length",
            row=0, line=1, expected=f"{len(names)} numbers, one per header cell",
            got=len(numbers))
    missing = [k for k in EXPLORER_KEYS if k not in names]
    for name in missing:
        err(MissingColumnError, "missing required column of the Explorer layout (a "
            "commitment is told by Country, Action Plan Number and Comm No)", row=0, line=2,
            column=name, expected=f"a header with {name!r}")
    targets = [mapping.target(name, numbers[k] if k < len(numbers) else "")
               for k, name in enumerate(names)]
    first_of: dict[str, int] = {}
    for k, target in enumerate(targets):
        if target in first_of:
            err(MalformedRowError, "two columns are read as one column of today's export",
                row=0, line=2, column=names[k], expected="one Explorer column per column",
                got=f"columns {first_of[target] + 1} and {k + 1} both read as {target!r}")
        first_of.setdefault(target, k)
    rows, row_numbers, row_lines = [], [], []
    for k, (record, line) in enumerate(zip(data, starts), start=1):
        if len(record) != len(names):
            if not any(cell.strip() for cell in record):
                problems.append(Problem("warning", MalformedRowError(
                    "empty record skipped", file=source, row=k, line=line)))
                continue
            err(MalformedRowError, "wrong number of fields", row=k, line=line,
                expected=f"{len(names)} fields as in the header", got=len(record))
            continue
        rows.append(record)
        row_numbers.append(k)
        row_lines.append(line)
    if any(p.is_error for p in problems):
        return None, problems

    columns = [list(col) for col in zip(*rows)] if rows else [[] for _ in names]
    at = {name: k for k, name in enumerate(names)}
    ids = _ids(*(columns[at[k]] for k in EXPLORER_KEYS))
    spellings: dict[str, dict[str, str]] = {}
    originals: dict[str, dict[str, str]] = {}
    for k, target in enumerate(targets):
        if translated_scale(target) is None:
            continue
        column, read = columns[k], {}
        for value in dict.fromkeys(column):
            try:
                read[value] = mapping.translate(target, value)
            except InvalidValueError as exc:
                where = column.index(value)
                if lenient:  # kept verbatim; the table reads it as ND with a warning
                    read[value] = value
                    continue
                err(InvalidValueError, exc.detail, row=row_numbers[where],
                    line=row_lines[where], column=names[k], commitment_id=ids[where],
                    expected=exc.expected, got=value)
        if len(read) < len(set(column)):  # an unknown label: reported above
            continue
        translated = [read[v] for v in column]
        by_label: dict[str, Counter[str]] = {}
        for original, label in zip(column, translated):
            by_label.setdefault(label, Counter())[original] += 1
        spellings[target] = {label: seen.most_common(1)[0][0] for label, seen in by_label.items()}
        originals[target] = {cid: original for cid, original, label in
                             zip(ids, column, translated) if original != spellings[target][label]}
        columns[k] = translated
    if any(p.is_error for p in problems):
        return None, problems

    keys = [_member_keys(c, p) for c, p in zip(columns[at["Country"]],
                                                columns[at["Action Plan Number"]])]
    added = {ID: ids, "Code": [k[0] for k in keys], "Region": [k[1] for k in keys],
             "Action Plan ID": [k[2] for k in keys]}
    header, cells = [ID], [ids]
    for k, target in enumerate(targets):
        header.append(target)
        cells.append(columns[k])
        if target == "Country/Locality":
            header += ["Code", "Region"]
            cells += [added["Code"], added["Region"]]
        if names[k] == "Specificity":  # as OGP's export derives it for legacy rows
            header.append("Verifiable")
            cells.append([_VERIFIABLE.get(v, v) for v in columns[k]])
    header.append("Action Plan ID")
    cells.append(added["Action Plan ID"])
    made = tuple(name for name in header if name not in targets)
    layout = ExplorerLayout(
        csv_layout.line_terminator, csv_layout.final_newline, csv_layout.bom,
        csv_layout.delimiter, numbers=tuple(numbers), header=tuple(names),
        targets=tuple(targets), spellings=spellings, originals=originals, added=made,
        trailing_blank=tuple(trailing), mapping_version=mapping.version)
    table, found = build_table(header, list(zip(*cells)) if rows else [], source=source,
                               layout=layout, required=required, row_numbers=row_numbers,
                               lines=row_lines, lenient=lenient)
    original_name = {target: name for name, target in zip(names, targets) if target != name}
    for problem in found:  # named as the file names them
        named = problem.error.column
        if named is not None and named in original_name:
            problem.error.column = original_name[named]
    problems.extend(found)
    return table, problems


def explorer_records(table: CommitmentTable, *, header: bool = True) -> Iterator[Sequence[str]]:
    """The records of ``table`` in the Explorer layout it was read from: the line of
    column numbers and the header (when ``header``), then one record per row; columns
    the table gained since (derived, estimated) follow the Explorer's own, numbered on."""
    layout = table.layout
    if not isinstance(layout, ExplorerLayout):
        raise InvalidTypeError("the table was not read from a file in the Explorer layout")
    mapping = load_explorer_mapping()
    own = set(layout.targets) | set(layout.added)
    extra = [name for name in table.columns if name not in own]
    if header:
        start = len(layout.numbers)
        yield (*layout.numbers, *(str(start + k) for k in range(len(extra))))
        yield (*layout.header, *extra)
    ids = table.ids.tolist() if ID in table else [""] * len(table)
    columns = [layout.untranslate(target, ids, table.column(target).tolist(), mapping)
               if target in table else [""] * len(table) for target in layout.targets]
    columns += [table.column(name).tolist() for name in extra]
    yield from zip(*columns)


def trailing_records(table: CommitmentTable) -> Iterator[Sequence[str]]:
    """The empty records that ended the Explorer file, as it had them."""
    layout = table.layout
    if isinstance(layout, ExplorerLayout):
        for fields in layout.trailing_blank:
            yield ("",) * fields


