"""Money statements in prose: amount, purpose, organisation, period, duration."""

from records_support import corpus_doc, extract_text, figure

from extractor.models import FigureRole


def test_we_will_invest_committed_for_three_years():
    doc = corpus_doc("000")
    m = next(
        s
        for s in doc.records.money_statements
        if s.amount.value == 1200000.0 and s.purpose == "social work capacity"
    )
    assert m.duration == "three years"
    assert m.rule_id == "pass.money.sentence" and m.confidence >= 0.8
    fig = figure(doc, m.amount.figure_id)
    assert fig.role is FigureRole.ALLOCATION and m.id in fig.record_ids


def test_organisation_and_period_of_an_award():
    doc = corpus_doc("003")
    dfg = next(s for s in doc.records.money_statements if s.amount.value == 1084000.0)
    assert dfg.organisation == "Bath and North East Somerset Council"  # "The Council was awarded ..."
    assert dfg.period == "2017/18"
    occ = next(s for s in corpus_doc("000").records.money_statements if s.amount.value == 6300000.0)
    assert occ.organisation == "Oxfordshire County Council"


def test_another_councils_sentence_and_sums_that_commit_nothing(tmp_path):
    doc = extract_text(
        tmp_path,
        "Better Care Fund update\n\n"
        "Kent County Council will invest £2.5m over two years in reablement capacity. "
        "The Council saved £300k last year.\n\n"
        "A further £400,000 has been allocated to carers support in 2019/20.\n",
    )
    first, second = doc.records.money_statements
    assert (first.amount.value, first.purpose, first.organisation, first.duration) == (
        2500000.0,
        "reablement capacity",
        "Kent County Council",
        "two years",
    )
    assert (second.amount.value, second.purpose, second.period) == (400000.0, "carers support", "2019/20")
    assert all(s.amount.value != 300000.0 for s in doc.records.money_statements)
