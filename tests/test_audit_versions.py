"""Versions of one appendix found by what they are and diffed cell by cell.

The papers are written here in the shape of Kent's revenue plan appendices: no area named, a headed
table in £000s, then the rest of the table after a page break with no header row. A council's
draft and its update differ in a few cells, add a line and rename another.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractor.audit import run_audit
from extractor.models import Document, FindingKind, Severity
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

HEAD = (
    "{title}\n\n"
    "Revenue plan\t2025-26 Core\t2025-26 External\t2025-26 Total\n"
    "\t£000s\t£000s\t£000s\n"
    "Pay\t21,845.7\t626.9\t22,472.6\n"
    "Prices\t41,407.1\t1,944.4\t43,351.5\n"
    "Demand & Cost Drivers\t48,209.4\t0.0\t48,209.4\n\n"
    "Continued\n\n"
)
DRAFT = HEAD + (
    "Government & Legislative\t-14,666.5\t9,570.4\t-5,096.1\n"
    "Service Strategies & Improvements\t17,831.2\t2,136.2\t19,967.4\n"
    "Improved Better Care Fund (iBCF)\t0.0\t-8,965.7\t-8,965.7\n"
    "TOTAL SPENDING\t3,164.7\t2,740.9\t5,905.6\n"
)
UPDATE = HEAD + (
    "Government & Legislative\t-14,666.5\t10,952.4\t-3,714.1\n"
    "Service Strategies & Improvements\t17,831.2\t2,136.2\t19,967.4\n"
    "Public Health spending plans to be confirmed\t0.0\t4,685.8\t4,685.8\n"
    "Local Authority Better Care Grant\t0.0\t-8,965.7\t-8,965.7\n"
    "TOTAL SPENDING\t3,164.7\t8,808.7\t11,973.4\n"
)
OTHER = (
    "Treasury management: investments\n\n"
    "Counterparty\tPrincipal\n\t£000s\n"
    "Lloyds Bank\t25,000.0\nBarclays\t15,000.0\nTotal\t40,000.0\n"
)


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


def paper(folder: Path, name: str, text: str) -> Document:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return extract_document(path, toolkit())


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    draft = paper(folder, "a.txt", DRAFT.format(title="APPENDIX D - High Level 2025-28 Revenue Plan"))
    update = paper(folder, "b.txt", UPDATE.format(title="APPENDIX 1 - High Level 2025-26 Budget"))
    other = paper(folder, "c.txt", OTHER)
    assert draft.metadata.area is None and update.metadata.area is None  # found by their tables
    return run_audit([draft, update, other], toolkit())


def cross(result, check: str):
    return [f for f in result.findings if f.kind is FindingKind.CROSS_DOCUMENT and f.check == check]


def test_changed_cells_of_a_continued_table_are_in_pounds_with_both_places(result):
    changed = {(f.label, f.column): f for f in cross(result, "version-change")}
    assert set(changed) == {
        ("Government & Legislative", "2025-26 External"),
        ("Government & Legislative", "2025-26 Total"),
        ("TOTAL SPENDING", "2025-26 External"),
        ("TOTAL SPENDING", "2025-26 Total"),
    }
    f = changed[("Government & Legislative", "2025-26 External")]
    assert f.severity is Severity.WARNING and f.docs == ["a", "b"]
    assert [(v.doc_id, v.value) for v in f.values] == [("a", 9_570_400), ("b", 10_952_400)]
    assert all(v.line is not None for v in f.values)
    assert f.rule_id == "audit.version-change" and f.confidence >= 0.8
    # the table is named by its printed title, not an internal id
    assert f.message.endswith("(Continued).") and " t2" not in f.message
    assert "£9.57m in a line 11; £10.952m in b line 11" in f.message


def test_a_renamed_line_is_proven_by_its_numbers(result):
    (f,) = cross(result, "line-relabelled")
    assert f.label == "Improved Better Care Fund (iBCF)"
    assert "'Local Authority Better Care Grant'" in f.message
    assert {(v.doc_id, v.value) for v in f.values} == {("a", -8_965_700), ("b", -8_965_700)}


def test_an_added_line_is_reported_once(result):
    (f,) = cross(result, "line-added-or-removed")
    assert f.label == "Public Health spending plans to be confirmed"
    assert f.severity is Severity.INFO


def test_a_paper_that_shares_no_lines_is_not_a_version(result):
    assert all("c" not in f.docs for f in result.findings if f.kind is FindingKind.CROSS_DOCUMENT)


def test_a_figure_restated_from_the_earlier_version_with_one_digit_slipped(tmp_path):
    """Kent's late-changes report quotes the net budget 'as reported to County Council' as
    £1,530,924.8k; the appendix it came from printed 1,530,923.8 (£000s)."""
    appendix = paper(
        tmp_path,
        "appendix.txt",
        "APPENDIX D - High Level Revenue Plan\n\nRevenue plan\t2025-26 Total\n\t£000s\n"
        "Pay\t22,472.6\nPrices\t43,351.5\nNET BUDGET\t1,530,923.8\n",
    )
    later = paper(
        tmp_path,
        "later.txt",
        "Kent County Council\n\nCabinet 4 March 2025\n\n1. Summary\n\n1.1 The changes increase the net "
        "revenue budget requirement from £1,530,924.8k (as reported to County Council) to £1,531,279.8k.\n",
    )
    # versions in time order: the appendix is the earlier paper
    later = later.model_copy(
        update={"metadata": later.metadata.model_copy(update={"meeting_date": "2025-03-04"})}
    )
    appendix = appendix.model_copy(
        update={
            "metadata": appendix.metadata.model_copy(update={"meeting_date": "2025-02-13", "area": "Kent"})
        }
    )
    result = run_audit([appendix, later], toolkit())
    [f] = [f for f in result.findings if f.check == "prose-vs-version"]
    assert f.severity is Severity.WARNING and f.docs == ["appendix", "later"]
    assert [(v.doc_id, v.value) for v in f.values] == [("appendix", 1_530_923_800), ("later", 1_530_924_800)]
    assert "NET BUDGET" in f.message
    # the later paper's own figure, written out in full elsewhere, is not a slip
    assert not [g for g in result.findings if g.check == "prose-vs-version" and "1,531,279.8" in g.message]


def test_lines_of_one_name_under_different_headings_are_matched_by_their_heading(tmp_path):
    """'Contributions to Reserves' is both a RESERVES line and a MEMORANDUM line; a version that
    prints the two blocks in the other order still compares each with its own."""
    reserves = "RESERVES\t\t\nContributions to Reserves\t42,884.9\t14,200.0\nDrawdowns from Reserves\t-10,607.1\t-25,598.1\n"
    memo = "MEMORANDUM\t\t\nContributions to Reserves\t1,111.1\t2,222.2\nNet movement\t3,333.3\t4,444.4\n"
    head = "Kent County Council\n\nRevenue plan 2025-26\n\nLine\t2025-26 Core\t2025-26 External\n\t£000s\t£000s\n"
    first = paper(tmp_path, "first.txt", head + reserves + memo)
    second = paper(tmp_path, "second.txt", head + memo + reserves)
    found = [
        f for f in run_audit([first, second], toolkit()).findings if f.kind is FindingKind.CROSS_DOCUMENT
    ]
    assert [f for f in found if f.check == "version-change"] == []


def test_the_report_shows_each_table_history_as_a_diff(result):
    from extractor.audit.report import render_html

    page = render_html(result)
    history = page[page.index("<h2 id='histories'>") :]
    assert "<h3>Continued</h3>" in history  # the table's printed title, not an internal id
    assert "<td class='num changed'><span class='old'>9,570.4</span> 10,952.4</td>" in history
    assert "Public Health spending plans to be confirmed <span class='muted'>(added)</span>" in history
    assert (
        "Local Authority Better Care Grant <span class='muted'>(was 'Improved Better Care Fund (iBCF)')"
        in history
    )
