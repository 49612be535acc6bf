"""Small attrs validators and converters shared by the models."""

from __future__ import annotations

from typing import Any, Iterable

import attrs
from irm.errors import InvalidValueError

__all__ = ["non_empty", "to_tuple"]


def non_empty(instance: Any, attribute: attrs.Attribute, value: Any) -> None:  # type: ignore[type-arg]
    """Require a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(f"{attribute.name!r} must be a non-empty string", got=value)


def to_tuple(value: Iterable[Any] | None) -> tuple[Any, ...]:
    """Convert any iterable (or None) to a tuple, so values stay immutable."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)
