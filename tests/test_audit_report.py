"""The audit report: document text is escaped everywhere, and the page works in a real browser.

Two versions of a hostile paper (``fixtures/audit/hostile/``) carry ``<script>`` and ``onerror=``
in their prose; the extracted documents then get more payloads in table labels, column headers,
table titles, the paper title and the evidence text, so that every kind of finding and the table
histories carry them. The HTML and the Markdown twin must show them as text. The browser test
loads the written ``audit.html`` in headless Debian chromium once and reads the DOM back.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extractor.audit import AuditResult, run_audit, write_outputs
from extractor.audit.report import render_html, render_markdown
from extractor.models import ColumnKind, Document, FindingKind, Severity
from extractor.pipeline import Toolkit, extract_document
from extractor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "audit" / "hostile"
CLEAN = ROOT / "tests" / "fixtures" / "audit" / "clean"

ALERT_SCRIPT = "<script>alert(1)</script>"
ALERT_IMG = "<img src=x onerror=alert(1)>"
# payloads whose effect the browser test can see if they ever run
TITLE_SCRIPT = "<script>document.title='PWNED'</script>"
MARK_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','label')\">"
MARK_SVG = "<svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">"
PAYLOADS = (ALERT_SCRIPT, ALERT_IMG, TITLE_SCRIPT, MARK_IMG, MARK_SVG)

FALLS = f'Falls prevention & "balance" | programme {ALERT_SCRIPT} {TITLE_SCRIPT}'
REABLEMENT = f"Reablement {ALERT_IMG} {MARK_IMG}"

# what the report may contain: its own layout and nothing parsed out of document text
ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
    "ul",
    "li",
    "div",
    "code",
    "details",
    "summary",
    "script",
    "br",
}


@lru_cache(maxsize=1)
def toolkit() -> Toolkit:
    return Toolkit(load_rules())


def inject(doc: Document) -> Document:
    """The document with payloads in every piece of text the report shows."""
    tables = []
    for table in doc.tables:
        rows = []
        for row in table.rows:
            label = (
                FALLS
                if row.label.startswith("Falls")
                else REABLEMENT
                if row.label == "Reablement"
                else row.label
            )
            rows.append(row.model_copy(update={"label": label}))
        columns = [
            c.model_copy(update={"header": f"{c.header} {MARK_SVG}"}) if c.kind is ColumnKind.VALUE else c
            for c in table.columns
        ]
        tables.append(
            table.model_copy(
                update={"rows": rows, "columns": columns, "title": f"{table.title} {ALERT_SCRIPT}"}
            )
        )
    figures = [
        f.model_copy(update={"text": f'{f.text} {ALERT_IMG} & "quoted"'}) if f.table_id else f
        for f in doc.figures
    ]
    metadata = doc.metadata.model_copy(update={"title": f"Board paper {TITLE_SCRIPT}"})
    return doc.model_copy(update={"tables": tables, "figures": figures, "metadata": metadata})


@pytest.fixture(scope="module")
def hostile() -> tuple[AuditResult, list[Document]]:
    docs = [inject(extract_document(HOSTILE / n, toolkit())) for n in ("hostile_v1.txt", "hostile_v2.txt")]
    return run_audit(docs, toolkit()), docs


# --------------------------------------------------------------------------- a small DOM


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and (cls is None or cls in (n.attrs.get("class") or "").split())
        ]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class _Builder(HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr", "source", "wbr", "area", "base", "col", "embed"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(markup: str) -> Node:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


def assert_no_injected_markup(root: Node, allowed: set[str], scripts: int) -> None:
    tags = {n.tag for n in root.iter()} - {"#document"}
    assert tags <= allowed, f"unexpected elements: {sorted(tags - allowed)}"
    handlers = [(n.tag, a) for n in root.iter() for a in n.attrs if a.lower().startswith("on")]
    assert handlers == []
    assert len(root.find_all("script")) == scripts


# --------------------------------------------------------------------------- escaping


def test_payloads_reach_the_findings(hostile):
    """Not vacuous: the findings really carry document text with the payloads, of every kind."""
    result, _ = hostile
    kinds = {f.kind for f in result.findings}
    assert kinds == {FindingKind.ARITHMETIC, FindingKind.NARRATIVE, FindingKind.CROSS_DOCUMENT}
    assert Severity.ERROR in {f.severity for f in result.findings}
    assert any(ALERT_SCRIPT in f.label for f in result.findings)
    assert any(MARK_IMG in f.label for f in result.findings)
    assert any(TITLE_SCRIPT in f.message for f in result.findings if f.kind is FindingKind.NARRATIVE)
    assert any(MARK_SVG in (f.column or "") for f in result.findings)
    assert any(ALERT_IMG in v.text for f in result.findings for v in f.values)
    assert result.histories


def test_html_escapes_every_piece_of_document_text(hostile):
    result, docs = hostile
    page = render_html(result, docs)
    for payload in PAYLOADS:
        assert payload not in page
    for raw in ("<img", "<svg", "<IMG", "<SVG"):
        assert raw not in page
    assert page.lower().count("<script") == 1  # the report's own sort script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Falls prevention &amp; &quot;balance&quot; | programme" in page
    assert "&amp; &quot;quoted&quot;" in page  # evidence text
    root = parse(page)
    assert_no_injected_markup(root, ALLOWED_TAGS, scripts=1)
    assert root.find_all("title")[0].text() == "bcf-extract audit"
    rows = root.find_all("tr", "finding")
    assert len(rows) == len(result.findings)
    shown = " ".join(r.text() for r in rows)
    assert ALERT_SCRIPT in shown and MARK_IMG in shown and MARK_SVG in shown  # as text, after unescaping


def test_markdown_escapes_every_piece_of_document_text(hostile):
    result, _ = hostile
    md = render_markdown(result)
    for payload in PAYLOADS:
        assert payload not in md
    assert re.search(r"(?<!\\)<", md) is None  # every angle bracket escaped (rendering: see below)
    # escaped for Markdown with backslashes, so it still reads as written in a plain-text email
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "&lt;" not in md and "&amp;" not in md and "&quot;" not in md
    assert md.count("\n- **") == len(result.findings)
    assert 'balance" \\| programme' in md  # a pipe cannot open a table cell


def test_markdown_renders_as_text_not_markup(hostile):
    """Pasted into a mail client that renders Markdown (CommonMark, raw HTML allowed), nothing from
    the papers becomes an element."""
    markdown_it = pytest.importorskip("markdown_it")
    result, _ = hostile
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(render_markdown(result))
    root = parse(rendered)
    allowed = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "code"}
    assert_no_injected_markup(root, allowed, scripts=0)
    assert ALERT_SCRIPT in root.text()


def test_percentage_findings_are_not_shown_as_pounds():
    doc = extract_document(CLEAN / "kent_schemes.txt", toolkit())
    result = run_audit([doc], toolkit())
    f = next(f for f in result.findings if f.column == "Percentage of pooled fund")
    row = next(
        r
        for r in parse(render_html(result, [doc])).find_all("tr", "finding")
        if r.attrs.get("data-id") == f.id
    )
    assert "£" not in row.text()
    md = render_markdown(result)
    assert "£33.3" not in md and "£100" not in md


# --------------------------------------------------------------------------- a real browser

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]

# Appended after the report's own script: proves scripts run in this browser (so "the payload did
# not run" means something), and clicks the 'difference' header so the sort script is exercised.
PROBE = """<script>
(function(){
  var heads = document.querySelectorAll('table.findings th');
  for (var i = 0; i < heads.length; i++) {
    if (heads[i].textContent === 'difference') { heads[i].click(); break; }
  }
  document.body.setAttribute('data-probe', 'ran');
})();
</script>"""


def chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(
            "chromium is not installed and CI is set: .ci/run installs it with apt-get install chromium"
        )
    pytest.skip("chromium is not installed (Debian: apt-get install chromium); with CI set this fails")


def dump_dom(browser: str, page: Path, profile: Path, timeout: float = 60) -> tuple[int, str, str]:
    """Run chromium once on ``page`` and return its exit status, serialised DOM and stderr.

    Chromium runs in its own process group so that a hang (an ``alert()`` that escaped into the
    page opens a dialog that headless --dump-dom waits on forever) kills it and all its children.
    """
    args = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(
            f"chromium did not finish in {timeout}s: an alert() from document text may have opened a dialog"
        )
    return proc.returncode, stdout, stderr


def test_report_in_headless_chromium(hostile, tmp_path):
    browser = chromium()
    result, docs = hostile
    out = tmp_path / "out"
    write_outputs(result, out)
    page = (out / "audit.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</body></html>")
    probed = out / "audit-probe.html"
    probed.write_text(page.rstrip()[: -len("</body></html>")] + PROBE + "</body></html>", encoding="utf-8")

    returncode, stdout, stderr = dump_dom(browser, probed, tmp_path / "profile")
    assert returncode == 0 and "<html" in stdout, stderr[-2000:]
    dom = parse(stdout)

    body = dom.find_all("body")[0]
    assert body.attrs.get("data-probe") == "ran", (
        "scripts did not run in the browser: the test proves nothing"
    )
    html_el = dom.find_all("html")[0]
    assert "data-pwned" not in html_el.attrs, f"a payload ran: {html_el.attrs['data-pwned']}"
    assert dom.find_all("title")[0].text() == "bcf-extract audit"
    assert not dom.find_all("img") and not dom.find_all("svg")
    assert len(dom.find_all("script")) == 2  # the report's and the probe

    rows = dom.find_all("tr", "finding")
    assert len(rows) == len(result.findings)
    assert {r.attrs.get("data-id") for r in rows} == {f.id for f in result.findings}
    shown = " ".join(r.text() for r in rows)
    for payload in (ALERT_SCRIPT, ALERT_IMG, TITLE_SCRIPT, MARK_IMG, MARK_SVG):
        assert payload in shown, f"{payload} is not visible as text"

    # the sort script ran on the click: the first findings table is ordered by |difference|
    table = dom.find_all("table", "findings")[0]
    head = next(th for th in table.find_all("th") if th.text() == "difference")
    assert "sorted-asc" in (head.attrs.get("class") or "").split()
    keys = [float(td.attrs["data-sort"]) for td in table.find_all("td", "num") if "data-sort" in td.attrs]
    assert keys == sorted(keys) and len(keys) == len(table.find_all("tr", "finding"))
