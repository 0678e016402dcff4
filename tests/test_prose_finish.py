"""Issue 12: a prose label finished as a reader writes it, from the paper's own words: abbreviations
spelled out, the owner's possessive dropped, a bare measure named by its section, a clause's
fragment refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from records_support import extract_text

from extractor.figures.prose_finish import (
    LabelWords,
    abbreviations,
    finish_label,
    heading_text,
    is_title,
    section_name,
    spell_out,
    usable,
)
from extractor.models import Block, BlockKind, Provenance
from extractor.rules import load_rules

WORDS = LabelWords.from_rules(load_rules())


def _block(text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    return Block(id="b1", kind=kind, text=text, section_id="s1", provenance=Provenance(page=1))


@pytest.mark.parametrize(
    ("label", "section", "finished"),
    [
        ("allocation", "Social Care Grant", "Social Care Grant allocation"),
        ("total allocation", "Social Care Grant", "total Social Care Grant allocation"),
        ("grant allocation", "Social Care Grant", "Social Care Grant allocation"),
        ("the Council's allocation", "Social Care Grant", "Social Care Grant allocation"),
        # two measures name a thing together: the section is not put in front of them
        ("savings target", "Reablement Investment", "savings target"),
        ("people in residential care", "Adult Social Care", "people in residential care"),
        ("allocation", None, "allocation"),
        # a section named after a topic, not a sum, does not say what the measure is of
        ("net underspend", "Other Factors", "net underspend"),
        # the determiner goes: "the remaining" of the grant is not "... Grant the remaining"
        ("the remaining", "Social Care Grant", "remaining Social Care Grant"),
    ],
)
def test_a_bare_measure_is_named_by_its_section(label: str, section: str | None, finished: str) -> None:
    assert finish_label(label, section, WORDS) == finished


def test_the_papers_own_abbreviation_is_kept_and_spelled_out_beside_it() -> None:
    blocks = [
        _block("The Revenue Support Grant (RSG) is rolled into the settlement."),
        _block("The Council's RSG allocation is £10.2m."),
    ]
    known = abbreviations(blocks)
    assert known["RSG"] == "Revenue Support Grant"
    assert finish_label("Council's RSG allocation", None, WORDS) == "RSG allocation"
    assert spell_out("RSG allocation", known) == "Revenue Support Grant allocation"


def test_a_tables_capitalised_line_does_not_spell_out_an_abbreviation() -> None:
    blocks = [
        _block("Key Service Analysis\tBudget", BlockKind.TABLE),
        _block("Increase the minimum rate for grade KSA to £12.71 per hour."),
    ]
    assert "KSA" not in abbreviations(blocks)


def test_an_abbreviation_two_names_fit_is_left_alone() -> None:
    blocks = [_block("Better Care Fund"), _block("Business Continuity Framework"), _block("the BCF plan")]
    assert "BCF" not in abbreviations(blocks)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("D) Social Care Grant", "Social Care Grant"),
        (
            "3. Market Sustainability and Improvement Fund (MSIF)",
            "Market Sustainability and Improvement Fund",
        ),
        ("7. FINANCIAL IMPLICATIONS", None),
        ("Financial Implications", None),
        ("The grant was increased in 2025", None),
        (
            "C) Local Authority Better Care Grant (formerly Improved Better Care Fund)",
            "Local Authority Better Care Grant (formerly Improved Better Care Fund)",
        ),
        ("C) Local Authority Grant (see the note below)", None),
    ],
)
def test_a_section_is_named_after_a_thing_or_not_at_all(title: str, name: str | None) -> None:
    assert section_name(title, WORDS.plain_heading) == name


@pytest.mark.parametrize(
    "label",
    [
        "was added",
        "lease that",
        "Last year",
        "£0.532bn of the",
        "from the",
        "",
        "depending on staffing levels and acuity of patients",
        "Wanless also segmented into",
        "whom began a period of long stay care",
        "subject to approval",
    ],
)
def test_a_clause_fragment_is_no_label(label: str) -> None:
    assert not usable(label)


@pytest.mark.parametrize(
    "label", ["net revenue budget", "people aged 65+ in residential care", "2025/26 budget"]
)
def test_a_noun_phrase_is_a_label(label: str) -> None:
    assert usable(label)


def test_a_headings_own_number_is_blanked_and_its_sum_kept() -> None:
    heading = _block("3. Savings of £5m 12", BlockKind.HEADING)
    text = heading_text(heading, heading.text)
    assert len(text) == len(heading.text)
    assert text.strip() == "Savings of £5m"
    paragraph = _block("3. Savings of £5m")
    assert heading_text(paragraph, paragraph.text) == paragraph.text


def test_the_second_end_of_a_range_takes_the_first_ends_label(tmp_path: Path) -> None:
    doc = extract_text(
        tmp_path, "Treasury\n\nThe Council’s investment balance ranged between £443.1m and £622.9m.\n"
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["£622.9m"] == labels["£443.1m"] == "investment balance"


def test_a_number_nothing_names_is_left_out_with_a_warning(tmp_path: Path) -> None:
    doc = extract_text(tmp_path, "Summary\n\nWe did 5.\n\nThe net revenue budget is £1,531.3m.\n")
    assert [f.raw for f in doc.figures] == ["£1,531.3m"]
    assert any(w.code == "prose-number-unnamed" for w in doc.warnings)


def test_a_date_the_sentence_is_at_is_the_numbers_period(tmp_path: Path) -> None:
    doc = extract_text(
        tmp_path, "Loans\n\nAt 30 September 2024, the Council had outstanding loans of £16.8m.\n"
    )
    [loans] = [f for f in doc.figures if f.raw == "£16.8m"]
    assert (loans.label, loans.period) == ("outstanding loans", "30 September 2024")


def test_a_verb_in_the_clause_that_says_who_is_counted_is_still_a_label() -> None:
    assert usable("number of residents who will remain independent")
    assert usable("increase in number of residents who will remain independent")
    assert not usable("the grant was added")


def test_a_lettered_title_with_its_former_name_is_a_title() -> None:
    item = _block(
        "C) Local Authority Better Care Grant (formerly Improved Better Care Fund and ASC Discharge Fund)",
        BlockKind.LIST_ITEM,
    )
    assert is_title(item, WORDS)
