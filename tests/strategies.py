"""Hypothesis strategies shared by the suite."""

from __future__ import annotations

from hypothesis import strategies as st

from irm.models import scales as S

MISSING = st.sampled_from(["ND", "NR", "NA"])

#: Cell text with the characters that make CSV hard: quotes, commas, CR/LF, unicode.
cell_text = st.text(
    alphabet=st.one_of(
        st.sampled_from([",", '"', "\n", "\r", " ", "\t", "\u00a0", "\uf0b7", "é", "—"]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=40,
)


def label_of(scale: S.OrdinalScale) -> st.SearchStrategy[str]:
    """A label of ``scale`` or a missing code."""
    return st.one_of(st.sampled_from(scale.labels), MISSING)


@st.composite
def exports(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A small export: id, free text, a few ratings, and unmodelled columns."""
    extra = draw(st.lists(cell_text.filter(lambda s: s.strip() != ""), max_size=3, unique=True))
    header = ["Commitment Unique Identifier", "Full Text", "Specificity", "Potential Impact",
              "OGP Value Civic Participation"]
    header += [f"extra {k}: {name}" for k, name in enumerate(extra)]
    n = draw(st.integers(min_value=0, max_value=6))
    rows = []
    for i in range(n):
        row = [f"XX{i:04d}", draw(cell_text), draw(label_of(S.SPECIFICITY)),
               draw(label_of(S.POTENTIAL_IMPACT)), draw(label_of(S.FLAG))]
        row += [draw(cell_text) for _ in extra]
        rows.append(row)
    return header, rows


# Raw ratings of one commitment (codes), for derivation properties.
def rating_codes() -> st.SearchStrategy[dict[str, int]]:
    nd, nr, na = -901, -902, -903
    miss = st.sampled_from([nd, nr, na])

    def scale(codes: tuple[int, ...]) -> st.SearchStrategy[int]:
        return st.one_of(st.sampled_from(codes), miss)

    return st.fixed_dictionaries({
        "Specificity": scale(S.SPECIFICITY.codes),
        "Verifiable": scale(S.VERIFIABLE.codes),
        "OGP Value Access To Information": scale((0, 1)),
        "OGP Value Civic Participation": scale((0, 1)),
        "OGP Value Public Accountability": scale((0, 1)),
        "_Relevant": scale((0, 1)),
        "Potential Impact": scale(S.POTENTIAL_IMPACT.codes),
        "Potential for Results": scale(S.POTENTIAL_FOR_RESULTS.codes),
        "Completion (Progress Report)": scale(S.COMPLETION.codes),
        "Completion (End Of Term)": scale(S.COMPLETION.codes),
        "Early Results": scale(S.EARLY_RESULTS.codes),
        "Did It Open Government (Overall)": scale(S.DIOG_OVERALL.codes),
        "Report Publication Year (Progress Report)": st.one_of(st.integers(2012, 2024), miss),
        "Report Publication Year (End Of Term)": st.one_of(st.integers(2014, 2025), miss),
    })
