"""Reading and writing irm's own versioned data files (calibrations, lexicons)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import irm._json as strict_json
from irm.errors import DataFileError
from irm.io._atomic import open_output
from irm.models.calibration import Calibration
from irm.models.lexicon import LexiconDefinition, lexicon_definition

__all__ = ["read_calibration", "write_calibration", "read_lexicon"]


def _load(path: str | Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except json.JSONDecodeError as err:
        raise DataFileError(f"invalid JSON ({err.msg})", file=str(path), line=err.lineno,
                            expected="a JSON document") from err
    except UnicodeDecodeError as err:
        raise DataFileError("not UTF-8 text", file=str(path), expected="a JSON document in "
                            "UTF-8", got=f"bytes {err.object[err.start:err.end]!r} at byte "
                                         f"offset {err.start}") from err
    except RecursionError as err:
        raise DataFileError("JSON nested too deeply to be an irm data file", file=str(path),
                            expected="a JSON document as irm writes them") from err


def read_calibration(path: str | Path) -> Calibration:
    """A :class:`~irm.models.calibration.Calibration` from a JSON file."""
    return Calibration.from_dict(_load(path), source=str(path))


def write_calibration(calibration: Calibration, path: str | Path) -> None:
    """Write a calibration as JSON, atomically."""
    with open_output(path, "w", encoding="utf-8", newline="\n") as fh:
        strict_json.dump(calibration.to_dict(), fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def read_lexicon(path: str | Path) -> LexiconDefinition:
    """A :class:`~irm.models.lexicon.LexiconDefinition` from a JSON file (compile it for
    matching with :func:`irm.scoring.estimate.lexicon.compile_lexicon`)."""
    return lexicon_definition(_load(path), source=str(path))
