"""A run killed half-way (the whole process group, as a power cut or `kill -9` would) and started
again completes the rest, re-reads nothing it had finished, and loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from hostile import GOOD_TEXT, small_paper

from extractor.emit import read_documents


def test_a_killed_run_resumes_where_it_stopped(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    text = GOOD_TEXT.read_text(encoding="utf-8")
    for n in range(6):  # slow enough to kill in the middle
        (folder / f"paper-{n}.txt").write_text(text + "\n\n" + small_paper(n), encoding="utf-8")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "extractor.cli",
        "run",
        str(folder),
        "-o",
        str(out),
        "--workers",
        "1",
        "-q",
    ]

    first = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    cache = out / ".cache"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.glob("*.json"))) < 2:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)  # the runner and its workers, mid-write or not
    first.wait()
    finished = {p.stem for p in cache.glob("*.json")}
    assert 2 <= len(finished) < 6 and not (out / "run.json").exists()

    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    summary = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert set(summary["skipped"]) == finished
    assert summary["documents_ok"] == 6 - len(finished)
    assert {d.doc_id for d in read_documents(out)} == {f"paper-{n}" for n in range(6)}
    assert not list(out.glob(".*.tmp")) and summary["dataset"]["documents"] == 6
