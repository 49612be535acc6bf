"""JSON Lines of models and tables, and pandas interop."""

from __future__ import annotations

import io

import pytest

import irm
from irm.io.jsonl import read_jsonl, write_jsonl


def test_models_round_trip_through_jsonl(tmp_path):
    """Commitments and assessments of the sample come back equal."""
    table = irm.read_ogp_csv(irm.sample_path())
    items = [*table.commitments(), *table.assessments()]
    path = tmp_path / "models.jsonl"
    write_jsonl(items, path)
    assert read_jsonl(path) == items


def test_table_round_trips_through_jsonl(tmp_path):
    """A table written as JSON Lines comes back cell for cell."""
    table = irm.read_ogp_csv(irm.sample_path())
    path = tmp_path / "table.jsonl"
    write_jsonl(table, path)
    back = read_jsonl(path, table=True)
    assert back.columns == table.columns and list(back.rows()) == list(table.rows())


def test_bad_jsonl_names_the_line():
    """A broken line is reported by number."""
    with pytest.raises(irm.IRMError, match="line 2"):
        read_jsonl(io.StringIO('{"type": "Milestone", "description": "x"}\n{oops\n'))


def test_to_frame_keeps_missing_codes_as_strings():
    """pandas sees NA, None and N/A as strings, never NaN; from_frame inverts to_frame."""
    pd = pytest.importorskip("pandas")
    header = ["Commitment Unique Identifier", "Specificity", "Supporting Institution(s)"]
    table = irm.CommitmentTable.from_rows(header, [["VD0001", "None", "N/A"],
                                                   ["VD0002", "NA", "NA"]])
    frame = irm.to_frame(table)
    assert frame.isna().sum().sum() == 0
    assert frame["Specificity"].tolist() == ["None", "NA"]
    assert list(irm.from_frame(frame).rows()) == list(table.rows())
    nan_frame = pd.DataFrame({"Commitment Unique Identifier": ["VD0001"],
                              "Specificity": [float("nan")]})
    with pytest.raises(irm.IRMError, match="row 1.*Specificity"):
        irm.from_frame(nan_frame)
