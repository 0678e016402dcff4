"""Running the pipeline over a corpus: finding inputs, skipping unchanged ones, reading the rest in
parallel under per-document limits, then building the exports, the audit and the dataset.

A bad file never stops a batch: its failure is one line in the summary and every other document
still completes. The steps, each a function whose output is the next one's input::

    collect_inputs -> plan (hash, cache) -> execute (pool / Dask / inline) -> record (JSON, cache)
        -> read_documents(OUT) -> write_exports -> run_audit -> build_dataset -> OUT/run.json

``OUT`` is a collection: the exports, the audit and the dataset describe every document JSON in it,
so running 2023's papers and then 2024's into one folder leaves one dataset of both years.
"""

from __future__ import annotations

import fcntl
import functools
import os
import resource
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .cache import (
    RETRY_KINDS,
    Entry,
    cache_key,
    file_sha256,
    read_entry,
    reusable,
    rules_fingerprint,
    write_entry,
)
from .emit import read_document, read_documents, write_atomic, write_exports, write_json
from .errors import ExtractorError
from .executors import ExecutorSettings, execute
from .ingest import SUPPORTED_SUFFIXES
from .models import Document, Finding
from .names import doc_id_for, printable
from .tasks import Failure, Result, Task

if TYPE_CHECKING:
    from .audit import AuditResult

__all__ = [
    "Failure",
    "Ignored",
    "InputFile",
    "RunSettings",
    "RunSummary",
    "collect_inputs",
    "extract_batch",
    "run_corpus",
]


@dataclass(frozen=True)
class InputFile:
    path: Path
    doc_id: str


@dataclass(frozen=True)
class Ignored:
    """A file in a folder that is not read, and why (printable: see :func:`extractor.names.printable`)."""

    path: str
    reason: str

    def line(self) -> str:
        return f"{self.path} ({self.reason})"


@dataclass(frozen=True)
class RunSettings:
    """How a batch runs; resolved and checked once, by the CLI, before anything starts."""

    out_dir: Path
    rules_dir: Path | None = None
    executor: str = "process"
    workers: int = 1
    scheduler: str | None = None
    doc_timeout: float | None = None
    doc_memory_mb: int | None = None
    cache: bool = True
    force: bool = False
    max_tasks_per_worker: int = 0
    ocr: str = "auto"  # which PDF pages Tesseract reads: auto, off, force

    def executor_settings(self) -> ExecutorSettings:
        return ExecutorSettings(
            kind=self.executor,
            workers=self.workers,
            doc_timeout=self.doc_timeout,
            doc_memory_mb=self.doc_memory_mb,
            scheduler=self.scheduler,
            rules_dir=str(self.rules_dir) if self.rules_dir else None,
            max_tasks_per_worker=self.max_tasks_per_worker,
        )


@dataclass
class RunSummary:
    ok: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # pages, figures, dates and records count every document of the run, read or skipped as
    # unchanged (from its cache entry), so a re-run that skips them all still describes them
    pages: int = 0
    figures: int = 0
    dates: int = 0
    records: dict[str, int] = field(default_factory=dict)
    pages_read: int = 0  # the pages actually read in this run: what the speed is measured on
    findings: int | None = None
    dataset: dict[str, int] = field(default_factory=dict)
    # the collection's self-check: printed totals that reconcile with the lines they close
    consistency: dict[str, int | float | None] = field(default_factory=dict)
    extract_seconds: float = 0.0
    seconds: float = 0.0
    worker_peak_mb: dict[str, float] = field(default_factory=dict)
    worker_cpu_seconds: float = 0.0
    main_peak_mb: float = 0.0
    main_cpu_seconds: float = 0.0
    settings: RunSettings | None = None

    @property
    def pages_per_second(self) -> float:
        return self.pages_read / self.seconds if self.seconds else 0.0

    @property
    def documents(self) -> int:
        return len(self.ok) + len(self.failed) + len(self.skipped)

    def as_dict(self) -> dict:
        s = self.settings
        peaks = list(self.worker_peak_mb.values())
        return {
            "tool_version": __version__,
            "documents_ok": len(self.ok),
            "documents_failed": len(self.failed),
            "documents_skipped": len(self.skipped),
            "files_ignored": len(self.ignored),
            "pages": self.pages,
            "pages_read": self.pages_read,
            "figures": self.figures,
            "dates": self.dates,
            "records": self.records,
            "findings": self.findings,
            "seconds": round(self.seconds, 2),
            "extract_seconds": round(self.extract_seconds, 2),
            "pages_per_second": round(self.pages_per_second, 2),
            "documents_per_second": round((len(self.ok) + len(self.failed)) / self.seconds, 3)
            if self.seconds
            else 0.0,
            "peak_memory_mb": {
                "main": round(self.main_peak_mb, 1),
                "worker_max": max(peaks, default=0.0),
                "workers": len(peaks),
            },
            "cpu_seconds": {
                "workers": round(self.worker_cpu_seconds, 2),
                "main": round(self.main_cpu_seconds, 2),
            },
            "executor": s.executor if s else None,
            "workers": s.workers if s else None,
            "limits": {"doc_timeout": s.doc_timeout, "doc_memory_mb": s.doc_memory_mb} if s else {},
            "dataset": self.dataset,
            "consistency": self.consistency,
            "ok": self.ok,
            "failed": [
                {"path": f.path, "doc_id": f.doc_id, "kind": f.kind, "error": f.error} for f in self.failed
            ],
            "skipped": self.skipped,
            "ignored": [{"path": item.path, "reason": item.reason} for item in self.ignored],
            "notes": self.notes,
        }


