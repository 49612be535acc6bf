"""The layout of OGP's commitment export: what each known column holds.

Column names are OGP's, spelled exactly (``ogp-data.md`` §7). Each known
column has a kind that says how to read it:

``rating``   an IRM rating read on a scale (labels or 0/1 flags)
``code``     the numeric code column paired with a rating label column
``year``     a year, or a missing code
``integer``  an integer (plan number, database id, ...)
``tag``      a policy-area flag (0/1, ND/NA = not coded)
``derived``  a column OGP computes from others (recomputed by ``irm.derive``)
``text``     anything else, kept verbatim

Columns not listed here are kept verbatim as ``text``.
"""

from __future__ import annotations

import functools

import attrs

from irm.models import scales as S
from irm.models.scales import OrdinalScale
from irm.models.taxonomy import load_taxonomy

__all__ = [
    "ColumnSpec",
    "COLUMNS",
    "ID",
    "REQUIRED",
    "RATING_COLUMNS",
    "CODE_COLUMNS",
    "LABEL_TO_CODE",
    "DERIVED_COLUMNS",
    "NOT_DERIVABLE",
    "TAG_COLUMNS",
    "OGP_VALUE_COLUMNS",
    "spec",
]

ID = "Commitment Unique Identifier"
#: Columns every export must have.
REQUIRED = (ID,)


@attrs.frozen
class ColumnSpec:
    """How to read one column of the export."""

    name: str
    kind: str
    scale: OrdinalScale | None = None


def _specs() -> dict[str, ColumnSpec]:
    out: dict[str, ColumnSpec] = {}

    def add(kind: str, names: tuple[str, ...] | list[str], scale: OrdinalScale | None = None) -> None:
        for n in names:
            out[n] = ColumnSpec(n, kind, scale)

    # "id" (OGP's database id) is an identifier, kept as text: not a small integer
    add("integer", ("Action Plan Number", "Action Plan Duration (Years)"))
    add(
        "year",
        (
            "Year Of Submission",
            "Action Plan End Year",
            "Report Publication Year (Progress Report)",
            "Report Publication Year (End Of Term)",
        ),
    )
    for label, (code, scale) in _PAIRS.items():
        add("rating", (label,), scale)
        add("code", (code,), scale)
    add("rating", ("Verifiable",), S.VERIFIABLE)
    add("rating", OGP_VALUE_COLUMNS + ("Compound", "Cluster (AP Review)", "Carried Forward"), S.FLAG)
    # _Relevant is computed for legacy/transitional rows but is the IRM's own
    # verdict for refresh rows, so it is read as a rating (ogp-data.md §5.2).
    add("rating", ("_Relevant",), S.FLAG)
    add("derived", [d for d in DERIVED_COLUMNS if d not in out])
    return out


#: Rating label column -> (code column, scale), as in ogp-data.md §4.
_PAIRS: dict[str, tuple[str, OrdinalScale]] = {
    "Specificity": ("_Specificity", S.SPECIFICITY),
    "Potential Impact": ("_Potential Impact", S.POTENTIAL_IMPACT),
    "Completion (Progress Report)": ("_CompletionProgress", S.COMPLETION),
    "Potential for Results": ("_Potential for Results", S.POTENTIAL_FOR_RESULTS),
    "Completion (End Of Term)": ("_CompletionEndTerm", S.COMPLETION),
    "Early Results": ("_Early Results", S.EARLY_RESULTS),
    "Did It Open Government (Overall)": ("_OpenGovernment", S.DIOG_OVERALL),
    "Did It Open Government (Access To Information)": ("_DIOGATI", S.DIOG_VALUE),
    "Did It Open Government (Civic Participation)": ("_DIOGCP", S.DIOG_VALUE),
    "Did It Open Government: Public Accountability": ("_DIOGPA", S.DIOG_VALUE),
}
LABEL_TO_CODE = {label: code for label, (code, _) in _PAIRS.items()}

OGP_VALUE_COLUMNS = (
    "OGP Value Access To Information",
    "OGP Value Civic Participation",
    "OGP Value Public Accountability",
    "OGP Value Technology",
)


#: Columns OGP derives from the ratings (ogp-data.md §7.5), code columns included.
DERIVED_COLUMNS = (
    "Commitment Dummy",
    "_Specificity",
    "_Relevant",
    "_Potential Impact",
    "_CompletionProgress",
    "Starred (2015 Only)",
    "Starred (Current Formula) Progress Report",
    "_Potential for Results",
    "_CompletionEndTerm",
    "Change In Completion",
    "_ChangeCompletion",
    "_Early Results",
    "_OpenGovernment",
    "_DIOGATI",
    "_DIOGCP",
    "_DIOGPA",
    "Starred (Current Formula) End of Term",
    "Most Recently Assessed",
    "Star - Most Recently Assessed",
    "IRM Assessed",
    "Active Commitment",
    "Max star",
    "Ambition Assessed",
    "Comp Assessed",
    "DIOG Assessed",
    "Midterm Only",
    "Max Completion",
    "Raw Completion",
    "High Completion",
    "High Ambition",
    "High DIOG",
    "Ambitious and complete, or DIOG",
    "Ambitious but not complete",
    "Complete but not ambitious",
    "Not complete or ambitious",
    "Not reviewed",
    "CHECKSUM",
    "IRM-Based Score",
    "Binding constraint",
    "Latest IRM Report",
    "Subnational in NAPs",
)
#: Plan-level flags imported from the full OGP database (ogp-data.md §5.11).
NOT_DERIVABLE = ("IRM Assessed", "Most Recently Assessed", "Star - Most Recently Assessed")

#: the columns irm models, but the policy-area tags (read from the taxonomy when asked)
_STATIC = _specs()
RATING_COLUMNS = tuple(n for n, s in _STATIC.items() if s.kind == "rating")
CODE_COLUMNS = tuple(n for n, s in _STATIC.items() if s.kind == "code")


@functools.lru_cache(maxsize=None)
def _tags() -> dict[str, ColumnSpec]:
    return {name: ColumnSpec(name, "tag", S.FLAG) for name in load_taxonomy().names}


def spec(name: str) -> ColumnSpec:
    """The spec of column ``name`` (``text`` for columns irm does not model)."""
    return _STATIC.get(name) or _tags().get(name) or ColumnSpec(name, "text")


def __getattr__(name: str) -> object:
    # the tag columns come from the taxonomy file: read when first asked for, not at import
    if name == "TAG_COLUMNS":
        return tuple(_tags())
    if name == "COLUMNS":
        return {**_STATIC, **_tags()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
