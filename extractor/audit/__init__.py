"""The audit: every disagreement in a set of papers, with its evidence.

``run_audit(documents, toolkit)`` runs the three checks — arithmetic inside tables, prose against
tables, and figures across versions — and returns an :class:`AuditResult`. ``write_outputs``
writes ``findings.json`` (the contract other tools read), ``audit.html`` and ``audit.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..emit import write_atomic, write_json
from ..models import Document, Finding, Records, Severity
from . import (
    allocations,
    arithmetic,
    differences,
    narrative,
    restated,
    schedule,
    splits,
    statements,
    targets,
    versions,
)
from .common import settled
from .versions import History

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass
class AuditResult:
    findings: list[Finding] = field(default_factory=list)
    histories: list[History] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # doc_id -> the file it was read from
    rules: dict[str, str] = field(default_factory=dict)  # rule_id -> what the check compares

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for f in self.findings:
            out.setdefault(f.kind.value, Counter())[f.severity.value] += 1  # type: ignore[index]
        return {k: dict(v) for k, v in out.items()}


def run_audit(
    documents: Iterable[Document], toolkit, *, load: Callable[[str], Document] | None = None
) -> AuditResult:
    """Check every document, then every group of versions. Findings are sorted worst first.

    Without ``load`` the documents are kept for the version checks. With it (a reader from doc_id to
    document) each document is checked as it streams past and only its identity is kept; a group of
    versions is read back when its turn comes. Memory then follows the largest group of versions,
    not the size of the corpus.
    """
    rules = toolkit.rules
    findings: list[Finding] = []
    identities: list[Document] = []
    prints: dict[str, versions.Identity] = {}
    kept: dict[str, Document] = {}
    for doc in documents:
        findings.extend(arithmetic.check_document(doc, rules))
        findings.extend(differences.check_document(doc, rules))
        findings.extend(allocations.check_document(doc))
        findings.extend(schedule.check_document(doc, rules))
        findings.extend(statements.check_document(doc, rules))
        findings.extend(splits.check_document(doc, rules))
        findings.extend(narrative.check_document(doc, rules, toolkit.gazetteer))
        identities.append(_identity(doc))
        prints[doc.doc_id] = versions.identity(doc)
        if load is None:
            kept[doc.doc_id] = doc
    all_histories: list[History] = []
    for key_group in versions.group_documents(identities, prints):
        group = [kept[d.doc_id] if load is None else _tables_only(load(d.doc_id)) for d in key_group]
        members = {d.doc_id for d in group}
        findings = [f for f in findings if f.docs[0] not in members] + narrative.explain_from_versions(
            [f for f in findings if f.docs[0] in members], group
        )
        found, group_histories = versions.check_group(group, toolkit.gazetteer)
        findings.extend(found)
        findings.extend(targets.check_group(group))
        findings.extend(restated.check_group(group))
        all_histories.extend(_detached(group_histories))
    unique: dict[str, Finding] = {}
    for f in findings:
        unique.setdefault(f.id, settled(f))
    ordered = sorted(
        unique.values(), key=lambda f: (_SEVERITY_ORDER[f.severity], f.kind.value, f.docs, f.label)
    )
    return AuditResult(
        findings=ordered,
        histories=all_histories,
        documents=[d.doc_id for d in identities],
        titles={d.doc_id: d.metadata.title or d.doc_id for d in identities},
        sources={d.doc_id: d.source.path for d in identities},
        rules={r.id: r.summary for r in rules.audit_checks},
    )


def _identity(doc: Document) -> Document:
    """The document without its content: what grouping and the report need to name it."""
    return _slimmed(doc, tables=False)


def _tables_only(doc: Document) -> Document:
    """What the version checks read — tables, figures and metrics — without the prose blocks and
    the other records, which are over half of a document and would be held for the whole group."""
    return _slimmed(doc, tables=True)


def _slimmed(doc: Document, *, tables: bool) -> Document:
    dropped: dict[str, object] = {"sections": [], "blocks": [], "dates": [], "warnings": []}
    if tables:
        dropped["records"] = Records(metrics=doc.records.metrics)
    else:
        dropped.update(tables=[], figures=[], records=Records())
    return doc.model_copy(update=dropped)


def _detached(histories: list[History]) -> list[History]:
    """Histories that hold their tables but not the whole documents they came from, so a history
    kept for the report does not keep a document's blocks and figures alive."""
    identities: dict[int, Document] = {}
    for history in histories:
        history.occurrences = [
            replace(o, doc=identities.setdefault(id(o.doc), _identity(o.doc))) for o in history.occurrences
        ]
    return histories


def write_outputs(result: AuditResult, out_dir: Path) -> None:
    """``findings.json``, ``audit.html`` and ``audit.md``, with the page regions the report shows
    (``audit-pages/``) drawn from the source PDFs."""
    from .pages import render_regions
    from .report import render_html, render_markdown

    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / "findings.json", [f.model_dump(mode="json") for f in result.findings])
    regions = render_regions(result.findings, result.sources, out_dir)
    write_atomic(
        out_dir / "audit.html", render_html(result, regions=regions, out_dir=out_dir).encode("utf-8")
    )
    write_atomic(
        out_dir / "audit.md", render_markdown(result, regions=regions, out_dir=out_dir).encode("utf-8")
    )


def summary_lines(result: AuditResult, worst: int = 5) -> list[str]:
    """A short terminal summary: counts by kind and severity, then the worst few findings."""
    counts = result.counts()
    n = len(result.findings)
    lines = [
        f"audit: {n} finding{'s' if n != 1 else ''} over {len(result.documents)} document{'s' if len(result.documents) != 1 else ''}"
    ]
    for kind in ("arithmetic", "narrative", "cross_document"):
        c = counts.get(kind, {})
        lines.append(
            f"  {kind:<15} error {c.get('error', 0):>3}  warning {c.get('warning', 0):>3}  info {c.get('info', 0):>3}"
        )
    for f in result.findings[:worst]:
        if f.severity is Severity.INFO:
            break
        lines.append(f"  [{f.severity.value}] {f.message}")
    return lines


__all__ = ["AuditResult", "run_audit", "summary_lines", "write_outputs"]