def available_cores() -> int:
    """The cores this process may run on (a container's share, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- inputs


def collect_inputs(paths: Iterable[Path | str]) -> tuple[list[InputFile], list[Ignored], list[str]]:
    """Files to read, in a stable order, each with a unique doc id.

    Folders are searched recursively for supported files; files named explicitly are always
    attempted (so an unsupported one is reported, not silently dropped). Hidden files and folders
    (a leading ".") are passed over; everything else that is not read is listed with the reason.

    Returns:
        ``(inputs, ignored, notes)``: what is in folders but not read (another file type, a broken
        link, a device or pipe, a folder that cannot be opened), and notes such as renamed doc ids.
    """
    files: list[Path] = []
    ignored: list[Ignored] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, skipped = _walk(path)
            files += found
            ignored += skipped
        else:
            files.append(path)
    inputs: list[InputFile] = []
    used: set[str] = set()
    notes: list[str] = []
    for path in dict.fromkeys(files):
        doc_id, note = doc_id_for(path, used)
        if note:
            notes.append(note)
        inputs.append(InputFile(path=path, doc_id=doc_id))
    return inputs, ignored, notes


def _walk(folder: Path) -> tuple[list[Path], list[Ignored]]:
    """The supported files under ``folder`` in name order, and what else is there and why it is
    not read. ``os.walk`` with ``onerror`` so an unreadable folder is reported, not silently empty;
    links to folders are not followed (a link loop would never end)."""
    found: list[Path] = []
    ignored: list[Ignored] = []

    def unreadable(exc: OSError) -> None:
        name = exc.filename if exc.filename is not None else folder
        ignored.append(Ignored(printable(str(name)), f"folder cannot be read ({exc.strerror or exc})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        followed = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            if (Path(root) / name).is_symlink():
                ignored.append(
                    Ignored(printable(str(Path(root) / name)), "a link to a folder (not followed)")
                )
            else:
                followed.append(name)
        dirs[:] = followed
        for name in sorted(names):
            if name.startswith("."):
                continue
            child = Path(root) / name
            why = _not_read(child)
            if why is None:
                found.append(child)
            else:
                ignored.append(Ignored(printable(str(child)), why))
    found.sort()
    ignored.sort(key=lambda item: item.path)
    return found, ignored


def _not_read(path: Path) -> str | None:
    """Why a file found in a folder is not read, or ``None`` when it is."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken link" if path.is_symlink() else "vanished while the folder was read"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, pipe or socket)"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"not a type bcf-extract reads ({path.suffix.lower() or 'no suffix'})"
    return None


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class _Planned:
    item: InputFile
    key: str | None
    entry: Entry | None


