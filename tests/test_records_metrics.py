"""Metrics: target, baseline, actuals by period, status, direction, national metric; from
tables, from metric sections ("Target ..." lines) and from sentences."""

from records_support import corpus_doc, extract_text, figure

from extractor.models import FigureRole


def _metric(doc, ref=None, measure_starts=None):
    for m in doc.records.metrics:
        if ref is not None and m.ref == ref:
            return m
        if measure_starts is not None and m.measure.startswith(measure_starts):
            return m
    raise AssertionError(f"no metric {ref or measure_starts}")


def test_oxfordshire_measure_table_targets_and_baselines():
    doc = corpus_doc("000")
    m = _metric(doc, ref="5.2")
    assert m.direction == "increase"
    assert (m.target.value, m.target.unit, m.baseline.value) == (95.0, "percent", 86.0)
    assert (
        figure(doc, m.target.figure_id).role is FigureRole.TARGET
        and m.id in figure(doc, m.target.figure_id).record_ids
    )
    safe = _metric(doc, ref="5.6")
    assert safe.target.comparator == ">" and safe.target.value == 81.0
    # the years the measure itself gives: "from 11.25 per week in 2016/17 to 11 per week for 2017/18"
    homes = _metric(doc, ref="7.2")
    assert (homes.target.value, homes.target.period) == (11.0, "2017/18")
    assert (homes.baseline.value, homes.baseline.period) == (11.25, "2016/17")
    assert homes.national_metric == "residential_admissions" and homes.direction == "reduce"
    assert _metric(doc, ref="5.3").target.raw == "tbc"  # a target not yet set is kept, not dropped


def test_trajectory_table_with_actuals_by_quarter_in_the_comments():
    doc = corpus_doc("002")
    m = _metric(doc, measure_starts="Reduce the average days' delay")
    assert m.status == "Improving"
    assert m.baseline.value == 762.0
    assert [(a.period, a.value) for a in m.actuals] == [("Q1", 632.0), ("Q2", 529.0)]
    worse = _metric(doc, measure_starts="Increase the number of people who need no ongoing care")
    assert worse.status == "Deteriorating"


def test_metric_section_with_target_lines_and_past_performance():
    doc = corpus_doc("001")
    nea = [
        m
        for m in doc.records.metrics
        if m.national_metric == "non_elective_admissions" and m.rule_id == "pass.metric.target-line"
    ]
    assert [(m.target.value, m.target.period) for m in nea] == [(60502.0, "2017/18"), (61655.0, "2018/19")]
    assert ("2016/17", 61006.0) in [(a.period, a.value) for a in nea[0].actuals]
    res = next(
        m
        for m in doc.records.metrics
        if m.national_metric == "residential_admissions"
        and m.rule_id == "pass.metric.target-line"
        and m.target
        and m.target.value == 11.0
    )
    assert res.target.comparator == "<="  # "11 admissions or fewer per week"
    assert ("2016/17", 585.0) in [(a.period, a.value) for a in res.actuals]


def test_targets_stated_in_prose_with_their_dates():
    doc = corpus_doc("001")
    dtoc = [
        m
        for m in doc.records.metrics
        if m.rule_id == "pass.metric.prose-target" and m.measure == "weekly DTOC number"
    ]
    assert [(m.target.value, m.target.date) for m in dtoc] == [(99.0, "2017-09"), (77.0, "2018-03")]
    assert all(m.direction == "reduce" and m.national_metric == "delayed_transfers_of_care" for m in dtoc)


def test_rows_that_are_roles_give_one_metric_per_column():
    doc = corpus_doc("003")
    beds = [m for m in doc.records.metrics if m.table_id and m.measure.endswith("(Total)")]
    assert len(beds) == 1
    assert (beds[0].baseline.value, beds[0].baseline.period) == (16.02, "2016/17 Q4")
    assert (beds[0].target.value, beds[0].target.date) == (9.23, "2017-09")


def test_quarterly_template_metric_status():
    doc = corpus_doc("004")
    nea = _metric(doc, ref="NEA")
    assert nea.status == "Not on track" and nea.national_metric == "non_elective_admissions"
    assert _metric(doc, ref="Reablement").status == "On track"


def test_another_councils_indicator_table_and_prose_target(tmp_path):
    doc = extract_text(
        tmp_path,
        "WEST SUSSEX HEALTH AND WELLBEING BOARD – 12 September 2019\n\nDelayed transfers of care\n\n"
        "We aim to reduce delayed transfers of care to 45 delayed days per day by March 2020, from a baseline of 62 in 2018/19.\n\n"
        "The local indicators are set out below.\n\n"
        "Indicator\tRAG\tBaseline 2018/19\tTarget 2019/20\tQ1 actual\n"
        "Permanent admissions of older people to residential and nursing care homes per 100,000 population\tAmber\t610\t< 590\t602\n"
        "Proportion of older people still at home 91 days after discharge into reablement\tGreen\t84%\t86%\t87%\n",
    )
    homes, reablement, prose = doc.records.metrics  # tables first, then sentences
    assert (prose.target.value, prose.target.date, prose.baseline.value) == (45.0, "2020-03", 62.0)
    assert prose.direction == "reduce" and prose.national_metric == "delayed_transfers_of_care"
    assert (homes.target.value, homes.target.comparator, homes.target.period) == (590.0, "<", "2019/20")
    assert [(a.period, a.value) for a in homes.actuals] == [("Q1", 602.0)]
    assert homes.status == "Amber" and homes.national_metric == "residential_admissions"
    assert reablement.national_metric == "reablement_91_days" and reablement.baseline.value == 84.0
