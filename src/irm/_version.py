"""The installed version of irm, recorded in every output."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("irm")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"
