"""Draft plan review: reading a draft, the review's parts, and its three formats."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest

import irm
from irm.errors import InvalidValueError, MissingColumnError
from irm.io.drafts import read_draft
from irm.models.table import subset
from irm.review import render_review, review_dict, review_draft
from irm.scoring.milestones import extract_milestones
from irm.scoring.similar import similar

DRAFT_JSON = {
    "member": "Valdoria", "year": 2025,
    "commitments": [
        {"title": "Open budget portal <script>alert(1)</script>",
         "text": "The Ministry of Finance will publish the approved state budget and "
                 "quarterly execution reports as open data in machine-readable formats on "
                 "a new open budget portal.",
         "milestones": ["Publish the budget data by June 2026 (Ministry of Finance)",
                        "Hold two public consultations by December 2026"]},
        {"title": "Registro de beneficiarios finales",
         "text": "Crear un registro público de los beneficiarios finales de las empresas."},
    ]}


@pytest.fixture(scope="module")
def rated():
    return irm.read_ogp_csv(irm.sample_path())


@pytest.fixture
def draft_path(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(DRAFT_JSON), encoding="utf-8")
    return path


@pytest.fixture
def review(draft_path, rated):
    return review_draft(read_draft(draft_path), rated)


def test_a_json_draft_reads_with_its_member_year_and_milestones(draft_path):
    draft = read_draft(draft_path)
    assert len(draft) == 2
    assert set(draft.texts("Country/Locality")) == {"Valdoria"}
    assert "Milestones:\n1. Publish the budget data" in draft.texts("Full Text")[0]


def test_a_csv_draft_needs_a_title_or_a_text(tmp_path):
    path = tmp_path / "draft.csv"
    path.write_text("Lead Institution\nMinistry\n", encoding="utf-8")
    with pytest.raises(MissingColumnError, match="title or text") as caught:
        read_draft(path)
    assert "draft.csv" in str(caught.value)
    path.write_text("Commitment Title,Full Text\nOpen data,\n,\n", encoding="utf-8")
    with pytest.raises(InvalidValueError, match="no title and no text") as caught:
        read_draft(path)
    assert "row 2" in str(caught.value)


@pytest.mark.parametrize("doc, message", [
    ({"commitments": "x"}, "not a list of commitments"),
    ([{"title": ["a"]}], "not a text or a number"),
    ([{"title": "a", "milestones": "one"}], "milestones are not a list"),
])
def test_a_bad_json_draft_names_what_and_where(tmp_path, doc, message):
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InvalidValueError, match=message) as caught:
        read_draft(path)
    assert "draft.json" in str(caught.value)


def test_a_draft_that_is_not_json_names_the_line(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text('[\n  {"title": "a"},\n  {"title": }\n]', encoding="utf-8")
    with pytest.raises(InvalidValueError, match="not JSON") as caught:
        read_draft(path)
    assert "draft.json: line 3" in str(caught.value)


def test_the_review_is_irms_own_functions(review, draft_path, rated):
    data = review_dict(review)
    draft = review.draft
    estimates = irm.estimate(draft)
    found = similar(draft, against=rated, k=5, exclude="member")
    for i, c in enumerate(data["commitments"]):
        evidence = estimates.evidence(i)
        assert {k: v["value"] for k, v in c["estimates"].items()} == {
            k: evidence["estimates"][k]["value"] for k in c["estimates"]}
        assert c["similar_elsewhere"] == found.records(query=i)
        assert [m["description"] for m in c["milestones"]] == [
            m.description for m in extract_milestones(draft.texts("Full Text")[i])]
        assert all(s["member"] != "Valdoria" for s in c["similar_elsewhere"])
    assert len(data["commitments"][0]["milestones"]) == 2


def test_a_draft_commitment_continues_the_members_earlier_one(review, rated):
    continued = review.continued(0)  # the open budget portal of Valdoria's earlier plan
    assert continued, "the repeated budget portal commitment is not linked"
    titles = rated.texts("Commitment Title")
    assert any(titles[rated.texts("Commitment Unique Identifier").index(x["commitment"])]
               == "Open budget data portal" for x in continued)
    assert {"completion", "high_ambition", "ambition"} <= set(continued[0])


def test_the_profile_counts_rated_rows_and_keeps_missing_codes_apart(review, rated):
    data = review_dict(review)
    groups = data["profile"]["groups"]
    assert groups["draft (estimated)"] == 2
    assert groups["member's earlier plans (IRM)"] == len(rated)
    access = next(r for r in data["profile"]["rows"] if r["name"] == "Access To Information")
    earlier = access["member's earlier plans (IRM)"]
    codes = rated.codes_or_nd("OGP Value Access To Information")
    assert earlier["count"] == int((codes == 1).sum())
    assert earlier["of"] == int(np.isin(codes, (0, 1)).sum())
    assert earlier["of"] + sum(earlier["missing"].values()) == len(rated)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]


def test_html_is_self_contained_and_escapes_the_text(review):
    html = render_review(review)
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags and "link" not in parser.tags
    assert not re.search(r"(src|href)\s*=", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert {"about", "profile", "commitments", "DRAFT-001"} <= set(parser.ids)
    assert "mark" in parser.tags


def test_json_and_markdown_say_the_same(review):
    data = json.loads(render_review(review, fmt="json"))
    assert data == json.loads(json.dumps(review_dict(review)))
    markdown = render_review(review, fmt="markdown")
    for c in data["commitments"]:
        assert c["id"] in markdown
        for s in c["similar_elsewhere"]:
            assert f"{s['similarity']:.3f}" in markdown
    assert "\\<script" not in markdown and "| value | Access To Information |" in markdown


def test_the_report_records_what_made_it(review):
    versions = review_dict(review)["versions"]
    assert {"irm", "lexicon", "lexicon_sha256", "calibration", "similarity", "index_sha256",
            "review", "methodology"} <= set(versions)


def test_an_empty_draft_is_refused(rated):
    empty = subset(rated, np.zeros(0, dtype=np.int64))
    with pytest.raises(InvalidValueError, match="empty draft"):
        review_draft(empty, rated)


def test_a_draft_stripped_from_a_real_plan_reviews_end_to_end(dev_table):
    """The issue's check: one real plan's commitments with every rating and identifier
    column stripped, reviewed against the rest of the dev file."""
    plans = dev_table.plan_ids()
    members = np.asarray(dev_table.texts("Country/Locality"))
    numbers = dev_table.codes_or_nd("Action Plan Number")
    # the first plan (in id order) of a member with an earlier plan in the file
    target = next(p for p in sorted(set(plans.tolist()))
                  if any((members == members[plans == p][0]) & (numbers >= 0)
                         & (numbers < numbers[plans == p][0])))
    rows = np.flatnonzero(plans == target)
    kept = ["Commitment Title", "Full Text"]
    draft = irm.CommitmentTable.from_rows(
        kept, list(zip(*[subset(dev_table, rows).texts(c) for c in kept])), required=())
    rest = subset(dev_table, np.flatnonzero(plans != target))
    review = review_draft(draft, rest, member=str(members[rows[0]]),
                          year=int(dev_table.texts("Year Of Submission")[rows[0]]))
    data = review_dict(review)
    assert len(data["commitments"]) == len(rows)
    assert all(c["similar_elsewhere"] for c in data["commitments"])
    assert data["profile"]["groups"]["member's earlier plans (IRM)"] > 0
    assert "<mark" in render_review(review)


@pytest.mark.parametrize("year", [2016, 2019, 2020, 2024])
def test_the_review_and_its_estimates_read_one_era_from_the_year(draft_path, rated, year):
    review = review_draft(read_draft(draft_path), rated, year=year)
    assert {str(e) for e in review.estimates.eras} == {review.era.label.split(" ")[0]}


def test_the_review_reads_concepts_with_the_lexicon_it_is_given(draft_path, rated):
    from irm.scoring.estimate.lexicon import compile_lexicon, load_lexicon

    lexicon = compile_lexicon(load_lexicon().definition)
    review = review_draft(read_draft(draft_path), rated, lexicon=lexicon)
    assert review.similar.index.lexicon is lexicon
