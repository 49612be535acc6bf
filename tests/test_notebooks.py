"""The researcher notebooks execute from top to bottom (on the sample or the dev file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_five_notebooks():
    """Quickstart, members over time, pledge coverage, co-creation, draft review."""
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_members_over_time.ipynb",
                                           "03_pledge_coverage.ipynb", "04_cocreation.ipynb",
                                           "05_draft_review.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    """Notebooks are committed clean."""
    book = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in book["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


def test_quickstart_is_ten_lines():
    """From import irm to a derived, scored and reported plan in at most ten lines."""
    book = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    first = next(c for c in book["cells"] if c["cell_type"] == "code")
    lines = [line for line in "".join(first["source"]).splitlines()
             if line.strip() and not line.strip().startswith("#")]
    assert lines[0] == "import irm" and len(lines) <= 10
    assert any("derive(" in line for line in lines) and any("estimate(" in line for line in lines)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path):
    """Every cell runs without error."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    plotted = "from irm import plots" in "".join("".join(c.source) for c in book.cells)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    # a plot shows as an image, not as "<Figure size 600x400 with 1 Axes>"
    assert not plotted or images, "a notebook that plots shows no image"
    assert not [o for o in outputs if "<Figure size" in o.get("data", {}).get("text/plain", "")
                and "image/png" not in o.get("data", {})]


def test_the_quickstart_needs_nothing_but_import_irm():
    """The quickstart reads, derives, explains a star, estimates, evaluates, builds and
    writes a graph and plots through irm.* alone: no import of irm's inner modules."""
    book = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    source = "".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code")
    assert "from irm" not in source and "import irm." not in source
    for verb in ("irm.derive(", "irm.explain(", "irm.estimate(", "irm.evaluate(",
                 "irm.build_graph(", "irm.write_graph(", "irm.plots."):
        assert verb in source, verb
