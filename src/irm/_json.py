"""Strict JSON: every JSON irm writes parses in any JSON reader (no bare NaN)."""

from __future__ import annotations

import json
from typing import IO, Any

import numpy as np

__all__ = ["strict", "dumps", "dump"]


def strict(value: Any) -> Any:
    """``value`` with every NaN or infinity as None (JSON's null) and numpy numbers as
    Python's; containers are copied, nothing else is changed."""
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(v) for v in value]
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return number if np.isfinite(number) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def dumps(value: Any, **options: Any) -> str:
    """:func:`json.dumps` of :func:`strict` ``value``, refusing any NaN left.

    A value the encoder takes as it is (no NaN, no numpy scalar but float64, which it
    writes as the float it is) is written directly; only one it refuses is copied by
    :func:`strict` first. The text is the same either way; the copy costs more than
    the encoding (11.6 s against 3.8 s for 20,000 rows of evidence).

    Examples
    --------
    >>> dumps({"kappa": float("nan"), "n": np.int64(3), "share": 0.5})
    '{"kappa": null, "n": 3, "share": 0.5}'
    """
    try:
        return json.dumps(value, allow_nan=False, **options)
    except (ValueError, TypeError):
        return json.dumps(strict(value), allow_nan=False, **options)


def dump(value: Any, fh: IO[str], **options: Any) -> None:
    """:func:`json.dump` of :func:`strict` ``value``, refusing any NaN left."""
    fh.write(dumps(value, **options))
