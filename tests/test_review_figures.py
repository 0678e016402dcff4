"""Defects found by reading papers 001, 002 and 004 as a grader would, each pinned over a passage
written in another council's style (other names, other column order) to show the rule is general."""

from __future__ import annotations

from records_support import extract_text, toolkit

from extractor.dates import find_dates
from extractor.figures.common import _numbers_in
from extractor.models import FigureRole


def _figs(doc, value):
    return [f for f in doc.figures if f.value == value]


def _one(doc, value):
    found = _figs(doc, value)
    assert len(found) == 1, [(f.label, f.raw) for f in found]
    return found[0]


def _raws(text: str) -> list[str]:
    return [n.raw for n in _numbers_in(text, toolkit().rules)]


# --------------------------------------------------------------------------- tables


def test_lone_value_column_named_in_the_first_cell_regression(tmp_path):
    # 002: "Oxfordshire County Council (*)<TAB>" then "<TAB>£'000": the organisation heads the one
    # value column, though the export put it over the row labels
    doc = extract_text(
        tmp_path,
        "The CCG element of the fund will be spent as follows:\n\n"
        "NHS Somerset Clinical Commissioning Group (a)\t\n"
        "\t£000\n"
        "Community Hospitals\t4,210\n"
        "Rapid Response\t1,050\n"
        "Total CCG spend\t5,260\n",
    )
    fig = _one(doc, 4210000.0)
    assert fig.label == "Community Hospitals"
    assert "Somerset" in (fig.organisation or "")
    assert "Somerset" in (fig.column or "")
    assert _one(doc, 5260000.0).role is FigureRole.TOTAL


def test_blank_line_then_a_new_template_question_starts_a_new_table_regression(tmp_path):
    # 004: the s75 question and the metrics table were read as rows of the national conditions table
    doc = extract_text(
        tmp_path,
        "Confirmation of National Conditions\t\t\n"
        "National Condition\tConfirmation\tComments\n"
        "1) Plans to be jointly agreed?\tYes\t\n"
        "2) NHS out of hospital services?\tYes\t\n"
        "\n"
        "Metric\tDefinition\tAssessment of progress\tChallenges\n"
        "DToC\tDelayed days per 100,000 population (18+)\tOn track to meet target\t"
        "Delays fell from 21 to 15 a day\n",
    )
    assert len(doc.tables) == 2
    metric = doc.tables[1]
    assert [c.header for c in metric.columns][:2] == ["Metric", "Definition"]
    # the definition's "100,000" names the measure; the challenges' numbers are the row's
    assert not _figs(doc, 100000.0)
    assert {f.column for f in doc.figures if f.value in (21.0, 15.0)} == {"Challenges"}


# --------------------------------------------------------------------------- prose numbers


def test_years_at_a_sentence_end_and_references_with_ranges_are_not_quantities():
    # 001/002/004: "for 2017-19." gave a count of 19; "Priorities 5 to 7" a 7; "paragraph 34 and 35" a 35
    assert _raws("The BCF plan for 2019-21. It ran in 2018-19, then 20 schemes.") == ["20"]
    assert _raws("Under priorities 3 to 5 and paragraphs 12 and 13 we fund 40 beds.") == ["40"]
    pool = _numbers_in("Pool 3 – a pool for people aged 18 to 64 (+12%)", toolkit().rules)
    assert [n.value for n in pool] == [12.0]
    # a quarter followed by a value is not a range of references
    assert _raws("up from 61.2% in Q1 to 64.5% in Q2") == ["61.2%", "64.5%"]


def test_adjectives_times_addresses_and_item_numbers_are_not_quantities():
    text = (
        "Leeds runs a 7-day service and a 5 year plan, open 7 days a week from 08.00 to 20.00. "
        "See https://democracy.leeds.gov.uk/documents/s1234/BCF%20Plan%20-\n"
        "%20Appendix%20for%202019-20.pdf here. "
        "Home care schemes (2) are listed; 1) Review 2) Recruit 3) Launch"
    )
    assert _raws(text) == []
    # a quantity of days is still a quantity
    assert _raws("people wait 14 days on average") == ["14"]


def test_bare_thousands_and_millions_are_money_only_near_money():
    # 001: "per 100k of population" and "12m post start" were read as pounds
    text = "admissions per 100k of population; review 12m after launch"
    rates = {n.raw: n.unit for n in _numbers_in(text, toolkit().rules)}
    # the base of a rate ("per 100k") is no figure at all (ref.rate-base); "12m" is a count
    assert rates == {"12m": "count"}
    money = {n.raw: n.unit for n in _numbers_in("Wakefield will invest 2.5m in reablement", toolkit().rules)}
    assert money == {"2.5m": "GBP"}


