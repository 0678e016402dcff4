"""Issue 12: a number in prose is labelled by the noun phrase it measures, and what is not data
(phone numbers, page footers, durations used as spans, group bounds) is not a figure."""

from __future__ import annotations

import pytest
from records_support import extract_text

from extractor.figures.prose_labels import content_words, read_labels
from extractor.metadata_cover import read_cover_form
from extractor.models import Block, BlockKind, Provenance
from extractor.numbers import find_numbers
from extractor.prose import sentence_span
from extractor.rules import load_rules

RULES = load_rules()


def _readings(text: str, raw: str) -> list[str]:
    """Every label the readers propose for the number written ``raw`` in ``text``, surest first."""
    number = next(n for n in find_numbers(text) if n.raw == raw)
    return [r.label for r in read_labels(text, number, sentence_span(text, number.start), None)]


def _by_raw(folder, text: str, field: str) -> dict:
    """Each figure's ``field`` by the number as written, for a paper of ``text``."""
    return {f.raw: getattr(f, field) for f in extract_text(folder, text).figures}


def _label(text: str, raw: str) -> str:
    numbers = find_numbers(
        text, reference_words=RULES.reference_words, trailing_patterns=RULES.trailing_patterns
    )
    number = next(n for n in numbers if n.raw == raw)
    readings = read_labels(text, number, sentence_span(text, number.start), None)
    return readings[0].label if readings else ""


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        (
            "The number of residents who will remain independent could grow from 125,300 in 2022.",
            "125,300",
            "number of residents who will remain independent",
        ),
        ("The number of people who live alone is 4,500.", "4,500", "number of people who live alone"),
        (
            "Young Driver Parent Webinar reaching around 75 parents.",
            "75",
            "parents reached by Young Driver Parent Webinar",
        ),
        (
            "Podiatry have achieved a 14% reduction in their total waiting list size in the last 3 months.",
            "14%",
            "reduction in total waiting list size",
        ),
        (
            "This represents a £101.4m increase on the final approved budget for 2024-25.",
            "£101.4m",
            "increase on final approved budget",
        ),
        (
            "Firstly, the required saving of £204,302.16 will need to be made elsewhere.",
            "£204,302.16",
            "required saving",
        ),
        ("However, their pay increase should equate to at least 2.5%.", "2.5%", "pay increase"),
        (
            "The lowest entry level spinal column point is equivalent to £17,842 per annum.",
            "£17,842",
            "lowest entry level spinal column point",
        ),
        (
            "Last year, County Council agreed a 1.35% increase to the Kent Scheme pay scales.",
            "1.35%",
            "increase to Kent Scheme pay scales",
        ),
        ("We made a £5m contribution to the pooled fund.", "£5m", "contribution to pooled fund"),
        (
            "The settlement gives an increase in core spending power of 7.04% in 2025-26.",
            "7.04%",
            "increase in core spending power",
        ),
        (
            "This Council’s share of this additional allocation is £12.8m.",
            "£12.8m",
            "Council’s share of additional allocation",
        ),
        (
            "The 2021-22 settlement included a further £300m taking the total social care grant to £1.71bn.",
            "£1.71bn",
            "total social care grant",
        ),
        (
            "It is largely the £9.9m underspend in the CYPE directorate.",
            "£9.9m",
            "underspend in CYPE directorate",
        ),
        (
            "Library issues overall have risen by 1% in comparison with last year.",
            "1%",
            "increase in Library issues",
        ),
        (
            "The total NUE investment has increased to £107.6m this quarter.",
            "£107.6m",
            "total NUE investment",
        ),
        ("A petition was submitted with over 6,000 signatures.", "6,000", "signatures"),
        (
            "By September they had achieved a total income return of £54.1m, with a fall in value.",
            "£54.1m",
            "total income return",
        ),
        ("The residual deficit is estimated to total over £80m.", "£80m", "residual deficit"),
        (
            "The Council’s investment balance ranged between £443.1m and £622.9m.",
            "£443.1m",
            "Council’s investment balance",
        ),
        (
            "A net increase in bonds brings the total bond portfolio up to £117.9m.",
            "£117.9m",
            "total bond portfolio",
        ),
        (
            "The drawdown from smoothing reserves of £10.6m is in line with the strategy.",
            "£10.6m",
            "drawdown from smoothing reserves",
        ),
        (
            "The draft budget includes a £3.2m collection surplus balance.",
            "£3.2m",
            "collection surplus balance",
        ),
        ("There were 52 homes created this year.", "52", "homes created"),
        ("We will spend £2,250,000 to support carers and respite.", "£2,250,000", "carers and respite"),
        (
            "The 2025-26 budget includes an overall increase in funding of £101.4m.",
            "£101.4m",
            "overall increase in funding",
        ),
        (
            "The survey found 81% of councils are on course to overspend on their adult social care budget in the year.",
            "81%",
            "councils on course to overspend on adult social care budget",
        ),
        ("With 51% of posts being part-time, the FTE figure is 1916.", "51%", "posts part-time"),
        (
            "Currently, £80.3m of savings are forecast to be achieved.",
            "£80.3m",
            "savings forecast to be achieved",
        ),
        # the subject of the number's own clause, not of the sentence
        (
            "The position continues to be the main focus and the reported overspend is now £35.4m.",
            "£35.4m",
            "reported overspend",
        ),
        # the clause's subject owns the measure its verb introduces
        (
            "The ASCH directorate has a forecast net overspend of +£35.4m this year.",
            "+£35.4m",
            "ASCH directorate forecast net overspend",
        ),
        (
            "The total level of revenue reserves at the end of 2023-24 represents a reduction of £33.8m.",
            "£33.8m",
            "reduction in total level of revenue reserves",
        ),
        (
            "The grant for 2025-26 represents an increase of £3.1m on the earlier estimate.",
            "£3.1m",
            "increase in grant on earlier estimate",
        ),
        (
            "The forecast is £35.4m, of which £26.2m relates to savings which are unable to be delivered.",
            "£26.2m",
            "savings unable to be delivered",
        ),
        ("Of the allocation, £4,376.2k (76%) relates to the capital budget.", "£4,376.2k", "capital budget"),
        (
            "Of the increase, £160m reflects the 2% adult social care council tax precept.",
            "2%",
            "adult social care council tax precept",
        ),
        (
            "The grant included a 3% inflationary uplift as part of the settlement.",
            "3%",
            "inflationary uplift",
        ),
        (
            "This is a result of savings not being delivered in 2024-25 (£26.2m) and other pressures.",
            "£26.2m",
            "savings not being delivered",
        ),
        (
            "Underspends in Deputy Chief Executive’s Department (£3.0m) and Non Attributable Costs (£7.0m).",
            "£7.0m",
            "Non Attributable Costs",
        ),
        ("Over 771,600 visits to Kent’s Libraries took place.", "771,600", "visits to Kent’s Libraries"),
        ("A total of 18 projects have been approved.", "18", "projects approved"),
        ("There were 300 referrals to the falls service in March 2024.", "300", "referrals to falls service"),
        ("There were 300 referrals in March 2024.", "300", "referrals"),
        (
            "The percentages awarded under TCP were 2.7% for a Successful rating and 3.8% for an Excellent rating.",
            "2.7%",
            "percentages awarded under TCP for Successful rating",
        ),
        (
            "Of the £719k for Swale, £705,600 relates directly to staff salaries.",
            "£705,600",
            "staff salaries",
        ),
        (
            "The total is £35.4m and £9.2m of the overspend relates to other service-related pressures.",
            "£9.2m",
            "other service-related pressures",
        ),
        # what a sum was given, lent or spent on
        (
            "During the half year, the Council loaned £2.9m to the no use empty loans programme.",
            "£2.9m",
            "loaned to no use empty loans programme",
        ),
        ("The Treasury have made available £28m for the scheme.", "£28m", "made available for scheme"),
        ("We invested £1.2m in social work capacity.", "£1.2m", "invested in social work capacity"),
        ("At 30 September the Council held £746.8m of loans.", "£746.8m", "loans held"),
        ("The Council has 2514 posts across our 6 directorates.", "2514", "posts across directorates"),
        (
            "At the end of Quarter 3, 16,872 people had an active care and support plan.",
            "16,872",
            "people with active care and support plan",
        ),
        ("In Quarter 3, 1,369 people were in a short-term bed.", "1,369", "people in short-term bed"),
        ("1,727 enquiries were open at the end of Quarter 3.", "1,727", "enquiries open"),
        (
            "A total of £21.5m is available to support adult social care.",
            "£21.5m",
            "available to support adult social care",
        ),
        (
            "In all, £5.0m goes to the District Councils for grants.",
            "£5.0m",
            "goes to District Councils for grants",
        ),
        (
            "There were 1,109 children subject to a child protection plan.",
            "1,109",
            "children subject to child protection plan",
        ),
        (
            "The plan count rose, an increase of 14 children from the end of the previous Quarter.",
            "14",
            "increase in children",
        ),
        (
            "The fund recorded a net decrease of 19.81 FTE jobs since June.",
            "19.81",
            "net decrease in FTE jobs",
        ),
        ("The Council serves a population of 234,673 (ONS estimates).", "234,673", "Council population"),
        (
            "There are 179,200 people aged 65 years or over in the county.",
            "179,200",
            "people aged 65 years or over",
        ),
        (
            "At the end of Quarter 3, the number of new homes funded is 288 across eight districts.",
            "288",
            "number of new homes funded",
        ),
        (
            "The budget includes £61.5m of net savings and income proposals.",
            "£61.5m",
            "net savings and income proposals",
        ),
        (
            "The total schools block (before deductions) has increased by £108.5m this year.",
            "£108.5m",
            "increase in total schools block before deductions",
        ),
        (
            "The net changes to share of business rates growth (+£42.7k) were small.",
            "+£42.7k",
            "net changes to share of business rates growth",
        ),
        (
            "This includes annual funding from the DfE, totalling £140m by 2027-28.",
            "£140m",
            "annual funding from DfE",
        ),
        ("The hub is occupied under a lease that costs circa £54,000 annually.", "£54,000", "lease cost"),
        ("The Government announced funding of £600m for social care.", "£600m", "funding for social care"),
        (
            "The Council received grants totalling £3.2m for adult social care.",
            "£3.2m",
            "grants for adult social care",
        ),
    ],
)
def test_a_number_is_labelled_by_the_phrase_it_measures(text: str, raw: str, label: str) -> None:
    assert _label(text, raw) == label


