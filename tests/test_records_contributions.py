"""Contribution tables: lines, partners or years, gross / deduction / net, figures linked."""

from records_support import corpus_doc, extract_text, figure

from extractor.models import FigureRole, RowRole


def _line(record, label):
    return next(line for line in record.lines if line.label == label)


def test_oxfordshire_pool_2_has_partners_deductions_and_net():
    doc = corpus_doc("000")
    pool2 = next(c for c in doc.records.contributions if c.pool and c.pool.startswith("Pool 2"))
    assert pool2.partners == ["Oxfordshire County Council", "Oxfordshire Clinical Commissioning Group"]
    assert [line.label for line in pool2.lines if line.role is RowRole.DEDUCTION] == [
        "iBCF Grant Funding",
        "Less service user income",
    ]
    assert _line(pool2, "Gross Contribution").role is RowRole.SUBTOTAL
    net = _line(pool2, "Net Contribution")
    assert net.role is RowRole.NET
    assert [(a.partner, a.value) for a in net.amounts] == [
        ("Oxfordshire County Council", 94292000.0),
        ("Oxfordshire Clinical Commissioning Group", 76091000.0),
    ]
    assert pool2.rule_id and 0 < pool2.confidence <= 1 and pool2.provenance.line
    assert pool2.period == "2017/18"  # the year of the title both pools share


def test_contribution_figures_take_their_role_and_record():
    doc = corpus_doc("000")
    pool1 = next(c for c in doc.records.contributions if c.pool and c.pool.startswith("Pool 1"))
    item = figure(doc, _line(pool1, "Learning Disabilities").amounts[0].figure_id)
    total = figure(doc, _line(pool1, "Net Contribution").amounts[0].figure_id)
    assert item.role is FigureRole.CONTRIBUTION and pool1.id in item.record_ids
    assert total.role is FigureRole.TOTAL and pool1.id in total.record_ids


def test_bath_funding_contributions_by_year():
    doc = corpus_doc("003")
    (table,) = doc.records.contributions
    assert table.periods == ["2016/17", "2017/18", "2018/19"]
    ibcf = _line(table, "IBCF")
    assert [(a.period, a.value) for a in ibcf.amounts] == [
        ("2016/17", 0.0),
        ("2017/18", 3457987.0),
        ("2018/19", 2063000.0),
    ]
    assert _line(table, "Total").role is RowRole.TOTAL


def test_another_councils_layout_years_first_newest_left(tmp_path):
    doc = extract_text(
        tmp_path,
        "Better Care Fund 2019/20\n\nThe pooled budget contributions are set out below.\n\n"
        "Kent Better Care Fund pooled budget contributions\n"
        "Contribution\t2019/20 £000\t2018/19 £000\n"
        "NHS minimum contribution\t102,394\t98,512\n"
        "Disabled Facilities Grant\t11,290\t10,540\n"
        "Gross contribution\t113,684\t109,052\n"
        "Less client contributions\t-2,000\t-1,900\n"
        "Net contribution\t111,684\t107,152\n",
    )
    (table,) = doc.records.contributions
    assert table.periods == ["2019/20", "2018/19"]
    assert [line.role for line in table.lines] == [
        RowRole.ITEM,
        RowRole.ITEM,
        RowRole.SUBTOTAL,
        RowRole.DEDUCTION,
        RowRole.NET,
    ]
    assert [(a.period, a.value) for a in _line(table, "Net contribution").amounts] == [
        ("2019/20", 111684000.0),
        ("2018/19", 107152000.0),
    ]
    assert "pooled budget" in (table.pool or "")
