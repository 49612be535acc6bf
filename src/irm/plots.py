"""Plots for notebooks (optional: ``pip install 'irm[plots]'``).

Each function returns a :class:`matplotlib.figure.Figure` built without
pyplot's global state, so it draws the same headless or in a notebook, where it
shows inline as an image (it renders itself to PNG for Jupyter). Every plot says
how many commitments each mark counts: a share of one commitment is not a trend.
"""

from __future__ import annotations

import io
from typing import Any, Sequence

import numpy as np

from irm.models import scales as S
from irm.models.missing import is_missing_code
from irm.models.table import CommitmentTable, subset
from irm.errors import InvalidValueError, MissingDependencyError

__all__ = ["ambition_completion", "value_profile", "pledge_heatmap", "trends", "cocreation_outcomes",
           "cocreation_timeline"]


def _figure(width: float = 6.0, height: float = 4.0) -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise MissingDependencyError("plots need matplotlib: pip install 'irm[plots]'") from err

    class InlineFigure(Figure):
        """A figure Jupyter shows as an image without pyplot's inline backend."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    return InlineFigure(figsize=(width, height), layout="constrained")


def _plan_index(table: CommitmentTable, plan: str | None) -> np.ndarray:
    """The rows of action plan ``plan`` (every row when None)."""
    if plan is None:
        return np.arange(len(table))
    rows = np.flatnonzero(np.asarray(table.plan_ids(default="")) == plan)
    if not len(rows):
        raise InvalidValueError("no commitments of this action plan in the table", got=plan)
    return rows


def _plan_rows(table: CommitmentTable, plan: str | None) -> CommitmentTable:
    return table if plan is None else subset(table, _plan_index(table, plan))


def ambition_completion(table: CommitmentTable, *, plan: str | None = None) -> Any:
    """Counts of commitments by potential impact and most recent completion.

    Examples
    --------
    >>> import irm
    >>> fig = ambition_completion(irm.read_ogp_csv(irm.sample_path()), plan="AP_VLD01")
    >>> fig.axes[0].get_title()
    'Ambition x completion: AP_VLD01'
    """
    from irm.scoring.indicators import derive_codes

    part = _plan_rows(table, plan)
    codes = derive_codes(part)
    impact = codes["_Potential Impact"]
    completion = codes["Raw Completion"]
    levels = [S.POTENTIAL_IMPACT.level_of(code) for code in S.POTENTIAL_IMPACT.codes]
    stages = [S.COMPLETION.level(x) for x in ("Not Started", "Limited", "Substantial", "Complete")]
    counts = np.array([[int(np.count_nonzero((impact == lv.code) & (completion == st.code)))
                        for st in stages] for lv in levels])
    fig = _figure()
    ax = fig.add_subplot()
    image = ax.imshow(counts, cmap="Blues", origin="lower")
    fig.colorbar(image, ax=ax, label="commitments")
    ax.set_xticks(range(len(stages)), [st.label for st in stages])
    ax.set_yticks(range(len(levels)), [lv.label for lv in levels])
    for (i, j), n in np.ndenumerate(counts):
        ax.text(j, i, str(n), ha="center", va="center")
    ax.set_xlabel("completion (most recent report)")
    ax.set_ylabel("potential impact")
    ax.set_title(f"Ambition x completion: {plan or 'all plans'}")
    ax.text(0.0, -0.22, f"n = {int(counts.sum())} commitments rated for both", fontsize=8,
            transform=ax.transAxes)
    return fig


#: axis labels of the four OGP values, in the order of ``VALUE_TARGETS``
VALUE_LABELS = ("access to information", "civic participation", "public accountability",
                "technology & innovation")


def value_profile(table: CommitmentTable, *, plan: str | None = None,
                  estimates: Any = None) -> Any:
    """Share of commitments relevant to each OGP value (human ratings, and the
    estimates beside them when given)."""
    from irm.scoring.estimate.estimator import VALUE_TARGETS

    index = _plan_index(table, plan)  # the plan's rows, for the estimates too
    part = table if plan is None else subset(table, index)
    fig = _figure()
    ax = fig.add_subplot()
    x = np.arange(len(VALUE_LABELS))
    human, rated_n = [], []
    for column in VALUE_TARGETS.values():
        codes = part.codes_or_nd(column)
        rated = ~is_missing_code(codes)
        human.append(np.count_nonzero(codes == 1) / rated.sum() if rated.any() else 0.0)
        rated_n.append(int(rated.sum()))
    bars = ax.bar(x - 0.2, human, width=0.4, label="IRM rating")
    ax.bar_label(bars, labels=[f"n={n}" for n in rated_n], fontsize=7)
    if estimates is not None:
        auto, read_n = [], []
        for k in VALUE_TARGETS:
            codes = np.asarray(estimates.codes[k])[index]
            read = ~is_missing_code(codes)
            auto.append(float(np.mean(codes[read] == 1)) if read.any() else 0.0)
            read_n.append(int(read.sum()))
        bars = ax.bar(x + 0.2, auto, width=0.4, label="irm estimate")
        ax.bar_label(bars, labels=[f"n={n}" for n in read_n], fontsize=7)
    ax.set_xticks(x, list(VALUE_LABELS), rotation=15)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of commitments")
    ax.set_title(f"OGP values: {plan or 'all plans'}")
    ax.legend()
    return fig


def pledge_heatmap(graph: Any, *, framework: str = "OGC",
                   members: Sequence[str] | None = None) -> Any:
    """Commitments reaching each pledge of ``framework``, per member."""
    from irm.graphs.analysis import pledge_coverage

    coverage = pledge_coverage(graph, members=members)
    rows = sorted(coverage) if members is None else list(members)
    pledges = sorted(n for n, d in graph.nodes(data=True)
                     if d.get("kind") == "pledge" and d.get("framework") == framework)
    counts = np.array([[coverage.get(m, {}).get(p, {}).get("any", 0) for p in pledges]
                       for m in rows]).reshape(len(rows), len(pledges))
    fig = _figure(max(6.0, 0.5 * len(pledges) + 2), max(3.0, 0.3 * len(rows) + 1.5))
    ax = fig.add_subplot()
    image = ax.imshow(counts, cmap="Greens", aspect="auto")
    fig.colorbar(image, ax=ax, label="commitments reaching the pledge")
    ax.set_xticks(range(len(pledges)), [p.split(":", 1)[1] for p in pledges], rotation=60,
                  ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.set_title(f"Pledge coverage ({framework})")
    return fig


def trends(report: Any, member: str, *, indicators: Sequence[str] = (
        "high_ambition", "starred", "high_completion")) -> Any:
    """Shares across a member's action plans; segments between plans of
    different methodology eras are dashed (not comparable)."""
    plans = [p for p in report.plans if p.member == member]
    if not plans:
        raise InvalidValueError("no action plans of this member in the report", got=member)
    fig = _figure()
    ax = fig.add_subplot()
    x = np.arange(len(plans))
    for name in indicators:
        shares = [p.figures[name].share for p in plans]
        y = np.array([np.nan if v is None else v for v in shares], dtype=float)
        line, = ax.plot(x, y, marker="o", label=name.replace("_", " "))
        for k, p in enumerate(plans):  # each point's count over its denominator
            if p.figures[name].assessed:
                ax.annotate(f"{p.figures[name].count}/{p.figures[name].assessed}", (x[k], y[k]),
                            textcoords="offset points", xytext=(4, 4), fontsize=6,
                            color=line.get_color())
        for k in range(1, len(plans)):
            if plans[k].comparable_with_previous is False:
                ax.plot(x[k - 1:k + 1], y[k - 1:k + 1], linestyle=":", color="white",
                        linewidth=2.5)
    ax.set_xticks(x, [f"{p.key}\n{'; '.join(p.eras)}" for p in plans], fontsize=7)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of assessed commitments")
    ax.set_title(f"{member}: trends across action plans (dotted = eras differ; "
                 "labels: count/assessed)")
    ax.legend()
    return fig


def cocreation_outcomes(outcomes: Any, *, groups: str = "minimum") -> Any:
    """High-ambition and high-completion shares of commitments by how their plan was
    co-created (``groups``: ``minimum`` — Involve or above, below, not reported — or
    ``level``, each IAP2 level), from :func:`irm.cocreation_outcomes`. Each bar says
    its count over the commitments rated; each group how many plans it holds.
    Associations in the IRM's data, not causes."""
    from irm.errors import check_choice

    check_choice("groups", groups, ("minimum", "level"))
    chosen = outcomes.by_minimum if groups == "minimum" else outcomes.by_level
    fig = _figure(7.0, 4.0)
    ax = fig.add_subplot()
    x = np.arange(len(chosen))
    for offset, part, label in ((-0.2, "ambition", "high ambition"),
                                (0.2, "completion", "high completion")):
        shares = [g.share(part) or 0.0 for g in chosen]
        bars = ax.bar(x + offset, shares, width=0.4, label=label)
        ax.bar_label(bars, labels=[f"{getattr(g, f'high_{part}')}/{getattr(g, f'rated_{part}')}"
                                   for g in chosen], fontsize=7)
    ax.set_xticks(x, [f"{g.group}\n{g.plans} plans" for g in chosen], fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of rated commitments")
    ax.set_title("Commitments by their plan's co-creation (associations, not causes)",
                 fontsize=10)
    ax.legend()
    return fig


#: marker colour of each contrary-to-process verdict
_VERDICT_COLOURS = {"Yes": "tab:red", "No": "tab:green", "ND": "tab:gray"}


def cocreation_timeline(assessment: Any, *, members: Sequence[str] | None = None) -> Any:
    """Each member's plans over time (one row per member, a mark per plan at its
    year): red where it acted contrary to process, green where not, grey where it
    cannot be assessed; labelled with the IAP2 level during development and the
    consecutive cycles contrary to process, from :func:`irm.assess_plans`."""
    by_member = assessment.by_member()
    names = list(members) if members is not None else list(by_member)
    unknown = [m for m in names if m not in by_member]
    if unknown:
        raise InvalidValueError("no co-creation record of these members", got=unknown)
    fig = _figure(7.0, max(2.0, 0.35 * len(names) + 1.2))
    ax = fig.add_subplot()
    for row, member in enumerate(names):
        for plan in by_member[member]:
            year = plan.year if plan.year is not None else np.nan
            ax.scatter([year], [row], color=_VERDICT_COLOURS.get(plan.contrary, "tab:gray"),
                       s=40, zorder=3)
            ax.annotate(f"{plan.number}: {plan.iap2[0]}"
                        + (f" ×{plan.consecutive}" if plan.consecutive not in ("0", "1", "ND")
                           else ""), (year, row), textcoords="offset points", xytext=(5, 3),
                        fontsize=6)
    ax.set_yticks(range(len(names)), names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("year the plan was submitted")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    handles = [ax.scatter([], [], color=c, label={"Yes": "contrary to process",
                                                 "No": "not contrary",
                                                 "ND": "not assessable"}[v])
               for v, c in _VERDICT_COLOURS.items()]
    ax.legend(handles=handles, fontsize=7, loc="lower right")
    ax.set_title(f"Co-creation by plan ({len(assessment)} plans; label: plan number and IAP2 "
                 "level during development)", fontsize=9)
    return fig
