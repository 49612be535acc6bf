"""Reading and writing OGP data: the CSV export (lossless), JSON Lines, pandas."""

from irm.io._atomic import open_output
from irm.io.datafiles import read_calibration, read_lexicon, write_calibration
from irm.io.jsonl import read_jsonl, write_jsonl
from irm.io.ogp_csv import ValidationReport, read_ogp_csv, validate_ogp_csv, write_ogp_csv

__all__ = [
    "ValidationReport",
    "open_output",
    "read_calibration",
    "read_lexicon",
    "write_calibration",
    "read_jsonl",
    "read_ogp_csv",
    "to_frame",
    "from_frame",
    "validate_ogp_csv",
    "write_jsonl",
    "write_ogp_csv",
]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # pandas is optional and heavy: import the frame helpers only when asked.
    if name in ("to_frame", "from_frame"):
        from irm.io import frame

        return getattr(frame, name)
    raise AttributeError(f"module 'irm.io' has no attribute {name!r}")
