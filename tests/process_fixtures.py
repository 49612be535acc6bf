"""Small co-creation files we write ourselves, in both layouts."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, export_text

PROCESS_CSV = ROOT.parent / "shared" / "data" / "ogp-explorer-2016" / "process.csv"

#: the Explorer process layout's columns that the tests fill, in its order
EXPLORER_NAMES = [
    "Country name", "Action Plan Number", "Year AP Submitted",
    "Step 1: Timeline and process: Prior availability", "_Timelineavailability",
    "Step 2: Advance notice", "_Advance notice", "Days in advance",
    "Step 3: Awareness-raising activities", "_Awareness-Raising",
    "Step 4: Online consultations", "_Online consultation", "Online consultations: Link",
    "Step 5: In-person consultations", "_In-person consultations",
    "Step 6: Summary of comments", "_Summary of comments",
    "_Number of steps followed (out of 6)", "IAP2 level during development",
    "Consultation during action plan implementation (regular forum)", "_Regular forum",
    "IAP2 level during imp.", "Was annual progress report published?",
    "_Self assessment published", "A column of our own",
]
GROUPS = ["", "", "", "Step 1", "", "Step 2", "", "", "Step 3", "", "Step 4", "", "",
          "Step 5", "", "Step 6", "", "", "Consultation during action plan development",
          "Consultation during implementation", "", "", "Government self-assessment report",
          "", ""]


def explorer_row(member: str, plan: str, year: str, steps: list[str], *, codes=None,
                 count: str | None = None, dev: str = "Involve", forum: str = "Yes",
                 imp: str = "Inform", report: str = "Yes", link: str = "http://a.example/x",
                 own: str = "kept as written") -> list[str]:
    """One plan's row: ``steps`` the six answers; ``codes`` the six published codes
    (default: the IRM's own coding of the answers), ``count`` the published count."""
    code = {"Yes": "1", "No": "0"}
    codes = codes or [code.get(s.strip(), s) for s in steps]
    if count is None:
        reported = [s.strip() for s in steps if s.strip() in code]
        count = str(sum(s == "Yes" for s in reported)) if reported else steps[0]
    t, n, a, o, p, s = steps
    ct, cn, ca, co, cp, cs = codes
    return [member, plan, year, t, ct, n, cn, "7" if n == "Yes" else "NA", a, ca, o, co, link,
            p, cp, s, cs, count, dev, forum, code.get(forum, forum), imp, report,
            code.get(report, report), own]


def explorer_text(rows: list[list[str]], *, terminator: str = "\r\n",
                  final_newline: bool = True, trailing_blank: int = 0) -> str:
    numbers = [str(k) for k in range(len(EXPLORER_NAMES))]
    blanks = [[""] * len(EXPLORER_NAMES)] * trailing_blank
    return export_text(numbers, [GROUPS, EXPLORER_NAMES, *rows, *blanks], terminator,
                       final_newline)


EXPLORER_ROWS = [
    explorer_row("Valdoria", "1", "2012", ["Yes", "No", "Yes", "Yes", "Yes", "No"],
                 dev="Consult"),
    explorer_row("Valdoria", "2", "2014", ["Yes", "Yes ", "Yes", "No", "Yes", "Yes"],
                 dev="Collaborate", link="http://a.example/y?a=1,b=2"),
    explorer_row("Kenya", "1", "2012", ["NR"] * 6, dev="NR", forum="NR", imp="NR", report="NR"),
    explorer_row("Kenya", "2", "2014", ["No", "No", "No", "Yes", "No", "No"], dev="Inform",
                 forum="No", imp="NA"),
]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


STANDARDS_NAMES = ["Member", "Code", "Action Plan Number", "Year Of Submission",
                   "Submission Date", "Previous Plan End Date", "1.1 Multi-stakeholder forum",
                   "2.1 OGP website", "2.2 Document repository", "3.1 Information in advance",
                   "Progress on any commitment", "Notes"]


def standards_row(number: int, year: int, submitted: str, previous_end: str, forum: str,
                  website: str = "Met", repository: str = "Met", advance: str = "Met",
                  progress: str = "Yes", member: str = "Valdoria",
                  code: str = "VLD") -> list[str]:
    return [member, code, str(number), str(year), submitted, previous_end, forum, website,
            repository, advance, progress, f"plan {number}"]


def standards_text(rows: list[list[str]]) -> str:
    return export_text(STANDARDS_NAMES, rows)