@pytest.mark.parametrize(
    "text",
    [
        "Contact: 03000 410066, john.betts@kent.gov.uk",
        "tables may appear not Page 25 of 43 to add up",
        "the contract was extended for a further 12 months",
        "on three months' notice or 3 months' notice",
        "payments are made within 10–14 days",
        "employees aged over 21",
        "26.6% had 2 or 3 LTCs and 8.5% had 4 or more LTCs",
        "(cid:3404)(cid:12)",
        "Data for Jun-23",
        "at the end of Quarter 3",
        "During the 6 months to September, the Council",
        "over the 6 months since March",
        "the contracts were awarded for a period of 12 months",
        "The 6 months to the end of March",
        "A Key Decision (21/00086) was taken",
        "services run under Covid-19 guidance",
        "to lead the COVID 19 Outbreak Management programme",
        "for every £1 earned by the median earner",
        "Note 1 = excludes domestic abuse",
        "are shown in tables 6.1.",
        "had no or 1 long term condition",
        "rates for 20 years at 5.29%",
        "Risk 1 Failure to deliver quality of care",
        "Total municipal waste tonnage collected – rolling 12 months",
        "Number of initial requests for statutory assessment per 1,000 population",
        "people of state pension age for every 1,000 working-age",
        "People living in IMD 1 are at higher risk",
        "services in the short or longer term (above 1 week)",
        "Letter of representation (ISA 260)",
        "places in post 16 provision",
        "the Trust is in segment 4 of the National Oversight Framework",
        "people still at home 91 days after discharge",
        "Workforce report (3 x per year)",
        "escalated from OPEL 2 to OPEL 3",
        "Performance improved in Quarters 2 and 3",
        "The actions are 3 months overdue",
        "in line with Criterion 10 of the Code of Practice",
        "john.walsh@nhs.net - 07949102354 space to explore",
        "the compliance data with Level 1 and 2 Safety Training",
    ],
)
def test_what_is_not_data_is_not_a_figure(text: str) -> None:
    found = find_numbers(
        text, reference_words=RULES.reference_words, trailing_patterns=RULES.trailing_patterns
    )
    assert [n.raw for n in found if not n.raw.endswith("%")] == []


def test_a_ratio_keeps_its_first_number_only() -> None:
    assert [n.raw for n in find_numbers("KCC's current Pay Multiple figure is 8.1:1.")] == ["8.1"]


def test_a_ratio_to_one_keeps_its_second_number_only() -> None:
    assert [n.raw for n in find_numbers("The ratio to the average Chief Officer is 1:5.76.")] == ["5.76"]


RATIOS = [
    ("KCC's current Pay Multiple figure is 8.1:1.", "8.1"),
    ("The ratio to the average Chief Officer is 1:5.76.", "5.76"),
    ("The ratio of pay of the Chief Executive to the median earner is 1 to 6.92.", "6.92"),
    ("a staffing ratio of 1 : 8 on the ward", "8"),
]


def test_a_ratio_to_one_is_read_as_one_number_in_ratio_units() -> None:
    for text, raw in RATIOS:
        assert [(n.raw, n.unit) for n in find_numbers(text)] == [(raw, "ratio")], text


def test_one_to_a_number_is_a_ratio_only_after_a_word_for_a_ratio() -> None:
    assert [(n.raw, n.unit) for n in find_numbers("Cases rose from 1 to 6 in the year.")] == [
        ("1", "count"),
        ("6", "count"),
    ]


def test_a_ratio_is_named_by_the_phrase_that_says_it_is_one(tmp_path) -> None:
    text = "13.1 The ratio of pay of the Chief Executive to the median earner is 1 to 6.92.\n"
    assert (
        _by_raw(tmp_path, text, "label")["6.92"] == "ratio of pay of the Chief Executive to the median earner"
    )
    text = (
        "13.2 The ratio of pay of the top earner i.e. Chief Executive and that of the median earner is "
        "1 to 6.92 and is within the 1:20 ratio recommended by the Hutton Review.\n"
    )
    label = _by_raw(tmp_path, text, "label")["6.92"]
    assert label == "ratio of pay of the top earner i.e. Chief Executive and that of the median earner"


PER_POUND = [
    (
        "In other words for every £1 earned by the median earner the Chief Executive earns £6.92.",
        "£6.92",
        "Chief Executive earnings for every £1 earned by median earner",
    ),
    (
        "The evaluation found that for every £1 invested in prevention, £4.20 is saved across the system.",
        "£4.20",
        "savings for every £1 invested in prevention",
    ),
    (
        "The ratio between the lowest paid employee and average Chief Officer is 1:5.76.",
        "5.76",
        "ratio between the lowest paid employee and average Chief Officer",
    ),
]


def test_a_sum_per_pound_of_another_is_named_by_both(tmp_path) -> None:
    for text, raw, label in PER_POUND:
        assert _by_raw(tmp_path, text + "\n", "label")[raw] == label, text


def test_a_rate_quoted_for_a_term_is_kept_and_the_term_is_not() -> None:
    text = "The 10-year rate stood at 4.83%, 20 years at 5.29% and 30 years at 5.36%."
    found = find_numbers(
        text, reference_words=RULES.reference_words, trailing_patterns=RULES.trailing_patterns
    )
    assert [n.raw for n in found] == ["4.83%", "5.29%", "5.36%"]


def test_a_count_over_a_span_is_still_a_count() -> None:
    text = "In 12 months 300 people were seen; waits fell to 12 weeks."
    found = find_numbers(
        text, reference_words=RULES.reference_words, trailing_patterns=RULES.trailing_patterns
    )
    assert [n.raw for n in found] == ["300", "12"]


def test_content_words_ignore_function_words() -> None:
    assert content_words("share of the revenue budget") == 3
    assert content_words("of which") == 0


def _block(text: str, kind: BlockKind = BlockKind.TABLE) -> Block:
    return Block(id="b1", kind=kind, text=text, section_id="s0", provenance=Provenance(page=1))


def test_a_cover_forms_fields_give_title_meeting_and_authors() -> None:
    form = read_cover_form(
        [
            _block(
                "From:\tPeter Oakford, Deputy Leader and Cabinet Member for Finance John Betts, Interim Corporate"
                " Director of Finance\nTo:\tCabinet – 4th March 2025\nSubject:\tLate changes to the 2025-26 budget"
            )
        ],
        RULES,
    )
    assert form.title == "Late changes to the 2025-26 budget"
    assert (form.body, form.meeting_date) == ("Cabinet", "2025-03-04")
    assert [p.name for p in form.authors] == ["Peter Oakford", "John Betts"]


def test_a_policy_approved_at_council_names_that_meeting() -> None:
    form = read_cover_form(
        [_block("PAY POLICY STATEMENT 2021/22 Approved at Council on 24th March 2021", BlockKind.HEADING)],
        RULES,
    )
    assert (form.meeting_date, form.title) == ("2021-03-24", "PAY POLICY STATEMENT 2021/22")


def test_a_paper_without_a_cover_form_reads_nothing() -> None:
    assert read_cover_form([_block("Summary of the year", BlockKind.PARAGRAPH)], RULES).meeting is None


def test_a_sum_of_this_points_back_and_is_not_named_by_its_clause() -> None:
    """ "£556.4m of this was allocated via the formula": "this" is a sum already named; the clause
    says where the money went, not what it is."""
    assert _label("£556.4m of this was allocated via the existing formula.", "£556.4m") != (
        "allocated via existing formula"
    )


def test_a_one_word_subject_does_not_name_a_number() -> None:
    """ "In addition, any severance arrangements that exceed £100k": "addition" is no measure."""
    text = "In addition, any severance arrangements agreed that exceed £100k are subject to approval."
    number = next(n for n in find_numbers(text) if n.raw == "£100k")
    readings = read_labels(text, number, sentence_span(text, number.start), None)
    assert "addition" not in {r.label for r in readings}


def test_a_subject_ends_before_its_adverbs() -> None:
    text = "Interest rates very slightly increased over the half year, by 0.07% in the short term."
    number = next(n for n in find_numbers(text) if n.raw == "0.07%")
    readings = read_labels(text, number, sentence_span(text, number.start), None)
    assert "Interest rates" in {r.label for r in readings}
    assert not any("slightly" in r.label for r in readings)


def test_a_range_from_one_time_to_another_is_one_measure() -> None:
    text = "Bank Rate decreased from 5.25% at the beginning of the year to 5.00% at the end of September."
    numbers = find_numbers(text)
    first, second = numbers[0], numbers[1]
    span = sentence_span(text, first.start)
    assert read_labels(text, first, span, None)[0].label == "Bank Rate"
    assert read_labels(text, second, span, (first, "Bank Rate"))[0].label == "Bank Rate"


def test_a_year_a_change_is_measured_against_is_not_its_period() -> None:
    from extractor.prose import period_near

    text = "The grant for 2022-23 was £54.5m, an increase of £15.4m on 2021-22."
    assert period_near(text, text.index("£15.4m")) == "2022-23"
    assert period_near(text, text.index("£54.5m")) == "2022-23"


def test_a_one_word_label_is_completed_by_its_section_or_left_out(tmp_path) -> None:
    """Issue 12: no prose figure is labelled by one content word. "52 homes" under a section named
    after a thing says which homes; under a plain heading nothing does, and the number is left out."""
    from records_support import extract_text

    named = extract_text(tmp_path, "No Use Empty\n\nThe programme now has 52 homes.\n", "named.txt")
    plain = extract_text(tmp_path, "Summary\n\nThe programme now has 52 homes.\n", "plain.txt")
    assert [f.label for f in named.figures if f.value == 52] == ["homes (No Use Empty)"]
    assert [f.label for f in plain.figures if f.value == 52] == []