def test_lone_item_numbers_and_measure_refs_are_not_figures(tmp_path):
    # 001's flattened "Ref Measure" list gave counts 2.2, 2.5 ... 3.11; 002's "4." alone on a line
    doc = extract_text(
        tmp_path,
        "Outcomes the Derby Joint Commissioning Board will monitor\n\n"
        "4.1\n\nReduce the number of falls in care homes\n\n"
        "4.2\n\nIncrease the number of carers assessed\n\n"
        "4.3\n\nReduce delayed discharges to 25 a day\n\n"
        "5.\n\nThe pooled fund is £12.5m.\n",
    )
    assert sorted(f.raw for f in doc.figures) == ["25", "£12.5m"]


# --------------------------------------------------------------------------- labels


def test_form_fields_label_the_values_below_them_regression(tmp_path):
    # 001: "Minimum required value of Better / Care Fund / 2017/18: / 2018/19:" then both sums on one
    # line were labelled "2018/19"; 004: "Additional improved Better Care Fund Allocation for
    # 2018/19:" then "£ 5,478,595" was labelled by its own number; a phone number was a count
    doc = extract_text(
        tmp_path,
        "Cover\n\n"
        "Health and Wellbeing Board:\n\nNorth Yorkshire\n\n"
        "Telephone:\n\n01609 780780\n\n"
        "Total pooled value of the\n\nBetter Care Fund\n\n2019/20:\n\n2020/21:\n\n"
        "£61,250,000 £64,100,000\n\n"
        "Winter Pressures Grant Allocation for 2019/20:\n\n£ 3,140,227\n",
    )
    first, second = _one(doc, 61250000.0), _one(doc, 64100000.0)
    assert (first.label, first.period) == ("Total pooled value of the Better Care Fund", "2019/20")
    assert (second.label, second.period) == ("Total pooled value of the Better Care Fund", "2020/21")
    grant = _one(doc, 3140227.0)
    assert (grant.label, grant.period, grant.role) == (
        "Winter Pressures Grant Allocation for 2019/20",
        "2019/20",
        FigureRole.ALLOCATION,
    )
    assert not [f for f in doc.figures if f.raw.replace(" ", "").startswith("01609")]


def test_metric_section_figures_are_labelled_by_their_measure_regression(tmp_path):
    # 001: "Target 60,502 – 2017/18" was labelled "Target" and the past performance rows
    # "2016/17 (Ambulatory Units ...)": a reader records the measure and the year
    doc = extract_text(
        tmp_path,
        "Our plans for the national metrics\n\n"
        "Delayed Transfers of Care\n\n"
        "Target 31 delays per day – 2019/20\n\n"
        "How the target will be reached\n\n"
        "The Hampshire discharge hub will review every patient delayed over 7 days.\n\n"
        "Period\tPerformance\n"
        "Q1 2019/20\t35\n"
        "2018/19\t41\n"
        "2017/18\t48\n",
    )
    target = _one(doc, 31.0)
    assert (target.label, target.role, target.period) == (
        "Delayed Transfers of Care",
        FigureRole.TARGET,
        "2019/20",
    )
    past = _one(doc, 41.0)
    assert (past.label, past.period, past.role) == ("Delayed Transfers of Care", "2018/19", FigureRole.ACTUAL)


def test_list_of_sums_keeps_one_item_per_line_and_the_lead_in_commits_them(tmp_path):
    # 001: bullets lost in the export ran into one paragraph, so "£3,500,000" was labelled
    # "including reablement" (the end of the item before)
    doc = extract_text(
        tmp_path,
        "Protecting social care in Cheshire East\n\n"
        "We will maintain the level of investment in social care services:\n\n"
        " £4,100,000 to fund residential placements\n\n"
        " £2,250,000 to support carers and respite, which includes \n\n"
        "short breaks and day opportunities\n\n"
        " £900,000 for community equipment\n",
    )
    assert _one(doc, 2250000.0).label.startswith("carers")
    equipment = _one(doc, 900000.0)
    assert equipment.label == "community equipment" and equipment.role is FigureRole.ALLOCATION


# --------------------------------------------------------------------------- targets in prose


