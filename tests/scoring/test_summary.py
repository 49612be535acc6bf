"""Per-plan and per-member summaries with trends."""

from __future__ import annotations

import json

import pytest

import irm
from irm.scoring.summary import render, summarize


def test_sample_plan_figures():
    """Counts use only assessed commitments as denominators."""
    report = summarize(irm.read_ogp_csv(irm.sample_path()))
    first = report.plans[0]
    assert first.key == "AP_VLD01" and first.commitments == 4
    assert (first.figures["starred"].count, first.figures["starred"].assessed) == (1, 4)
    refresh = next(p for p in report.plans if p.key == "AP_VLD05")
    assert refresh.figures["high_ambition"].assessed == 0  # PfR is not High Ambition
    assert str(refresh.figures["high_ambition"]) == "-"
    (member,) = report.members
    assert member.commitments == 13


def test_trends_are_marked_not_comparable_across_eras():
    """A change between plans of different eras is flagged."""
    report = summarize(irm.read_ogp_csv(irm.sample_path()))
    assert report.plans[0].comparable_with_previous is None
    assert report.plans[1].comparable_with_previous is False
    assert "NOT COMPARABLE" in render(report)


def test_render_formats_agree():
    """JSON, CSV and markdown carry the same plans."""
    report = summarize(irm.read_ogp_csv(irm.sample_path()))
    data = json.loads(render(report, fmt="json"))
    assert [p["key"] for p in data["action_plans"]] == [p.key for p in report.plans]
    csv_text = render(report, fmt="csv")
    assert csv_text.count("action plan,") == len(report.plans)
    assert render(report, fmt="markdown").count("| AP_VLD") == len(report.plans)


def test_dev_file_member_trend(dev_table):
    """Every member in the dev file is summarised, plans ordered by their number."""
    report = summarize(dev_table)
    assert sum(m.commitments for m in report.members) == 399
    assert len(report.plans) == 143


def test_a_misspelt_level_or_format_is_refused():
    """to_frame(level="member") once returned the members table silently; now it raises."""
    pytest.importorskip("pandas")
    from irm.errors import InvalidValueError

    report = summarize(irm.read_ogp_csv(irm.sample_path()))
    assert len(report.to_frame(level="members")) == len(report.members)
    with pytest.raises(InvalidValueError, match="unknown 'level'.*'plans', 'members'.*'member'"):
        report.to_frame(level="member")
    with pytest.raises(InvalidValueError, match="unknown 'fmt'"):
        render(report, fmt="html")


def test_the_csv_report_holds_numbers_and_every_report_its_definitions():
    """Counts, denominators and shares in numeric columns (not '4/4 (100%)'); the text,
    Markdown and JSON reports define each figure, and OGP's Ambition Assessed stands
    beside irm's denominator where they differ."""
    import csv
    import io

    from irm.scoring.summary import DEFINITIONS

    report = summarize(irm.read_ogp_csv(irm.sample_path()))
    rows = list(csv.DictReader(io.StringIO(render(report, fmt="csv"))))
    first = rows[0]
    assert int(first["starred"]) <= int(first["starred_assessed"])
    assert float(first["starred_share"]) == pytest.approx(
        int(first["starred"]) / int(first["starred_assessed"]), abs=1e-4)
    assert all("%" not in v for r in rows for v in r.values())
    for fmt in ("text", "markdown"):
        assert "Moderate or Transformative" in render(report, fmt=fmt)
    assert json.loads(render(report, fmt="json"))["definitions"] == DEFINITIONS
    refresh = next(p for p in report.plans if p.eras == ("refresh (2021+)",))
    assert refresh.ogp_ambition_assessed > refresh.figures["high_ambition"].assessed
    assert "[OGP assessed" in render(report)
