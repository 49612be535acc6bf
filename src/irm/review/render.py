"""A draft review as one self-contained HTML file, JSON or Markdown.

Every format is written from one dict, :func:`review_dict`, so the three say the
same; the HTML adds only the highlighting of the evidence in the text. The HTML
loads nothing (no script, no font, no image, no link out), escapes every text of
the draft and of the rated commitments, and prints on paper as it reads on screen.
"""

from __future__ import annotations

from typing import Any

import irm._json as strict_json
from irm._html import esc, highlight
from irm._html import table as html_table
from irm._markdown import cell as markdown_cell
from irm._markdown import table as markdown_table
from irm.errors import check_choice
from irm.models.missing import Missing
from irm.review.draft import DraftReview
from irm.scoring.estimate.estimates import evidence_spans
from irm.scoring.estimate.estimator import ORDINAL_TARGETS, VALUE_TARGETS

__all__ = ["review_dict", "render_review", "REVIEW_FORMATS"]

REVIEW_FORMATS = ("html", "json", "markdown")
#: the estimates shown per commitment, in order
_SHOWN = (*VALUE_TARGETS, *ORDINAL_TARGETS)


def review_dict(review: DraftReview) -> dict[str, Any]:
    """The review as JSON-ready data: what the draft is, the versions that made
    it, the plan profile and, per commitment, estimates, milestones, similar
    rated commitments and the commitments it continues."""
    estimates = review.estimates
    ids = review.draft.texts("Commitment Unique Identifier")
    titles = (review.draft.texts("Commitment Title") if "Commitment Title" in review.draft
              else [""] * len(review))
    texts = review.draft.texts("Full Text") if "Full Text" in review.draft else [""] * len(review)
    confidence = estimates.overall_confidence()
    similar_of: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ids}
    for record in review.similar.records():  # one pass: the neighbours' ratings read once
        similar_of[record["commitment"]].append(record)
    commitments = []
    for i in range(len(review)):
        evidence = estimates.evidence(i)
        shown = {name: {"value": e["value"], "confidence": e["confidence"],
                        **({"rule": e["rule"]} if "rule" in e else {})}
                 for name, e in evidence.get("estimates", {}).items() if name in _SHOWN}
        spans = evidence_spans(evidence)
        commitments.append({
            "id": ids[i], "title": titles[i], "text": texts[i],
            "estimates": shown, "policy_areas": estimates.tags(i),
            "overall_confidence": None if confidence[i] != confidence[i] else round(
                float(confidence[i]), 3),
            **({"unread": evidence["unread"]} if "unread" in evidence else {}),
            "evidence_spans": {f: [list(s) for s in sorted(v)] for f, v in spans.items()},
            "milestones": [{"description": m.description, "output": m.output,
                            "responsible": m.responsible, "start": m.start, "end": m.end,
                            "measurable_output": c.measurable_output, "dated": c.dated,
                            "responsible_named": c.responsible, "smart_score": c.score}
                           for m, c in review.milestones[i]],
            "similar_elsewhere": similar_of[ids[i]],
            "continues": review.continued(i)})
    return {
        "review": {"member": review.member, "year": review.year, "era": review.era.label,
                   "draft": str(review.draft.source or "draft"), "commitments": len(review),
                   "against": str(review.against.source),
                   "rated_commitments": len(review.against)},
        "versions": review.versions,
        "profile": {"groups": review.group_sizes,
                    "rows": [{"topic": r.topic, "name": r.name, **r.groups}
                             for r in review.profile]},
        "commitments": commitments,
    }


def render_review(review: DraftReview, *, fmt: str = "html") -> str:
    """The review as ``html`` (one self-contained file), ``json`` or ``markdown``
    (``fragment``: the HTML body alone, for a notebook)."""
    check_choice("format", fmt, (*REVIEW_FORMATS, "fragment"))
    data = review_dict(review)
    if fmt == "json":
        return strict_json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(data)
    body = _html_body(data)
    return body if fmt == "fragment" else _page(data, body)


# --- shared pieces --------------------------------------------------------------------

def _figure(cell: dict[str, Any]) -> str:
    """``count/of (share)``, then the missing codes that are not zero."""
    share = f" ({100 * cell['count'] / cell['of']:.0f}%)" if cell["of"] else ""
    missing = ", ".join(f"{k} {v}" for k, v in cell["missing"].items() if v)
    return f"{cell['count']}/{cell['of']}{share}" + (f"; {missing}" if missing else "")


