"""Names: the doc id a file is written under, and a path as it can be printed and recorded.

A file name is whatever bytes the file system holds, not text: a name that is not valid UTF-8
arrives in Python with lone surrogates, which no JSON, CSV or terminal can hold. A doc id also
names files in OUT, so it must not be one of OUT's own files, hidden, or too long for the file
system once ``.json`` is added.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import regex as re

# OUT/<doc_id>.json beside the run's own JSON files: a paper named run.txt or findings.pdf would be
# overwritten by them (and, being unreadable as a document, skipped for ever)
RESERVED_IDS = frozenset({"run", "findings"})
# NAME_MAX is 255 bytes on Linux, macOS and Windows file systems; ".json", the cache's temporary
# name around it (".<name>.<random>.tmp") and a collision suffix must still fit
MAX_ID_BYTES = 180


def printable(text: str) -> str:
    """``text`` with any byte that was not valid UTF-8 (a lone surrogate from the file system) and
    any control character (a newline or a terminal escape in a file name) shown as ``\\xNN``: the
    same name every time, on one line, and text that any JSON, CSV or terminal holds."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def path_bytes(path: Path | str) -> bytes:
    """The file system's own bytes for ``path``, for hashing: unlike ``str(path).encode()`` this
    never fails, and two different names never give the same bytes."""
    return str(path).encode("utf-8", "surrogateescape")


def doc_id_for(path: Path, used: set[str]) -> tuple[str, str | None]:
    """The doc id for ``path``, unique among ``used`` (which it joins), and a note when it is not
    simply the file's stem.

    Returns:
        ``(doc_id, note)``; ``note`` says why the id differs from the stem, or is ``None``.
    """
    stem = path.stem
    doc_id = printable(stem)
    why = None
    if doc_id != stem:
        why = "its name is not valid UTF-8 or holds control characters"
    elif stem.lower() in RESERVED_IDS:
        why = f"{stem}.json is one of the run's own outputs"
    elif stem.startswith(".") or not stem:
        why = "a hidden name would hide its outputs"
    elif len(stem.encode("utf-8")) > MAX_ID_BYTES:
        why = "its name is too long for the outputs' file names"
    elif stem in used:
        why = "the name is already used in this run"
    if why is None:
        used.add(doc_id)
        return doc_id, None
    digest = hashlib.sha1(path_bytes(path)).hexdigest()[:6]
    base = doc_id.lstrip(".") or "file"
    while len(base.encode("utf-8")) > MAX_ID_BYTES - 20:
        base = base[:-1]
    new_id = f"{base}-{path.suffix.lstrip('.').lower() or 'file'}-{digest}"
    while new_id in used:  # a hash collision among a run's names: lengthen the hash
        digest = hashlib.sha1(digest.encode()).hexdigest()[:8]
        new_id = f"{base}-{digest}"
    used.add(new_id)
    return new_id, f"{printable(str(path))}: {why}; named '{new_id}'"
