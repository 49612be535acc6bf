"""A read-only mapping: what a frozen value hands out instead of its dict."""

from __future__ import annotations

from typing import Iterator, Mapping, TypeVar

__all__ = ["ReadOnlyMapping"]

K = TypeVar("K")
V = TypeVar("V")


class ReadOnlyMapping(Mapping[K, V]):
    """A mapping that cannot be changed (no item assignment, no update); it pickles, as
    ``types.MappingProxyType`` does not, so tables can go to worker processes.

    Examples
    --------
    >>> m = ReadOnlyMapping({"a": 1})
    >>> m["a"], dict(m)
    (1, {'a': 1})
    >>> m["b"] = 2
    Traceback (most recent call last):
    ...
    TypeError: 'ReadOnlyMapping' object does not support item assignment
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"ReadOnlyMapping({self._data!r})"

    def __reduce__(self) -> tuple[type, tuple[dict[K, V]]]:
        return (type(self), (self._data,))
