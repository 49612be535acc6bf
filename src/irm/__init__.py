"""irm: assess Open Government Partnership commitments the way the IRM does.

The public API is re-exported here and loaded lazily, so ``import irm``
stays cheap::

    import irm
    table = irm.read_ogp_csv(irm.sample_path())
    derived = irm.derive(table)
"""

from __future__ import annotations

import importlib
from importlib import resources
from pathlib import Path
from typing import Any

from irm._version import __version__

#: public name -> module that defines it
_EXPORTS = {
    "IRMError": "irm.errors",
    "CommitmentTable": "irm.models.table",
    "read_ogp_csv": "irm.io.ogp_csv",
    "write_ogp_csv": "irm.io.ogp_csv",
    "validate_ogp_csv": "irm.io.ogp_csv",
    "read_jsonl": "irm.io.jsonl",
    "write_jsonl": "irm.io.jsonl",
    "to_frame": "irm.io.frame",
    "from_frame": "irm.io.frame",
    "load_taxonomy": "irm.models.taxonomy",
    "Era": "irm.models.assessment",
    "Assessment": "irm.models.assessment",
    "Commitment": "irm.models.commitment",
    "Missing": "irm.models.missing",
    "ND": "irm.models.missing",
    "NR": "irm.models.missing",
    "NA": "irm.models.missing",
}

__all__ = sorted([*_EXPORTS, "sample_path", "__version__"])


def sample_path() -> Path:
    """Path of the bundled sample export (a fictional member's action plans)."""
    return Path(str(resources.files("irm.data").joinpath("sample_plan.csv")))


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'irm' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
