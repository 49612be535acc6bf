"""A plain per-row Python implementation of OGP's derived columns (ogp-data.md §5).

Kept as the reference the vectorised derivation is checked and timed against:
one dict of strings in, one dict of strings out, written straight from the
documented pseudo-code.
"""

from __future__ import annotations

CODES = {
    "Specificity": {"None": 0, "Low": 1, "Medium": 2, "High": 3},
    "Potential Impact": {"None": 0, "Minor": 1, "Moderate": 2, "Transformative": 3},
    "Completion": {"Withdrawn": 0, "Unclear": 1, "No Evidence Available": 1, "Not Started": 2,
                   "Limited": 3, "Substantial": 4, "Complete": 5},
    "Potential for Results": {"Unclear": 0, "Modest": 1, "Substantial": 2},
    "Early Results": {"No notable results": 0, "Moderate": 1, "Significant": 2},
    "DIOG": {"Worsens": 0, "Did Not Change": 1, "No early results to report yet": 1,
             "Marginal": 2, "Major": 3, "Outstanding": 4},
}
MISSING = ("ND", "NR", "NA")


def num(v: str) -> bool:
    try:
        int(v)
        return True
    except ValueError:
        return False


def code(scale: str, label: str) -> str:
    return label if label in MISSING else str(CODES[scale][label])


def derive_row(r: dict[str, str], star_threshold: int = 3) -> dict[str, str]:
    o: dict[str, str] = {}
    S = o["_Specificity"] = code("Specificity", r.get("Specificity", "ND"))
    PI = o["_Potential Impact"] = code("Potential Impact", r.get("Potential Impact", "ND"))
    P = o["_CompletionProgress"] = code("Completion", r.get("Completion (Progress Report)", "ND"))
    PFR = o["_Potential for Results"] = code("Potential for Results",
                                             r.get("Potential for Results", "ND"))
    E = o["_CompletionEndTerm"] = code("Completion", r.get("Completion (End Of Term)", "ND"))
    ER = o["_Early Results"] = code("Early Results", r.get("Early Results", "ND"))
    OG = o["_OpenGovernment"] = code("DIOG", r.get("Did It Open Government (Overall)", "ND"))

    ati, cp, pa = (r.get(c, "ND") for c in ("OGP Value Access To Information",
                                           "OGP Value Civic Participation",
                                           "OGP Value Public Accountability"))
    if num(ati) and num(cp) and num(pa):
        rel = "1" if "1" in (ati, cp, pa) else "0"
    elif "NR" in (ati, cp, pa):
        rel = "NR"
    else:
        rel = r.get("_Relevant", "ND")
    o["_Relevant"] = rel

    def progress_star(t: int) -> str:
        if S == "NR":
            return "NR"
        if P == "NA":
            return "NA"
        if S == "ND":
            return "ND"
        if num(PI) and num(P) and num(S) and int(S) >= 2 and rel == "1" and int(PI) >= t \
                and int(P) >= 4:
            return "1"
        return "0"

    o["Starred (2015 Only)"] = progress_star(2)
    o["Starred (Current Formula) Progress Report"] = progress_star(star_threshold)

    y2 = r.get("Report Publication Year (End Of Term)", "ND")
    if E == "NR":
        star_end = "NR"
    elif not num(E) or not (num(y2) and int(y2) <= 2020):
        star_end = "ND"
    else:
        if num(S):
            specific: bool | None = int(S) >= 2
        elif S == "ND":
            specific = r.get("Verifiable", "ND") == "Yes"
        else:
            specific = None
        if specific is None or not num(PI) or not num(rel):
            star_end = "ND"
        else:
            star_end = "1" if specific and rel == "1" and int(PI) >= star_threshold \
                and int(E) >= 4 else "0"
    o["Starred (Current Formula) End of Term"] = star_end
    prog = o["Starred (Current Formula) Progress Report"]
    o["Max star"] = star_end if num(star_end) else prog if num(prog) else \
        "NA" if prog == "NA" else "ND"

    comparable = num(P) and num(E) and int(P) != 0 and int(E) != 0
    if E == "NR":
        o["_ChangeCompletion"] = o["Change In Completion"] = "NR"
    elif comparable:
        d = int(E) - int(P)
        o["_ChangeCompletion"] = str(d)
        o["Change In Completion"] = "Increase" if d > 0 else "No Change" if d == 0 else "Decrease"
    else:
        o["_ChangeCompletion"] = o["Change In Completion"] = "ND"

    raw = E if num(E) else P if num(P) else ("NR" if P == "NR" and E == "NR" else "ND")
    o["Raw Completion"] = raw
    o["Max Completion"] = (str(int(raw) - 2) if int(raw) >= 2 else "ND") if num(raw) else raw
    o["High Completion"] = "1" if num(raw) and int(raw) >= 4 else "0"
    o["Comp Assessed"] = "1" if num(o["Max Completion"]) else "0"
    o["Midterm Only"] = "0" if num(E) else (E if P == "NR" else "1")
    o["High Ambition"] = PI if not num(PI) else ("1" if int(PI) >= 2 and rel == "1" else "0")
    o["Ambition Assessed"] = "1" if num(PI) or num(PFR) else "0"
    o["High DIOG"] = "1" if (num(OG) and int(OG) >= 3) or (num(ER) and int(ER) >= 2) else "0"
    o["DIOG Assessed"] = "1" if num(OG) or num(ER) else "0"
    y1 = r.get("Report Publication Year (Progress Report)", "ND")
    o["Not reviewed"] = "1" if y1 == "NR" else "0"
    ha, hc, hd = o["High Ambition"], o["High Completion"], o["High DIOG"]
    c1 = (ha == "1" and hc == "1") or hd == "1"
    c2 = not c1 and ha == "1" and hc == "0"
    c3 = not c1 and ha == "0" and hc == "1"
    c4 = not c1 and ha == "0" and hc == "0"
    o["Ambitious and complete, or DIOG"] = str(int(c1))
    o["Ambitious but not complete"] = str(int(c2))
    o["Complete but not ambitious"] = str(int(c3))
    o["Not complete or ambitious"] = str(int(c4))
    o["CHECKSUM"] = str(int(c1) + int(c2) + int(c3) + int(c4) + int(y1 == "NR"))
    o["IRM-Based Score"] = "4" if c1 else "3" if c2 else "2" if c3 else "-1" if y1 == "NR" else "1"

    def below(v: str, k: int) -> bool:
        return num(v) and int(v) < k

    if y1 in ("NR", "ND"):
        binding = y1
    elif below(S, 2):
        binding = "Spec"
    elif num(rel) and int(rel) == 0:
        binding = "Rel"
    elif below(PI, 3):
        binding = "PotImp"
    elif below(raw, 4):
        binding = "Cmpl"
    elif o["Max star"] == "1":
        binding = "STAR"
    else:
        binding = "FALSE"
    o["Binding constraint"] = binding
    years = [int(y) for y in (y1, y2) if num(y) and 2018 <= int(y) <= 2020]
    o["Latest IRM Report"] = str(max(years)) if years else "NA"
    return o
