"""Summaries per action plan and per member: counts, shares and trends.

Each indicator is counted over the commitments where it is assessed (its
denominator), so a share never mixes rated and unrated rows. Figures of
plans rated under different methodology eras are flagged as not comparable:
the IRM's scales changed (Specificity became Verifiable, Potential Impact
became Potential for Results, stars stopped after 2020).
"""

from __future__ import annotations

from typing import Any, Mapping

import attrs
import numpy as np

import irm._json as strict_json
from irm._markdown import table as markdown_table
from irm._perf import group_rows
from irm._text import neutralise_formula
from irm.errors import check_choice
from irm.models.assessment import Era
from irm.models.process import ProcessTable
from irm.models.table import CommitmentTable
from irm.scoring.cocreation import (CocreationOutcomes, assess_plans, cocreation_outcomes,
                                    progress_from_commitments)
from irm.scoring.indicators import DerivationSettings, derive_codes, num

__all__ = ["Figure", "GroupSummary", "Report", "CocreationSection", "summarize", "INDICATORS", "DEFINITIONS",
           "REPORT_FORMATS", "render"]

#: indicator -> (what counts, what is assessed), both as code tests on derived columns
INDICATORS = (
    "verifiable",
    "relevant",
    "high_ambition",
    "starred",
    "high_completion",
    "strong_early_results",
)


#: what each figure counts, and over which rows (its denominator)
DEFINITIONS = {
    "verifiable": "Verifiable = Yes (legacy rows: Specificity Medium or High), over the rows "
                  "whose Verifiable is rated",
    "relevant": "relevant to access to information, civic participation or public "
                "accountability (_Relevant = 1; technology alone never counts), over the rows "
                "whose _Relevant is rated",
    "high_ambition": "High Ambition = 1: Potential Impact Moderate or Transformative and "
                     "relevant, over the rows whose High Ambition is a number (Potential "
                     "Impact rated); OGP's own Ambition Assessed also counts rows rated for "
                     "Potential for Results (refresh plans), shown beside it",
    "starred": "Max star = 1: the most recent star (end of term, else progress report; OGP's "
               "current formula unless another star rule is chosen), over the rows whose Max "
               "star is a number",
    "high_completion": "the most recent completion Substantial or Complete, over the rows "
                       "with a usable completion rating (Comp Assessed = 1)",
    "strong_early_results": "Did It Open Government Major or Outstanding, or Early Results "
                            "Significant, over the rows rated for either (DIOG Assessed = 1)",
}


@attrs.frozen
class Figure:
    """A count over a denominator; ``share`` is None when nothing was assessed."""

    count: int
    assessed: int

    @property
    def share(self) -> float | None:
        return self.count / self.assessed if self.assessed else None

    def __str__(self) -> str:
        if not self.assessed:
            return "-"
        return f"{self.count}/{self.assessed} ({100 * self.count / self.assessed:.0f}%)"


@attrs.frozen
class GroupSummary:
    """Figures for one action plan or one member."""

    key: str
    member: str
    commitments: int
    eras: tuple[str, ...]
    figures: Mapping[str, Figure]
    year: int | None = None
    comparable_with_previous: bool | None = None
    change: Mapping[str, float | None] = attrs.field(factory=dict)
    #: OGP's own Ambition Assessed count (Potential Impact or Potential for Results rated)
    ogp_ambition_assessed: int = 0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "member": self.member, "year": self.year,
                               "commitments": self.commitments, "eras": list(self.eras)}
        for name, fig in self.figures.items():
            out[name] = fig.count
            out[f"{name}_assessed"] = fig.assessed
            out[f"{name}_share"] = None if fig.share is None else round(fig.share, 4)
            if name == "high_ambition":
                out["ogp_ambition_assessed"] = self.ogp_ambition_assessed
        if self.comparable_with_previous is not None:
            out["comparable_with_previous"] = self.comparable_with_previous
            out.update({f"{k}_change": None if v is None else round(v, 4)
                        for k, v in self.change.items()})
        return out


@attrs.frozen
class CocreationSection:
    """How each plan of a process file was co-created, beside its commitments' figures,
    and the commitments grouped by their plan's co-creation (associations, no cause)."""

    rules: Mapping[str, str]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    outcomes: CocreationOutcomes

    def as_dict(self) -> dict[str, Any]:
        return {"rules": dict(self.rules),
                "plans": [dict(zip(self.header, row)) for row in self.rows],
                "outcomes": self.outcomes.to_dict()}

    def tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """(title, header, rows) of each table the section shows."""
        outcome_head = list(self.outcomes.HEADER)
        return [("Co-creation", list(self.header), [list(r) for r in self.rows]),
                ("Commitments by their plan's co-creation (associations, not causes)",
                 outcome_head, [list(r) for r in self.outcomes.rows(groups="minimum")]
                 + [list(r) for r in self.outcomes.rows(groups="level")])]


