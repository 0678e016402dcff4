"""The per-document task every executor runs: one file in, one :class:`Result` out, never a raise.

The task is the unit of work in the local process pool, on a Dask worker and inline alike, so the
outputs are the same whichever runs it. A result crosses the process boundary as plain data: the
document as its JSON text, the counts, and a failure as strings.

Each worker process builds its :class:`~extractor.pipeline.Toolkit` once (from the rules folder
named in the task) and keeps it for every later document; that per-process cache is the only
module state here.
"""

from __future__ import annotations

import gc
import os
import resource
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ExtractorError, IngestError
from .names import printable

_TOOLKITS: dict[str, object] = {}  # rules dir -> Toolkit, per worker process


@dataclass(frozen=True)
class Task:
    """One document to read. ``path`` is as the user gave it (it is what the outputs record);
    ``cwd`` is the caller's working folder, for a worker that runs elsewhere (a Dask cluster)."""

    path: str
    doc_id: str
    rules_dir: str | None = None
    cwd: str | None = None
    ocr: str = "auto"


@dataclass(frozen=True)
class Failure:
    path: str
    doc_id: str
    error: str
    kind: str
    traceback: str | None = None

    def line(self) -> str:
        """The one-line report: the message already names the file."""
        return f"{self.kind}: {self.error}"


@dataclass(frozen=True)
class Result:
    doc_id: str
    path: str
    document_json: str | None = None
    failure: Failure | None = None
    pages: int = 0
    figures: int = 0
    dates: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    worker: str = ""

    @property
    def ok(self) -> bool:
        return self.failure is None


def init_worker(rules_dir: str | None = None, memory_mb: int | None = None) -> None:
    """Set up a fresh worker process: cap its address space, build its toolkit.

    The memory cap is ``RLIMIT_AS`` for the whole worker, which serves one document at a time, so
    it is the document's limit: an allocation past it raises ``MemoryError`` inside the task (or
    kills the process), and the pool replaces the worker.
    """
    if memory_mb:
        limit = int(memory_mb) * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        toolkit_for(rules_dir)
    except Exception:  # noqa: BLE001 - a bad rules folder is reported by the task, per document
        pass


def toolkit_for(rules_dir: str | Path | None, *, warm: bool = True):
    """This process's toolkit for ``rules_dir``, built (and warmed up) on first use.

    Keyed by the rules' fingerprint as well as their folder, so an edited rule file is picked up.
    """
    from .cache import rules_fingerprint
    from .rules import default_rules_dir

    folder = Path(rules_dir) if rules_dir else default_rules_dir()
    key = f"{folder}:{rules_fingerprint(folder) if folder.is_dir() else ''}"
    toolkit = _TOOLKITS.get(key)
    if toolkit is None:
        from .pipeline import Toolkit
        from .rules import load_rules

        toolkit = Toolkit(load_rules(rules_dir))
        _TOOLKITS[key] = toolkit
        if warm:
            warm_up(toolkit)
        settle()
    return toolkit


def settle() -> None:
    """Put everything built so far (the rules, spaCy's pipeline, compiled patterns: hundreds of
    thousands of objects that live as long as the process) out of the garbage collector's sight.

    A full collection walks every tracked object; without this each one re-walked the whole
    toolkit (79 full collections were 15% of a run). Frozen before a fork server forks, the
    objects also stay shared with the workers instead of being copied when the collector
    touches them.
    """
    gc.collect()
    gc.freeze()


_WARM_UP_PAPER = """HEALTH & WELLBEING BOARD - 12 March 2024

Better Care Fund Plan 2024-25

1. The pooled budget for 2024/25 is £12.3m, 4.5% more than in 2023/24.

Contribution\tCouncil £000\tICB £000\tTotal £000
iBCF\t1,200\t0\t1,200
Total\t1,200\t11,100\t12,300
"""