def extract_batch(
    inputs: list[InputFile],
    settings: RunSettings,
    *,
    ignored: Iterable[Ignored] = (),
    notes: Iterable[str] = (),
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
    toolkit=None,
) -> RunSummary:
    """Read every input into ``settings.out_dir``; failures are recorded, never raised.

    Unchanged documents (same cache key, output still present) are skipped unless ``force``.
    ``on_start`` is told how many documents will be read, ``on_result`` hears each one finish.

    Raises:
        ExtractorError: the executor cannot start, or another run holds the output folder.
    """
    started = time.perf_counter()
    out = settings.out_dir
    summary = RunSummary(ignored=list(ignored), notes=list(notes), settings=settings)
    planned = plan(inputs, settings)
    order = {p.item.doc_id: n for n, p in enumerate(planned)}
    tasks: list[Task] = []
    for p in planned:
        if settings.cache and not settings.force and reusable(p.entry, p.key, out):
            _reuse(p.entry, summary)  # type: ignore[arg-type]
        else:
            rules_dir = str(settings.rules_dir) if settings.rules_dir else None
            tasks.append(Task(str(p.item.path), p.item.doc_id, rules_dir, ocr=settings.ocr))
    keys = {p.item.doc_id: p.key for p in planned}
    if on_start is not None:
        on_start(len(tasks))
    for result in execute(tasks, settings.executor_settings(), toolkit):
        result = record(result, out, keys.get(result.doc_id) if settings.cache else None, summary)
        if on_result is not None:
            on_result(result)
    summary.ok.sort(key=order.__getitem__)
    summary.skipped.sort(key=order.__getitem__)
    summary.failed.sort(key=lambda f: order[f.doc_id])
    summary.extract_seconds = time.perf_counter() - started
    return summary


def plan(inputs: list[InputFile], settings: RunSettings) -> list[_Planned]:
    """Each input's cache key (content hash, path, doc id, code and rules fingerprints) and last entry."""
    if not settings.cache:
        return [_Planned(item, None, None) for item in inputs]
    from .rules import default_rules_dir

    # a paper read with another --ocr is another reading: a scan that failed with OCR off is read again
    rules_fp = f"{rules_fingerprint(settings.rules_dir or default_rules_dir())}|ocr={settings.ocr}"
    out: list[_Planned] = []
    for item in inputs:
        digest = file_sha256(item.path)
        key = cache_key(digest, str(item.path), item.doc_id, rules_fp) if digest else None
        out.append(_Planned(item, key, read_entry(settings.out_dir, item.doc_id)))
    return out


def record(result: Result, out: Path, key: str | None, summary: RunSummary) -> Result:
    """Write one result: the document JSON first, then its cache entry (so a kill between the two
    only costs a re-read). A failure to read removes any older output of the same document; a
    failure to write keeps it (the old file is still whole). Returns the result as recorded."""
    result = _printable(result)
    doc_path = out / f"{result.doc_id}.json"
    if result.worker:
        previous = summary.worker_peak_mb.get(result.worker, 0.0)
        summary.worker_peak_mb[result.worker] = max(previous, result.peak_rss_mb)
    summary.worker_cpu_seconds += result.cpu_seconds
    if result.failure is None and result.document_json is not None:
        try:
            write_atomic(doc_path, result.document_json.encode("utf-8"))
        except OSError as exc:
            # a full disk or a read-only folder fails this document, not the whole run
            reason = exc.strerror or str(exc)
            failure = Failure(
                result.path, result.doc_id, f"{result.path}: cannot write {doc_path} ({reason})", "WriteError"
            )
            summary.failed.append(failure)
            return replace(result, failure=failure, document_json=None)
        summary.ok.append(result.doc_id)
        summary.pages_read += result.pages
        _count(summary, result.pages, result.figures, result.dates, result.records)
        entry = Entry(
            result.doc_id,
            result.path,
            key or "",
            True,
            result.pages,
            result.figures,
            result.dates,
            records=dict(result.records),
        )
    else:
        failure = result.failure or Failure(
            result.path, result.doc_id, f"{result.path}: no result", "InternalError"
        )
        doc_path.unlink(missing_ok=True)
        summary.failed.append(failure)
        entry = Entry(result.doc_id, result.path, key or "", False, error=failure.error, kind=failure.kind)
        if failure.kind in RETRY_KINDS:
            key = None
    if key:
        write_entry(out, entry)
    return result


def _printable(result: Result) -> Result:
    """The result with its path and failure as text any JSON or terminal holds: an executor's own
    failures (a timeout, a dead worker) name the path as given, which may not be UTF-8."""
    failure = result.failure
    if failure is not None:
        failure = replace(failure, path=printable(failure.path), error=printable(failure.error))
    return replace(result, path=printable(result.path), failure=failure)


def _count(summary: RunSummary, pages: int, figures: int, dates: int, records: dict[str, int]) -> None:
    summary.pages += pages
    summary.figures += figures
    summary.dates += dates
    for name, count in records.items():
        summary.records[name] = summary.records.get(name, 0) + count


def _reuse(entry: Entry, summary: RunSummary) -> None:
    if entry.ok:
        summary.skipped.append(entry.doc_id)
        _count(summary, entry.pages, entry.figures, entry.dates, entry.records)
    else:  # the same file failed the same way last time: report it again, do not re-read it
        summary.failed.append(
            Failure(
                entry.path,
                entry.doc_id,
                f"{entry.error} (unchanged since the last run)",
                entry.kind or "Error",
            )
        )