def test_a_contents_lines_page_number_is_not_a_figure() -> None:
    from extractor.figures.common import _numbers_in

    text = "Sickness and Absence Management ........................................ 12"
    assert [n.raw for n in _numbers_in(text, RULES)] == []
    assert [n.raw for n in _numbers_in("Total spend was £12m.... and more", RULES)] == ["£12m"]


def test_a_register_entrys_number_is_not_a_figure() -> None:
    from extractor.figures.common import _numbers_in

    text = "1179: Impact/Management of Neurodevelopmental Assessment Waiting List (15)"
    assert "1179" not in [n.raw for n in _numbers_in(text, RULES)]


def test_an_opening_phrase_is_not_a_subject() -> None:
    text = "For future planning, all 2 services should be contacted again."
    labels = set(_readings(text, "2"))
    assert "future planning" not in labels


def test_a_risk_score_its_factors_and_a_vote_split_are_not_figures() -> None:
    from extractor.figures.common import _numbers_in

    text = "this is a three-year programme: 3 x 4 = 12"
    assert [n.raw for n in _numbers_in(text, RULES)] == []
    text = (
        "That meant the slim 5-4 vote in favour of a cut shifted to a solid 8-1 vote in favour of no change."
    )
    assert [n.raw for n in _numbers_in(text, RULES)] == []


def test_a_label_cut_inside_a_bracket_or_negated_is_not_usable() -> None:
    from extractor.figures.prose_finish import usable

    assert not usable("(very high")
    assert not usable("no share")
    assert usable("Council population")


def test_a_papers_publication_date_is_not_its_figures_period() -> None:
    from extractor.figures.common import _period

    text = "The figures for 2019, as produced in March 2020, were a mean pay gap of 10.76%."
    assert _period(text, text.index("10.76")) == "2019"


def test_a_year_a_rate_is_compared_with_is_not_its_period() -> None:
    from extractor.prose import period_near

    text = "Visits rose in Quarter 3 2024/25, an increase of 38% in comparison with Q3 2023/24."
    assert period_near(text, text.index("38%")) == "2024/25"


def test_a_label_that_runs_two_phrases_together_is_not_usable() -> None:
    from extractor.figures.prose_finish import usable

    assert not usable("Social Care Grant the remaining")
    assert not usable("two tier areas the reward")
    assert not usable("between 2023-24 and 2024-25 above the baseline")
    assert usable("share of the total")
    assert usable("people with a single LTC")


def test_a_subject_with_its_own_relative_clause_names_nothing() -> None:
    text = "Those councils where the notional 1% is more than the amount receive no share of the £75m."
    labels = set(_readings(text, "£75m"))
    assert not any(label.startswith("councils where") for label in labels)


def test_an_agendas_running_times_are_not_figures(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Agenda\n\n9.45\n\nChief Executive's Report\n\n10.00\n\nQuality and Safety\n\n"
        "The service saw 1,250 referrals to the falls service.\n",
    )
    assert [f.raw for f in doc.figures] == ["1,250"]


def test_a_subject_keeps_the_span_that_says_which_people() -> None:
    text = "The total number of people waiting more than 52 weeks fell to 1,076 from 1,382."
    labels = _readings(text, "1,382")
    assert labels[0] == "total number of people waiting more than 52 weeks"


def test_one_to_one_care_is_not_a_ratio() -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in("862 shifts of 1:1 enhanced care", RULES)] == ["862"]


def test_a_change_in_apposition_is_the_change_in_the_number_before_it() -> None:
    text = "There were 1,109 children subject to a plan, an increase of 14 children from last Quarter."
    numbers = find_numbers(text)
    first = next(n for n in numbers if n.raw == "1,109")
    second = next(n for n in numbers if n.raw == "14")
    span = sentence_span(text, first.start)
    said = read_labels(text, first, span, None)[0].label
    assert said == "children subject to plan"
    assert read_labels(text, second, span, (first, said))[0].label == "increase in children subject to plan"


def test_a_noun_that_is_also_a_verb_ends_a_subject_before_its_verb() -> None:
    text = "The number of people with low dependency needs will increase by 16,700 by 2035."
    label = _readings(text, "16,700")[0]
    assert label == "increase in number of people with low dependency needs"


def test_the_current_state_takes_no_year_from_an_earlier_sentence() -> None:
    from extractor.figures.common import _period

    text = "In 2023/24 the service was reviewed. The current service includes 14 hours of activity a week."
    assert _period(text, text.index("14 hours")) is None
    text = "The 2021-22 settlement included £300m. The Council received £4.7m."
    assert _period(text, text.index("£4.7m")) == "2021/22"


def test_a_year_compared_against_is_not_a_changes_period() -> None:
    from extractor.prose import period_near

    text = "Appointments have increased by 4% against Quarter 3, 2023/24, with 4,222 registered."
    assert period_near(text, text.index("4%")) is None
    text = "The number of ceremonies has risen by 6% from the same period in 2023/24."
    assert period_near(text, text.index("6%")) is None


def test_a_speaker_is_not_what_a_number_measures() -> None:
    text = "The Executive Director of Nursing noted that compliance was 95% this month."
    labels = set(_readings(text, "95%"))
    assert "Executive Director of Nursing" not in labels


def test_the_level_a_change_reached_is_the_thing_not_the_change() -> None:
    text = "The schools block has increased by £108.5m to £1.4bn."
    numbers = find_numbers(text)
    span = sentence_span(text, numbers[0].start)
    first = read_labels(text, numbers[0], span, None)[0].label
    assert first == "increase in schools block"
    assert read_labels(text, numbers[1], span, (numbers[0], first))[0].label == "schools block"


def test_a_starting_level_is_the_subjects_not_the_verbs() -> None:
    text = (
        "Overall the number of people aged 65+ is expected to grow from 205,800 in 2022 to 267,200 in 2035."
    )
    label = _readings(text, "205,800")[0]
    assert label == "number of people aged 65+"


def test_a_footnote_marker_is_not_a_figure() -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in("23% of the resident population [1] in 2022", RULES)] == ["23%"]


def test_a_year_only_compared_with_is_never_the_period() -> None:
    from extractor.figures.common import _period

    text = (
        "The grant for 2025-26 is the same value in cash terms as 2024-25, 2023-24 and 2022-23 (£50m). "
        "The overall increase in core spending power over 2024-25 is 7.04%. "
        "A further £600m funding over 2023-24 and 2024-25 was announced."
    )
    assert _period(text, text.index("£50m")) == "2025/26"
    assert _period(text, text.index("7.04%")) != "2024/25"
    assert _period(text, text.index("£600m")) == "2023/24"  # a span, not a comparison


def test_a_sentence_with_no_period_takes_the_paragraphs_last_own_one() -> None:
    from extractor.figures.common import _period

    text = (
        "An additional £1bn was added to the 2020-21 settlement. The same formula as 2019-20 was used. "
        "The Council's allocation was £34.4m."
    )
    assert _period(text, text.index("£34.4m")) == "2020/21"
    text = "As at January 2021 the Council had 2415 employees. The FTE employee figure is 1916."
    assert _period(text, text.index("1916")) == "January 2021"


def test_a_part_in_brackets_is_named_by_its_whole_and_what_the_bracket_says() -> None:
    from extractor.figures.prose_labels import read_breakdown

    text = (
        "The total NUE investment has increased to £107.6m (£61.7m from KCC recycled loans and £45.9m "
        "from private sector leverage). The reserves were £357.6m (30.3% of net revenue outturn). "
        "The capital programme is £1,419m (from £1,665m in the 2024-34 programme)."
    )
    numbers = find_numbers(text)
    by_raw = {n.raw: n for n in numbers}
    whole = [(by_raw["£107.6m"], "total NUE investment")]
    span = sentence_span(text, by_raw["£61.7m"].start)
    first = read_breakdown(text, by_raw["£61.7m"], span, whole)
    second = read_breakdown(text, by_raw["£45.9m"], span, whole)
    assert first is not None and first.label == "total NUE investment from KCC recycled loans"
    assert second is not None and second.label == "total NUE investment from private sector leverage"
    share = read_breakdown(
        text, by_raw["30.3%"], sentence_span(text, by_raw["30.3%"].start), [(by_raw["£357.6m"], "reserves")]
    )
    assert share is not None and share.label == "reserves share of net revenue outturn"
    earlier = read_breakdown(
        text,
        by_raw["£1,665m"],
        sentence_span(text, by_raw["£1,665m"].start),
        [(by_raw["£1,419m"], "programme")],
    )
    assert earlier is None


def test_a_date_the_sentence_is_stated_at_beats_a_year_it_names_for_something_else() -> None:
    from extractor.figures.common import _period

    text = (
        "The pay award for 2021/22 has yet to be agreed and so, as at 1st April 2020, the lowest entry "
        "level spinal column point is equivalent to £17,842 per annum."
    )
    assert _period(text, text.index("£17,842")) == "1st April 2020"


def test_a_sentence_cut_by_a_block_break_is_read_whole(tmp_path) -> None:
    from extractor.api import extract

    path = tmp_path / "paper.md"
    path.write_text(
        "# Petitions\n\nA petition entitled Save Our Seashells was then submitted to the council with over 6,000\n\nsignatures. It was debated at Full Council.\n",
        encoding="utf-8",
    )
    figures = [f for f in extract(path).figures if f.raw == "6,000"]
    assert len(figures) == 1 and "signatures" in figures[0].label


