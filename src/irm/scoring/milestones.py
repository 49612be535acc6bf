"""Milestones from commitment text, and SMART checks of each.

Commitments arrive as text pasted from action-plan templates: a section
headed "Milestones" (or activities, deliverables, roadmap, hitos,
actividades, jalons, etapas...), holding numbered or bulleted activities,
flattened table rows (``activity | responsible | start | end``) or one
activity per line. :func:`extract_milestones` finds such a section, or
failing that a list whose items read as activities (an action verb or a
date), and splits it into :class:`~irm.models.commitment.Milestone` values
with description, expected output, responsible body and dates (original
strings; :func:`irm.models.dates.parse_date` reads them). Text without such
structure gives no milestone: nothing is invented from prose.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate
from typing import Any, Iterable

import attrs

from irm._perf import CaselessPattern
from irm._text import composed, read_text
from irm.models.commitment import Milestone
from irm.models.dates import find_dates, parse_date

__all__ = ["extract_milestones", "SmartCheck", "smart_check", "MARKER", "MilestoneTable",
           "milestone_table", "MILESTONE_COLUMNS"]

_HEADER = CaselessPattern(
    r"\b(?:milestones?|(?:key |main |planned )?activities|activity(?: with)?|actions? required|"
    r"deliverables?|roadmap|implementation steps|verifiable and measurable|"
    r"hitos?|actividades|acciones|activit[ée]s|jalons?|etapas|atividades|marcos|"
    r"(?:following|key|main|planned) (?:measures|actions|steps)|"
    r"(?:actions?|steps?|measures?|tasks?)(?= (?:responsible|deadline|time-?frame|start date)))\b")
#: Column headings right after a header word: a table's heading row, even mid-line.
_COLUMNS = CaselessPattern(r"\b(?:start date|end date|responsible|deadline|time-?frame|"
                           r"indicators?|deliverable|activity holder)\b")
_SECTION_END = re.compile(
    r"^\s*(?:contact(?: person)?|ogp values?|relevance|additional information|"
    r"implementing actors|relation (?:of the commitment )?to|"
    r"lead implementing|supporting (?:institutions|actors)|other actors|status quo|ambition|"
    r"objective|main objective|problem|informaci[óo]n de contacto|"
    r"valores ogp|información adicional|relevancia)\b.*$",
    re.IGNORECASE)
#: A list marker at the start of a line: 1. / 1.2 / 1) / a) / (iv) / bullets / "Milestone 2:".
MARKER = re.compile(
    r"^\s*(?:(?:milestone|activity|action|step|hito|actividad|acci[óo]n|activit[ée]|jalon|"
    r"etapa|atividade)\s*\d{1,2}(?:\.\d{1,2})*\s*[:.)\-]?"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\.(?=[A-Z])|\d{1,2}(?:\.\d{1,2}){0,3}[.):]?(?=\s)|[a-hA-H][.)](?=\s)|\(?[ivxIVX]{1,4}[.)](?=\s)"
    r"|[\-\u2013\u2014\u2022\u25cf\u25aa\u27a2*>\uf0b7\uf0a7\uf076\u2713\u25e6\u2023])\s*",
    re.IGNORECASE)
_BULLETS = "[\u2022\u25cf\u25aa\u27a2\uf0b7\uf0a7\uf076\u25e6]"
_BULLET_CHARS = re.compile(_BULLETS)
_INLINE_BULLET = re.compile(r"\s*" + _BULLETS + r"\s*")
#: A dash opening a list item inside a line: after ":", ";", "." or "?" (and a page number).
_INLINE_DASH = re.compile(
    r"(?<=[;:.?])\s+(?:(?:and|or)\s+)?(?:\d{1,3}\s+)?[\-\u2013]\s+(?=[A-Z\u00c0-\u00de])")
_VERB = re.compile(
    r"^(?:(?!regarding|concerning|according|including|following|during)[a-z]+ing\b|"
    r"adopt|approv|publish|launch|develop|draft|prepar|submit|establish|creat|set up|"
    r"propos|transmit|have|consolidat|validat|increas|diversif|strengthen|improv|promot|reinforc|"
    r"expand|enhanc|support|facilitat|rais|encourag|reduc|foster|finali[sz]|appoint|allocat|"
    r"sensiti[sz]|populari[sz]|disseminat|institutionali[sz]|operationali[sz]|form|designat|"
    r"link|conven|formulat|initiat|undertak|pilot|recruit|procur|sign|ratif|translat|collect|"
    r"compil|share|disclos|upload|engag|coordinat|revis|reform|harmoni[sz]|standardi[sz]|"
    r"simplif|streamlin|extend|roll out|"
    r"conduct|organi[sz]|hold|train|design|implement|introduc|amend|pass|complet|carry|"
    r"provid|ensur|review|updat|analy[sz]|assess|map|build|install|upgrad|integrat|produc|"
    r"deliver|identif|consult|elaborat|issu|enact|digiti[sz]|monitor|evaluat|report|"
    r"elabora|aproba|aprob|publica|desarroll|crea|implementa|realiza|dise[ñn]a|presenta|"
    r"adopter|publier|[ée]labor|cr[ée]er|mettre|lancer|organiser|elaborar|criar|publicar)",
    re.IGNORECASE)
_OUTPUT = CaselessPattern(
    r"\b(?:expected (?:output|result)s?|outputs?|indicators?|means of verification|verification|"
    r"deliverables?|resultados? esperados?|productos?|indicadores?)\s*[:\-]\s*(.+)$")
_RESPONSIBLE_LABEL = CaselessPattern(
    r"\b(?:responsible(?: (?:body|institution|agency|party|unit))?|lead(?: agency| institution)?|"
    r"responsables?|responsable|institution responsable|respons[áa]vel)\s*[:\-]\s*"
    r"([^;|\n]+)")
_BODY = CaselessPattern(
    r"\b(?:ministry|ministries|minister|office|agency|parliament|council|commission|department|"
    r"secretariat|directorate|authority|bureau|court|assembly|senate|government|unit|service|"
    r"institute|committee|municipalit|foundation|ministerio|secretar[íi]a|direcci[óo]n|consejo|"
    r"minist[èe]re|direction|conseil|minist[ée]rio|secretaria)")


def _lines(text: str) -> list[str]:
    out = []
    # the splitting patterns run only where their characters occur (most lines have neither)
    bullets = _BULLET_CHARS.search(text) is not None
    for line in text.replace("\r", "\n").split("\n"):
        parts = _INLINE_BULLET.split(line) if bullets and " | " not in line else [line]
        if len(parts) == 1 and ("- " in line or "\u2013 " in line):  # "include: - Make ...; - Give"
            parts = _INLINE_DASH.split(line)
            parts = parts if len(parts) > 2 else [line]
        if len(parts) > 1:  # bullets pasted inline: one marked line per bullet
            if parts[0].strip():
                out.append(parts[0])
            out.extend("\u2022 " + p.strip() for p in parts[1:] if p.strip())
        else:
            out.append(line)
    return out


def _header(head: str) -> tuple[str, re.Match[str]] | None:
    """The milestone header a line opens with, if any; the line is cut to start at
    a header that closes a prose line with ":" or heads a table's columns mid-line
    ("... Milestone Activity Start date End date 1. Adopt ..."). Any other header
    word deep in a line is prose, and so is a line that starts in lower case (a
    paragraph wrapped onto a new line)."""
    if not head:
        return None
    wrapped = head[0].islower() and MARKER.match(head) is None  # "e. Planning" is a heading
    if len(head) > 140 and head.endswith(":"):  # prose that ends by introducing the list
        tail = head[-_CLOSING_HEADER:]
        closing = _HEADER.search(tail)
        if closing is not None:
            head, wrapped = tail[closing.start():], False
    for found in _HEADER.finditer(head):
        if found.start() <= _HEADER_START or head.endswith(":"):
            return None if wrapped else (head, found)
        after = head[found.end():]
        if _COLUMNS.search(after[:_COLUMNS_WITHIN]) or (
                after.lstrip().startswith(":") and after.count(";") >= 2):
            head = head[found.start():]
            again = _HEADER.search(head)
            assert again is not None
            return head, again
    return None


def _section(lines: list[str]) -> list[str] | None:
    """The lines under the first milestone header, up to the next section heading.

    A header may open a long flattened line ("Milestones Start date End date
    1. Adopt ..."): the rest of that line is the section's first line.
    """
    # one search over the whole text finds the lines that hold a header word
    offsets = list(accumulate((len(line) + 1 for line in lines), initial=0))
    candidates = dict.fromkeys(bisect.bisect_right(offsets, m.start()) - 1
                               for m in _HEADER.finditer("\n".join(lines)))
    for k in candidates:
        line = lines[k]
        located = _header(line.strip())
        if located is None:
            continue
        head, found = located
        rest = _HEADINGS.sub("", head[found.end():])
        columns = _COLUMNS.search(head[found.end():found.end() + _COLUMNS_WITHIN]) is not None
        long_line = len(head.split()) > 12
        rows = _unflatten(rest, 0) if long_line else []  # a flattened table's rows
        inline = long_line and (
            (columns and bool(rest.strip()))  # column headings, then the first row
            or (_INLINE_HEADER.search(head) is not None and len(rows) >= 2))
        if not inline and (len(head) > 140 or not (head.endswith(":") or len(head.split()) <= 12
                                                    or "|" in head)):
            continue
        body: list[str] = []
        for follow in lines[k + 1:]:
            if _SECTION_END.match(follow) and len(follow.strip()) < 80 or \
                    _RESULTS_ROW.match(follow) or _TEMPLATE_HEADING.match(follow):
                break
            if body or not _HEADINGS.fullmatch(follow.strip()):  # column headings under it
                body.append(follow)
        if inline or any(item.strip() for item in body):  # tab-separated cells are table cells
            return (rows if inline else []) + [
                piece for line in body for piece in _unflatten(_cells(line))]
    return None


#: Template headings that end a section even when the line goes on with their content.
_TEMPLATE_HEADING = re.compile(
    r"^\s*(?:relation (?:of the commitment )?to|contact information|name of (?:the )?responsible|"
    r"(?:what|how|why) (?:is|are|will|does|do) (?:the |this )?(?:commitment|public problem|"
    r"problem|causes)\b)", re.IGNORECASE)
#: A table row of expected results ("Expected result 1<tab>1.1 ...") or a heading of
#: indicators alone on its line: the activities end.
_RESULTS_ROW = re.compile(r"^\s*(?:expected results?\s*\d*\s*(?:\t|\|)|"
                          r"(?:performance |implementation )?indicators?\s*:?\s*$)", re.IGNORECASE)
#: How far into a line a header may start ("Commitment Planning (Milestones | ...").
_HEADER_START = 25
#: How soon after a header word in mid-line the column headings must follow.
_COLUMNS_WITHIN = 60
#: How far from the end of a long line a header ending it with ":" may start.
_CLOSING_HEADER = 60
#: Headers that may open a flattened table on the same line (prose mentions of
#: "activities" may not).
_INLINE_HEADER = re.compile(
    r"milestone|hito|jalon|activit(?:y|ies) with|marcos"
    r"|\b(?:actions?|steps?|activit(?:y|ies)|measures?|tasks?)\s+(?:responsible|deadline|"
    r"time-?frame|start date|indicators?|expected)", re.IGNORECASE)
#: Column headings and page numbers between a header and the first row.
_HEADINGS = re.compile(
    r"^(?:\s|[|:/,;.\-]|\d{1,3}(?=\s)|with|a|an|and|or|the|verifiable|measurable|deliverables?|"
    r"activit(?:y|ies)|descriptions?|start|end|dates?|completion|expected|outputs?|results?|"
    r"indicators?|responsible|persons?|holders?|time-?frame|partners?|performance|budget|"
    r"implementation|by|steps|con|entregables?|verificables|fecha|de|inicio|cierre|deadline|"
    r"agency|timeline|"
    r"t[ée]rmino|responsables?|no\.?)+(?=\s|$)",
    re.IGNORECASE)
#: "3. Adopt" or "2.2.1 Provide": a number opening a row inside a line (groups: the
#: number's prefix and its last part)
_INLINE_NUMBER = re.compile(
    r"(?:^|(?<=\s))((?:\d{1,2}\.){0,3})(\d{1,2})(?:[.:]\s+|(?<=\d\.\d)\s+|(?<=\.\d\d)\s+)"
    r"(?=[A-Z\u00c0-\u00de])")


def _numbered_rows(numbers: list[re.Match[str]]) -> list[re.Match[str]]:
    """The numbers that carry an outline ("1.", "1.1", "1.2", "2.", "2.1" or "4.4.1",
    "4.4.2" ...): from the first one ending in 1, each next sibling, first child or
    next sibling of an ancestor; other numbers (a row's own "1." list of indicators)
    are skipped. A one-level outline must use every number in the line."""
    out: list[re.Match[str]] = []
    current: tuple[int, ...] = ()
    for m in numbers:
        number = tuple(int(p) for p in m.group(1).split(".") if p) + (int(m.group(2)),)
        if current:
            expected = {current + (1,)} | {current[:k] + (current[k] + 1,)
                                           for k in range(len(current))}
            if number not in expected:
                continue
        elif number[-1] != 1:
            continue
        out.append(m)
        current = number
    if all(not m.group(1) for m in out) and len(out) != len(numbers):
        return []
    return out


#: A dash between the items of a bullet list flattened onto one line.
_FLAT_DASH = re.compile(r"\s[\-\u2013]\s+(?=[A-Z\u00c0-\u00de])")
_SEPARATORS = re.compile(r"[ ,;.|]*")
_DATE_RUN_GAP = re.compile(r"^[\s\-\u2013\u2014,/]*(?:to|until|al|a|au|-)?[\s\-\u2013\u2014,/]*$",
                           re.IGNORECASE)


def _cells(line: str) -> str:
    """A row pasted from a table with tabs between cells, as ``|``-separated cells."""
    if "\t" not in line.strip():
        return line
    return " | ".join(c.strip() for c in line.split("\t") if c.strip())


def _semicolon_items(line: str) -> list[str]:
    """"Recruit a consultant; Draft the policy; Submit it to Cabinet" as three items,
    when at least three parts, nearly all capitalised, are separated by semicolons."""
    parts = [p.strip() for p in line.split(";") if p.strip()]
    capitalised = sum(p[0].isupper() for p in parts)
    if len(parts) < 3 or capitalised * 4 < len(parts) * 3:
        return [line]
    return ["\u2022 " + p for p in parts]


def _unflatten(line: str, min_length: int = 140) -> list[str]:
    """Split a long line that holds a flattened table or list into its rows:
    at sequential inline numbers ("1. ... 2. ..."), after each run of dates
    that is followed by a capitalised phrase, or at semicolons between
    capitalised items."""
    if len(line) < min_length or " | " in line:  # short, or already a table row
        return [line]
    sequence = _numbered_rows(list(_INLINE_NUMBER.finditer(line)))
    if len(sequence) >= 2:
        cuts = [m.start() for m in sequence]
        return [line[:cuts[0]]] * bool(line[:cuts[0]].strip()) + [
            "\u2022 " + line[a:b].strip() for a, b in zip(cuts, cuts[1:] + [len(line)])]
    dashes = _FLAT_DASH.split(line)
    if line.lstrip().startswith(("-", "\u2013")) and len(dashes) >= 3:  # "- A ... - B ... - C"
        return ["\u2022 " + d.strip(" -\u2013") for d in dashes if d.strip(" -\u2013")]
    dates = find_dates(line)
    if len(dates) < 2:
        return _semicolon_items(line)
    pieces, start, k = [], 0, 0
    while k < len(dates):
        end = dates[k][1]
        while k + 1 < len(dates) and _DATE_RUN_GAP.match(line[end:dates[k + 1][0]]):
            k += 1
            end = dates[k][1]
        gap = _SEPARATORS.match(line, end)
        after = gap.end() if gap else end
        if line[after:after + 1].isupper() and end - start > 20:
            pieces.append("\u2022 " + line[start:end].strip())
            start = after
        k += 1
    pieces.append(("\u2022 " if pieces else "") + line[start:].strip())
    return [p for p in pieces if p.strip("\u2022 ")]


def _items(lines: Iterable[str], *, require_markers: bool) -> list[str]:
    """Split lines into items at list markers (or table rows); continuation lines
    join the item before them, and a line of dates alone closes it. Once a list
    marker has been seen, an unmarked line never opens an item: it continues or
    describes (dates, responsible bodies) the item before it."""
    items: list[list[str]] = []  # each item's pieces, joined at the end (linear time)
    numbers: list[str] = []  # the number each item's marker gave it ("" if none)
    marked = False
    closed = False
    sublist = False  # bullets are being gathered under a numbered item
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        body, number = _unmarked(stripped)
        sublist = sublist and not number
        if items and _METADATA.match(body):
            items[-1].append(f" {body}")
        elif items and "|" in stripped and _only_dates(stripped.replace("|", " ")):
            items[-1].append(f" ({stripped})")  # the date cells of the row above
        elif items and body != stripped and not number and numbers[-1] and (
                sublist or "." in numbers[-1] or _tail(items[-1]).endswith(":")):
            # bullets under a numbered item that introduces them, or under a sub-item (2.1)
            items[-1].append(f"; {body}" if sublist else f" {body}")
            sublist = True
        elif body != stripped or "|" in stripped:  # a list item, or a table row
            items.append([body])
            numbers.append(number)
            marked, closed = True, False
        elif items and not require_markers and _responsible_line(stripped):
            items[-1].append(f" ({stripped})")
        elif items and not closed and _only_dates(stripped):
            items[-1].append(f" ({stripped})")
            closed = True
        elif items and (marked and not require_markers or not closed and (
                not require_markers or marked) and (
                stripped[0].islower() or not _complete(_tail(items[-1])))):
            items[-1].append(f" {stripped}")
        elif not require_markers:
            items.append([stripped])
            numbers.append("")
            closed = False
    return _drop_group_headings(["".join(pieces) for pieces in items], numbers)


def _tail(pieces: list[str]) -> str:
    """The end of an item being built (enough to tell how it ends), right-stripped."""
    end = ""
    for piece in reversed(pieces):
        end = piece + end
        if len(end.strip()) >= _TAIL:
            break
    return end.rstrip()


def _responsible_line(line: str) -> bool:
    """A short line naming a body (a table's responsible column, flattened)."""
    return len(line) <= 90 and _BODY.search(line) is not None and _VERB.match(line) is None


def _complete(item: str) -> bool:
    """Whether an item (right-stripped) reads as finished: a full stop, or a date
    closing a table row ("... advisory report. 01/06/2018 01/10/2018")."""
    if item.endswith("."):
        return True
    dates = find_dates(item[-_LAST_DATE:])
    return bool(dates) and dates[-1][1] == len(item[-_LAST_DATE:])


#: The stretch at the end of an item searched for a closing date.
_LAST_DATE = 24
#: How much of an item's end the checks on it read.
_TAIL = 2 * _LAST_DATE


def _unmarked(line: str) -> tuple[str, str]:
    """The line without its list markers, and the number they gave it
    ("\u2022 9.1. Adopt" -> ("Adopt", "9.1")); a marker with nothing after it is kept."""
    number = ""
    for _ in range(_MARKERS_KEPT):  # bounded: a line of nothing but markers stays linear
        m = MARKER.match(line)
        if m is None or not line[m.end():].strip():
            break
        number = number or "".join(re.findall(r"\d+(?:\.\d+)*", m.group())[:1])
        line = line[m.end():].strip()
    return line, number


#: Markers read off the start of one line ("\u2022 9.1. Adopt" has two).
_MARKERS_KEPT = 3


def _drop_group_headings(items: list[str], numbers: list[str]) -> list[str]:
    """Items numbered N that head sub-items N.1, N.2 ... ("Activity 1: Improve access"
    over "1.1 Draft the law") group milestones rather than being one."""
    return [item for k, item in enumerate(items)
            if not (numbers[k] and "." not in numbers[k] and k + 1 < len(items)
                    and numbers[k + 1].startswith(numbers[k] + "."))]


#: Lines that describe the item before them (funding, holder, indicators), not new items.
_METADATA = re.compile(
    r"^(?:source of fund(?:s|ing)?|required financial resources|budget|holder|expected results?|"
    r"indicators?(?: for the implementation)?|partners?|performance indicator|"
    r"fuente de financiamiento|presupuesto)\b",
    re.IGNORECASE)


def _only_dates(line: str) -> bool:
    found = find_dates(line)
    if not found:
        return False
    rest = line
    for start, end, _ in reversed(found):
        rest = rest[:start] + rest[end:]
    return not _BESIDE_DATES.sub("", rest)


#: What may stand beside the dates of a dates-only line: separators, "to", "not
#: applicable", "to be decided".
_BESIDE_DATES = re.compile(r"[\s\-\u2013\u2014,/.]|\b(?:to|until|na|n/a|tbd|tbc)\b",
                           re.IGNORECASE)


_HEADING_CELL = re.compile(
    r"^(?:no\.?\s*)?(?:activit(?:y|ies)|milestones?|responsib\w*|start(?: date)?|end(?: date)?|"
    r"dates?|deliverables?|expected \w+|hitos?|fechas?|outputs?|indicators?)\b", re.IGNORECASE)


def _is_table_header(item: str) -> bool:
    """A row of column headings ("Activity | Responsible | Start | End")."""
    cells = [c.strip() for c in item.split("|")]
    return len(cells) > 1 and sum(bool(_HEADING_CELL.match(c)) for c in cells) >= 2


def _milestone(item: str) -> Milestone | None:
    cells = [c.strip() for c in item.split("|")] if "|" in item else [item]
    description = cells[0]
    responsible = None
    output = None
    dates: list[str] = []
    for cell in cells[1:]:
        found = find_dates(cell)
        if found:
            dates.extend(d.original for _, _, d in found)
        elif _BODY.search(cell) and responsible is None:
            responsible = cell
        elif output is None and cell:
            output = cell
    m = _RESPONSIBLE_LABEL.search(description)
    if m:
        responsible = responsible or description[m.start(1):m.end(1)].strip(" .")
        description = description[:m.start()].rstrip(" ,;(-")
    m = _OUTPUT.search(description)
    if m:
        output = output or description[m.start(1):m.end(1)].strip()
        description = description[:m.start()].rstrip(" ,;(-")
    # "... - Public Procurement Office - Q1 2022" and "(Ministry of Finance, March 2013)"
    pieces = [p.strip() for p in re.split(r"\s[\u2013\u2014\-]\s", description)]
    if len(pieces) > 1:
        keep = [pieces[0]]
        for piece in pieces[1:]:
            found = find_dates(piece)
            if found and len(piece) < 40:
                dates.extend(d.original for _, _, d in found)
            elif _BODY.search(piece) and len(piece) < 90 and responsible is None:
                responsible = piece
            else:
                keep.append(piece)
        description = " - ".join(keep)
    paren = re.search(r"\(([^()]{3,120})\)\s*\.?$", description)
    if paren:
        inside = paren.group(1)
        found = find_dates(inside)
        body = _BODY.search(inside)
        if found or body:
            dates.extend(d.original for _, _, d in found)
            if body and responsible is None:
                responsible = re.split(r",\s*(?=[^,]*\d)", inside)[0].strip()
            description = description[:paren.start()].rstrip(" ,;")
    if not dates:
        tail = [d for s, _, d in find_dates(description) if s > len(description) * 0.6]
        dates.extend(d.original for d in tail[-2:] if d.precision != "year")
    description = description.strip(" ;,.:-\u2013")
    if len(description) < 3:
        return None
    start = dates[0] if len(dates) > 1 else None
    end = dates[-1] if dates else None
    return Milestone(description, output=output, responsible=responsible, start=start, end=end)


def extract_milestones(text: str) -> tuple[Milestone, ...]:
    """The milestones written in a commitment's text, in order (possibly none).

    Examples
    --------
    >>> ms = extract_milestones("Milestones:\\n1.1 Design the portal (Ministry of Finance, "
    ...                         "March 2013)\\n1.2 Publish the 2013 budget (June 2013)")
    >>> [(m.description, m.responsible, m.end) for m in ms]
    [('Design the portal', 'Ministry of Finance', 'March 2013'), ('Publish the 2013 budget', None, 'June 2013')]
    >>> extract_milestones("The government will improve transparency in general.")
    ()
    """
    # accents pasted as separate marks would hide headers such as "Activités"
    lines = _lines(composed(text))
    section = _section(lines)
    if section is not None:
        items = _items(section, require_markers=False)
    else:
        items = _items(lines, require_markers=True)
        # outside a milestone section, only a list that reads as activities counts
        active = [i for i in items if _VERB.match(i) or find_dates(i) or "|" in i]
        if len(items) < 2 or len(active) * 2 < len(items):
            return ()
    out = []
    for item in items:
        if _is_table_header(item):
            continue
        milestone = _milestone(item)
        if milestone is not None:
            out.append(milestone)
    return tuple(out)


@attrs.frozen
class SmartCheck:
    """What makes a milestone verifiable: a measurable output, a date, a responsible body."""

    measurable_output: bool
    dated: bool
    responsible: bool

    @property
    def score(self) -> int:
        return int(self.measurable_output) + int(self.dated) + int(self.responsible)


_MEASURABLE = CaselessPattern(
    r"\d|\b(?:law|act|bill|decree|regulation|report|portal|platform|register|database|system|"
    r"plan|strategy|guide(?:line)?s?|manual|methodology|website|survey|study|standard|code|"
    r"adopted|approved|published|launched|submitted|established|created|completed|held|"
    r"ley|informe|decreto|reglamento|plataforma|registro|loi|rapport|d[ée]cret|registre|"
    r"lei|relat[óo]rio|plataforma)\b")


def smart_check(milestone: Milestone) -> SmartCheck:
    """SMART checks of one milestone.

    Examples
    --------
    >>> smart_check(Milestone("Publish the register", responsible="Registry", end="June 2020"))
    SmartCheck(measurable_output=True, dated=True, responsible=True)
    """
    text = " ".join(filter(None, (milestone.description, milestone.output)))
    dated = any(d is not None and d.parsed and d.precision != "ongoing"
                for d in (parse_date(milestone.start or ""), parse_date(milestone.end or "")))
    return SmartCheck(bool(milestone.output) or bool(_MEASURABLE.search(text)), dated,
                      bool(milestone.responsible) or bool(_BODY.search(milestone.description)))


#: the columns of a milestone table, as ``irm milestones`` writes them
MILESTONE_COLUMNS = ("Commitment Unique Identifier", "milestone", "description", "output",
                     "responsible", "start", "start_parsed", "end", "end_parsed",
                     "has_output", "has_date", "has_responsible")


@attrs.frozen
class MilestoneTable:
    """The milestones of a table's commitments, one row each, with their parsed dates and
    SMART checks (``irm milestones``), and how many commitments listed any."""

    rows: tuple[tuple[str, ...], ...] = attrs.field(repr=False)
    commitments: int
    with_milestones: int
    #: per stated date column: (dates parsed, dates stated; NA left out)
    dates: dict[str, tuple[int, int]] = attrs.field(factory=dict)
    columns: tuple[str, ...] = MILESTONE_COLUMNS

    def summary(self) -> str:
        """One line, then one per date column."""
        share = 100 * self.with_milestones / self.commitments if self.commitments else 0.0
        lines = [f"{len(self.rows)} milestones from {self.with_milestones} of "
                 f"{self.commitments} commitments ({share:.1f}% with at least one)"]
        for column, (parsed, stated) in self.dates.items():
            lines.append(f"{column}: {parsed} of {stated} stated dates parsed "
                         f"({100 * parsed / stated if stated else 0:.1f}%; NA left out)")
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """The milestones as a pandas DataFrame of strings."""
        from irm._optional import pandas

        return pandas().DataFrame(list(self.rows), columns=list(self.columns), dtype=object)

    def _repr_html_(self) -> str:
        from irm._html import card, table

        return card("Milestones", table(self.rows[:20], self.columns),
                    subtitle=self.summary().replace("\n", "; "))


def milestone_table(table: Any) -> MilestoneTable:
    """The milestones of every commitment of ``table`` (a
    :class:`~irm.models.table.CommitmentTable`), read from its full texts.

    Examples
    --------
    >>> import irm
    >>> found = milestone_table(irm.read_ogp_csv(irm.sample_path()))
    >>> found.columns[:3], found.commitments
    (('Commitment Unique Identifier', 'milestone', 'description'), 13)
    """
    rows: list[tuple[str, ...]] = []
    with_any = 0
    ids = table.get("Commitment Unique Identifier", "").tolist()
    for cid, text in zip(ids, table.texts("Full Text")):  # missing codes read as empty
        found = extract_milestones(read_text(text))
        with_any += bool(found)
        for k, m in enumerate(found, start=1):
            start, end = parse_date(m.start or ""), parse_date(m.end or "")
            check = smart_check(m)
            rows.append((str(cid), str(k), m.description, m.output or "", m.responsible or "",
                         m.start or "", start.iso() if start else "", m.end or "",
                         end.iso() if end else "", str(int(check.measurable_output)),
                         str(int(check.dated)), str(int(check.responsible))))
    dates = {}
    for column in ("Start Date", "End Date"):
        if column in table:
            stated = [d for d in (parse_date(str(v)) for v in table.column(column))
                      if d is not None]
            dates[column] = (sum(d.parsed for d in stated), len(stated))
    return MilestoneTable(tuple(rows), len(table), with_any, dates)