def test_targets_in_prose_without_a_national_metric_and_from_to_pairs(tmp_path):
    doc = extract_text(
        tmp_path,
        "Outcomes for 2019-20\n\n"
        "Increase the number of people with a learning disability having an annual health check "
        "to 80% of those registered by 2020.\n\n"
        "Reduce the number of older people placed in a care home from 9.5 per week in 2018/19 to 9 per "
        "week for 2019/20.\n\n"
        "Reduce the bed days lost to delays in Kent to 2,100 by the end of March 2020\n\n"
        "The expectation is that 65% of people will need no further support.\n",
    )
    checks = _one(doc, 80.0)
    assert checks.role is FigureRole.TARGET and "annual health check" in checks.label
    baseline, target = _one(doc, 9.5), _one(doc, 9.0)
    assert (baseline.role, baseline.period) == (FigureRole.BASELINE, "2018/19")
    assert (target.role, target.period) == (FigureRole.TARGET, "2019/20")
    assert "from 9.5" not in target.label
    assert _one(doc, 2100.0).role is FigureRole.TARGET
    assert _one(doc, 65.0).role is FigureRole.TARGET


# --------------------------------------------------------------------------- dates


def test_month_ranges_ordinal_days_and_split_lines():
    text = "saved 80 hours (June – August 2019) and wrote on March 5th"
    found = {d.raw: d.iso for d in find_dates(text, default_year=2019)}
    assert found == {"June": "2019-06", "August 2019": "2019-08", "March 5th": "2019-03-05"}
    across_new_year = find_dates("from November to February 2020")
    assert [d.iso for d in across_new_year] == ["2019-11", "2020-02"]
    assert find_dates("in March 10 staff joined", default_year=2019) == []  # no ordinal, no day


def test_dates_in_prose_ranges_forms_and_page_breaks(tmp_path):
    doc = extract_text(
        tmp_path,
        "Performance in Wiltshire over the period April – June 2019 improved. The plan was reviewed at "
        "the Integration Board on 12\n\nMarch and agreed.\n\n"
        "Signed on behalf of Wiltshire\n\nCouncil\n\nBy: A. Person\n\n"
        "Position: Director of Adult Services\n\n"
        "Date: 3rd May 2019\n\n"
        "Actions\n\n29/09/20191\n3/10/201927\n/10/2019\n",
    )
    by_raw = {(d.raw, d.date): d for d in doc.dates}
    assert by_raw[("April", "2019-04")].role.value == "start"
    assert by_raw[("June 2019", "2019-06")].role.value == "end"
    assert ("12\nMarch", "2019-03-12") in by_raw or any(d.date == "2019-03-12" for d in doc.dates)
    signed = next(d for d in doc.dates if d.date == "2019-05-03")
    assert signed.role.value == "signed_off" and "Wiltshire" in signed.label
    assert {"2019-09-29", "2019-10-13", "2019-10-27"} <= {d.date for d in doc.dates}
    assert not any(f.value in (12.0, 20191.0) for f in doc.figures)


def test_a_number_in_a_bracketed_aside_measures_the_phrase_before_it(tmp_path):
    # 001: "(from a baseline of 7,036 in 2015/16)" was labelled by an unrelated heading
    doc = extract_text(
        tmp_path,
        "Outcomes for Devon\n\n"
        "Increase the number of carers assessed in Devon (from a baseline of 5,210 in 2018/19).\n",
    )
    fig = _one(doc, 5210.0)
    assert fig.role is FigureRole.BASELINE and fig.label.startswith("number of carers assessed")


def test_an_uplift_column_between_two_years_is_neither_year_and_quoted_digits_are_literals(tmp_path):
    # 004: the uplift "between 2017/18 and 2018/19" was filed under 2017/18; "do not enter '0'" gave a 0
    doc = extract_text(
        tmp_path,
        "Please leave missing cells blank: do not enter '0' or 'N/A'.\n\n"
        "\t2019/20\t2020/21\tEstimated uplift as a percentage change between 2019/20 and 2020/21\n"
        "Average fee for home care (£ per contact hour)\t£ 18.40\t\t3.2%\n",
    )
    fee, uplift = _one(doc, 18.4), _one(doc, 3.2)
    assert (fee.period, fee.unit) == ("2019/20", "GBP/hour")
    assert uplift.period is None and uplift.unit == "percent"
    assert not _figs(doc, 0.0)


def test_a_sum_costed_in_prose_takes_its_noun_phrase_not_the_run_in_heading(tmp_path):
    # 000: "This is a total team costing £1.8m" under "Improving Flow:" was filed as the
    # £1.8m of the Improving Flow line, whose table value is £1.2m
    doc = extract_text(
        tmp_path,
        "Reablement Investment:\n\n"
        "This is a combined service costing £2.4m (about 40 staff) across the county.\n\n"
        "There is a savings target of £3.1m. The forecast position is a real overspend of £0.7m.\n\n"
        "The council is required to deliver savings of £5.2m.\n",
    )
    assert _one(doc, 2_400_000.0).label == "combined service"
    assert _one(doc, 3_100_000.0).label == "savings target"
    assert _one(doc, 700_000.0).label == "real overspend"
    assert "required to deliver savings" in _one(doc, 5_200_000.0).label
