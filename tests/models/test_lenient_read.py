"""A lenient read of a column of many distinct unreadable values: one pass, one warning."""

from __future__ import annotations

import io

import irm
from tests.conftest import export_text


def test_distinct_unreadable_values_are_one_grouped_warning():
    rows = [[f"X{i}", f"weird{i}"] for i in range(300)] + [["X300", "Moderate"]]
    table = irm.read_ogp_csv(io.StringIO(export_text(
        ["Commitment Unique Identifier", "Potential Impact"], rows)), lenient=True)
    [warning] = [p for p in table.problems if p.error.column == "Potential Impact"]
    assert warning.count == 300 and warning.rows == tuple(range(1, 301))
    assert "'weird0' and 299 other values" in str(warning.error)
    assert table["Potential Impact"][0] == "weird0"  # kept verbatim
    assert table.codes["Potential Impact"][300] == 2