def test_more_of_an_unnamed_sum_is_more_of_the_sections_sum(tmp_path) -> None:
    from extractor.api import extract

    path = tmp_path / "paper.md"
    path.write_text(
        "# Social Care Grant\n\nThe 2021-22 settlement included a further £300m taking the total to £1.71bn. "
        "The 2022-23 settlement included an additional £636.4m, £556.4m of this was allocated via the formula.\n",
        encoding="utf-8",
    )
    labels = {f.raw: f.label for f in extract(path).figures}
    assert labels["£300m"] == "national further Social Care Grant"  # a settlement's, for England
    assert labels["£636.4m"] == "national additional Social Care Grant"
    assert (
        labels["£556.4m"] == "national Social Care Grant allocated via formula"
    )  # of the grant, not more of it


def test_a_year_that_dates_a_basis_does_not_carry_to_the_next_sentence() -> None:
    from extractor.figures.common import _period

    text = "Allocations are pro rata to each authority's 2023-24 revenue outturn. The Council's allocation is £10.1m."
    assert _period(text, text.index("£10.1m")) is None


def test_an_agenda_items_letter_and_a_reports_frequency_are_not_figures() -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in("4.a Minutes Of The Meetings Held On: 5 June 2025", RULES)] == []
    assert [n.raw for n in _numbers_in("It is in the Patient Safety 6 monthly report.", RULES)] == []
    assert [n.raw for n in _numbers_in("A 12-monthly review of 45 cases.", RULES)] == ["45"]


def test_a_date_written_after_another_number_is_that_numbers() -> None:
    from extractor.figures.common import _period

    text = "A total of 169 people have waited more than 52 weeks, which has increased from 113 in April 2025."
    assert _period(text, text.index("169")) is None
    assert _period(text, text.index("113")) == "April 2025"
    text = "The 12 months to December 2024 saw a 6% decrease in calls."
    assert _period(text, text.index("6%")) == "12 months to December 2024"  # a rolling period, not a number
    text = "By the end of September 2024 they had a total return of £54.1m (29.98%)."
    assert _period(text, text.index("29.98%")) == "September 2024"
    text = "Kent communities have invested more than £29.9 million since 2020, with 3,485 installations."
    assert _period(text, text.index("£29.9")) is None


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        (
            "There were 6,357 referrals to children’s social care services in the Quarter, an 8.3% increase "
            "when compared to the previous Quarter.",
            "8.3%",
            "increase in referrals to children’s social care services",
        ),
        (
            "Contact Point received 19% fewer calls compared to the previous Quarter.",
            "19%",
            "reduction in Contact Point calls",
        ),
    ],
)
def test_a_change_is_in_what_the_sentence_counts(text: str, raw: str, label: str) -> None:
    numbers = find_numbers(text)
    last = None
    for number in numbers:
        readings = read_labels(text, number, sentence_span(text, number.start), last)
        if number.raw == raw:
            assert readings[0].label == label
        last = (number, readings[0].label) if readings else last


def test_a_part_named_by_its_owner_in_brackets() -> None:
    from extractor.figures.prose_labels import read_breakdown

    text = "A £0.5m contribution into smoothing reserves (£0.4m Highways and £0.1m Facilities Management)."
    by_raw = {n.raw: n for n in find_numbers(text)}
    span = sentence_span(text, by_raw["£0.4m"].start)
    whole = [(by_raw["£0.5m"], "contribution into smoothing reserves")]
    first = read_breakdown(text, by_raw["£0.4m"], span, whole)
    second = read_breakdown(text, by_raw["£0.1m"], span, whole)
    assert first is not None and first.label == "Highways contribution into smoothing reserves"
    assert second is not None and second.label == "Facilities Management contribution into smoothing reserves"


def test_a_band_of_risk_scores_is_not_a_figure() -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in("It showed risks scoring 8 and above.", RULES)] == []
    assert [
        n.raw for n in _numbers_in("Committees oversee high risks (risks scored at 8 – 12).", RULES)
    ] == []
    # the risks' score names which risks are counted: the 16 is the figure
    assert [n.raw for n in _numbers_in("16 risks scoring 12 have not changed.", RULES)] == ["16"]
    assert [n.raw for n in _numbers_in("The table details risks currently scoring 12.", RULES)] == []


def test_a_bracket_after_a_list_item_or_naming_its_own_things_is_not_a_part() -> None:
    from extractor.figures.prose_labels import read_breakdown

    text = "The Chief Executive's Department (£1.2m), Deputy Chief Executive's Department (£3.0m) and more."
    by_raw = {n.raw: n for n in find_numbers(text)}
    listed = [(by_raw["£1.2m"], "Chief Executive's Department")]
    assert read_breakdown(text, by_raw["£3.0m"], sentence_span(text, by_raw["£3.0m"].start), listed) is None
    text = "Band 6 AHP = 240 hours (32 shifts)."
    by_raw = {n.raw: n for n in find_numbers(text)}
    hours = [(by_raw["240"], "Band 6 AHP hours")]
    assert read_breakdown(text, by_raw["32"], sentence_span(text, by_raw["32"].start), hours) is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The pay of the median earner is 1 to 6.92 and within the guidance.", ["6.92"]),
        ("Free entitlement for working parents extends down to 2 years from April 2024.", []),
        ("A keynote from 4-time Olympian Donna Fraser opened the day.", []),
        ("Capacity is needed for staffing across 7 days.", []),
        ("Patients waited 7 days on average.", ["7"]),
        ("They cannot remain in education when they reach the age of 18.", []),
        ("ONS recommends rounding population figures to nearest 100.", []),
        ("We have combined groups 1 and 2 into one.", []),
        ("Wanless segmented people into 5 groups.", ["5"]),
    ],
)
def test_bounds_titles_and_service_hours_are_not_figures(text: str, kept: list[str]) -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in(text, RULES)] == kept


def test_a_register_entry_and_its_score_are_not_figures(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Risk register\n\n1228: Quality and Value – negative impact on the patient (9)\n"
        "1217: Digital and BI teams have insufficient capacity (9)\n",
        "register.txt",
    )
    # a rating on a risk matrix's scale, not a quantity a reader would total or compare
    assert doc.figures == []


@pytest.mark.parametrize(
    "text",
    [
        "Emotional wellbeing waiting list, it is proposed to reduce the score from 15 to 9.",
        "It is anticipated that the score will reduce to 12 by March 2026.",
        "An interim target score of 12 is set for 2025/26.",
        "The risk remains 16 due to April.",
        "The risk in relation to EPRR has reduced to 9, however the risk relating to cyber continues to be 12.",
        "Risk 2 Failure to manage demand for services: 12 (high)",
        "Framework the consequence of this is moderate (3).",
        "3 x 3 = 9 likely (4) to have a moderate impact (3).",
    ],
)
def test_a_risks_score_or_rating_is_not_a_figure(text: str) -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in(text, RULES)] == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # counts of incidents by harm, not a matrix rating
        ("There were 45 incidents: low harm (30), moderate harm (3).", ["45", "30", "3"]),
        # a score on another scale, and the count of risks a score names
        ("A satisfaction score of 85% and 7.5 out of 10; 16 risks scoring 12.", ["85%", "7.5", "10", "16"]),
        ("The average score was 12 points.", ["12"]),
    ],
)
def test_scores_that_are_quantities_and_counts_of_risks_are_kept(text: str, kept: list[str]) -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in(text, RULES)] == kept


@pytest.mark.parametrize(
    ("sentence", "raw", "label", "period"),
    [
        # a share followed by the kind it is: of the group the sentence names
        ("Our workforce which is 75% female and 25% male.", "25%", "male workforce", None),
        ("The programme is 80% complete.", "80%", "programme complete", None),
        # a change set beside a number, in a relative clause: a change in what that number counts
        (
            "Over 771,600 visits to the Libraries took place in Quarter 3 which represents a 4% increase.",
            "4%",
            "increase in visits to Libraries",
            "Q3",
        ),
        # a target is of the measure the sentence reports, whatever clause opens it
        (
            "In Quarter 2, the percentage of callers who rated their advisor as good continued to meet the"
            " target of 97%.",
            "97%",
            "percentage of callers who rated their advisor as good",
            "Q2",
        ),
        (
            "The rate of re-referrals was 22.2%, continuing to achieve the target of 25.0% or lower.",
            "25.0%",
            "rate of re-referrals",
            None,
        ),
        # each number of a list for its own category, the category starting with a number
        (
            "Cash rates dropped by around 0.25% for overnight maturities and 0.37% for 6-12 month maturities.",
            "0.37%",
            "decrease in Cash rates for 6-12 month maturities",
            None,
        ),
        # a change said of the whole country
        ("This grant has increased nationally by £283m.", "£283m", "national increase in grant", None),
        # what a whole includes is named after its "of"
        (
            "The draft revenue budget includes £150.3m of core funded spending growth.",
            "£150.3m",
            "core funded spending growth",
            None,
        ),
        # how the sentence says it is not part of the name
        (
            "The council's share of Council Tax typically amounts to 70% of a bill.",
            "70%",
            "share of Council Tax",
            None,
        ),
        # who said it is not what was measured
        ("Economists suggest GDP growth will hit 1.2% in 2024.", "1.2%", "GDP growth", "2024"),
        # the year written after the number is its own
        (
            "The dependency ratio was 411 and is projected to rise to 502 by 2033.",
            "502",
            "dependency ratio",
            "2033",
        ),
        # a past-tense verb and its object say which people are counted
        (
            "In Quarter 3, 2,296 people received support from KEaH.",
            "2,296",
            "people who received support from KEaH",
            "Q3",
        ),
        # the level a change reached is of the measure that changed
        (
            "The number of unaccompanied children (UASC) in care decreased by 80 to 475.",
            "475",
            "number of unaccompanied children in care",
            None,
        ),
        # a part's share of a whole: what the sentence says it is a share of, and of what
        (
            "The forecast outturn of +£23.3m (excluding schools), represents 1.6% of the revenue budget.",
            "1.6%",
            "forecast outturn as share of revenue budget",
            None,
        ),
        # a quarter compared with is not the number's
        (
            "Contact Point received 6% fewer calls than Quarter 3 last year.",
            "6%",
            "reduction in Contact Point calls",
            None,
        ),
        # the age after "aged" names the group, "+" and all
        ("80.1% of males aged 85+ live alone.", "80.1%", "share of males aged 85+", None),
        (
            "In 2022, 54% of patients at age 65 had no long term condition.",
            "54%",
            "patients at age 65 with no long term condition",
            "2022",
        ),
        # a number said to be a value is not another number's year
        (
            "With 49% of posts being full-time, the FTE employee figure is 1916.",
            "49%",
            "posts full-time",
            None,
        ),
        # "out of" links two sums; it is no part of the second's name
        (
            "Savings of £56.7m out of a total planned savings on core funded activities of £88.9m.",
            "£88.9m",
            "total planned savings on core funded activities",
            None,
        ),
        # an irregular past tense ends the phrase
        (
            "In late 2024, the team learnt of a new BSIP allocation of £23.1m.",
            "£23.1m",
            "new BSIP allocation",
            "2024",
        ),
        # which part of the whole a bracketed sum is
        (
            "The budget includes £200.1m of spending growth (£150.3m core funded, £49.8m externally funded).",
            "£49.8m",
            "spending growth (externally funded)",
            None,
        ),
        # a sum followed by its own noun phrase
        (
            "Both include £0.8m internal base adjustment between core and external.",
            "£0.8m",
            "internal base adjustment",
            None,
        ),
        # a reduction is a reduction, whatever letter its verb starts with
        (
            "The Cardiac Service have reduced the number of people waiting by 17%.",
            "17%",
            "reduction in number of people waiting",
            None,
        ),
        # a change between two years is for the span between them
        (
            "The number of people with two diseases will fall from 6,100 in 2022 to 5,500 in 2035, a decrease of 9.6%.",
            "9.6%",
            "decrease in number of people with two diseases",
            "2022 to 2035",
        ),
        # a change of a share, measured from a base that says what changed; its count in brackets
        (
            "This is a reduction of 9.3% (-784) from the 8,462 checks delivered in the previous quarter.",
            "-784",
            "reduction in checks delivered",
            None,
        ),
        # the other number's noun and its preposition are not this number's name
        (
            "This represents a £101.4m increase on the final approved budget for 2024-25 of £1,429.5m.",
            "£1,429.5m",
            "final approved budget",
            "2024/25",
        ),
    ],
)
def test_a_sentence_names_its_numbers_measure_and_period(
    tmp_path, sentence: str, raw: str, label: str, period: str | None
) -> None:
    from records_support import extract_text

    doc = extract_text(tmp_path, f"Notes\n\n{sentence}\n", "notes.txt")
    [figure] = [f for f in doc.figures if f.raw == raw]
    assert (figure.label, figure.period) == (label, period)


