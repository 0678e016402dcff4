"""The public Python API: extract, run, load, thin over the pipeline, the batch and the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import small_paper

import extractor
from extractor.errors import EmptyDocumentError, ExtractorError


def test_the_package_exports_the_api():
    assert {"extract", "run", "load", "Document", "RunSummary", "__version__"} <= set(extractor.__all__)


def test_extract_reads_one_paper_and_writes_nothing(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(small_paper(4), encoding="utf-8")
    doc = extractor.extract(path)
    assert isinstance(doc, extractor.Document) and doc.doc_id == "plan"
    assert any(f.unit == "GBP" and f.value for f in doc.figures)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_extract_raises_for_a_file_it_cannot_read(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError, match="empty"):
        extractor.extract(path)


def test_run_then_load_as_duckdb_and_pandas(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    for seed in (1, 2):
        (folder / f"plan-{seed}.txt").write_text(small_paper(seed), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    summary = extractor.run(folder, tmp_path / "out", workers=1)
    assert isinstance(summary, extractor.RunSummary)
    assert summary.ok == ["plan-1", "plan-2"] and [f.doc_id for f in summary.failed] == ["empty"]
    with extractor.load(tmp_path / "out") as data:
        documents = data.table("documents")
        assert sorted(documents["doc_id"]) == ["plan-1", "plan-2"]
        assert data.sql("SELECT count(*) FROM figures").fetchall()[0][0] == summary.figures
        with pytest.raises(ExtractorError, match="no table 'nope'"):
            data.table("nope")


def test_run_and_load_say_what_is_missing(tmp_path):
    with pytest.raises(ExtractorError, match="no such file or folder"):
        extractor.run([tmp_path / "nowhere"], tmp_path / "out")
    with pytest.raises(ExtractorError, match="no dataset at"):
        extractor.load(tmp_path)
    assert not Path(tmp_path / "out").exists()
