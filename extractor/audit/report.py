"""The auditor's report: one HTML page (no network) and a plain Markdown twin.

Every finding links to the paper and page it came from and, for a PDF, shows the page region with
the compared cells boxed (``pages.py``), so an auditor checks it in seconds. Every piece of document
text goes through :func:`html.escape` — a paper that contains ``<script>`` or ``onerror=`` renders
as text; in the Markdown every punctuation mark Markdown reads is backslash-escaped. The page's only
script sorts the findings tables; it reads ``data-`` attributes and ``textContent`` and never builds
HTML from document text.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import regex as re

from ..models import Document, Finding, FindingKind, FindingValue, Severity
from .align import agrees, lines, rescaled
from .common import money
from .pages import Region

_KIND_TITLES = {
    FindingKind.ARITHMETIC: "Totals that do not add up",
    FindingKind.NARRATIVE: "Text that contradicts a table",
    FindingKind.CROSS_DOCUMENT: "Figures that change between versions",
}
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1b1b;max-width:1500px}
code{word-break:break-all}table.findings td:nth-child(6){min-width:16rem}table.findings td:nth-child(7){width:42%}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}h3{margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3;cursor:pointer;user-select:none}th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}
.sev{font-weight:600;border-radius:3px;padding:0 .3rem}.error{background:#fde2e1;color:#8a1c14}.warning{background:#fff3cd;color:#7a5300}.info{background:#e7f1ff;color:#134e9a}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}.src{color:#555;font-size:12px}
ul.values{margin:0;padding-left:1.1rem}.counts td{text-align:right}.muted{color:#666}
.rule{color:#555;font-size:12px;margin-top:.3rem}.regions img{max-width:560px;border:1px solid #bbb;margin:.3rem 0;display:block}
a.source{white-space:nowrap}
td.changed{background:#fff3cd}.old{text-decoration:line-through;color:#8a1c14}tr.added th{color:#134e9a}tr.removed th{color:#8a1c14}
"""
_SCRIPT = """
document.querySelectorAll('table.sortable').forEach(function(table){
  table.querySelectorAll('th').forEach(function(th, index){
    th.addEventListener('click', function(){
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var asc = !th.classList.contains('sorted-asc');
      table.querySelectorAll('th').forEach(function(h){ h.classList.remove('sorted-asc','sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      rows.sort(function(a, b){
        var x = a.cells[index].getAttribute('data-sort') || a.cells[index].textContent;
        var y = b.cells[index].getAttribute('data-sort') || b.cells[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var cmp = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? cmp : -cmp;
      });
      rows.forEach(function(r){ body.appendChild(r); });
    });
  });
});
"""
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def render_html(
    result,
    documents: list[Document] | None = None,
    *,
    regions: dict[str, list[Region]] | None = None,
    out_dir: Path | None = None,
) -> str:
    titles = dict(result.titles)
    titles.update({d.doc_id: d.metadata.title or d.doc_id for d in documents or []})
    links = _Links(getattr(result, "sources", {}), out_dir)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        # images only from files beside the report (the page regions); nothing from the network
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        "<title>bcf-extract audit</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Audit of Better Care Fund papers</h1>",
        f"<p>{_plural(len(result.findings), 'finding')} over {_plural(len(result.documents), 'document')}.</p>",
        _counts_table(result),
        _documents_list(result.documents, titles),
    ]
    by_kind: dict[FindingKind, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_kind[f.kind].append(f)
    for kind in (FindingKind.ARITHMETIC, FindingKind.NARRATIVE, FindingKind.CROSS_DOCUMENT):
        findings = sorted(by_kind.get(kind, []), key=lambda f: (_SEVERITY_RANK[f.severity], f.label))
        parts.append(f"<h2 id='{kind.value}'>{_e(_KIND_TITLES[kind])} ({len(findings)})</h2>")
        if not findings:
            parts.append("<p class='muted'>None found.</p>")
            continue
        parts.append(_findings_table(findings, links, regions or {}, getattr(result, "rules", {})))
    parts.append(_histories(result))
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts)