@pytest.mark.parametrize(
    "text",
    [
        "Kent has performed above comparators in 4 of the past 5 years.",
        "A change is occurring, with 5 consecutive months of decline.",
        "% of people over 65 living alone",
        "the average per 10,000 0-19 year olds",
        "work is underway to align this for 26.27.",
        "Each 1% increase in the Council Tax rate generates more.",
        "Domain 2 – access was above target.",
        "Margate Family Hub, 1.4 miles away.",
        "households within a 35 minute bus journey of the centre",
    ],
)
def test_spans_ages_steps_and_names_are_not_figures(text: str) -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in(text, RULES) if n.raw not in ("10,000",)] == []


def test_a_time_in_two_units_is_one_figure_in_the_smaller_unit() -> None:
    from extractor.numbers import time_unit

    [time] = find_numbers("Average speed of answer was 1 minute 7 seconds.")
    assert (time.value, time.raw, time_unit(time)) == (67.0, "1 minute 7 seconds", "seconds")
    assert [n.value for n in find_numbers("open 7 hours 30 minutes a day")] == [450.0]


def test_a_time_in_two_units_is_labelled_with_its_unit(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path, "Calls\n\nAverage call handling time at 6 minutes 26 seconds remained high.\n", "c.txt"
    )
    assert [(f.value, f.label) for f in doc.figures] == [(386.0, "Average call handling time (seconds)")]


@pytest.mark.parametrize(
    ("sentence", "labels"),
    [
        # a bracket after a number says which of the measure's values it is; the next number of the
        # sentence shares the measure, not the bracket
        (
            "For full-time employees the gender pay gap is 2.49% (mean) and 9.30% (median).",
            ["gender pay gap (mean)", "gender pay gap (median)"],
        ),
        # a pointer in brackets is not a qualifier
        ("The net revenue budget is £1,531.3m (see Appendix D).", ["net revenue budget"]),
        # a list's line that opens with its sum says after it what the sum is from
        (
            "-£8.0m reflecting one year holiday for contribution to IT reserve.",
            ["one year holiday for contribution to IT reserve"],
        ),
        # an aim is a target of the measure the sentence reports
        (
            "Average call handling time at 6 minutes 26 seconds remained above an aim of 6 minutes 4 seconds.",
            ["Average call handling time (seconds)", "Average call handling time (seconds)"],
        ),
    ],
)
def test_brackets_and_list_lines_name_their_numbers(tmp_path, sentence: str, labels: list[str]) -> None:
    from records_support import extract_text

    doc = extract_text(tmp_path, f"Notes\n\n{sentence}\n", "notes.txt")
    assert [f.label for f in doc.figures] == labels


def test_a_compared_level_in_brackets_is_the_measure_then(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Referrals\n\nIn Quarter 3 there were 6,357 referrals to social care, an 8.3% increase when compared"
        " to the previous Quarter (5,869) and 10.8% higher than Quarter 3 last year (5,735).\n",
        "r.txt",
    )
    got = {f.raw: (f.label, f.period) for f in doc.figures}
    assert got["5,869"] == ("referrals to social care (previous Quarter)", None)
    assert got["5,735"] == ("referrals to social care (Quarter 3 last year)", None)
    # what each change is measured against tells the two apart
    assert got["8.3%"][0] == "increase in referrals to social care compared with the previous Quarter"
    assert got["10.8%"][0] == "increase in referrals to social care compared with Quarter 3 last year"


def test_a_percentage_beside_a_sum_measures_what_the_sum_does(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Funds\n\nThey had a fall in the capital value of the portfolio of £3.0m, -1.69%.\n",
        "f.txt",
    )
    assert [f.label for f in doc.figures] == ["fall in capital value of portfolio"] * 2


def test_a_change_in_percentage_points_says_so(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Home\n\nThe proportion of people still at home increased by 3 percentage points to 84%.\n",
        "h.txt",
    )
    assert [f.label for f in doc.figures] == [
        "increase in proportion of people still at home (percentage points)",
        "proportion of people still at home",
    ]


def test_only_a_period_the_title_names_dates_undated_numbers(tmp_path) -> None:
    from records_support import extract_text

    text = "Family Hubs\n\nIn the year 2023/24, 1869 families attended.\n\nThe hub has 14 activity rooms.\n"
    doc = extract_text(tmp_path, text, "hubs.txt")
    assert doc.metadata.found_by.get("period") == "metadata.period-most-named"
    assert {f.raw: f.period for f in doc.figures}["14"] is None


