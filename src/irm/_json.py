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
    """:func:`json.dumps` of :func:`strict` ``value``, refusing any NaN left."""
    return json.dumps(strict(value), allow_nan=False, **options)


def dump(value: Any, fh: IO[str], **options: Any) -> None:
    """:func:`json.dump` of :func:`strict` ``value``, refusing any NaN left."""
    json.dump(strict(value), fh, allow_nan=False, **options)
