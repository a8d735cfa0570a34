"""Finding the plan's sections in free text: headings (Markdown, numbered, Chinese) and wording."""

from __future__ import annotations

import pytest

from poa.score.sections import heading_section, parse

REQUIRED = ["root_cause", "corrective_actions", "preventive_measures"]


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("## Root causes", "root_cause"),
        ("1. Root cause:", "root_cause"),
        ("ROOT CAUSE", "root_cause"),
        ("**Actions taken**", "corrective_actions"),
        ("2) Corrective actions we have taken", "corrective_actions"),
        ("The steps you have taken to prevent A-to-z claims going forward", "preventive_measures"),
        ("III. Preventive measures in place", "preventive_measures"),
        ("1. 问题的根本原因", "root_cause"),
        ("2. 您为解决该问题而已采取的措施", "corrective_actions"),
        ("3. 您为避免将来出现此问题而采取的步骤", "preventive_measures"),
        ("Appendix: evidence", "evidence"),
        ("Plan of action", "preamble"),
        ("# Plan of action", "preamble"),
    ],
)
def test_headings(line: str, section: str) -> None:
    assert heading_section(line) == section


@pytest.mark.parametrize(
    "line",
    [
        "1. The root cause was that nobody covered weekends.",  # a sentence, not a heading
        "We replied to all buyers and took the actions listed below in the next part.",
        "",
    ],
)
def test_not_headings(line: str) -> None:
    assert heading_section(line) is None


def test_letter_without_headings_is_split_by_wording() -> None:
    text = (
        "Dear Seller Performance Team,\n\n"
        "I think there are two reasons for this:\n"
        "1. Nobody answered messages at weekends.\n\n"
        "We have taken the following steps to resolve the complaints:\n"
        "1. We replied to all 12 buyers on 3 May 2026.\n\n"
        "To prevent this going forward, the customer service lead checks messages daily.\n\n"
        "Best regards\n"
    )
    doc = parse(text)
    assert [sid for sid in REQUIRED if doc.sections[sid].present] == REQUIRED
    assert doc.line_section[0] == "preamble"
    assert doc.line_section[doc.lines.index("Best regards")] == "closing"
    assert "replied" in doc.section_text("corrective_actions")


def test_numbered_points_and_continuations_are_one_point() -> None:
    text = "## Root causes\n1. First cause.\n   Orders: 113-4827301-5520947.\n2. Second cause.\n"
    doc = parse(text)
    points = [p for p in doc.points if p.section == "root_cause"]
    assert len(points) == 2 and all(p.numbered for p in points)
    assert "113-4827301-5520947" in points[0].text
    # Each point ends a sentence even without a full stop; line and column are kept.
    assert [(s.line, s.column) for s in doc.sentences] == [(2, 4), (3, 4), (4, 4)]


def test_known_titles_from_a_case_take_precedence() -> None:
    known = {"root causes": "root_cause", "affected orders": "orders"}
    doc = parse("## Root causes\n1. A cause.\n\n## Affected orders\n| 1 | 2 |\n", known)
    assert doc.line_section[4] == "orders"
    assert doc.sections["root_cause"].present