def test_the_pot_a_councils_share_is_of_is_national(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Market Sustainability Fund\n\nIn total £162m was made available and the Council's share was £4.2m.\n",
        "m.txt",
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["£162m"].startswith("national ") and not labels["£4.2m"].startswith("national")


def test_a_dash_after_a_percentage_is_not_a_minus() -> None:
    assert [n.value for n in find_numbers("GDP growth of 0.3%-0.4% for the summer")] == [0.3, 0.4]


def test_a_target_named_after_its_number_and_this_quarter(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Quarterly Performance Report Quarter 3 2024/25\n\nHealth Visiting\n\n"
        "The proportion of new birth visits delivered within 10–14 days at 94.2%, was below the 95% target.\n\n"
        "There were 6,357 referrals to social care in the Quarter.\n",
        "q.txt",
    )
    got = {f.raw: (f.label, f.period, f.role.value) for f in doc.figures}
    assert got["95%"] == ("proportion of new birth visits delivered within 10–14 days", "2024/25", "target")
    assert got["6,357"][1] == "2024/25 Q3"


@pytest.mark.parametrize(
    ("sentence", "raw", "label"),
    [
        (
            "There were 5,836 open enquiries at the end of Quarter 3 (compared to 6,100 at the end of the"
            " previous quarter).",
            "6,100",
            "open enquiries (previous quarter)",
        ),
        (
            "The grant was removed, resulting in a loss of £1.3m of grant funding.",
            "£1.3m",
            "loss of grant funding",
        ),
    ],
)
def test_a_level_then_and_a_loss_of_what(tmp_path, sentence: str, raw: str, label: str) -> None:
    from records_support import extract_text

    doc = extract_text(tmp_path, f"Notes\n\n{sentence}\n", "n.txt")
    assert {f.raw: f.label for f in doc.figures}[raw] == label


def test_a_quoted_measure_name_is_the_label_whole(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Early Help\n\nThe performance measure for ’Percentage of Early Help cases closed with outcomes achieved within 3 months was"
        " 14.9%, achieving the target of being 15.0% or lower. KCC’s core spending power is £1.5bn.\n",
        "e.txt",
    )
    got = {f.raw: (f.label, f.role.value) for f in doc.figures}
    assert (
        got["14.9%"][0]
        == got["15.0%"][0]
        == "Percentage of Early Help cases closed with outcomes achieved within 3 months"
    )
    assert got["15.0%"][1] == "target"
    assert "’" not in got["£1.5bn"][0][:2]  # an apostrophe is not an opening quote


def test_bold_closed_after_a_space_does_not_split_a_count_from_its_noun() -> None:
    from extractor.ingest.markup import clean_inline

    assert (
        clean_inline("this includes **39 **doctors and **8 **dentists")
        == "this includes 39 doctors and 8 dentists"
    )


def test_a_projected_level_is_not_a_target(tmp_path) -> None:
    from records_support import extract_text

    doc = extract_text(
        tmp_path,
        "Population\n\nThe number of people aged 65+ is expected to grow from 205,800 in 2022 to 267,200 in 2035.\n",
        "notes.txt",
    )
    [figure] = [f for f in doc.figures if f.raw == "267,200"]
    assert figure.role != "target"
    assert not doc.records.metrics


def test_a_bracket_restating_a_number_shares_its_period_and_the_range_its_measure(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "The working age population will decrease proportionally from 60.4% (539,000) of the resident "
        "population in 2022 to 57.4% (546,000) in 2035.\n",
    )
    got = {f.raw: (f.label, f.period) for f in doc.figures}
    assert got["60.4%"] == ("working age population", "2022")
    assert got["539,000"][1] == "2022"
    assert got["57.4%"] == ("working age population", "2035")
    assert got["546,000"][1] == "2035"


def test_a_count_after_a_verb_counts_its_own_noun_not_the_subject() -> None:
    text = "The Road Safety Club intervention reached 5,104 primary school pupils this term."
    assert _label(text, "5,104") == "primary school pupils reached by Road Safety Club intervention"


def test_the_whole_and_the_part_of_out_of() -> None:
    text = "45 out of 50 schools were rated good or outstanding."
    assert _label(text, "45") == "schools rated good or outstanding"
    assert _label(text, "50") == "number of schools"


def test_a_reserve_movement_is_named_by_its_reserve() -> None:
    assert (
        _label("-£1.8m from budget stabilisation reserve.", "-£1.8m")
        == "drawdown from budget stabilisation reserve"
    )
    assert _label("-£0.2m from IT reserve to fund upgrades.", "-£0.2m") == "drawdown from IT reserve"


def test_a_sum_a_year_in_a_sentence_about_hourly_rates_is_not_an_hourly_rate(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "If we add the increase of £250 a year for lower paid workers, the minimum hourly rate will be "
        "above the Real Living Wage of £9.50.\n",
    )
    units = {f.raw: f.unit for f in doc.figures}
    assert units["£9.50"] == "GBP/hour"
    assert units.get("£250", "GBP") == "GBP"
    assert (
        _label("The new minimum salary will result in an hourly rate of £12.71 per hour.", "£12.71")
        == "hourly rate"
    )


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        (
            "It is above both the National Living Wage and the Voluntary Living Wage which are £12.21 and "
            "£12.60 respectively.",
            "£12.60",
            "Voluntary Living Wage",
        ),
        ("The mean and median pay gaps are 9.75% and 15.46% respectively.", "9.75%", "mean pay gaps"),
        (
            "Occupancy in Ashford, Dover and Thanet was 91%, 88% and 95% respectively.",
            "88%",
            "Occupancy in Dover",
        ),
        (
            "This is balanced by an increase in eBook and eAudiobook issues of 5% and 19% respectively.",
            "5%",
            "increase in eBook issues",
        ),
        (
            "Allocations of £2m and £3m respectively for adult social care and children's services were agreed.",
            "£3m",
            "Allocations for children's services",
        ),
    ],
)
def test_a_number_in_a_respective_list_takes_the_name_in_its_place(text: str, raw: str, label: str) -> None:
    assert _label(text, raw) == label


def test_a_count_made_by_a_verb_is_of_the_things_made() -> None:
    text = "The schemes will return 23 empty units back into use and create 52 homes."
    assert _label(text, "52") == "homes created"
    # a target is the number's role, not who does the work
    text = "The target is to return 18 empty commercial units back into use."
    assert _label(text, "18") == "empty commercial units back into use"


def test_a_part_of_a_count_is_of_the_things_counted(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "A total of 952 new starters were identified, 86 of whom began a period of long stay care.\n",
    )
    assert {f.raw: f.label for f in doc.figures}[
        "86"
    ] == "new starters identified who began period of long stay care"


def test_how_a_share_compares_is_not_part_of_its_label() -> None:
    text = "The draft budget has an even greater proportion of core funded spending growth (47.1%) this year."
    assert _label(text, "47.1%") == "proportion of core funded spending growth"


def test_a_level_a_measure_remains_at_is_that_measure_then() -> None:
    text = "This assumes that the working capital position remains at the 31/03/2024 level of £300m."
    assert _label(text, "£300m") == "working capital position"
    text = "Data also shows an overall reduction in average speeds by just under 5%."
    assert _label(text, "5%") == "reduction in average speeds"


def test_a_register_entrys_id_opening_a_line_elsewhere_is_not_a_figure(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "Risks: 1221, 1329\n\n1329: Failure to Deliver the Financial Plan (12)\n\n"
        "1329 Failure to deliver financial plan\n\n1221 Likelihood of a cyber attack: 4 actions open\n",
    )
    assert sorted(f.raw for f in doc.figures) == ["4"]


def test_an_earlier_level_of_the_measure_before_it(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "The service currently has 858 people waiting, which has reduced from 986 in January 2025.\n",
    )
    got = {f.raw: (f.label, f.period) for f in doc.figures}
    assert got["986"] == ("people waiting", "January 2025")
    assert _label("7 doctors have been successfully revalidated.", "7") == "doctors successfully revalidated"


def test_a_number_inside_a_name_is_not_a_figure() -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in("The National Epilepsy 12 Audit reported 45 patients.", RULES)] == [
        "45"
    ]
    assert [n.raw for n in _numbers_in("All 12 Districts took part.", RULES)] == ["12"]
    assert [n.raw for n in _numbers_in("The 0-19 service saw 1,200 children.", RULES)] == ["1,200"]


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        (
            "90% of BMA members voted in favour of taking industrial action.",
            "90%",
            "BMA members who voted in favour of taking industrial action",
        ),
        (
            "Almost 200 attended, with 94% of responding attendees rating the event as excellent.",
            "94%",
            "responding attendees rating event as excellent",
        ),
    ],
)
def test_a_share_is_of_the_group_its_clause_says(text: str, raw: str, label: str) -> None:
    assert _label(text, raw) == label


def test_a_sums_term_comes_before_what_it_is_for() -> None:
    text = "If we add the proposed increase of £250 a year for lower paid workers, the rate rises."
    assert _label(text, "£250") == "proposed increase for lower paid workers"


def test_a_range_between_two_numbers_is_of_the_phrase_before_it(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "The Director of People said that turnover rates between 10% and 12% were within tolerance.\n",
    )
    assert {f.raw: f.label for f in doc.figures} == {"10%": "turnover rates", "12%": "turnover rates"}


