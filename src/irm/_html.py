"""Small, safe HTML builders for notebook display (``_repr_html_``).

Every piece of user text goes through :func:`html.escape`, so a commitment
that contains ``<script>`` shows as text. Output is well-formed XHTML-like
markup (every tag closed), which the tests parse.
"""

from __future__ import annotations

import html
from typing import Any, Iterable, Sequence

__all__ = ["esc", "table", "card", "highlight"]


def esc(value: Any) -> str:
    """Escaped text of any value."""
    return html.escape(str(value), quote=True)


def table(rows: Iterable[Sequence[Any]], header: Sequence[str] | None = None,
          caption: str | None = None) -> str:
    """An HTML table of escaped cells."""
    parts = ['<table class="irm">']
    if caption:
        parts.append(f"<caption>{esc(caption)}</caption>")
    if header:
        parts.append("<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header)
                     + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def card(title: str, body: str, subtitle: str | None = None) -> str:
    """A titled block around already-built ``body`` markup."""
    sub = f'<div class="irm-sub">{esc(subtitle)}</div>' if subtitle else ""
    return (f'<div class="irm-card"><div class="irm-title"><strong>{esc(title)}</strong></div>'
            f"{sub}{body}</div>")


def highlight(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` escaped, with ``(start, end, label)`` spans wrapped in ``<mark>``.

    Overlapping spans keep the first one; the label becomes the mark's title.
    """
    out, at = [], 0
    for start, end, label in sorted(spans):
        if start < at or end <= start or end > len(text):
            continue
        out.append(esc(text[at:start]))
        out.append(f'<mark title="{esc(label)}">{esc(text[start:end])}</mark>')
        at = end
    out.append(esc(text[at:]))
    return "".join(out).replace("\n", "<br/>")
