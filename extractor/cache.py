"""The result cache under ``OUT/.cache/``: which documents can be skipped on a re-run.

A document is skipped when its cache entry's key matches: the key is a hash of the file's
content, the path and doc id it was read under, the tool version with a fingerprint of the
package's code, and a fingerprint of the rules folder. Any of these changing means the output
may change, so the document is read again. ``--force`` ignores the cache.

One small JSON entry per document (``OUT/.cache/<doc_id>.json``), written atomically *after* the
document's own JSON: a run killed half-way leaves every finished document with a valid entry and
every unfinished one with none, so a restart completes the rest and loses nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from . import __version__
from .emit import write_atomic

CACHE_DIR = ".cache"
_CHUNK = 1 << 20

# Failures that depend on the machine or the limits rather than on the file: retried on a re-run.
RETRY_KINDS = frozenset({"Timeout", "MemoryLimit", "WorkerDied", "Cancelled"})


@dataclass(frozen=True)
class Entry:
    """What one document's last run left: its key, outcome and counts."""

    doc_id: str
    path: str
    key: str
    ok: bool
    pages: int = 0
    figures: int = 0
    dates: int = 0
    error: str | None = None
    kind: str | None = None
    records: dict[str, int] = field(default_factory=dict)


@cache
def code_fingerprint() -> str:
    """The tool version plus a hash of the package's source, so a code change invalidates the cache
    even when the version number was not bumped (an editable install during development)."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def rules_fingerprint(rules_dir: Path | str) -> str:
    """A hash of every rule file's name and content."""
    digest = hashlib.sha256()
    root = Path(rules_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_sha256(path: Path) -> str | None:
    """The content hash of a regular file, or ``None`` when it cannot be read here (the worker
    then reports why, in the words the ingest stage uses)."""
    try:
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def cache_key(content_sha256: str, path: str, doc_id: str, rules_fp: str) -> str:
    parts = [content_sha256, path, doc_id, code_fingerprint(), rules_fp]
    # a path is the file system's bytes, not always UTF-8: surrogateescape hashes those bytes
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def entry_path(out_dir: Path, doc_id: str) -> Path:
    return out_dir / CACHE_DIR / f"{doc_id}.json"


def read_entry(out_dir: Path, doc_id: str) -> Entry | None:
    try:
        data = json.loads(entry_path(out_dir, doc_id).read_text(encoding="utf-8"))
        return Entry(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_entry(out_dir: Path, entry: Entry) -> None:
    write_atomic(
        entry_path(out_dir, entry.doc_id), json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8")
    )


def reusable(entry: Entry | None, key: str | None, out_dir: Path) -> bool:
    """Whether a document's last result stands: same key, and its JSON is still there (for a
    success) or its failure did not depend on a limit or the machine (for a failure)."""
    if entry is None or key is None or entry.key != key:
        return False
    if entry.ok:
        return (out_dir / f"{entry.doc_id}.json").is_file()
    return entry.kind not in RETRY_KINDS
