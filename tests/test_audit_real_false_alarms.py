"""False errors the audit raised on real papers (issue 13's review of every error on corpus/real and
devreal), each pinned on a paper written the same way, beside the true error the same check must
still raise."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.audit import run_audit
from extractor.models import Finding, Severity
from extractor.pipeline import Toolkit, extract_document
from extractor.rounding import shared_rounding_step, trailing_zeros_step
from extractor.rules import load_rules


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


def audit_text(tmp_path: Path, body: str) -> list[Finding]:
    path = tmp_path / "paper.txt"
    path.write_text(
        "Surrey Health and Wellbeing Board\n\nDate of meeting: 4 March 2024\n\n"
        "Population and demand\n\n1. Summary\n\n" + body + "\n\n2. Recommendation\n\nTo note.\n",
        encoding="utf-8",
    )
    return run_audit([extract_document(path, toolkit())], toolkit()).findings


def errors(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check and f.severity is Severity.ERROR]


# --------------------------------------------------------------------------- rounded ends of a change


@pytest.mark.parametrize(
    ("raws", "step"),
    [
        (["50,000", "65,500"], 100.0),
        (["740", "650"], 10.0),
        (["20,000", "22,345"], 1.0),  # one end is exact: so, presumably, is the other
        (["50,000"], 1.0),  # alone, 50,000 may be exact or rounded to thousands
        (["£1.2m", "£1.6m"], 1.0),  # precision already written
        (["12.50", "13.00"], 1.0),
    ],
)
def test_shared_rounding_step(raws, step):
    assert shared_rounding_step(raws) == step


def test_trailing_zeros_step_reads_only_plain_whole_numbers():
    assert trailing_zeros_step("235,400") == 100.0
    assert trailing_zeros_step("£20,000") == 10_000.0
    assert trailing_zeros_step("13%") is None and trailing_zeros_step("0") is None


@pytest.mark.parametrize(
    "sentence",
    [
        # regression (West Sussex forecasting paper): a projection rounded to hundreds, its
        # percentage worked out before rounding (65,450 / 50,050 is 30.8% more)
        "The number of people aged 65-69 is expected to grow from 50,000 in 2022 to 65,500 in 2035, "
        "an increase of 30.9%.",
        "The number aged 90+ is expected to fall from 740 in 2022 to 650 in 2035, a decrease of 11.1%.",
    ],
)
def test_a_change_between_ends_rounded_alike_agrees_within_their_rounding(tmp_path, sentence):
    assert errors(audit_text(tmp_path, sentence), "prose-change") == []


def test_a_change_beyond_the_rounding_of_its_ends_is_still_an_error(tmp_path):
    # the same paper states 29.8% for this change elsewhere; 29% is outside 29.78-29.89%
    sentence = "The number of people aged 65+ is projected to increase from 205,800 in 2022 to 267,200 in 2035, an increase of 29%."
    [f] = errors(audit_text(tmp_path, sentence), "prose-change")
    assert f.expected == pytest.approx(29.83, rel=1e-3)


# --------------------------------------------------------------------------- columns of shares


SHARES = (
    "Table 1b: % of the registered population by age and sex\n\n"
    "Age\tNorth Male\tNorth Female\tNorth Total\tSouth Male\tSouth Female\tSouth Total\n"
    "Age 0-15\t21.0%\t19.0%\t20.0%\t24.0%\t22.0%\t23.0%\n"
    "Age 16-64\t62.0%\t60.0%\t61.0%\t63.0%\t61.0%\t62.0%\n"
    "Age 65-84\t14.0%\t16.0%\t15.0%\t{south_male_65}\t\t14.0%\n"
    "Age 85+\t3.0%\t5.0%\t4.0%\t1.0%\t3.0%\t1.0%\n"
    "Total\t100.0%\t100.0%\t100.0%\t100.0%\t100.0%\t100.0%\n"
)


def test_columns_of_shares_are_not_a_row_total_by_chance(tmp_path):
    # regression (West Sussex CCG profile): in one age band South Male% + South Female% equalled
    # North Total%, so those columns were taken as its parts and the Total row (100% against
    # 200%) became an error on every sheet
    found = audit_text(tmp_path, SHARES.format(south_male_65="12.0%"))
    assert errors(found, "row-total") == [], [f.message for f in found if f.check == "row-total"]


def test_a_row_of_shares_that_misses_its_total_is_still_an_error(tmp_path):
    body = (
        "Table 2: Share of referrals by outcome\n\n"
        "Quarter\tAdmitted\tDischarged\tTotal\n"
        "Q1\t40.0%\t60.0%\t100.0%\n"
        "Q2\t45.0%\t55.0%\t100.0%\n"
        "Q3\t38.0%\t52.0%\t100.0%\n"
        "Q4\t50.0%\t50.0%\t100.0%\n"
    )
    [f] = errors(audit_text(tmp_path, body), "row-total")
    assert f.label == "Q3" and f.expected == pytest.approx(90.0)


# --------------------------------------------------------------------------- counts rounded to hundreds


ROUNDED = (
    "Table 16b: Resident population by age band - Rounded to nearest 100\n\n"
    "Age\tResident\tRegistered\n"
    "Age 0-4\t13,600\t12,800\n"
    "Age 5-14\t26,200\t26,900\n"
    "Age 15-24\t25,700\t26,800\n"
    "Age 25-44\t50,400\t56,500\n"
    "Age 45-64\t64,100\t67,800\n"
    "Age 65+\t55,300\t{registered_65}\n"
    "Total\t235,400\t{registered_total}\n"
)


def test_a_count_column_rounded_to_hundreds_misses_its_total_by_rounding_only(tmp_path):
    # regression (West Sussex CCG profile, Table 16b/16c): 235,400 against lines summing to 235,300,
    # all rounded to the nearest 100
    found = audit_text(tmp_path, ROUNDED.format(registered_65="56,600", registered_total="247,400"))
    assert errors(found, "column-total") == []
    assert any(f.check == "column-total" and f.severity is Severity.INFO for f in found)


def test_a_rounded_count_column_off_by_more_than_its_rounding_is_an_error(tmp_path):
    found = audit_text(tmp_path, ROUNDED.format(registered_65="56,600", registered_total="249,400"))
    [f] = errors(found, "column-total")
    assert f.delta == pytest.approx(2_000)


def test_money_written_in_round_hundreds_is_taken_as_exact(tmp_path):
    body = "Grant\tAmount £\nCarers centre\t5,000\nBefriending\t2,500\nLunch club\t1,200\nMen's shed\t3,400\nTotal\t12,200\n"
    [f] = errors(audit_text(tmp_path, body), "column-total")
    assert f.delta == pytest.approx(100)


# --------------------------------------------------------------------------- one measure at two dates


SNAPSHOT = (
    "Table {n}: % of the registered population by age ({when})\n\n"
    "Age\tNorth\tSouth\tEast\n"
    "Age 0-15\t20.1%\t23.0%\t18.2%\n"
    "Age 16-64\t61.0%\t62.0%\t60.3%\n"
    "Age 65-84\t{older}\t13.0%\t17.5%\n"
    "Age 85+\t3.9%\t2.0%\t4.0%\n"
    "Total\t100.0%\t100.0%\t100.0%\n"
)


def test_one_measure_at_two_dates_in_one_paper_is_not_a_repeat(tmp_path):
    # regression (West Sussex CCG profile): the April 2016 and July 2016 tables agree in most
    # cells, as population shares do, and their differences were errors "inside one document"
    body = (
        SNAPSHOT.format(n="3", when="April 2016", older="15.0%")
        + "\n\nSome text between the tables.\n\n"
        + SNAPSHOT.format(n="4", when="July 2016", older="15.2%")
    )
    assert errors(audit_text(tmp_path, body), "same-document-repeat") == []


def test_a_table_repeated_for_the_same_date_with_another_figure_is_still_an_error(tmp_path):
    body = (
        SNAPSHOT.format(n="1", when="October 2015", older="15.0%")
        + "\n\nSome text between the tables.\n\n"
        + SNAPSHOT.format(n="1", when="October 2015", older="15.2%")
    )
    [f] = errors(audit_text(tmp_path, body), "same-document-repeat")
    assert f.label == "Age 65-84"


# --------------------------------------------------------------------------- a table held twice


POOL = (
    "{title}\n\n"
    "Pool 2\tSurrey County Council £'000\tSurrey Heartlands ICB £'000\n"
    "Care Homes\t{care_homes}\t27,413\n"
    "Prevention\t{prevention}\t14,487\n"
    "Hospital Avoidance\t{avoidance}\t34,293\n"
    "Gross Contribution\t127,052\t76,193\n"
)
PROPOSED = POOL.format(
    title="2024/25 Proposed Indicative Contributions",
    care_homes="61,580",
    prevention="10,055",
    avoidance="55,417",
)
AGREED = POOL.format(
    title="2024/25 Contributions in the formal S75 agreement",
    care_homes="84,167",
    prevention="15,078",
    avoidance="27,807",
)


def _board_paper(folder: Path, name: str, date: str, body: str) -> Path:
    path = folder / name
    path.write_text(
        f"Surrey Health and Wellbeing Board\n\nDate of meeting: {date}\n\nBetter Care Fund 2024/25\n\n"
        f"1. Pooled budget\n\n{body}\n\n2. Recommendation\n\nTo note.\n",
        encoding="utf-8",
    )
    return path


def _version_changes(tmp_path: Path, later: str) -> list[Finding]:
    first = _board_paper(tmp_path, "july.txt", "4 July 2024", PROPOSED + "\n\nThe agreed pool:\n\n" + AGREED)
    second = _board_paper(tmp_path, "october.txt", "3 October 2024", later)
    docs = [extract_document(p, toolkit()) for p in (first, second)]
    return [f for f in run_audit(docs, toolkit()).findings if f.check == "version-change"]


def test_a_table_the_earlier_paper_held_as_proposed_and_agreed_is_diffed_against_the_agreed_one(tmp_path):
    # regression (the Oxfordshire S75 sample papers): the later paper repeats the agreed table
    # exactly, and its lines were reported as changed against the proposed one
    assert _version_changes(tmp_path, AGREED) == []


def test_a_line_changed_since_both_earlier_tables_is_still_reported(tmp_path):
    later = AGREED.replace("15,078", "16,078")
    [f] = _version_changes(tmp_path, later)
    assert f.label == "Prevention" and f.delta == pytest.approx(1_000_000)


# --------------------------------------------------------------------------- which line a sentence names


LINES = "Scheme\t2024/25 £000\nHome care reablement\t1,200\nCarers support\t300\nTotal\t1,500\n\n"


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        # regression (Kent budget report): the paragraph supplies the line's words, but the amount's
        # own words are about something else ("Each 1% increase in the Council Tax rate generates
        # circa £9.5m" against "of which Adult Social Care")
        ("Each 1% increase in the precept generates £0.9m a year.", False),
        ("We will spend £0.9m on reablement this year.", True),
    ],
)
def test_a_sentence_names_a_line_only_where_its_own_words_share_one(tmp_path, sentence, reported):
    body = LINES + "This paper covers home care reablement. " + sentence
    found = [f for f in audit_text(tmp_path, body) if f.check == "prose-vs-table"]
    assert bool(found) is reported, [f.message for f in found]
