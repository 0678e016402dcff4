"""The order a batch starts its documents in: largest first, so the workers finish together."""

from __future__ import annotations

from pathlib import Path

from extractor.batch import largest_first
from extractor.tasks import Task


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
