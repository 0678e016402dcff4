"""`--executor dask`: the same per-document task on a dask.distributed cluster gives the same outputs
as the local process pool, isolates failures per document and shares the cache through OUT."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hostile import GOOD_TEXT, big_text, one_page_pdf, small_paper

from extractor.cli import main

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402 - after the skip: both come with the dask extra

# What may differ between two runs of the same inputs: the clock, the memory, and who ran them.
VOLATILE = {
    "seconds",
    "extract_seconds",
    "cpu_seconds",
    "pages_per_second",
    "documents_per_second",
    "peak_memory_mb",
    "executor",
    "workers",
}


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("papers")
    shutil.copy(GOOD_TEXT, folder / GOOD_TEXT.name)
    for n in range(3):
        (folder / f"hwb-{n}.txt").write_text(small_paper(n), encoding="utf-8")
    one_page_pdf(folder)
    (folder / "broken.pdf").write_bytes(b"<html>Service unavailable</html>")
    return folder


def _outputs(out: Path) -> dict[str, object]:
    files = {
        p.name: p.read_bytes()
        for p in out.iterdir()
        if p.suffix in (".json", ".csv") and p.name != "run.json"
    }
    summary = json.loads((out / "run.json").read_text())
    return {**files, "run.json": {k: v for k, v in summary.items() if k not in VOLATILE}}


@pytest.fixture(scope="module")
def pool_out(papers, tmp_path_factory) -> Path:
    """The same papers through the local process pool: what Dask must reproduce."""
    out = tmp_path_factory.mktemp("pool")
    assert main(["run", str(papers), "-o", str(out), "--workers", "2", "-q"]) == 1
    return out


def test_dask_outputs_are_identical_to_the_process_pool(cluster, papers, pool_out, tmp_path):
    dask_out = tmp_path / "dask"
    args = ["run", str(papers), "-o", str(dask_out), "--executor", "dask", "--scheduler", cluster, "-q"]
    assert main(args) == 1

    pool, dask = _outputs(pool_out), _outputs(dask_out)
    assert sorted(pool) == sorted(dask)
    for name in pool:
        assert pool[name] == dask[name], name
    summary = json.loads((dask_out / "run.json").read_text())
    assert summary["executor"] == "dask" and summary["documents_ok"] == 5
    assert [f["doc_id"] for f in summary["failed"]] == ["broken"]  # isolated: the rest completed
    assert summary["peak_memory_mb"]["workers"] == 2


def test_dask_shares_the_cache_through_out(cluster, papers, pool_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(pool_out, out)
    assert main(["run", str(papers), "-o", str(out), "--executor", "dask", "--scheduler", cluster, "-q"]) == 1
    summary = json.loads((out / "run.json").read_text())
    assert summary["documents_skipped"] == 5 and summary["documents_ok"] == 0


def test_dask_stops_a_document_over_the_time_limit_and_goes_on(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    big = big_text(folder, megabytes=20)
    (folder / "hwb.txt").write_text(small_paper(5), encoding="utf-8")
    out = tmp_path / "out"
    args = [
        "run",
        str(folder),
        "-o",
        str(out),
        "--executor",
        "dask",
        "--scheduler",
        cluster,
        "--doc-timeout",
        "3",
    ]
    assert main([*args, "-q"]) == 1
    summary = json.loads((out / "run.json").read_text())
    assert summary["ok"] == ["hwb"]
    assert summary["failed"][0]["doc_id"] == big.stem and summary["failed"][0]["kind"] == "Timeout"


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path, capsys):
    paper = tmp_path / "p.txt"
    paper.write_text(small_paper(1), encoding="utf-8")
    args = [
        "run",
        str(paper),
        "-o",
        str(tmp_path / "o"),
        "--executor",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:9",
    ]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(args) == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