def warm_up(toolkit) -> None:
    """Read a tiny paper once, so that what the pipeline builds lazily on its first document (the
    spaCy pipeline, compiled rule patterns, the PDF reader's imports) is built before any document
    is timed, and before a fork server hands it to its workers."""
    import importlib
    import tempfile

    from .pipeline import extract_document

    # the PDF reader (pdfium, pdfplumber's table finder) is imported lazily by ingest
    importlib.import_module(".ingest.pdf", __package__)

    with tempfile.TemporaryDirectory(prefix="bcf-warm-up-") as folder:
        path = Path(folder) / "warm-up.txt"
        path.write_text(_WARM_UP_PAPER, encoding="utf-8")
        try:
            extract_document(path, toolkit, doc_id="warm-up")
        except Exception:  # noqa: BLE001 - warming up is an optimisation; a real document will report
            pass


def run_task(task: Task, toolkit=None) -> Result:
    """Read one document. Every exception becomes a failed :class:`Result`.

    Args:
        task: the document.
        toolkit: the toolkit to use; by default this process's own for ``task.rules_dir``.
    """
    started, cpu = time.perf_counter(), time.process_time()
    worker = f"{os.uname().nodename}:{os.getpid()}"
    open_path = _local_path(task)
    # what the outputs record and print: the path as given, with any byte that is not UTF-8 escaped
    shown = printable(task.path)
    try:
        from .pipeline import extract_document

        doc = extract_document(
            open_path, toolkit or toolkit_for(task.rules_dir), doc_id=task.doc_id, ocr=task.ocr
        )
        if open_path != shown:  # found through the caller's folder, or a name that is not UTF-8
            doc = doc.model_copy(update={"source": doc.source.model_copy(update={"path": shown})})
        records = {name: len(getattr(doc.records, name)) for name in type(doc.records).model_fields}
        return Result(
            doc_id=task.doc_id,
            path=shown,
            document_json=doc.model_dump_json(indent=1),
            pages=doc.source.pages or 0,
            figures=len(doc.figures),
            dates=len(doc.dates),
            records=records,
            seconds=time.perf_counter() - started,
            cpu_seconds=time.process_time() - cpu,
            peak_rss_mb=peak_rss_mb(),
            worker=worker,
        )
    except IngestError as exc:
        # the one-line message is what users see; the traceback is kept for --debug
        failure = Failure(
            shown,
            task.doc_id,
            printable(_as_given(str(exc), open_path, task.path).replace(task.path, shown)),
            type(exc).__name__,
            traceback.format_exc(),
        )
    except ExtractorError as exc:
        failure = Failure(
            shown, task.doc_id, printable(f"{shown}: {exc}"), type(exc).__name__, traceback.format_exc()
        )
    except MemoryError:
        failure = memory_failure(shown, task.doc_id, address_space_limit_mb())
    except RecursionError:
        failure = Failure(
            shown,
            task.doc_id,
            f"{shown}: nested too deeply to read (deeper than Python's recursion limit)",
            "RecursionLimit",
            traceback.format_exc(),
        )
    except Exception as exc:  # noqa: BLE001 - a bug or a pathological file must not sink the batch
        failure = Failure(
            shown,
            task.doc_id,
            printable(
                f"{shown}: internal error ({type(exc).__name__}: {exc}); please report it with the file"
            ),
            "InternalError",
            traceback.format_exc(),
        )
    return Result(
        doc_id=task.doc_id,
        path=shown,
        failure=failure,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        peak_rss_mb=peak_rss_mb(),
        worker=worker,
    )


def memory_failure(path: str, doc_id: str, limit_mb: int | None = None) -> Failure:
    why = (
        f"over the {limit_mb} MB limit; raise --doc-memory" if limit_mb else "with no --doc-memory limit set"
    )
    return Failure(path, doc_id, f"{path}: ran out of memory ({why})", "MemoryLimit")


def address_space_limit_mb() -> int | None:
    """This process's address-space limit (what ``--doc-memory`` set in a worker), in MB."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft // (1024 * 1024)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _local_path(task: Task) -> str:
    """A relative path that does not exist here but does under the caller's folder is read from there."""
    path = Path(task.path)
    if path.is_absolute() or task.cwd is None or path.exists():
        return task.path
    candidate = Path(task.cwd) / path
    return str(candidate) if candidate.exists() else task.path


def _as_given(message: str, open_path: str, given: str) -> str:
    return message.replace(open_path, given) if open_path != given else message
