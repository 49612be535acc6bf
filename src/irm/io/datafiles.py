"""Reading and writing irm's own versioned data files (calibrations, lexicons)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from irm.errors import DataFileError
from irm.io._atomic import open_output

__all__ = ["read_calibration", "write_calibration", "read_lexicon"]


def _load(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as err:
        raise DataFileError(f"invalid JSON ({err.msg})", file=str(path), line=err.lineno,
                            expected="a JSON document") from err


def read_calibration(path: str | Path) -> Any:
    """A :class:`~irm.scoring.estimate.model.Calibration` from a JSON file."""
    from irm.scoring.estimate.model import Calibration

    return Calibration.from_dict(_load(path), str(path))


def write_calibration(calibration: Any, path: str | Path) -> None:
    """Write a calibration as JSON, atomically."""
    with open_output(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(calibration.to_dict(), fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def read_lexicon(path: str | Path) -> Any:
    """A compiled :class:`~irm.scoring.estimate.lexicon.Lexicon` from a JSON file."""
    from irm.scoring.estimate.lexicon import lexicon_from_dict

    return lexicon_from_dict(_load(path), str(path))