def _counts_table(result) -> str:
    counts = result.counts()
    rows = []
    for kind in (FindingKind.ARITHMETIC, FindingKind.NARRATIVE, FindingKind.CROSS_DOCUMENT):
        c = counts.get(kind.value, {})
        rows.append(
            f"<tr><th scope='row'>{_e(_KIND_TITLES[kind])}</th>"
            + "".join(
                f"<td>{c.get(s.value, 0)}</td>" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
            )
            + "</tr>"
        )
    return (
        "<table class='counts'><thead><tr><th></th><th>error</th><th>warning</th><th>info</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _documents_list(doc_ids: list[str], titles: dict[str, str]) -> str:
    items = "".join(f"<li><code>{_e(d)}</code> — {_e(titles.get(d, ''))}</li>" for d in doc_ids)
    return f"<details><summary>Documents read</summary><ul>{items}</ul></details>"


class _Links:
    """Where a finding's evidence is: the source file (relative to the report when it can be) and
    its page (``#page=N``, which PDF viewers open at)."""

    def __init__(self, sources: dict[str, str], out_dir: Path | None) -> None:
        self.sources, self.out_dir = sources, out_dir

    def href(self, v: FindingValue) -> str | None:
        path = self.sources.get(v.doc_id)
        if not path:
            return None
        if self.out_dir is not None:
            try:
                target = quote(os.path.relpath(path, self.out_dir).replace(os.sep, "/"))
            except ValueError:  # another drive
                target = Path(path).resolve().as_uri()
        else:
            target = Path(path).resolve().as_uri()
        return target + (f"#page={v.page}" if v.page is not None and path.lower().endswith(".pdf") else "")


def _findings_table(
    findings: list[Finding], links: _Links, regions: dict[str, list[Region]], rules: dict[str, str]
) -> str:
    head = "<thead><tr><th>severity</th><th>line item</th><th>column</th><th>documents</th><th>difference</th><th>what we found</th><th>evidence</th></tr></thead>"
    rows = []
    for f in findings:
        evidence = "".join(
            f"<li><span class='num'>{_e(_shown(v, f))}</span> — {_source_link(v, links)}"
            f"<div class='src'>{_e(_snippet(v.text))}</div></li>"
            for v in f.values
        )
        shots = "".join(
            f"<a class='region' href='{_e(r.image)}' data-doc='{_e(r.doc_id)}' data-page='{r.page}' data-cells='{r.cells}'>"
            f"<img src='{_e(r.image)}' alt='{_e(r.doc_id)} page {r.page}, the compared cells boxed in red' loading='lazy'></a>"
            for r in regions.get(f.id, [])
        )
        rule = (
            f"<div class='rule'>rule <code>{_e(f.rule_id)}</code> · confidence {f.confidence:.2f}"
            + (f" — {_e(rules[f.rule_id])}" if f.rule_id in rules else "")
            + "</div>"
        )
        rows.append(
            "<tr class='finding' data-id='{id}'>"
            "<td data-sort='{rank}'><span class='sev {sev}'>{sev}</span></td>"
            "<td>{label}</td><td>{column}</td><td>{docs}</td>"
            "<td class='num' data-sort='{delta_sort}'>{delta}</td>"
            "<td>{message}{rule}</td><td><ul class='values'>{evidence}</ul><div class='regions'>{shots}</div></td></tr>".format(
                id=_e(f.id),
                rank=_SEVERITY_RANK[f.severity],
                sev=_e(f.severity.value),
                label=_e(f.label),
                column=_e(f.column or ""),
                docs=_e(", ".join(f.docs)),
                delta_sort=_e(abs(f.delta) if f.delta is not None else 0),
                delta=_e(money(f.delta, f.unit) if f.delta is not None else ""),
                message=_e(f.message),
                rule=rule,
                evidence=evidence,
                shots=shots,
            )
        )
    return f"<table class='sortable findings'>{head}<tbody>{''.join(rows)}</tbody></table>"


def _source_link(v: FindingValue, links: _Links) -> str:
    text = f"{v.doc_id} {_where(v)}".strip()
    href = links.href(v)
    if href is None:
        return f"<code>{_e(text)}</code>"
    return f"<a class='source' href='{_e(href)}'><code>{_e(text)}</code></a>"


def _histories(result) -> str:
    """Each table followed across versions, one diff per pair of versions (as daff shows a diff):
    the later version's lines in its order with the aligned columns; a changed cell shows the
    earlier value struck through before the later one; added and removed lines are marked."""
    if not result.histories:
        return ""
    parts = ["<h2 id='histories'>Table histories across versions</h2>"]
    for history in result.histories:
        parts.append(f"<h3>{_e(history.title)}</h3>")
        for i, j, alignment in history.pairs:
            a = rescaled(history.occurrences[i], alignment.factors[0])
            b = rescaled(history.occurrences[j], alignment.factors[1])
            parts.append(_diff_table(a, b, alignment))
    return "\n".join(parts)


def _diff_table(a, b, alignment) -> str:
    cols = list(alignment.cols.items())
    head = "".join(
        f"<th>{_e(b.names.get(cb) or a.names.get(ca) or f'column {cb + 1}')}</th>" for ca, cb in cols
    )
    back = {rb: ra for ra, rb in alignment.rows.items()}
    body = []
    for rb, _ in lines(b.table):
        ra = back.get(rb)
        label = b.table.rows[rb].label
        if ra is None:
            cells = "".join(f"<td class='num'>{_e(_amount(b.values.get((rb, cb))))}</td>" for _, cb in cols)
            body.append(
                f"<tr class='added'><th scope='row'>{_e(label)} <span class='muted'>(added)</span></th>{cells}</tr>"
            )
            continue
        cells = ""
        for ca, cb in cols:
            va, vb = a.values.get((ra, ca)), b.values.get((rb, cb))
            if va is not None and vb is not None and not agrees(va, vb):
                cells += f"<td class='num changed'><span class='old'>{_e(_amount(va))}</span> {_e(_amount(vb))}</td>"
            else:
                cells += f"<td class='num'>{_e(_amount(vb if vb is not None else va))}</td>"
        renamed = a.table.rows[ra].label
        name = _e(label) + (f" <span class='muted'>(was '{_e(renamed)}')</span>" if renamed != label else "")
        body.append(f"<tr><th scope='row'>{name}</th>{cells}</tr>")
    for ra, _ in lines(a.table):
        if ra not in alignment.rows:
            cells = "".join(f"<td class='num'>{_e(_amount(a.values.get((ra, ca))))}</td>" for ca, _ in cols)
            label = a.table.rows[ra].label
            body.append(
                f"<tr class='removed'><th scope='row'>{_e(label)} <span class='muted'>(removed)</span></th>{cells}</tr>"
            )
    caption = (
        f"{a.doc.doc_id} ({a.title or 'table'}, {_table_where(a.table)}) → "
        f"{b.doc.doc_id} ({b.title or 'table'}, {_table_where(b.table)})"
    )
    return (
        f"<p class='src'>{_e(caption)}</p><table class='history'><thead><tr><th>line</th>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _amount(v) -> str:
    """A cell as printed ('9,570.4' under '£000s'), so it reads as on the page."""
    if v is None:
        return ""
    if v.figure is not None and v.figure.raw:
        return v.figure.raw
    return money(v.value, "GBP")


def _shown(v, f: Finding) -> str:
    """A value as evidence: an amount, or for a date check which of the row's dates it is."""
    if v.value is None and f.unit == "days":
        return v.column or "date"
    return money(v.value, v.unit or f.unit)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _where(v) -> str:
    if v.page is not None:
        return f"p.{v.page}"
    if v.line is not None:
        return f"line {v.line}"
    return ""


def _table_where(table) -> str:
    p = table.provenance
    if p.page is not None:
        return f"p.{p.page}"
    return f"line {p.line}" if p.line is not None else "no page"


def _snippet(text: str, limit: int = 240) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- Markdown


# what Markdown reads as markup in running text; '&' only where it would open an entity, '_' only
# where it could open emphasis (CommonMark never reads it inside a word: 'hostile_v1' stays)
_MD_SPECIAL_RE = re.compile(r"[\\`*\[\]<>|~]|&(?=#|[A-Za-z0-9]+;)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def _md(text: object) -> str:
    """Plain Markdown text: the marks Markdown reads are backslash-escaped (CommonMark allows it for
    any ASCII punctuation), so a paper's '<script>' or '|' is shown, never run or read as a table
    cell, and no HTML entity appears in the file."""
    return _MD_SPECIAL_RE.sub(lambda m: "\\" + m.group(0), " ".join(str(text or "").split()))


def _md_link(text: str, href: str | None) -> str:
    if href is None:
        return _md(text)
    return f"[{_md(text)}](<{href.replace('>', '%3E').replace(' ', '%20')}>)"


def render_markdown(
    result, *, regions: dict[str, list[Region]] | None = None, out_dir: Path | None = None
) -> str:
    counts = result.counts()
    links = _Links(getattr(result, "sources", {}), out_dir)
    lines = [
        "# Audit of Better Care Fund papers",
        "",
        f"{_plural(len(result.findings), 'finding')} over {_plural(len(result.documents), 'document')}.",
        "",
    ]
    lines += ["| check | error | warning | info |", "|---|---:|---:|---:|"]
    for kind in (FindingKind.ARITHMETIC, FindingKind.NARRATIVE, FindingKind.CROSS_DOCUMENT):
        c = counts.get(kind.value, {})
        lines.append(
            f"| {_KIND_TITLES[kind]} | {c.get('error', 0)} | {c.get('warning', 0)} | {c.get('info', 0)} |"
        )
    for kind in (FindingKind.ARITHMETIC, FindingKind.NARRATIVE, FindingKind.CROSS_DOCUMENT):
        findings = [f for f in result.findings if f.kind is kind]
        lines += ["", f"## {_KIND_TITLES[kind]} ({len(findings)})", ""]
        for f in sorted(findings, key=lambda f: (_SEVERITY_RANK[f.severity], f.label)):
            lines.append(
                f"- **{f.severity.value}** {_md(f.message)} (rule `{f.rule_id}`, confidence {f.confidence:.2f})"
            )
            for v in f.values:
                place = _md_link(f"{v.doc_id} {_where(v)}".strip(), links.href(v))
                lines.append(f"  - {_md(_shown(v, f))} in {place}: {_md(_snippet(v.text, 160))}")
            for r in (regions or {}).get(f.id, []):
                lines.append(f"  - page image: {_md_link(f'{r.doc_id} p.{r.page}, cells boxed', r.image)}")
    return "\n".join(lines) + "\n"
