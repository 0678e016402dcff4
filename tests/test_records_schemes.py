"""Scheme and allocation lines: fields read by column meaning, funding source, amounts per year."""

from records_support import corpus_doc, extract_text, figure

from extractor.models import FigureRole


def _scheme(doc, name, table=None):
    return next(s for s in doc.records.schemes if s.name == name and (table is None or s.table_id == table))


def test_bath_scheme_table_fields():
    doc = corpus_doc("003")
    fair = _scheme(doc, "Fair Price of Care")
    assert fair.scheme_ref == "17"
    assert fair.scheme_type == "16. Other"
    assert fair.funding_source == "iBCF"
    assert fair.new_or_existing == "New"
    assert [(a.period, a.value) for a in fair.amounts] == [("2017/18", 545000.0), ("2018/19", 200000.0)]
    fig = figure(doc, fair.amounts[0].figure_id)
    assert fig.role is FigureRole.ALLOCATION and fair.id in fig.record_ids


def test_funding_source_from_the_title_and_sub_types_and_area_of_spend():
    doc = corpus_doc("003")
    falls = next(s for s in doc.records.schemes if s.name == "Falls Response Service" and s.sub_type)
    assert (
        falls.funding_source == "CCG minimum contribution"
    )  # "Social Care Schemes funded by CCG minimum contribution"
    assert falls.sub_type == "3. Review teams (reviewing placements/packages)"
    assert falls.comments and "went live May 2017" in falls.comments
    social = [s for s in doc.records.schemes if s.area_of_spend == "Social Care"]
    assert {s.name for s in social} >= {"BCF Strategic Support"}


def test_use_of_the_improved_bcf_allocation_table():
    doc = corpus_doc("000")
    flow = next(s for s in doc.records.schemes if s.name == "Improving Flow")
    assert flow.funding_source == "iBCF"
    assert [(a.period, a.value) for a in flow.amounts] == [("2017/18", 1200000.0)]
    assert flow.comments and flow.comments.startswith("£1.2m investment in social work team capacity")
    # the CCG's half of the breakdown is its own small table: it takes the type of the first half
    ambulatory = next(s for s in doc.records.schemes if s.name == "Ambulatory Emergency Care Pathways")
    assert ambulatory.amounts[0].partner == "Oxfordshire Clinical Commissioning Group"


def test_another_councils_scheme_table_in_its_own_column_order(tmp_path):
    doc = extract_text(
        tmp_path,
        "Leeds Better Care Fund schemes 2019/20\n\n"
        "Ref\tExpenditure 2019/20 (£)\tScheme\tFunding source\tProvider\tScheme type\tNew or existing\n"
        "L01\t£1,250,000\tNeighbourhood teams\tNHS minimum contribution\tLeeds Community Healthcare NHS Trust\tIntegrated care planning\tExisting\n"
        "L02\t£400,000\tHome adaptations\tDisabled Facilities Grant\tLeeds City Council\tDFG related schemes\tExisting\n"
        "L03\t£75,000\tCarers breaks\tImproved Better Care Fund\tCarers Leeds\tCarers services\tNew\n"
        "Total\t£1,725,000\t\t\t\t\t\n",
    )
    schemes = doc.records.schemes
    assert [s.scheme_ref for s in schemes] == ["L01", "L02", "L03"]  # no record for the total line
    first = schemes[0]
    assert first.name == "Neighbourhood teams"
    assert first.funding_source == "CCG minimum contribution"
    assert first.provider == "Leeds Community Healthcare NHS Trust"
    assert first.scheme_type == "Integrated care planning"
    assert first.new_or_existing == "Existing"
    assert [(a.period, a.value) for a in first.amounts] == [("2019/20", 1250000.0)]
    assert schemes[1].funding_source == "DFG" and schemes[2].funding_source == "iBCF"
