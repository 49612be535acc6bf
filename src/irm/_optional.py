"""Optional dependencies, imported when first needed, with the extra that installs each."""

from __future__ import annotations

from typing import Any

from irm.errors import MissingDependencyError

__all__ = ["pandas"]


def pandas() -> Any:
    """The pandas module, or an ImportError saying how to install it."""
    try:
        import pandas as module
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise MissingDependencyError(
            "pandas is needed for DataFrame conversion: pip install 'irm[pandas]'"
        ) from err
    return module
