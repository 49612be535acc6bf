"""Notebook display (well-formed, escaped HTML), pandas interop and plots."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import irm
from irm.models.table import CommitmentTable
from irm.scoring import explain
from irm.scoring.estimate.estimates import estimate
from irm.scoring.summary import summarize

NASTY = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture(scope="module")
def nasty_table():
    header = ["Commitment Unique Identifier", "Commitment Title", "Full Text", "Action Plan ID",
              "Country/Locality", "Specificity", "OGP Value Access To Information",
              "OGP Value Civic Participation", "OGP Value Public Accountability",
              "Potential Impact", "Report Publication Year (Progress Report)"]
    row = ["VD0900", NASTY, f"We will publish open data. {NASTY}", "AP_VLD09", "Valdoria",
           "High", "1", "0", "0", "Moderate", "2015"]
    return CommitmentTable.from_rows(header, [row])


def objects(table):
    est = estimate(table)
    return {
        "commitment": table.commitment(0),
        "assessment": table.assessment(0),
        "score": est.explain(0),
        "estimates": est,
        "explanation": explain(table, 0),
        "report": summarize(table),
    }


@pytest.mark.parametrize("name", ["commitment", "assessment", "score", "estimates",
                                  "explanation", "report"])
def test_repr_html_is_well_formed_and_escaped(nasty_table, name):
    """Each display parses as XML and shows <script> as text, never as a tag."""
    markup = objects(nasty_table)[name]._repr_html_()
    root = ET.fromstring(markup)
    assert root.find(".//script") is None and "<script>" not in markup
    if name in ("commitment", "score"):
        assert "&lt;script&gt;" in markup
    assert repr(objects(nasty_table)[name])  # a readable repr as well


def test_evaluation_report_display(nasty_table):
    """The evaluation report renders as well-formed HTML and as a frame."""
    from irm.scoring.estimate import evaluation as ev

    table = irm.read_ogp_csv(irm.sample_path())
    report = ev.evaluate(ev.human_codes(table), ev.estimate_codes(estimate(table)),
                         np.asarray(table.column("Action Plan ID")), tags=[], method="sample",
                         bootstrap_rounds=0)
    ET.fromstring(report._repr_html_())
    frame = report.to_frame()
    assert set(frame["rating"]) >= {"access_to_information", "potential_impact"}


def test_score_highlights_evidence():
    """The matched phrases are marked in the commitment text."""
    table = irm.read_ogp_csv(irm.sample_path())
    est = estimate(table)
    markup = est.explain(0)._repr_html_()
    assert "<mark" in markup and ">publish</mark>" in markup
    # beside each confidence, how far beyond chance the estimate agreed when held out
    kappa = est.calibration.models["potential_for_results"].agreement.kappa
    assert "held-out kappa" in markup and f"<td>{kappa:.2f}</td>" in markup


def test_frames_keep_missing_codes():
    """Tables, estimates and reports become DataFrames without NaN codes."""
    pytest.importorskip("pandas")
    table = irm.read_ogp_csv(irm.sample_path())
    frame = irm.to_frame(table)
    assert (frame["Specificity"] == "NR").sum() == 2 and not frame.isna().any().any()
    scores = estimate(table).to_frame()
    assert list(scores.columns[:2]) == ["Commitment Unique Identifier",
                                        "auto_access_to_information"]
    plans = summarize(table).to_frame()
    assert list(plans["key"]) == ["AP_VLD01", "AP_VLD03", "AP_VLD05", "AP_VLD06"]


# --- plots -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plots():
    pytest.importorskip("matplotlib")
    from irm import plots

    return plots


def test_ambition_completion_counts(plots):
    """The matrix shows one count per cell, summing to the plan's rated commitments."""
    table = irm.read_ogp_csv(irm.sample_path())
    fig = plots.ambition_completion(table, plan="AP_VLD01")
    ax = fig.axes[0]
    numbers = [int(t.get_text()) for t in ax.texts if t.get_text().isdigit()]
    assert len(numbers) == 16 and sum(numbers) == 4
    assert "n = 4 commitments rated for both" in [t.get_text() for t in ax.texts]
    assert len(fig.axes) == 2  # the matrix and its colour bar