# --------------------------------------------------------------------------- the whole run


def run_corpus(
    inputs: list[InputFile],
    settings: RunSettings,
    *,
    ignored: Iterable[Ignored] = (),
    notes: Iterable[str] = (),
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
    audit: bool = True,
    dataset: bool = True,
) -> tuple[RunSummary, AuditResult | None]:
    """``bcf-extract run``: extract, then exports, audit and dataset over every document in OUT.

    Returns:
        The summary (also written to ``OUT/run.json``) and the audit result (``None`` without one).

    Raises:
        ExtractorError: the executor cannot start, or another run holds the output folder.
    """
    started = time.perf_counter()
    out = settings.out_dir
    with output_lock(out):
        summary = extract_batch(
            inputs, settings, ignored=ignored, notes=notes, on_start=on_start, on_result=on_result
        )
        # Each stage streams the documents from OUT again (about 5 ms a document to parse) rather
        # than holding them all: a national corpus does not fit in memory, one document does.
        write_exports(out)
        result = None
        findings: list[Finding] = []
        if audit:
            result, findings = _audit(out, settings, summary)
        if dataset:
            from .dataset import DATASET_NAME, build_dataset, consistency_rate

            summary.dataset = build_dataset(read_documents(out), findings, out / DATASET_NAME)
            summary.consistency = consistency_rate(out / DATASET_NAME)
        finish(summary, started)
    return summary, result


def finish(summary: RunSummary, started: float) -> RunSummary:
    """Stamp the time and memory, write ``OUT/run.json``."""
    summary.seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    summary.main_peak_mb = usage.ru_maxrss / 1024
    summary.main_cpu_seconds = usage.ru_utime + usage.ru_stime
    if summary.settings is not None:
        write_json(summary.settings.out_dir / "run.json", summary.as_dict())
    return summary


def documents_for(inputs: list[InputFile], out: Path) -> Iterator[Document]:
    """The documents of these inputs that are in ``out`` (those that were read), read one by one."""
    wanted = {item.doc_id for item in inputs}
    return (doc for doc in read_documents(out) if doc.doc_id in wanted)


def _audit(out: Path, settings: RunSettings, summary: RunSummary) -> tuple[AuditResult | None, list[Finding]]:
    """Run the audit over every document in ``out`` and write its outputs. A failure of the audit
    itself is a failed run (exit 1), never a lost batch: the documents and the dataset are still written."""
    from .audit import run_audit, write_outputs
    from .tasks import toolkit_for

    try:
        result = run_audit(
            read_documents(out),
            toolkit_for(settings.rules_dir, warm=False),
            load=functools.partial(read_document, out),
        )
        write_outputs(result, out)
    except Exception as exc:  # noqa: BLE001 - report, keep the rest of the run
        summary.failed.append(
            Failure(str(out), "(audit)", f"audit failed: {type(exc).__name__}: {exc}", "AuditError")
        )
        return None, []
    summary.findings = len(result.findings)
    return result, list(result.findings)


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold ``OUT/.lock`` for the run: two runs writing one folder would interleave their caches.
    Leftover temporary files of a killed run are removed once the lock is ours.

    Raises:
        ExtractorError: another run holds the folder.
    """
    out.mkdir(parents=True, exist_ok=True)
    handle = (out / ".lock").open("a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ExtractorError(
                f"another bcf-extract run is writing to {out}; wait for it or choose another -o"
            ) from None
        for stale in [*out.glob(".*.tmp"), *(out / ".cache").glob(".*.tmp")]:
            stale.unlink(missing_ok=True)
        yield
    finally:
        handle.close()


def describe(summary: RunSummary) -> str:
    """The run's closing line."""
    peaks = list(summary.worker_peak_mb.values())
    memory = f", peak memory {max(peaks):.0f} MB per worker" if peaks else ""
    findings = f", {summary.findings} findings" if summary.findings is not None else ""
    ignored = f", {len(summary.ignored)} ignored" if summary.ignored else ""
    return (
        f"{len(summary.ok)} ok, {len(summary.failed)} failed, {len(summary.skipped)} skipped (unchanged)"
        f"{ignored}; "
        f"{summary.pages} pages, {summary.figures} figures, {summary.dates} dates{findings} "
        f"in {summary.seconds:.1f}s ({summary.pages_per_second:.1f} pages/s{memory})"
    )