def test_a_named_owners_things_and_the_list_that_shares_the_owner(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "At the end of Quarter 3, Explore Kent had over 6.9k followers on Instagram, over 11.3k "
        "followers on Facebook and 216 followers on LinkedIn.\n",
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["6.9k"] == "Explore Kent followers on Instagram"
    assert labels["216"] == "Explore Kent followers on LinkedIn"


@pytest.mark.parametrize(
    ("text", "raw", "label"),
    [
        ("Band 6 AHP = 240 hours (32 shifts).", "240", "Band 6 AHP hours"),
        ("Front of House awareness training – 4 sessions / year.", "4", "sessions per year"),
        (
            "The government has concluded that a minimum of 50% of Lane rental funds can be used for repairs.",
            "50%",
            "Lane rental funds used for repairs",
        ),
    ],
)
def test_amounts_in_their_units_and_shares_by_what_may_be_done(text: str, raw: str, label: str) -> None:
    assert _label(text, raw) == label


def test_a_year_inside_another_bracket_is_not_the_numbers() -> None:
    from extractor.prose import period_near

    text = (
        "The gap is resolved through -£61.5m net from savings (including removal of unachieved savings "
        "in 2024-25) and net +£12.6m changes in contributions to reserves."
    )
    assert period_near(text, text.index("+£12.6m")) is None
    assert period_near(text, text.index("-£61.5m")) is None
    assert period_near("The grant is £10m (2024-25).", 13) == "2024-25"


def test_a_statistic_is_of_the_measure_its_sentence_named(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "The overall mean pay gap is 9.75% and the median is 15.46%.\n\n"
        "For part-time roles the gender pay gap is positive for women as the mean is -0.98% and the "
        "median gap is -1.91%.\n",
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["15.46%"] == "overall median pay gap"
    assert labels["-0.98%"] == "mean gender pay gap"
    assert labels["-1.91%"] == "median gender pay gap"


def test_a_level_reached_is_not_a_target_and_each_end_keeps_its_date(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "The total number of patients now waiting more than 52 weeks has reduced throughout the quarter, "
        "falling to 3,828 at the end of June 2025 from 4,640 at the end of March 2025.\n",
    )
    got = {f.raw: (f.label, f.period, f.role.value) for f in doc.figures}
    assert got["3,828"] == ("total number of patients waiting more than 52 weeks", "June 2025", "other")
    assert got["4,640"][1] == "March 2025"


@pytest.mark.parametrize(
    ("sentence", "roles"),
    [
        # a movement told as it goes: history
        (
            "Core CPI inflation increasing from 3.3% in July to 3.6% in August.",
            {"3.3%": "other", "3.6%": "other"},
        ),
        # a level to reach by a date: an aim
        (
            "Non-elective admissions increasing from 3,000 to 3,200 by March 2026.",
            {"3,000": "baseline", "3,200": "target"},
        ),
    ],
)
def test_a_movement_told_is_not_a_target_unless_it_is_to_be_reached_by_a_date(
    tmp_path, sentence, roles
) -> None:
    doc = extract_text(tmp_path, sentence + "\n")
    assert {f.raw: f.role.value for f in doc.figures} == roles


def test_a_sum_set_off_by_a_comma_is_of_the_phrase_or_clause_before() -> None:
    text = (
        "The Council can raise a specific adult social care precept, now raising approx. £156m in 2025-26 "
        "and additional social care grants have been included in the settlement, now amounting to over "
        "£232m in 2025-26."
    )
    assert _label(text, "£156m") == "specific adult social care precept"
    assert _label(text, "£232m") == "additional social care grants"


def test_an_ing_word_between_an_adjective_and_its_noun_stays_in_the_phrase(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "£0.5m contribution into corporate smoothing reserves (£0.4m Highways and £0.1m Facilities Management).\n",
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["£0.5m"] == "contribution into corporate smoothing reserves"
    assert labels["£0.4m"] == "Highways contribution into corporate smoothing reserves"


def test_a_bracketed_count_counts_its_own_things_for_what_it_is_beside() -> None:
    text = "Road Sense (RS) delivery to secondary schools (23 schools), reaching 3,699 pupils."
    assert _label(text, "23").startswith("schools for Road Sense delivery")


def test_a_sum_that_a_clause_adds_to_a_total_is_more_of_what_the_total_is_of() -> None:
    text = "The 2021-22 settlement included a further £300m taking the total social care grant to £1.71bn."
    assert _label(text, "£300m") == "further social care grant"
    assert _label(text, "£1.71bn") == "total social care grant"
    text = "An additional £0.080bn was added, bringing the total grant to £5bn."
    assert _label(text, "£0.080bn") == "additional grant"


def test_the_clause_a_running_total_goes_on_with_names_no_sum() -> None:
    from extractor.figures.prose_finish import usable

    # it is where the total went, and names the number after its "to"
    assert not usable("taking the total grant")
    assert not usable("bringing the overall budget position")
    assert usable("total social care grant")


def test_a_year_a_thing_comes_from_is_its_period_not_its_name() -> None:
    text = "These increases have been added to the rolled forward grant from 2023-24 of £3.852bn."
    assert _label(text, "£3.852bn") == "rolled forward grant"


@pytest.mark.parametrize(
    ("sentence", "raw", "national"),
    [
        (
            "An additional £1bn was added to the 2020-21 settlement taking the total grant to £1.41bn.",
            "£1bn",
            True,
        ),
        ("The Autumn Budget 2022 announced an additional £400m for adult social care.", "£400m", True),
        # this body's own money, whatever announced it
        ("KCC is now the Accountable Body for £128m of Government funding.", "£128m", False),
        ("The settlement gives the Council £60m of additional grant.", "£60m", False),
        # too small to be told from this body's allocation
        ("The settlement included £13m of additional grant for social care.", "£13m", False),
    ],
)
def test_a_large_sum_a_national_announcement_makes_is_national(tmp_path, sentence, raw, national) -> None:
    doc = extract_text(tmp_path, f"Social Care Grant\n\n{sentence}\n")
    label = next(f.label for f in doc.figures if f.raw == raw)
    assert label.startswith("national ") is national


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("We meet in weekly 30-minute huddles.", []),
        ("NHS Talking Therapies 18-week", []),
        ("There were 20 weeks left.", ["20"]),
        # the number names a model or plan
        ("Applying assumptions is what the 9 box model is framing.", []),
        ("We agreed a 5-point plan with 12 actions.", ["12"]),
        ("There are 3 tiers of support.", ["3"]),
    ],
)
def test_a_unit_hyphened_to_its_number_is_an_adjective_not_a_quantity(text: str, kept: list[str]) -> None:
    from extractor.figures.common import _numbers_in

    assert [n.raw for n in _numbers_in(text, RULES)] == kept


def test_a_phrase_ends_before_what_is_added_to_it() -> None:
    text = "APPROVE additional £6,067.8k of specific grant income along with associated spending."
    assert _label(text, "£6,067.8k") == "specific grant income"


def test_a_label_cut_before_its_noun_is_not_usable() -> None:
    from extractor.figures.prose_finish import usable

    assert not usable("repayment of the remaining")
    assert usable("share of the total")


def test_things_counted_in_two_states_are_told_apart(tmp_path) -> None:
    doc = extract_text(
        tmp_path, "Carers\n\nIn Quarter 3, 796 carer assessments were completed, with 898 requested.\n"
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels == {"796": "carer assessments completed", "898": "carer assessments requested"}


def test_a_share_of_a_sum_the_phrase_stops_at_is_of_the_sections_grant(tmp_path) -> None:
    doc = extract_text(
        tmp_path,
        "Social Care Grant\n\nThis Council’s share of the additional £0.880bn for 2025-26 is £20.1m.\n",
    )
    labels = {f.raw: f.label for f in doc.figures}
    assert labels["£20.1m"] == "share of the additional Social Care Grant"


@pytest.mark.parametrize(
    ("sentence", "raw", "label"),
    [
        (
            "Concerns were 6% higher than Quarter 2 and 48% higher than the same quarter last year.",
            "48%",
            "increase in Concerns compared with the same quarter last year",
        ),
        (
            "Concerns were 6% higher than Quarter 2 and 48% higher than the same quarter last year.",
            "6%",
            "increase in Concerns compared with Quarter 2",
        ),
        (
            "Over 771,600 visits to libraries took place, a 4% increase on the same period in 2023/24.",
            "4%",
            "increase in visits to libraries compared with the same period in 2023/24",
        ),
        # the label already says what the change is on
        (
            "England, aiming for a 5% increase on last year’s figures.",
            "5%",
            "increase on last year’s figures",
        ),
    ],
)
def test_a_change_names_what_it_is_measured_against(tmp_path, sentence, raw, label) -> None:
    doc = extract_text(tmp_path, f"Activity\n\n{sentence}\n")
    assert {f.raw: f.label for f in doc.figures}[raw] == label


def test_a_change_by_one_year_on_another_is_for_the_years_between() -> None:
    from extractor.periods import span_of_change

    sentence = "The number will increase by 16,700 by 2035, an increase of 31% on 2022."
    assert span_of_change(sentence) == "2022 to 2035"


def test_a_sum_of_things_the_clause_goes_on_to_describe_is_of_those_things() -> None:
    text = "No new borrowing was undertaken and £25.1m of existing loans were allowed to mature without replacement."
    assert _label(text, "£25.1m") == "existing loans allowed to mature without replacement"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("No net new borrowing was undertaken in the half-year.", "6 months to September 2024"),
        ("Rates increased over the first half of the financial year.", "6 months to September 2024"),
        ("Rates fell in the second half of the year.", "6 months to March 2025"),
        ("Rates fell in the year.", "2024/25"),
    ],
)
def test_a_half_year_of_the_papers_year_is_its_six_months(sentence: str, period: str) -> None:
    from extractor.figures.prose_figures import _paper_period

    assert _paper_period(None, "2024/25", sentence) == period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("the return over the 6 months since 31 March 2024 is", "6 months to September 2024"),
        ("the return over the six months to 30 September 2024 was", "6 months to September 2024"),
        ("over the 6 months since April 2024", "6 months to September 2024"),
    ],
)
def test_a_rolling_period_counted_since_a_date_or_to_a_day(text: str, period: str) -> None:
    from extractor.periods import rolling_period

    found = rolling_period(text)
    assert found is not None and found[0] == period


# a number, the words after it, and the month they put it at in a 2024/25 paper
MONTHS_IN_YEAR = [
    ("Bank Rate decreased from 5.25% at the beginning of the year to 5.00% later.", "5.25%", "April 2024"),
    ("The Bank lowered rates from 5.25% to 5.0% in August.", "5.0%", "August 2024"),
    ("Inflation is expected to reach 2.9% in February.", "2.9%", "February 2025"),
]


@pytest.mark.parametrize(("sentence", "raw", "period"), MONTHS_IN_YEAR)
def test_a_month_said_after_a_number_is_in_the_papers_year(sentence: str, raw: str, period: str) -> None:
    from extractor.periods import month_after

    number = next(n for n in find_numbers(sentence) if n.raw == raw)
    assert month_after(sentence, number.end, "2024/25") == period


def test_an_aside_inside_a_phrase_is_read_past() -> None:
    text = "The total return (comprised of both income and capital returns) on the pooled fund investments is £6.9m."
    assert _label(text, "£6.9m") == "total return on pooled fund investments"


def test_a_month_after_a_number_takes_the_one_year_its_sentence_names(tmp_path) -> None:
    text = "The number waiting continues to decrease, falling to 3,828 at the end of June 2025, from 4,139 at the end of April.\n"
    assert _by_raw(tmp_path, text, "period") == {"3,828": "June 2025", "4,139": "April 2025"}


def test_a_part_of_what_the_number_before_counted_is_named_by_its_clause() -> None:
    text = "The total number of faults reported was 12,491, of which 11,090 were completed in time."
    number = next(n for n in find_numbers(text) if n.raw == "11,090")
    first = next(n for n in find_numbers(text) if n.raw == "12,491")
    readings = read_labels(
        text, number, sentence_span(text, number.start), (first, "total number of faults reported")
    )
    assert readings[0].label == "total number of faults reported that were completed in time"


def test_this_quarter_in_a_quarters_report_is_its_quarter() -> None:
    from extractor.figures.prose_figures import _paper_period

    assert (
        _paper_period(None, "2024/25 Q3", "The number of faults reported this quarter was 12,491.")
        == "2024/25 Q3"
    )


def test_a_ranges_lower_end_takes_the_unit_after_its_upper_end() -> None:
    low, high = find_numbers("The initial focus will be on 2-4% of the population.")
    assert (low.value, low.unit, low.comparator) == (2.0, "percent", ">=")
    assert (high.value, high.unit, high.comparator) == (4.0, "percent", "<=")
    # a count next to a percentage is not a range's end
    assert find_numbers("We saw 12 - 4% fewer than planned.")[0].unit == "count"
    text = "The initial focus will be on 2-4% of the population with complex health needs in Leeds."
    assert _label(text, "2") == "share of population with complex health needs in Leeds"


def test_a_quarter_said_after_a_number_is_its_quarter(tmp_path) -> None:
    text = (
        "Quarterly Performance Report Quarter 3 2024/25\n\nDriver education\n\n"
        "Demand grew with 1,219 Courses delivered in Quarter 3 compared to 1,146 Courses delivered in "
        "the same quarter last year, and 1,100 Courses delivered in Quarter 2.\n"
    )
    assert _by_raw(tmp_path, text, "period") == {
        "1,219": "2024/25 Q3",
        "1,146": "2023/24 Q3",
        "1,100": "2024/25 Q2",
    }