def _profile_rows(data: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    groups = list(data["profile"]["groups"])
    header = ["", "", *[f"{g} (n={data['profile']['groups'][g]})" for g in groups]]
    rows = [[r["topic"], r["name"], *[_figure(r[g]) for g in groups]]
            for r in data["profile"]["rows"]]
    return header, rows


def _estimate_rows(c: dict[str, Any]) -> list[list[str]]:
    return [[name.replace("_", " "), str(e["value"]),
             "-" if e["confidence"] is None else f"{e['confidence']:.2f}", e.get("rule", "")]
            for name, e in c["estimates"].items()]


_SIMILAR_HEAD = ["similarity", "member", "plan (year)", "commitment", "shared", "values",
                 "ambition", "completion", "outcome"]


def _similar_rows(c: dict[str, Any]) -> list[list[str]]:
    return [[f"{s['similarity']:.3f}", s["member"], f"{s['plan']} ({s['year']})",
             f"{s['similar']}: {s['title']}", ", ".join(t for t, _ in s["shared"][:6]),
             s["values"], f"{s['ambition_scale']}: {s['ambition']}", s["completion"],
             f"{s['outcome_scale']}: {s['outcome']}"] for s in c["similar_elsewhere"]]


_CONTINUES_HEAD = ["cosine", "plan (year)", "commitment", "ambition", "high ambition",
                   "completion"]


def _continues_rows(c: dict[str, Any]) -> list[list[str]]:
    return [[f"{x['cosine']:.3f}", f"{x['plan']} ({x['year']})",
             f"{x['commitment']}: {x['title']}", f"{x['ambition_scale']}: {x['ambition']}",
             x["high_ambition"], x["completion"]] for x in c["continues"]]


_MILESTONE_HEAD = ["milestone", "responsible", "end", "measurable output", "dated",
                   "responsible named"]


def _milestone_rows(c: dict[str, Any]) -> list[list[str]]:
    def yes(flag: bool) -> str:
        return "yes" if flag else "no"

    return [[m["description"], m["responsible"] or "-", m["end"] or "-",
             yes(m["measurable_output"]), yes(m["dated"]), yes(m["responsible_named"])]
            for m in c["milestones"]]


def _about(data: dict[str, Any]) -> list[tuple[str, str]]:
    r = data["review"]
    return [("member", r["member"] or "not given"), ("year of submission", str(r["year"])),
            ("era (IRM methodology)", r["era"]), ("draft", f"{r['draft']} ({r['commitments']} "
                                                            "commitments)"),
            ("rated commitments", f"{r['against']} ({r['rated_commitments']})"),
            ("made by", ", ".join(f"{k} {v}" for k, v in data["versions"].items()))]


_NOTE = ("Estimates are irm's reading of the text, not IRM ratings: the confidence is the "
         "share of such estimates that equalled the IRM's rating on plans held out while "
         "they were fitted. Figures are counts over the rows where an indicator is rated; "
         f"{', '.join(m.value for m in Missing)} are counted apart.")


# --- HTML -------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;
max-width:70rem;margin:0 auto;padding:1.5rem;background:#fff}
h1{font-size:1.6rem;margin:0 0 .4rem}h2{font-size:1.25rem;margin:2rem 0 .6rem;
border-bottom:2px solid #d6dde8;padding-bottom:.2rem}h3{font-size:1.08rem;margin:0 0 .4rem}
h4{font-size:.95rem;margin:1rem 0 .3rem;color:#3b4a61}
table{border-collapse:collapse;width:100%;margin:.3rem 0 .8rem;font-size:.88rem}
th,td{border:1px solid #d6dde8;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#eef2f7}mark{background:#ffd84d;padding:0 .1em;border-radius:2px}
article{border:1px solid #c9d3e0;border-radius:6px;padding:1rem;margin:1rem 0;
break-inside:avoid-page}.text{white-space:normal;background:#f8fafc;padding:.5rem;
border-radius:4px}.note{color:#4a5568;font-size:.88rem}.none{color:#6b7280;font-style:italic}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.3rem 0}
dt{font-weight:600}dd{margin:0}
@media print{body{max-width:none;padding:0;font-size:11pt}article{border-color:#999}
mark{background:#ffd84d;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _table(header: list[str], rows: list[list[str]], empty: str) -> str:
    return html_table(rows, header) if rows else f'<p class="none">{esc(empty)}</p>'


def _spans(c: dict[str, Any], field: str) -> list[tuple[int, int, str]]:
    return [(int(a), int(b), str(label)) for a, b, label in c["evidence_spans"][field]]


def _html_body(data: dict[str, Any]) -> str:
    r = data["review"]
    title = f"Draft action plan review: {r['member'] or 'draft'} {r['year']}"
    parts = [f"<h1>{esc(title)}</h1>",
             '<section id="about"><dl>' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>"
                                                   for k, v in _about(data)) + "</dl>",
             f'<p class="note">{esc(_NOTE)}</p></section>',
             '<section id="profile"><h2>Plan profile</h2>',
             _table(*_profile_rows(data), "No value, policy area or pledge to show."),
             "</section>", '<section id="commitments"><h2>Commitments</h2>']
    for c in data["commitments"]:
        parts.append(f'<article id="{esc(c["id"])}">')
        parts.append(f"<h3>{esc(c['id'])}: {highlight(c['title'], _spans(c, 'title'))}</h3>")
        parts.append(f'<div class="text">{highlight(c["text"], _spans(c, "text"))}</div>')
        confidence = c["overall_confidence"]
        parts.append("<h4>Estimates" + (f" (overall confidence {confidence:.2f})"
                                        if confidence is not None else "") + "</h4>")
        if "unread" in c:
            parts.append(f'<p class="none">{esc(c["unread"])}</p>')
        parts.append(_table(["estimate", "value", "confidence", "rule"], _estimate_rows(c),
                            "No estimate."))
        areas = ", ".join(c["policy_areas"]) or "none estimated"
        parts.append(f"<p><strong>Policy areas:</strong> {esc(areas)}</p>")
        parts.append("<h4>Milestones and their SMART checks</h4>")
        parts.append(_table(_MILESTONE_HEAD, _milestone_rows(c), "No milestone found in the text."))
        parts.append("<h4>Similar commitments elsewhere, as the IRM rated them</h4>")
        parts.append(_table(_SIMILAR_HEAD, _similar_rows(c), "No similar rated commitment."))
        parts.append("<h4>Continues, from the member's earlier plans</h4>")
        parts.append(_table(_CONTINUES_HEAD, _continues_rows(c),
                            "Continues no commitment of the member's earlier plans."))
        parts.append("</article>")
    parts.append("</section>")
    return "\n".join(parts)


def _page(data: dict[str, Any], body: str) -> str:
    r = data["review"]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\"/>"
            f"<title>{esc('irm review: ' + (r['member'] or 'draft') + ' ' + str(r['year']))}"
            f"</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n")


# --- Markdown ---------------------------------------------------------------------------

def _md_table(header: list[str], rows: list[list[str]], empty: str) -> list[str]:
    return [*markdown_table(header, rows), ""] if rows else [f"_{empty}_", ""]


def _markdown(data: dict[str, Any]) -> str:
    r = data["review"]
    lines = [f"# Draft action plan review: {markdown_cell(r['member'] or 'draft')} {r['year']}", ""]
    lines += [f"- **{k}**: {markdown_cell(v)}" for k, v in _about(data)] + ["", _NOTE, ""]
    lines += ["## Plan profile", "", *_md_table(*_profile_rows(data), "Nothing to show.")]
    lines += ["## Commitments", ""]
    for c in data["commitments"]:
        lines += [f"### {markdown_cell(c['id'])}: {markdown_cell(c['title'])}", "",
                  markdown_cell(c["text"]), ""]
        lines += ["#### Estimates", "", *_md_table(["estimate", "value", "confidence", "rule"],
                                                   _estimate_rows(c), "No estimate.")]
        areas = ", ".join(c["policy_areas"]) or "none estimated"
        lines += [f"Policy areas: {markdown_cell(areas)}", ""]
        lines += ["#### Milestones and their SMART checks", "",
                  *_md_table(_MILESTONE_HEAD, _milestone_rows(c), "No milestone found.")]
        lines += ["#### Similar commitments elsewhere", "",
                  *_md_table(_SIMILAR_HEAD, _similar_rows(c), "No similar rated commitment.")]
        lines += ["#### Continues, from the member's earlier plans", "",
                  *_md_table(_CONTINUES_HEAD, _continues_rows(c), "Continues nothing.")]
    return "\n".join(lines)
