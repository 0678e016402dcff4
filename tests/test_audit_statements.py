"""Sentences that work a sum out themselves ("rose by 13% from 20,000 to 22,300"), and numbers the
parser doubted ("£6,443m"): checked on passages written in other councils' styles and on the corpus."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.audit import run_audit
from extractor.models import Finding, Severity
from extractor.numbers import find_numbers
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


def findings(tmp_path: Path, body: str, check: str) -> list[Finding]:
    path = tmp_path / "paper.txt"
    path.write_text(
        "Cumbria Health and Wellbeing Board\n\nDate of meeting: 14 June 2018\n\nBetter Care Fund update\n\n"
        "1. Progress\n\n" + body + "\n",
        encoding="utf-8",
    )
    result = run_audit([extract_document(path, toolkit())], toolkit())
    return [f for f in result.findings if f.check == check]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the stated change does not follow from its own ends
        ("Reablement hours rose by 15% from 4,000 hours a week in April to 4,400 by March.", 10.0),
        ("Admissions fell from 1,250 to 1,000 a year, a reduction of 30%.", 20.0),
        ("We expect an increase of £0.2m in the pooled fund, from £1.2m to £1.6m.", 400_000.0),
    ],
)
def test_a_change_that_does_not_follow_from_its_ends_is_an_error(tmp_path, sentence, expected):
    [f] = findings(tmp_path, sentence, "prose-change")
    assert f.severity is Severity.ERROR
    assert f.expected == pytest.approx(expected, rel=1e-3)
    assert f.values[0].line is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Reablement hours rose by 10% from 4,000 hours a week in April to 4,400 by March.",
        # 27.48% written as 27%: within the rounding of what is shown
        "The population will grow by +183,900 people (+27%), from 677,900 to 861,800.",
        # an approximate end is not worked out again
        "Bed days lost fell from over 59,000 to 51,000, a 13.55% improvement.",
        # percentage points
        "The share seen within 2 hours rose from 80% to 85%, an increase of 5%.",
        # two changes in one sentence: nothing ties the percentage to one pair
        "Costs rose by 5%.",
    ],
)
def test_a_change_that_agrees_is_not_reported(tmp_path, sentence):
    assert findings(tmp_path, sentence, "prose-change") == []


def test_a_thousands_separated_millions_sum_out_of_scale_is_a_warning(tmp_path):
    body = (
        "The iBCF grant for 2018/19 was confirmed at £6,443m.\n\n"
        "Scheme\t2018/19 £000\nHome care\t4,100\nReablement\t2,343\nTotal\t6,443\n"
    )
    [f] = findings(tmp_path, body, "mistyped-number")
    assert f.severity is Severity.WARNING and "£6,443m" in f.message


def test_a_thousands_separated_millions_sum_in_scale_is_how_counties_write_billions(tmp_path):
    body = (
        "The capital programme for the next ten years is £1,419m.\n\n"
        "Budget\t2025-26 £m\nAdults\t612.4\nChildren\t918.5\nNet budget\t1,530.9\n"
    )
    assert findings(tmp_path, body, "mistyped-number") == []


def test_an_ampersand_between_numbers_is_not_a_mistyped_percent():
    # regression: "Years 12 & 13" was read as 12% with a "mistyped '%'" warning
    assert all(n.unit != "percent" for n in find_numbers("offered to Years 12 & 13 in 8 schools"))
    [pct] = [n for n in find_numbers("a 13.56& improvement") if n.unit == "percent"]
    assert pct.value == 13.56 and pct.warnings


def test_corpus_home_care_and_population_changes():
    doc = extract_document(ROOT / "corpus" / "text" / "001_1d578a225c93243e.txt", toolkit())
    found = [f for f in run_audit([doc], toolkit()).findings if f.check == "prose-change"]
    by_said = {f.values[0].value: f for f in found}
    assert by_said[13.0].expected == pytest.approx(11.5)
    assert by_said[183_900.0].expected == pytest.approx(186_300)


_YEARS_TABLE = "Year\tPermanent admissions\n2017/18\t{earlier}\n2018/19\t{later}\n"


@pytest.mark.parametrize(
    ("earlier", "later", "said", "reported"),
    [
        ("4,120", "4,368", "15%", True),  # 6.0%, not 15%
        ("4,120", "4,368", "6%", False),
        ("4,120", "3,708", "10%", False),  # a fall of 10%: "changed by" says nothing of direction
    ],
)
def test_a_change_between_two_years_is_checked_against_the_table_beside_it(
    tmp_path, earlier, later, said, reported
):
    body = (
        f"Admissions changed by {said} in 18/19 compared to 17/18, so no reduction is planned.\n\n"
        + _YEARS_TABLE.format(earlier=earlier, later=later)
    )
    found = findings(tmp_path, body, "prose-change")
    assert bool(found) == reported, found
    if reported:
        assert found[0].severity is Severity.WARNING and "2017/18" in found[0].message


def test_a_change_between_years_with_two_candidate_rows_is_not_guessed(tmp_path):
    body = (
        "Admissions changed by 15% in 18/19 compared to 17/18.\n\n"
        "Year\tResidential\tNursing\n2017/18\t4,120\t1,200\n2018/19\t4,368\t1,260\n"
    )
    assert findings(tmp_path, body, "prose-change") == []


# --------------------------------------------------------------------------- parts of a change


LATE_CHANGES = (
    "The net changes to share of Retained Business Rates growth/Business Rates Compensation Grant "
    "(+£42.7k) and Business Rates collection fund (+£313.3k) increase the net revenue budget requirement "
    "for 2025-26 financial year from £1,530,924.8k (as reported to County Council) to £1,531,279.8k, "
    "a small increase of £{total}k."
)


def test_parts_of_a_stated_change_are_read_as_parts(tmp_path):
    """Kent's late changes paper: £42.7k and £313.3k are the two parts of the £356.0k change, and only
    the change is worked out again (1,531,279.8 - 1,530,924.8 is 355.0: one error, not three)."""
    [f] = findings(tmp_path, LATE_CHANGES.format(total="356.0"), "prose-change")
    assert f.severity is Severity.ERROR
    assert (f.values[0].value, f.expected) == (356_000, pytest.approx(355_000))


def test_parts_that_make_the_change_are_not_reported(tmp_path):
    assert (
        findings(tmp_path, LATE_CHANGES.format(total="355.0").replace("£313.3k", "£312.3k"), "prose-change")
        == []
    )


def test_another_measure_after_the_change_is_not_its_amount(tmp_path):
    sentence = (
        "Moreover, the drop in September's composite activity Purchasing Managers Index, from 53.8 in "
        "August to 52.9, was still consistent with GDP growth of 0.3%-0.4% for the summer months."
    )
    assert findings(tmp_path, sentence, "prose-change") == []


# --------------------------------------------------------------------------- a sum and its parts


@pytest.mark.parametrize(
    ("sentence", "delta"),
    [
        # the parts come to more than the whole
        (
            "The Council's grant allocation is £5,728.2k, of which £4,376.2k (76%) relates to the capital "
            "budget and £1,382.0k (24%) relates to the revenue budget.",
            -30_000,
        ),
        # short of a whole that their shares say they make
        ("The fund is £10.0m, of which £6.0m (60%) is capital and £3.5m (40%) revenue.", 500_000),
    ],
)
def test_parts_that_do_not_make_their_whole_are_an_error(tmp_path, sentence, delta):
    [f] = findings(tmp_path, sentence, "stated-split")
    assert f.severity is Severity.ERROR and f.kind.value == "arithmetic"
    assert f.delta == pytest.approx(delta)
    assert f.rule_id == "audit.stated-split"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Council's grant allocation is £5,728.2k, of which £4,346.2k (76%) relates to the capital "
        "budget and £1,382.0k (24%) relates to the revenue budget.",
        # only some parts named: short of the whole is not a finding
        "The fund is £10.0m, of which £6.0m is capital and £3.5m is for equipment.",
        # one part only
        "The fund is £10.0m, of which £6.0m is capital.",
    ],
)
def test_parts_that_make_their_whole_are_not_reported(tmp_path, sentence):
    assert findings(tmp_path, sentence, "stated-split") == []