@attrs.frozen
class Report:
    """Per-plan (with trends) and per-member summaries of a table, and the co-creation
    of its plans where a process file was given."""

    plans: tuple[GroupSummary, ...]
    members: tuple[GroupSummary, ...]
    cocreation: CocreationSection | None = None

    def to_frame(self, *, level: str = "plans") -> Any:
        """One row per action plan (``level="plans"``) or member (``"members"``), as a
        pandas DataFrame."""
        from irm._optional import pandas as _pandas

        check_choice("level", level, ("plans", "members"))
        groups = self.plans if level == "plans" else self.members
        return _pandas().DataFrame([g.as_dict() for g in groups])

    def _repr_html_(self) -> str:
        from irm._html import card, table

        parts = [table(rows, head, caption=title) for title, head, rows in _tables(self)]
        return card("IRM summary", "".join(parts),
                    subtitle="shares count only commitments where the indicator was assessed")


def _tests(table: CommitmentTable, codes: Mapping[str, np.ndarray]) -> dict[str, tuple[
        np.ndarray, np.ndarray]]:
    verifiable = table.codes_or_nd("Verifiable")
    return {
        "verifiable": (verifiable == 1, num(verifiable)),
        "relevant": (codes["_Relevant"] == 1, num(codes["_Relevant"])),
        "high_ambition": (codes["High Ambition"] == 1, num(codes["High Ambition"])),
        "starred": (codes["Max star"] == 1, num(codes["Max star"])),
        "high_completion": (codes["High Completion"] == 1, codes["Comp Assessed"] == 1),
        "strong_early_results": (codes["High DIOG"] == 1, codes["DIOG Assessed"] == 1),
    }


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def summarize(table: CommitmentTable, *, settings: DerivationSettings | None = None,
              process: ProcessTable | None = None) -> Report:
    """Summaries per action plan and per member, recomputed from the raw ratings; with
    ``process`` (a co-creation file), each of its plans' co-creation verdicts too.

    Examples
    --------
    >>> import irm
    >>> report = summarize(irm.read_ogp_csv(irm.sample_path()))
    >>> [p.key for p in report.plans][:2]
    ['AP_VLD01', 'AP_VLD03']
    >>> str(report.plans[0].figures["starred"])
    '1/4 (25%)'
    """
    codes = derive_codes(table, settings=settings)
    tests = _tests(table, codes)
    eras = table.eras()
    plan_ids = table.plan_ids()
    members = table.get("Country/Locality", "unknown")
    plan_no = table.codes_or_nd("Action Plan Number")
    years = table.codes_or_nd("Year Of Submission")

    def build(keys: np.ndarray) -> list[GroupSummary]:
        out = []
        for key, rows in zip(*group_rows(keys.astype(str))):
            year_vals = years[rows][num(years[rows])]
            out.append(GroupSummary(
                key=str(key), member=str(members[rows[0]]), commitments=len(rows),
                eras=tuple(Era(e).label for e in np.unique(eras[rows])),
                figures={name: Figure(int(np.count_nonzero(hit[rows] & ok[rows])),
                                      int(np.count_nonzero(ok[rows])))
                         for name, (hit, ok) in tests.items()},
                year=int(year_vals.min()) if len(year_vals) else None,
                ogp_ambition_assessed=int(np.count_nonzero(codes["Ambition Assessed"][rows] == 1)),
            ))
        return out

    plans = build(plan_ids)
    order = {str(p): (int(plan_no[i]), str(p)) for i, p in enumerate(plan_ids)}
    plans.sort(key=lambda g: (g.member, order[g.key]))
    with_trend: list[GroupSummary] = []
    previous: GroupSummary | None = None
    for plan in plans:
        if previous is not None and previous.member == plan.member:
            change = {name: _difference(plan.figures[name].share, previous.figures[name].share)
                      for name in INDICATORS}
            comparable = plan.eras == previous.eras and len(plan.eras) == 1
            plan = attrs.evolve(plan, comparable_with_previous=comparable, change=change)
        with_trend.append(plan)
        previous = plan
    member_rows = build(members)
    section = None if process is None else _cocreation(process, table, with_trend, codes)
    return Report(tuple(with_trend), tuple(member_rows), section)


_COCREATION_HEADER = ("plan", "member", "number", "year", "IAP2 during development",
                      "Involve during development", "Inform during implementation",
                      "minimum requirements", "contrary to process", "triggers met",
                      "consecutive cycles", "automatic review", "commitments",
                      "high ambition", "high completion")


