"""Similar commitments across members: the index, the scores and their evidence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import irm
from irm.errors import InvalidValueError
from irm.scoring.similar import CONCEPT_SHARE, build_index, rated_summaries, similar

HEADER = ["Commitment Unique Identifier", "Country/Locality", "Action Plan Number",
          "Commitment Title", "Full Text", "Potential Impact", "Potential for Results",
          "Early Results", "Completion (End Of Term)", "OGP Value Access To Information",
          "Specificity", "Verifiable"]
ROWS = [
    ["AA0001", "Avalon", "1", "Beneficial ownership register",
     "Create a public register of the beneficial owners of companies, searchable online.",
     "Transformative", "ND", "ND", "Substantial", "1", "High", "Yes"],
    ["BB0001", "Borduria", "2", "Open contracting portal",
     "Publish every public procurement contract on an open contracting portal.",
     "Moderate", "ND", "ND", "Complete", "1", "Medium", "Yes"],
    ["CC0001", "Carpania", "3", "Registro de beneficiarios finales",
     "Crear un registro público de los beneficiarios finales de las empresas.",
     "ND", "Substantial", "Significant", "Limited", "1", "ND", "Yes"],
    ["DD0001", "Dolmania", "1", "Participatory budgeting in cities",
     "Citizens vote on a share of the municipal budget in public assemblies.",
     "Minor", "ND", "ND", "Not Started", "0", "Low", "Yes"],
    ["AA0002", "Avalon", "2", "Register of beneficial owners, second phase",
     "Verify the beneficial owners declared in the register of companies.",
     "Moderate", "ND", "ND", "Limited", "1", "High", "Yes"],
]


@pytest.fixture(scope="module")
def table():
    return irm.CommitmentTable.from_rows(HEADER, ROWS)


def test_shared_terms_add_up_to_the_similarity(table):
    found = similar(table, k=4)
    for q in range(len(table)):
        for n in found.neighbours(q):
            assert sum(c for _, c in n.shared) == pytest.approx(n.similarity, abs=1e-6)
            assert all(c > 0 for _, c in n.shared)


def test_postings_give_the_dense_product_of_the_vectors(table):
    """The near-linear search adds up postings; the figure must equal the product of
    the stored vectors, computed here densely over all pairs."""
    index = build_index(table)
    v = index.vectors
    words = np.zeros((len(table), len(index.words)))
    for r in range(len(table)):
        part = slice(v.ptr[r], v.ptr[r + 1])
        words[r, v.terms[part]] = v.weights[part]
    dense = (1 - CONCEPT_SHARE) * words @ words.T + CONCEPT_SHARE * v.concepts @ v.concepts.T
    np.fill_diagonal(dense, 0.0)
    found = similar(table, against=index, k=len(table) - 1)
    for q in range(len(table)):
        for row, score in zip(found.rows[q], found.scores[q]):
            if row >= 0:
                assert score == pytest.approx(dense[q, row], abs=1e-9)
        best = int(np.argmax(dense[q]))
        assert found.rows[q][0] == best


def test_a_spanish_commitment_finds_the_english_one_on_the_same_reform(table):
    found = similar(table, k=2)
    spanish = table.texts("Commitment Unique Identifier").index("CC0001")
    first = found.neighbours(spanish)[0]
    assert first.commitment_id in ("AA0001", "AA0002")
    assert any(term == "concept:beneficial_ownership" for term, _ in first.shared)


def test_exclude_member_leaves_the_member_out(table):
    found = similar(table, k=4, exclude="member")
    avalon = table.texts("Commitment Unique Identifier").index("AA0002")
    ids = [n.commitment_id for n in found.neighbours(avalon)]
    assert ids and "AA0001" not in ids
    with_own = [n.commitment_id for n in similar(table, k=1).neighbours(avalon)]
    assert with_own == ["AA0001"]


def test_same_input_same_output(table):
    a, b = similar(table, k=3), similar(table, k=3)
    assert np.array_equal(a.rows, b.rows) and np.array_equal(a.scores, b.scores)
    assert a.records() == b.records()


def test_ratings_come_in_their_eras_terms(table):
    legacy, refresh = rated_summaries(table, [0, 2])
    assert (legacy["ambition_scale"], legacy["ambition"]) == ("Potential Impact", "Transformative")
    assert legacy["outcome_scale"] == "Starred"
    assert (refresh["ambition_scale"], refresh["ambition"]) == ("Potential for Results",
                                                                 "Substantial")
    assert (refresh["outcome_scale"], refresh["outcome"]) == ("Early Results", "Significant")
    assert legacy["values"] == "Access To Information"


def test_bad_options_are_refused(table):
    with pytest.raises(InvalidValueError, match="k out of range"):
        similar(table, k=0)
    with pytest.raises(InvalidValueError, match="unknown exclude"):
        similar(table, exclude="plan")


def test_nothing_in_common_lists_no_neighbour():
    t = irm.CommitmentTable.from_rows(["Commitment Unique Identifier", "Commitment Title"],
                                      [["X1", "Zebras"], ["X2", "Quokkas"]])
    assert similar(t, k=1).neighbours(0) == []


@given(st.lists(st.text(alphabet="abcdefgh registro open data budget ", min_size=0,
                        max_size=60), min_size=2, max_size=6))
def test_scores_are_cosines(texts):
    t = irm.CommitmentTable.from_rows(
        ["Commitment Unique Identifier", "Full Text"],
        [[f"T{k}", text] for k, text in enumerate(texts)])
    found = similar(t, k=len(texts))
    assert np.all(found.scores <= 1 + 1e-9) and np.all(found.scores >= 0)
    assert all(r != q for q in range(len(texts)) for r in found.rows[q])
