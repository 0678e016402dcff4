"""Quarterly-template answers: national conditions and s75 (Yes/No + explanation), HICM maturity
per change and quarter, fee rates with their unit and uplift."""

from records_support import corpus_doc, extract_text


def _answers(doc, kind):
    return [a for a in doc.records.template_answers if a.kind == kind]


def test_national_conditions_and_s75():
    doc = corpus_doc("004")
    conditions = _answers(doc, "national_condition")
    assert len(conditions) == 4 and all(a.answer == "Yes" for a in conditions)
    assert conditions[3].question == "Managing transfers of care?"
    (s75,) = _answers(doc, "s75")
    assert (
        s75.question.startswith("Have the funds been pooled via a s.75 pooled budget") and s75.answer == "Yes"
    )


def test_hicm_maturity_per_change_and_quarter():
    doc = corpus_doc("004")
    hicm = _answers(doc, "hicm_maturity")
    assert len(hicm) == 8 * 5
    seven_day = [a for a in hicm if a.question == "Chg 5 Seven-day service"]
    assert {a.answer for a in seven_day} == {"Plans in place"}
    assert [(a.quarter, a.planned) for a in seven_day] == [
        ("2017/18 Q4", False),
        ("2018/19 Q1", False),
        ("2018/19 Q2", False),
        ("2018/19 Q3", True),
        ("2018/19 Q4", True),
    ]
    current = next(a for a in seven_day if a.quarter == "2018/19 Q2")
    assert current.explanation and "Challenges" in current.explanation


def test_fee_rates_with_unit_and_uplift():
    doc = corpus_doc("004")
    rates = _answers(doc, "fee_rate")
    assert [(a.value.value, a.value.unit, a.uplift.value) for a in rates] == [
        (20.0, "GBP/hour", 2.5),
        (803.0, "GBP/week", 2.5),
        (743.0, "GBP/week", 2.5),
    ]
    assert rates[0].value.period == "2017/18"
    # the uplift is a change from one year to the next: neither year's
    assert rates[0].uplift.period is None
    # a reader files each rate under its service, not under the template's whole question
    assert [a.service for a in rates] == [
        "Home care",
        "Care homes without nursing",
        "Care homes with nursing",
    ]
    labels = {f.label for f in doc.figures if f.id in {i for a in rates for i in a.figure_ids}}
    assert labels == {"Home care", "Care homes without nursing", "Care homes with nursing"}


def test_fee_rates_in_another_councils_wording(tmp_path):
    doc = extract_text(
        tmp_path,
        "Norfolk BCF quarterly return Q4 2018/19\n\n"
        "Average fees\t2018/19\t2019/20\tEstimated uplift (% change 2018/19 to 2019/20)\n"
        "Average fee paid for nursing homes, clients aged 65+ (£ per client per week)\t£612\t£630\t2.9%\n"
        "Average amount you paid for domiciliary care (£ per contact hour)\t£17.40\t£18.10\t4.0%\n",
    )
    rates = _answers(doc, "fee_rate")
    assert [(a.service, a.value.value, a.value.unit, a.uplift.value) for a in rates] == [
        ("Care homes with nursing", 612.0, "GBP/week", 2.9),
        ("Home care", 17.4, "GBP/hour", 4.0),
    ]


def test_another_templates_wording_and_a_no_with_its_explanation(tmp_path):
    doc = extract_text(
        tmp_path,
        "Leeds BCF quarterly return Q3 2019/20\n\n"
        "National Condition\tMet?\tExplanation\n"
        "Jointly agreed plan\tYes\t\n"
        "NHS contribution to adult social care maintained\tNo\tAgreement delayed to January; signed off at the February board\n\n"
        "High Impact Change Model\n\n"
        "Ref\tChange\tQ2 19/20\tQ3 19/20 (Current)\tQ4 19/20 (Planned)\n"
        "1\tEarly discharge planning\tMature\tMature\tExemplary\n"
        "2\tTrusted assessors\tNot yet established\tPlans in place\tEstablished\n",
    )
    met, unmet = _answers(doc, "national_condition")
    assert (met.answer, unmet.answer) == ("Yes", "No")
    assert unmet.explanation == "Agreement delayed to January; signed off at the February board"
    hicm = _answers(doc, "hicm_maturity")
    assert [(a.question, a.quarter, a.answer) for a in hicm if a.question.endswith("Trusted assessors")] == [
        ("2 Trusted assessors", "2019/20 Q2", "Not yet established"),
        ("2 Trusted assessors", "2019/20 Q3", "Plans in place"),
        ("2 Trusted assessors", "2019/20 Q4", "Established"),
    ]
