"""How a batch spreads its work: the largest documents first, so the workers finish together, and
the audit beside the exports."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from hostile import small_paper

from extractor.batch import RunSettings, RunSummary, _audit, largest_first
from extractor.cli import main
from extractor.tasks import Task

SAMPLE_PDF = Path(__file__).resolve().parent.parent / "corpus" / "pdf" / "000_af6d23c4c93e057d.pdf"


def _task(folder: Path, name: str, size: int | None) -> Task:
    path = folder / name
    if size is not None:
        path.write_bytes(b"x" * size)
    return Task(str(path), path.stem)


def test_the_largest_file_starts_first_and_equal_sizes_keep_their_order(tmp_path):
    tasks = [
        _task(tmp_path, "a.txt", 10),
        _task(tmp_path, "b.txt", 5_000),
        _task(tmp_path, "c.txt", 10),
        _task(tmp_path, "gone.txt", None),  # vanished since it was listed: fails at once, goes last
        _task(tmp_path, "d.txt", 300),
    ]
    assert [t.doc_id for t in largest_first(tasks)] == ["b", "d", "a", "c", "gone"]


def test_the_audit_beside_the_exports_finds_what_it_finds_after_them(tmp_path):
    """Two workers run the audit in a process of its own, beside the exports and the dataset's
    document rows; one worker runs it in the main process. The outputs are the same."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for n in range(2):
        (folder / f"paper-{n}.txt").write_text(small_paper(n), encoding="utf-8")
    shutil.copy(SAMPLE_PDF, folder)  # a sample paper with findings, and pages drawn for them
    outs = {}
    for workers in (1, 2):
        outs[workers] = out = tmp_path / f"out-{workers}"
        assert main(["run", str(folder), "-o", str(out), "--workers", str(workers), "-q"]) == 0
    for name in ("findings.json", "audit.md", "figures.csv"):
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name
    pages = sorted(p.name for p in (outs[2] / "audit-pages").iterdir())
    assert pages and pages == sorted(p.name for p in (outs[1] / "audit-pages").iterdir())
    one, two = (json.loads((outs[w] / "run.json").read_text()) for w in (1, 2))
    assert one["findings"] == two["findings"] and one["findings"] > 0
    assert one["dataset"] == two["dataset"] and two["dataset"]["findings"] == two["findings"]


def test_an_audit_whose_process_died_fails_the_run_not_the_batch(tmp_path):
    pending: Future = Future()
    pending.set_exception(BrokenProcessPool("the audit's process died"))
    summary = RunSummary()
    assert _audit(tmp_path, RunSettings(out_dir=tmp_path), summary, pending) == (None, [])
    assert [(f.doc_id, f.kind) for f in summary.failed] == [("(audit)", "AuditError")]
    assert "the audit's process died" in summary.failed[0].error
