"""OGP's three missing-value codes, kept distinct.

``ND`` (no data: the indicator does not exist for this era or report),
``NR`` (not yet reviewed) and ``NA`` (not applicable / not stated) mean
different things and drive derived indicators differently, so they are
three singleton values, never ``None``, NaN or 0. In numpy code arrays each
has its own integer sentinel, far below any rating code.
"""

from __future__ import annotations

import enum
from irm.errors import InvalidValueError
from typing import Any

__all__ = ["Missing", "ND", "NR", "NA", "MISSING_CODES", "is_missing_code", "missing_alternate",
           "fold_spelling"]


class Missing(enum.Enum):
    """A missing-value code of OGP's export."""

    ND = "ND"
    NR = "NR"
    NA = "NA"

    @property
    def code(self) -> int:
        """The integer sentinel used for this code in numpy code arrays."""
        return _SENTINELS[self]

    @classmethod
    def from_code(cls, code: int) -> Missing:
        """The missing value whose sentinel is ``code``."""
        try:
            return _BY_SENTINEL[int(code)]
        except KeyError:
            raise InvalidValueError("not a missing-code sentinel", got=code) from None

    @classmethod
    def parse(cls, text: str) -> Missing | None:
        """The missing value spelled ``text`` exactly, else ``None``."""
        return _BY_TEXT.get(text)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Missing.{self.name}"

    def __bool__(self) -> bool:  # a missing value is never truthy, like a failed test
        return False


ND = Missing.ND
NR = Missing.NR
NA = Missing.NA

_SENTINELS = {ND: -901, NR: -902, NA: -903}
_BY_SENTINEL = {v: k for k, v in _SENTINELS.items()}
_BY_TEXT = {m.value: m for m in Missing}
#: alternate spellings of the missing codes, as :func:`fold_spelling` folds them
_ALTERNATES = {"n/a": Missing.NA, "nd": Missing.ND, "nr": Missing.NR, "na": Missing.NA}


def fold_spelling(text: str) -> str:
    """A cell's spelling with case and runs of spaces set aside, as labels are matched."""
    return " ".join(text.split()).casefold()


def missing_alternate(text: str) -> Missing | None:
    """The missing value an alternate spelling stands for (any case or spacing, and
    ``N/A``), else ``None``.

    Examples
    --------
    >>> missing_alternate(" nr "), missing_alternate("N/A"), missing_alternate("none")
    (Missing.NR, Missing.NA, None)
    """
    return _ALTERNATES.get(fold_spelling(text))

#: Sentinel integers of the missing codes, as used in numpy code arrays.
MISSING_CODES = dict(_SENTINELS)


def is_missing_code(codes: Any) -> Any:
    """Boolean mask (or bool) of the entries that are missing-code sentinels.

    Works for a scalar or a numpy array.

    Examples
    --------
    >>> import numpy as np
    >>> is_missing_code(np.array([3, ND.code, NA.code]))
    array([False,  True,  True])
    """
    return codes <= -901
