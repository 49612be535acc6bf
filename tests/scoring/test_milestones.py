"""Milestone extraction and SMART checks."""

from __future__ import annotations

from irm.models.commitment import Milestone
from irm.scoring.milestones import extract_milestones, smart_check


def test_numbered_list_under_a_header():
    """Numbered activities under a Milestones header, with bodies and dates in parentheses."""
    text = ("The ministry will open budget data.\nMilestones:\n"
            "1.1 Design the portal (Ministry of Finance, March 2013)\n"
            "1.2 Publish the budget (June 2013)\n")
    found = extract_milestones(text)
    assert [m.description for m in found] == ["Design the portal", "Publish the budget"]
    assert found[0].responsible == "Ministry of Finance" and found[0].end == "March 2013"


def test_flattened_table_rows():
    """Rows of an activity table keep their columns apart; the header row is skipped."""
    text = ("Activity | Responsible | Start | End\n"
            "1. Adopt the law | Ministry of Justice | 9/1/2017 | 6/30/2018\n"
            "2. Launch the register | Registry Agency | 7/1/2018 | 3/31/2019\n")
    found = extract_milestones(text)
    assert [(m.description, m.responsible, m.start, m.end) for m in found] == [
        ("Adopt the law", "Ministry of Justice", "9/1/2017", "6/30/2018"),
        ("Launch the register", "Registry Agency", "7/1/2018", "3/31/2019")]


def test_spanish_bullets_and_inline_bullets():
    """Spanish headers and bullets pasted inline split into milestones."""
    text = "Hitos:\n\u2022 Elaborar el reglamento (marzo 2021) \u2022 Publicar los datos (junio 2021)"
    found = extract_milestones(text)
    assert [m.description for m in found] == ["Elaborar el reglamento", "Publicar los datos"]
    assert [m.end for m in found] == ["marzo 2021", "junio 2021"]


def test_prose_gives_no_milestone():
    """Narrative text, and lists of aims without activities, give nothing."""
    assert extract_milestones("The government will improve transparency and trust.") == ()
    assert extract_milestones("Our aims:\n- more trust\n- better services") == ()


def test_smart_checks():
    """A milestone is checked for an output, a date and a responsible body."""
    full = smart_check(Milestone("Publish the register", responsible="Registry", end="June 2020"))
    vague = smart_check(Milestone("Improve cooperation", end="Ongoing"))
    assert full.score == 3 and vague.score == 0


def test_text_with_separate_accent_marks_gives_the_milestones_of_its_composed_form():
    """Accents pasted as combining marks (NFD) do not hide a header such as 'Activités',
    under which items that are neither numbered nor dated count."""
    import unicodedata

    text = "Activités :\n- Registre des bénéficiaires\n- Guide pour les agents\n- Rapport annuel"
    found = extract_milestones(unicodedata.normalize("NFD", text))
    assert [m.description for m in found] == ["Registre des bénéficiaires",
                                              "Guide pour les agents", "Rapport annuel"]
    assert found == extract_milestones(text)


def test_the_milestone_table_is_the_librarys_not_the_command_lines():
    """irm milestones writes what milestone_table gives a notebook: the same rows."""
    import csv
    import io

    import irm
    from irm.cli import main
    from irm.scoring.milestones import milestone_table

    found = milestone_table(irm.read_ogp_csv(irm.sample_path()))
    out = io.StringIO()
    assert main(["milestones"], stdout=out, stderr=io.StringIO()) == 0
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == found.columns and [tuple(r) for r in rows[1:]] == list(found.rows)
    assert "milestones from" in found.summary()