def _cocreation(process: ProcessTable, table: CommitmentTable, plans: list[GroupSummary],
                codes: Mapping[str, np.ndarray]) -> CocreationSection:
    assessment = assess_plans(process, progress=progress_from_commitments(table, codes=codes))
    figures = {p.key: p for p in plans}
    rows = []
    for member, assessed in assessment.by_member().items():
        for plan in assessed:
            found = figures.get(plan.plan_id or "")
            cells = plan.cells()
            rows.append((plan.key, member, str(plan.number), str(plan.year or "ND"),
                         plan.iap2[0],
                         cells["Meets Involve during development"],
                         cells["Meets Inform during implementation"],
                         plan.minimum_requirements, plan.contrary,
                         cells["Contrary to process: triggers met"], plan.consecutive,
                         plan.automatic_review, str(found.commitments if found else 0),
                         str(found.figures["high_ambition"]) if found else "-",
                         str(found.figures["high_completion"]) if found else "-"))
    return CocreationSection(assessment.provenance, _COCREATION_HEADER, tuple(rows),
                             cocreation_outcomes(process, table, codes=codes))


def _tables(report: Report) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table of the report, in order."""
    out = []
    for title, groups, trend in (("Action plans", report.plans, True),
                                 ("Members", report.members, False)):
        head, rows = _table_rows(groups, trend)
        out.append((title, head, rows))
    if report.cocreation is not None:
        out += report.cocreation.tables()
    return out



_HEADERS = {name: name.replace("_", " ") for name in INDICATORS}


def _table_rows(groups: tuple[GroupSummary, ...], trend: bool) -> tuple[list[str], list[list[str]]]:
    head = ["key", "member", "year", "n", "eras", *_HEADERS.values()]
    if trend:
        head.append("vs previous plan")
    rows = []
    for g in groups:
        cells = {k: str(g.figures[k]) for k in _HEADERS}
        if g.ogp_ambition_assessed != g.figures["high_ambition"].assessed:  # OGP's denominator
            cells["high_ambition"] += f" [OGP assessed {g.ogp_ambition_assessed}]"
        row = [g.key, g.member, "" if g.year is None else str(g.year), str(g.commitments),
               "; ".join(g.eras), *cells.values()]
        if trend:
            if g.comparable_with_previous is None:
                row.append("")
            else:
                moves = ", ".join(f"{_HEADERS[k]} {v * 100:+.0f} pts" for k, v in g.change.items()
                                  if v is not None and v != 0)
                mark = "" if g.comparable_with_previous else "NOT COMPARABLE (eras differ): "
                row.append(mark + (moves or "no change"))
        rows.append(row)
    return head, rows


#: the formats :func:`render` writes
REPORT_FORMATS = ("text", "markdown", "csv", "json")


def render(report: Report, *, fmt: str = "text") -> str:
    """The report as ``text`` (aligned columns), ``markdown``, ``csv`` or ``json``."""
    import csv
    import io

    check_choice("fmt", fmt, REPORT_FORMATS)

    if fmt == "json":
        document: dict[str, Any] = {"action_plans": [g.as_dict() for g in report.plans],
                                    "members": [g.as_dict() for g in report.members],
                                    "definitions": DEFINITIONS}
        if report.cocreation is not None:
            document["cocreation"] = report.cocreation.as_dict()
        return strict_json.dumps(document, indent=2, ensure_ascii=False)
    if fmt == "csv":  # numbers in numeric columns: counts, denominators and shares apart
        records = [{"level": level, **g.as_dict()} for level, groups in
                   (("action plan", report.plans), ("member", report.members)) for g in groups]
        if report.cocreation is not None:
            records += [{"level": "co-creation", **plan}
                        for plan in report.cocreation.as_dict()["plans"]]
        fields = list(dict.fromkeys(k for r in records for k in r))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fields, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows({k: neutralise_formula("; ".join(v)) if isinstance(v, list) else ""
                          if v is None else neutralise_formula(v) if isinstance(v, str) else v
                          for k, v in r.items()} for r in records)
        return buffer.getvalue()
    parts = []
    for title, head, rows in _tables(report):
        if fmt == "markdown":
            lines = [f"### {title}", "", *markdown_table(head, rows)]
        else:  # text: check_choice above allows no other
            widths = [max(len(x) for x in col) for col in zip(head, *rows)]
            def fmt_row(r: list[str]) -> str:
                return "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()

            lines = [title, fmt_row(head), fmt_row(["-" * w for w in widths])]
            lines += [fmt_row(r) for r in rows]
        parts.append("\n".join(lines))
    note = ("Shares count only commitments where the indicator was assessed. Plans rated under "
            "different IRM methodologies are marked NOT COMPARABLE.\n\nDefinitions:\n"
            + "\n".join(f"- {_HEADERS[k]}: {v}" for k, v in DEFINITIONS.items()))
    return "\n\n".join(parts) + "\n\n" + note + "\n"


__all__ += ["render"]
