"""Milestones: workstream / project / task lines, owners inherited, dates from the document's own
date mentions, numbered actions paired with their dates, date-led lines in prose."""

from records_support import corpus_doc, extract_text


def _milestones(doc, activity):
    return [m for m in doc.records.milestones if m.activity == activity]


def test_project_plan_tasks_inherit_workstream_and_owner():
    doc = corpus_doc("000")
    advertise = _milestones(doc, "Advertise new posts")[0]
    assert advertise.workstream == "Improving Flow / Intermediate Care Team Additional Staffing"
    assert advertise.owner == "Joan Norris"
    assert (advertise.start_date, advertise.end_date, advertise.status) == (
        "2017-06-14",
        "2017-07-02",
        "Completed",
    )
    project = _milestones(doc, "Intermediate Care Team Additional Staffing")[0]
    assert (
        project.workstream == "Improving Flow"
        and project.start_date is None
        and project.confidence < advertise.confidence
    )
    # the gold dates of this plan are the milestones' dates
    assert _milestones(doc, "Decision on future implementation of models")[0].end_date == "2018-04-30"


def test_project_lines_carry_their_allocation():
    doc = corpus_doc("002")
    home_care = _milestones(doc, "Home Care Market")[0]
    assert home_care.allocation is not None and home_care.allocation.value == 2171000.0
    assert _milestones(doc, "Implementation of HART improvement plan")[0].status == "Delayed"


def test_numbered_actions_pair_with_their_dates():
    doc = corpus_doc("002")
    flow = [m for m in doc.records.milestones if m.workstream == "systems to monitor patient flow"]
    assert [(m.activity, m.end_date) for m in flow] == [
        ("Agreed demand and capacity plan for discharge pathways", "2017-09-29"),
        ("New pathway model agreed", "2017-10-13"),
        ("Capacity requirements mapped onto new pathway model", "2017-10-27"),
        (
            "Real time remote identification of bottlenecks and pressures which can be managed by deployment of appropriate capacity",
            "2018-03-31",
        ),
    ]
    assert _milestones(
        doc, "Agree one assessment format between professions as part of new care pathway"
    )  # "1) " dropped


def test_date_led_lines_in_prose():
    doc = corpus_doc("001")
    lines = [m for m in doc.records.milestones if m.rule_id == "pass.milestone.date-led-line"]
    assert ("a revised pathway reported to System Flow Board", "2017-10-13") in [
        (m.activity, m.end_date) for m in lines
    ]


def test_another_councils_action_plan(tmp_path):
    doc = extract_text(
        tmp_path,
        "Kent Better Care Fund action plan 2019/20\n\n"
        "Action\tLead officer\tRAG\tDue date\tStart\n"
        "Discharge to assess\t\t\t\t\n"
        "Recruit trusted assessors\tSam Patel\tGreen\t31/03/2020\t01/10/2019\n"
        "Agree bed model with providers\tSam Patel\tAmber\t30/11/2019\t01/09/2019\n"
        "Carers\t\t\t\t\n"
        "Launch carers hub\tAmy Lee\tRed\t01/01/2020\t\n",
    )
    (recruit,) = _milestones(doc, "Recruit trusted assessors")
    assert recruit.workstream == "Discharge to assess"
    assert (recruit.owner, recruit.status, recruit.start_date, recruit.end_date) == (
        "Sam Patel",
        "Green",
        "2019-10-01",
        "2020-03-31",
    )
    (hub,) = _milestones(doc, "Launch carers hub")
    assert (hub.workstream, hub.end_date, hub.start_date) == ("Carers", "2020-01-01", None)
