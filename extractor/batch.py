"""Running the pipeline over many files: finding inputs, naming documents, isolating failures.

A bad file never stops a batch: its failure is one line in the summary and every other document
still completes.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .emit import write_document, write_exports, write_json
from .errors import ExtractorError, IngestError
from .ingest import SUPPORTED_SUFFIXES
from .pipeline import Toolkit, extract_document


@dataclass(frozen=True)
class InputFile:
    path: Path
    doc_id: str


@dataclass
class Failure:
    path: str
    doc_id: str
    error: str
    kind: str
    traceback: str | None = None


@dataclass
class RunSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    pages: int = 0
    figures: int = 0
    dates: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "documents_ok": len(self.ok),
            "documents_failed": len(self.failed),
            "documents_skipped": len(self.skipped),
            "pages": self.pages,
            "figures": self.figures,
            "dates": self.dates,
            "seconds": round(self.seconds, 2),
            "ok": self.ok,
            "failed": [{"path": f.path, "doc_id": f.doc_id, "kind": f.kind, "error": f.error} for f in self.failed],
            "skipped": self.skipped,
            "notes": self.notes,
        }


def collect_inputs(paths: Iterable[Path | str]) -> tuple[list[InputFile], list[str], list[str]]:
    """Files to read, in a stable order, each with a unique doc id.

    Folders are searched recursively for supported files; files named explicitly are always
    attempted (so an unsupported one is reported, not silently dropped).

    Returns:
        ``(inputs, skipped, notes)``: skipped files found in folders that we do not read, and
        notes such as renamed doc ids.
    """
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.append(child)
                else:
                    skipped.append(str(child))
        else:
            files.append(path)
    inputs: list[InputFile] = []
    used: set[str] = set()
    notes: list[str] = []
    for path in dict.fromkeys(files):
        doc_id = path.stem
        if doc_id in used:
            # two files share a name (e.g. 'agenda.pdf' in two folders): keep both, distinguishably
            digest = hashlib.sha1(str(path).encode()).hexdigest()[:6]
            new_id = f"{doc_id}-{path.suffix.lstrip('.').lower() or 'file'}-{digest}"
            notes.append(f"{path}: doc id {doc_id!r} already used in this run; named {new_id!r}")
            doc_id = new_id
        used.add(doc_id)
        inputs.append(InputFile(path=path, doc_id=doc_id))
    return inputs, skipped, notes


def run_extract(
    inputs: list[InputFile],
    out_dir: Path,
    toolkit: Toolkit,
    *,
    skipped: Iterable[str] = (),
    notes: Iterable[str] = (),
    on_result: Callable[[InputFile, Failure | None], None] | None = None,
) -> RunSummary:
    """Extract every input into ``out_dir``; failures are recorded, never raised."""
    started = time.perf_counter()
    summary = RunSummary(skipped=list(skipped), notes=list(notes))
    out_dir.mkdir(parents=True, exist_ok=True)
    for item in inputs:
        failure: Failure | None = None
        try:
            doc = extract_document(item.path, toolkit, doc_id=item.doc_id)
            write_document(doc, out_dir)
            summary.ok.append(item.doc_id)
            summary.pages += doc.source.pages or 0
            summary.figures += len(doc.figures)
            summary.dates += len(doc.dates)
        except IngestError as exc:
            failure = Failure(str(item.path), item.doc_id, str(exc), type(exc).__name__)
        except ExtractorError as exc:
            failure = Failure(str(item.path), item.doc_id, str(exc), type(exc).__name__, traceback.format_exc())
        except Exception as exc:  # a bug or a pathological file must not sink the batch
            failure = Failure(
                str(item.path),
                item.doc_id,
                f"{item.path}: internal error ({type(exc).__name__}: {exc}); please report it with the file",
                "InternalError",
                traceback.format_exc(),
            )
        if failure is not None:
            summary.failed.append(failure)
        if on_result is not None:
            on_result(item, failure)
    write_exports(out_dir)
    summary.seconds = time.perf_counter() - started
    write_json(out_dir / "run.json", summary.as_dict())
    return summary
