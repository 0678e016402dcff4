"""Saved web pages: a council report page and a GOV.UK-style allocation table read like the same
paper as text; scripts, styles and the site's navigation are dropped; rowspan and colspan kept."""

from __future__ import annotations

import pytest
from records_support import toolkit

from extractor.errors import EmptyDocumentError
from extractor.ingest import ingest
from extractor.models import BlockKind, SourceFormat
from extractor.pipeline import extract_document

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Better Care Fund 2024 to 2025: allocations - GOV.UK</title>
<style>.govuk-table { width: 100% } td { padding: 2px }</style>
<script>window.dataLayer = [{"budget": 999999}];</script></head>
<body>
<header><nav><a href="/">GOV.UK</a> <a href="/browse">Health and social care 2024</a></nav></header>
<main id="content">
<h1>Better Care Fund Plan 2024/25</h1>
<p>The pooled budget for 2024/25 is <strong>£12.3m</strong>, 4.5% more than in 2023/24.</p>
<h2>Contributions</h2>
<table class="govuk-table">
<thead>
<tr><th rowspan="2">Contribution</th><th colspan="2">2024/25</th></tr>
<tr><th>Council £000</th><th>ICB £000</th></tr>
</thead>
<tbody>
<tr><td>iBCF</td><td>1,200</td><td>0</td></tr>
<tr><td>Disabled Facilities Grant</td><td>3,100</td><td>0</td></tr>
<tr><td>Total</td><td>4,300</td><td>11,100</td></tr>
</tbody></table>
<ul><li>Agree the plan by 30 June 2024.</li></ul>
</main>
<footer>Contact us on 0300 123 4567. Cookies: 2 of 3 chosen.</footer>
</body></html>
"""

TEXT = """Better Care Fund Plan 2024/25

The pooled budget for 2024/25 is £12.3m, 4.5% more than in 2023/24.

Contributions

Contribution\t2024/25 Council £000\t2024/25 ICB £000
iBCF\t1,200\t0
Disabled Facilities Grant\t3,100\t0
Total\t4,300\t11,100

- Agree the plan by 30 June 2024.
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "allocations.html"
    path.write_text(PAGE, encoding="utf-8")
    return extract_document(path, toolkit())


def _figures(doc):
    return sorted((f.label, f.column or "", f.value, f.unit) for f in doc.figures)


def test_a_web_page_reads_like_the_same_paper_as_text(page, tmp_path):
    text = tmp_path / "allocations.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert page.source.format is SourceFormat.HTML
    assert _figures(page) == _figures(extract_document(text, toolkit()))
    assert {d.date for d in page.dates} >= {"2024-06-30"}


def test_rowspan_and_colspan_are_kept(page):
    (table,) = page.tables
    assert [c.header for c in table.columns][1:] == ["2024/25 Council", "2024/25 ICB"]
    assert [r.label for r in table.rows] == ["iBCF", "Disabled Facilities Grant", "Total"]


def test_scripts_styles_and_site_chrome_are_not_read(page):
    text = " ".join(b.text for b in page.blocks)
    assert "999999" not in text and "padding" not in text and "GOV.UK" not in text and "0300" not in text
    assert page.blocks[0].kind is BlockKind.HEADING and page.blocks[0].provenance.paragraph == 1
    assert all(f.provenance.table == 1 for f in page.figures if f.table_id)


def test_a_page_without_content_is_empty(tmp_path):
    path = tmp_path / "frame.html"
    path.write_text("<html><head><script>var x = 1;</script></head><body><nav>Home</nav></body></html>")
    with pytest.raises(EmptyDocumentError, match="no text"):
        ingest(path, toolkit().rules)
