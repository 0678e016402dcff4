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
    "a",  # links to the paper and page, and to the page regions
    "img",  # the page regions (PDF evidence only)
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
    """audit.md is plain Markdown: no HTML entities, every mark Markdown reads escaped with a backslash."""
    result, _ = hostile
    md = render_markdown(result)
    for payload in PAYLOADS:
        assert payload not in md
    text = re.sub(r"\]\(<[^>]*>\)", "](…)", md)  # our own link destinations, written <...>
    assert not re.search(r"(?<!\\)[<>]", text), "an unescaped angle bracket"
    assert "&lt;" not in md and "&amp;" not in md and "&quot;" not in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert md.count("\n- **") == len(result.findings)
    assert '"balance" \\| programme' in md  # a pipe cannot open a table cell
    assert '& "quoted"' in md  # an ampersand is an ampersand


def test_markdown_renders_as_text_not_markup(hostile):
    """Pasted into a mail client that renders Markdown (CommonMark, raw HTML allowed), nothing from
    the papers becomes an element."""
    markdown_it = pytest.importorskip("markdown_it")
    result, _ = hostile
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(render_markdown(result))
    root = parse(rendered)
    allowed = set("h1 h2 p table thead tbody tr th td ul li strong code a".split())
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


# --------------------------------------------------------------------------- links and page regions

SAMPLE_PDF = ROOT / "corpus" / "pdf" / "000_af6d23c4c93e057d.pdf"

# Follows the first error's page-region link the way a click would load it, and records whether
# the image it points at loaded, and how big it is; records the source link too.
REGION_PROBE = """<script>
(function(){
  var row = document.querySelector('tr.finding .sev.error').closest('tr');
  var link = row.querySelector('a.region');
  var source = row.querySelector('a.source');
  document.body.setAttribute('data-source', source ? source.href : '');
  if (!link) { document.body.setAttribute('data-region', 'none'); return; }
  document.body.setAttribute('data-region', link.href);
  var img = new Image();
  img.onload = function(){ document.body.setAttribute('data-loaded', img.naturalWidth + 'x' + img.naturalHeight); };
  img.onerror = function(){ document.body.setAttribute('data-loaded', 'error'); };
  img.src = link.href;
})();
</script>"""


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> tuple[AuditResult, Path]:
    out = tmp_path_factory.mktemp("report") / "out"
    doc = extract_document(SAMPLE_PDF, toolkit())
    result = run_audit([doc], toolkit())
    write_outputs(result, out)
    return result, out


def _marked(png: Path) -> int:
    """How many pixels of the region carry the red box drawn round a compared cell."""
    from PIL import Image

    with Image.open(png) as im:
        data = im.convert("RGB").tobytes()
    return sum(1 for i in range(0, len(data), 3) if data[i] > 150 and data[i + 1] < 80 and data[i + 2] < 80)


def test_each_error_links_to_its_page_and_a_region_with_the_cells_marked(sample_report):
    result, out = sample_report
    error = next(f for f in result.findings if f.severity is Severity.ERROR)
    assert error.label == "Net Contribution"
    page = (out / "audit.html").read_text(encoding="utf-8")
    root = parse(page)
    row = next(r for r in root.find_all("tr", "finding") if r.attrs.get("data-id") == error.id)
    sources = [a.attrs["href"] for a in row.find_all("a", "source")]
    assert sources and all(
        h.endswith(f"000_af6d23c4c93e057d.pdf#page={error.values[0].page}") for h in sources[:1]
    )
    assert (out / sources[0].split("#")[0]).resolve() == SAMPLE_PDF.resolve()
    [region] = row.find_all("a", "region")
    png = out / region.attrs["href"]
    assert png.exists() and int(region.attrs["data-cells"]) >= 2  # the total and its parts, boxed
    assert _marked(png) > 200
    md = (out / "audit.md").read_text(encoding="utf-8")
    assert f"(<{region.attrs['href']}>)" in md


def test_a_finding_link_opens_the_page_image_in_headless_chromium(sample_report, tmp_path):
    browser = chromium()
    _, out = sample_report
    page = (out / "audit.html").read_text(encoding="utf-8")
    probed = out / "audit-region-probe.html"
    probed.write_text(
        page.rstrip()[: -len("</body></html>")] + REGION_PROBE + "</body></html>", encoding="utf-8"
    )
    returncode, stdout, stderr = dump_dom(browser, probed, tmp_path / "profile")
    assert returncode == 0 and "<html" in stdout, stderr[-2000:]
    body = parse(stdout).find_all("body")[0]
    region = body.attrs.get("data-region", "")
    assert region.startswith("file://") and region.endswith(".png"), region
    width, _, height = (body.attrs.get("data-loaded") or "").partition("x")
    assert width.isdigit() and int(width) > 300 and int(height) > 50, body.attrs.get("data-loaded")
    assert re.search(r"000_af6d23c4c93e057d\.pdf#page=\d+$", body.attrs.get("data-source", ""))
    # the image the link opens is the region with the compared cells boxed
    assert _marked(Path(region.removeprefix("file://"))) > 200


def test_a_paper_moved_since_extraction_keeps_its_links_and_no_region(sample_report, tmp_path, caplog):
    from extractor.audit.pages import render_regions

    result, _ = sample_report
    moved = {doc_id: str(tmp_path / "gone.pdf") for doc_id in result.sources}
    assert render_regions(result.findings, moved, tmp_path / "out") == {}
    assert "not drawn" in caplog.text