def test_a_quarter_of_national_statistics_is_a_calendar_quarter(tmp_path) -> None:
    text = (
        "Treasury Management Mid-Year Review 2024-25\n\nExternal context\n\n"
        "GDP growth stagnated in July following downwardly revised Q2 figures (0.5% q/q). "
        "Moreover, the number of workforce jobs fell by 28,000 in Q2. "
        "The Council's spending in Q2 was £12.5m.\n"
    )
    periods = _by_raw(tmp_path, text, "period")
    assert periods["0.5%"] == periods["28,000"] == "2024 Q2"  # April to June 2024
    assert periods["£12.5m"] == "2024/25 Q2"  # the council's own quarter


def test_a_level_compared_with_is_for_the_period_it_is_compared_at(tmp_path) -> None:
    text = (
        "Quarterly Performance Report Quarter 3 2024/25\n\nChildren's social care\n\n"
        "There were 6,357 referrals to children's social care services in the Quarter, an 8.3% increase "
        "when compared to the previous Quarter (5,869) and 10.8% higher than Quarter 3 last year (5,735). "
        "19,036 faults were repaired (compared to 24,085 for the same period last year).\n"
    )
    doc = extract_text(tmp_path, text)
    found = {f.raw: (f.label, f.period) for f in doc.figures}
    assert found["5,869"] == ("referrals to children's social care services", "2024/25 Q2")
    assert found["5,735"] == ("referrals to children's social care services", "2023/24 Q3")
    assert found["19,036"][1] == "2024/25 Q3" and found["24,085"][1] == "2023/24 Q3"


# (paper text, figure field, what each number as written gets)
READ_IN_CONTEXT = [
    (  # a part a named place accounts for, and the places named with their numbers after it
        "Exclusions\n\nTonbridge and Malling district accounted for 20 of the 102 pupils excluded across "
        "the County in the rolling 12-month period to December 2024, followed by Dartford with 15 and "
        "Sevenoaks with 13 pupils excluded.\n",
        "label",
        {
            "20": "pupils excluded (Tonbridge and Malling district)",
            "15": "pupils excluded (Dartford)",
            "13": "pupils excluded (Sevenoaks)",
            "102": "pupils excluded",
        },
    ),
    (  # a second change against another time is in the same measure
        "Complaints\n\nQuarter 3 saw a 31% decrease in the number of complaints received compared with "
        "the previous quarter and a 19% decrease on the same quarter last year.\n",
        "label",
        {
            "31%": "decrease in number of complaints compared with the previous quarter",
            "19%": "decrease in number of complaints compared with the same quarter last year",
        },
    ),
    (  # the months to a month, said after a number, are its period
        "Treasury Management Mid-Year Review 2024-25\n\nExternal context\n\n"
        "The number of job vacancies fell from 872,000 in the three months to July to 857,000 in the "
        "three months to August.\n",
        "period",
        {"872,000": "3 months to July 2024", "857,000": "3 months to August 2024"},
    ),
    (  # a range's month, said after its upper end, is both ends' period
        "Treasury Management Mid-Year Review 2024-25\n\nTreasury investment activity\n\n"
        "Short-dated cash rates, which had ranged between 5.08% - 5.25% at the beginning of April, "
        "dropped by the end of September.\n",
        "period",
        {"5.08%": "April 2024", "5.25%": "April 2024"},
    ),
    (  # a sentence opening on "Last year," is about the year before the paper's
        "Pay Policy Statement 2025-26\n\nPay award\n\n"
        "Last year, County Council agreed a 1.35% increase to the Kent Scheme pay scales.\n",
        "period",
        {"1.35%": "2024/25"},
    ),
    (  # a running total over a span is the same things' total, not the quarter's
        "No Use Empty\n\nIn Quarter 3, a total of 106 long term empty properties were made fit for occupation, "
        "bringing the total over the last nine months to 363, and the total since the programme began "
        "in 2005 to 8,607.\n",
        "label",
        {
            "363": "long term empty properties (total over the last nine months)",
            "8,607": "long term empty properties (total since 2005)",
        },
    ),
    (  # things counted in a bracket after a place, and the next place with its number alone
        "Developer Investment Team\n\nLarger applications included in this quarter are at Possingham "
        "Farm, Ashford, (655 dwellings) and Sevenoaks Quarry, Sevenoaks (800).\n",
        "label",
        {"655": "dwellings at Possingham Farm, Ashford", "800": "dwellings at Sevenoaks Quarry, Sevenoaks"},
    ),
    (  # the rate a RAG rating colours is the measure's
        "Highways\n\nThe number of potholes repaired within 28 days was 3,058 out of a possible 3,243 "
        "giving a Green RAG rating of 94%.\n",
        "label",
        {"94%": "share of potholes repaired within 28 days"},
    ),
    (  # the parts of a whole a sentence opens on, and their shares
        "Care leavers\n\nOf the 2,016 care leavers, 1,036 (51.4%) were non-UASC care leavers and 980 "
        "(48.6%) were UASC.\n",
        "label",
        {
            "1,036": "number of care leavers that were non-UASC care leavers",
            "51.4%": "share of care leavers that were non-UASC care leavers",
            "980": "number of care leavers that were UASC",
            "48.6%": "share of care leavers that were UASC",
        },
    ),
    (  # an age limit says which of the people are counted
        "Early Help\n\nThere were 2,287 family cases open to Early Help units, providing support for "
        "4,637 children and young people under the age of 18.\n",
        "label",
        {"4,637": "children and young people under 18"},
    ),
    (  # the things counted in what a sentence totals
        "Developer Investment Team\n\nThere are two applications being considered, totalling 8,400 homes.\n",
        "label",
        {"8,400": "homes in two applications being considered"},
    ),
    (  # a rolling total said without its end runs to the end of the report's quarter
        "Quarterly Performance Report Quarter 3 2024/25\n\nHealth Visiting\n\nThe service conducted "
        "67,008 mandated health and wellbeing reviews (12-month rolling), which represents 87% of the target.\n",
        "period",
        {"67,008": "12 months to December 2024"},
    ),
    (  # "a total of N being received": the things the sentence said were received
        "Developer Investment Team\n\nThe trend of relatively low levels of planning applications received "
        "continued in Quarter 3 with a total of 26 being received in the three months.\n",
        "label",
        {"26": "planning applications received"},
    ),
]


def test_numbers_read_in_their_sentences_context(tmp_path) -> None:
    for text, field, expected in READ_IN_CONTEXT:
        found = _by_raw(tmp_path, text, field)
        assert {raw: found.get(raw) for raw in expected} == expected, text[:40]


def test_a_dash_set_apart_is_a_minus_only_where_a_level_is_said() -> None:
    found = find_numbers("a rise in airfares inflation from - 10.4% in July to +11.9% in August")
    assert [n.value for n in found] == [-10.4, 11.9]
    assert [n.value for n in find_numbers("pages 7 - 9 and a fall - 3%")] == [7, 9, 3]


def test_a_comparison_with_what_was_expected_describes_the_noun_after_it(tmp_path) -> None:
    text = "Budget\n\nThe budget includes a -£8.7m net drawdown from smoothing reserves for lower than expected Council tax base.\n"
    assert (
        _by_raw(tmp_path, text, "label")["-£8.7m"]
        == "net drawdown from smoothing reserves for lower than expected Council tax base"
    )


def test_things_counted_with_a_times_sign_are_named_by_the_things(tmp_path) -> None:
    text = "Risk\n\nWe continue to have 2 x Extreme risks on the register.\n"
    assert _by_raw(tmp_path, text, "label")["2"] == "Extreme risks on register"


def test_relative_periods() -> None:
    from extractor.periods import relative_period

    assert relative_period("the previous Quarter", "2024/25 Q1") == "2023/24 Q4"
    assert relative_period("same quarter last year", "2024/25 Q3") == "2023/24 Q3"
    assert relative_period("last year", "2024/25") == "2023/24"
    assert relative_period("previous quarter", "2024/25") is None  # which quarter is not known
    assert relative_period("the North East", "2024/25 Q3") is None


def test_a_day_a_sentence_opens_on_is_its_numbers_date(tmp_path) -> None:
    text = "On 31st December 2024, there were 1,109 children subject to a child protection plan.\n"
    assert _by_raw(tmp_path, text, "period") == {"1,109": "31 December 2024"}


def test_the_councils_possessive_names_the_papers_council_as_the_owner(tmp_path) -> None:
    text = (
        "Kent County Council\n\nSocial Care Grant\n\n"
        "The Council’s total Social Care Grant for 2023-24 was £88.771m. "
        "This Council’s share of the additional £0.880bn for 2025-26 is £20.1m.\n"
    )
    owners = _by_raw(tmp_path, text, "organisation")
    assert owners["£88.771m"] == owners["£20.1m"] == "Kent County Council"
    assert owners["£0.880bn"] is None  # the national pot the share is of


def test_a_forecast_of_the_outturn_is_not_the_actual() -> None:
    from extractor.figures.common import _prose_role

    text = "The forecast revenue outturn position of +£23.3m (excluding schools) is reported."
    number = next(n for n in find_numbers(text) if n.raw == "+£23.3m")
    assert _prose_role(text, number, RULES).value == "other"
    text = "The revenue outturn of £23.3m was reported."
    number = next(n for n in find_numbers(text) if n.raw == "£23.3m")
    assert _prose_role(text, number, RULES).value == "actual"
    # a role said in an earlier clause is not this number's
    text = "CPI inflation hitting its target in June before edging above it to 2.2% in July."
    number = next(n for n in find_numbers(text) if n.raw == "2.2%")
    assert _prose_role(text, number, RULES).value == "other"


def test_a_year_a_number_is_compared_with_is_not_its_period() -> None:
    from extractor.figures.common import _period

    text = "There were 78 secondary schools, a significant increase from attendance in 2023 (38 secondaries)."
    assert _period(text, text.index("78")) is None
    assert _period(text, text.index("38")) == "2023"  # the bracket after the year is that year's