def test_value_profile_bars(plots):
    """Four bars of human ratings, four more with estimates."""
    table = irm.read_ogp_csv(irm.sample_path())
    assert len(plots.value_profile(table).axes[0].patches) == 4
    fig = plots.value_profile(table, estimates=estimate(table))
    assert len(fig.axes[0].patches) == 8


def test_pledge_heatmap_and_trends(plots):
    """The heatmap has one column per OGC area; trends draw one line per indicator."""
    from irm.graphs import build_graph

    table = irm.read_ogp_csv(irm.sample_path())
    ax = plots.pledge_heatmap(build_graph(table)).axes[0]
    assert len(ax.get_xticklabels()) == 10
    ax = plots.trends(summarize(table), "Valdoria").axes[0]
    assert {line.get_label() for line in ax.get_lines()} >= {"high ambition", "starred"}
    with pytest.raises(ValueError, match="no action plans"):
        plots.trends(summarize(table), "Nowhere")


def test_plots_show_inline_as_images_with_sample_sizes(plots):
    """A figure renders itself to PNG for Jupyter (no pyplot backend needed), the bars say
    how many commitments each share counts, the heatmap has a colour bar."""
    from irm.graphs import build_graph

    table = irm.read_ogp_csv(irm.sample_path())
    fig = plots.value_profile(table, plan="AP_VLD01", estimates=estimate(table))
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels and all(label.startswith("n=") for label in labels)
    heat = plots.pledge_heatmap(build_graph(table))
    assert len(heat.axes) == 2 and heat.axes[1].get_ylabel() == "commitments reaching the pledge"
    from irm.scoring.summary import summarize

    trend = plots.trends(summarize(table), "Valdoria")
    assert any("/" in t.get_text() for t in trend.axes[0].texts)  # count/assessed per point


def test_validation_and_derivation_reports_display_as_html_not_pages_of_text(dev_table):
    """compare() printed several KB of text in a notebook: its repr is one line, its
    display a table; the validation report displays as a table too."""
    import xml.etree.ElementTree as ET

    report = irm.compare(dev_table)
    assert len(repr(report)) < 300 and "values differ" in repr(report)
    page = ET.fromstring(report._repr_html_())
    assert page.find(".//table") is not None
    validation = irm.validate_ogp_csv(irm.sample_path())
    assert ET.fromstring(validation._repr_html_()).find(".//table") is not None


def test_cocreation_plots_show_counts_and_verdicts(plots, tmp_path):
    """The outcome bars say count/rated and the plans behind each group; the timeline
    marks each plan in its verdict's colour."""
    from tests.conftest import export_text
    from tests.process_fixtures import explorer_row, explorer_text, write

    rows = [explorer_row("Kenya", "1", "2012", ["Yes"] * 6, dev="Collaborate"),
            explorer_row("Kenya", "2", "2014", ["No"] * 6, dev="Consult")]
    process = irm.read_process_csv(write(tmp_path / "p.csv", explorer_text(rows)))
    header = ["Commitment Unique Identifier", "Code", "Action Plan Number",
              "Completion (End Of Term)"]
    commitments = irm.read_ogp_csv(write(tmp_path / "c.csv", export_text(header, [
        ["KE1", "KEN", "1", "Complete"], ["KE2", "KEN", "2", "Not Started"]])))
    ax = plots.cocreation_outcomes(irm.cocreation_outcomes(process, commitments)).axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Involve or above\n1 plans",
                                                            "below Involve\n1 plans"]
    assert {t.get_text() for t in ax.texts} >= {"1/1", "0/1"}
    assessment = irm.assess_plans(process)
    ax = plots.cocreation_timeline(assessment).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Kenya"]
    assert {t.get_text() for t in ax.texts} == {"1: Collaborate", "2: Consult"}
    with pytest.raises(ValueError, match="no co-creation record"):
        plots.cocreation_timeline(assessment, members=["Nowhere"])
    ET.fromstring(assessment._repr_html_())
    ET.fromstring(irm.compare_process(process)._repr_html_())
