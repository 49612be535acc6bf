"""The irm exception tree.

Every error irm raises derives from :class:`IRMError`; each concrete error
also inherits the builtin it refines, so ``except ValueError`` keeps working.
Errors are structured: they carry *where* (file, row, line, column,
commitment id) and *what* (expected, got) as fields, build their one-line
message from them, and pickle with those fields intact.
"""

from __future__ import annotations

from typing import Any, Iterable

__all__ = [
    "IRMError",
    "InvalidValueError",
    "MissingColumnError",
    "MalformedRowError",
    "InvalidEncodingError",
    "DuplicateIdError",
    "DataFileError",
    "NotFittedError",
    "InvalidTypeError",
    "UnknownNameError",
    "MissingDependencyError",
    "check_choice",
]

_FIELDS = ("file", "row", "line", "column", "commitment_id", "expected", "got")


def _rebuild(cls: type[IRMError], detail: str, fields: dict[str, Any]) -> IRMError:
    return cls(detail, **fields)


class IRMError(Exception):
    """Base class of every irm error.

    Parameters
    ----------
    detail : str
        What went wrong, when ``expected``/``got`` do not say it all.
    file, row, line, column, commitment_id : optional
        Where: the file name, the 1-based data row (the header is row 0),
        the physical line where that row starts, the column name, and the
        row's Commitment Unique Identifier.
    expected, got : optional
        What was expected and what was found.
    """

    def __init__(
        self,
        detail: str = "",
        *,
        file: str | None = None,
        row: int | None = None,
        line: int | None = None,
        column: str | None = None,
        commitment_id: str | None = None,
        expected: str | None = None,
        got: Any = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.file = file
        self.row = row
        self.line = line
        self.column = column
        self.commitment_id = commitment_id
        self.expected = expected
        self.got = got

    @property
    def fields(self) -> dict[str, Any]:
        """The structured fields, for reports and JSON output."""
        return {name: getattr(self, name) for name in _FIELDS}

    def where(self) -> str:
        """The location part of the message (may be empty)."""
        parts = []
        if self.row is not None:
            row = f"row {self.row}"
            extras = []
            if self.commitment_id:
                extras.append(self.commitment_id)
            if self.line is not None and self.line != self.row + 1:
                extras.append(f"line {self.line}")
            if extras:
                row += f" ({', '.join(extras)})"
            parts.append(row)
        elif self.commitment_id:
            parts.append(self.commitment_id)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        where = ", ".join(parts)
        if self.file:
            where = f"{self.file}: {where}" if where else self.file
        return where

    def __str__(self) -> str:
        what = self.detail
        if self.expected is not None:
            got = "" if self.got is None else f" (got {self.got!r})"
            what = f"{what}: expected {self.expected}{got}" if what else (
                f"expected {self.expected}{got}"
            )
        elif self.got is not None:
            what = f"{what} (got {self.got!r})"
        where = self.where()
        return f"{where}: {what}" if where else what

    def __reduce__(self) -> tuple[Any, ...]:
        fields = {name: getattr(self, name) for name in _FIELDS}
        return (_rebuild, (type(self), self.detail, fields))


class InvalidValueError(IRMError, ValueError):
    """A value is not one the column or scale allows (e.g. ``Hihg``)."""


class MissingColumnError(IRMError, KeyError):
    """A column a task needs is absent from the header."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return IRMError.__str__(self)


class MalformedRowError(IRMError, ValueError):
    """A CSV record cannot be read as a row of the export."""


class InvalidEncodingError(IRMError, UnicodeError):
    """The file is not valid UTF-8."""


class DuplicateIdError(IRMError, ValueError):
    """Two rows share a Commitment Unique Identifier."""


class DataFileError(IRMError, ValueError):
    """A bundled or user-supplied irm data file (taxonomy, lexicon, ...) is invalid."""


class NotFittedError(IRMError, RuntimeError):
    """An estimator was used before ``fit`` (or loading fitted state)."""


class InvalidTypeError(IRMError, TypeError):
    """A value of the wrong kind (e.g. levels of two scales compared)."""


class UnknownNameError(IRMError, KeyError):
    """A name a catalogue does not hold (a policy area, a pledge)."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return IRMError.__str__(self)


class MissingDependencyError(IRMError, ImportError):
    """An optional dependency a feature needs is not installed (the message names the
    extra that installs it)."""


def check_choice(name: str, value: object, choices: Iterable[object]) -> None:
    """Raise :class:`InvalidValueError` unless ``value`` is one of ``choices``, naming
    the option and the accepted values (a misspelt option never falls back to a default).

    Examples
    --------
    >>> check_choice("level", "member", ("plans", "members"))
    Traceback (most recent call last):
    ...
    irm.errors.InvalidValueError: unknown 'level': expected one of 'plans', 'members' (got 'member')
    """
    accepted = tuple(choices)
    if value not in accepted:
        raise InvalidValueError(f"unknown {name!r}", expected="one of " + ", ".join(
            map(repr, accepted)), got=value)


class Problem:
    """A finding of validation: an error or a warning, with its structured cause.

    ``count`` and ``rows`` gather a warning that repeats over many rows of one
    column (the same alternate spelling, say) into one finding.
    """

    __slots__ = ("severity", "error", "count", "rows")

    def __init__(self, severity: str, error: IRMError, *, count: int = 1,
                 rows: tuple[int, ...] = ()) -> None:
        if severity not in ("error", "warning"):
            raise InvalidValueError("unknown 'severity'", expected="'error' or 'warning'",
                                    got=severity)
        self.severity = severity
        self.error = error
        self.count = count
        self.rows = rows

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self) -> tuple[int, str]:
        return (self.error.row or 0, self.error.column or "")

    def __str__(self) -> str:
        text = f"{self.severity}: {self.error}"
        if self.count > 1:
            shown = ", ".join(map(str, self.rows[:5])) + (", ..." if len(self.rows) > 5 else "")
            text += f" [{self.count} rows: {shown}]"
        return text

    def __repr__(self) -> str:
        return f"Problem({self.severity!r}, {self.error!r}, count={self.count})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_problem, (self.severity, self.error, self.count, self.rows))


def _rebuild_problem(severity: str, error: IRMError, count: int, rows: tuple[int, ...]) -> Problem:
    return Problem(severity, error, count=count, rows=rows)


__all__.append("Problem")
