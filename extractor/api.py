"""The Python API: three functions over what the command line uses, for a notebook or a script.

import extractor

doc = extractor.extract("paper.pdf")                 # one paper -> Document (no files written)
summary = extractor.run(["papers/"], "outputs")      # a corpus -> OUT, as `bcf-extract run`
with extractor.load("outputs") as data:              # OUT/bcf.duckdb, read-only
    figures = data.table("figures")                  # a pandas DataFrame
    rows = data.sql("SELECT area, count(*) FROM documents GROUP BY 1").df()
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .batch import RunSettings, RunSummary, available_cores, collect_inputs, run_corpus
from .errors import ExtractorError
from .models import Document
from .names import doc_id_for

if TYPE_CHECKING:
    import pandas as pd

# the command line's defaults, for the same reasons (see `bcf-extract run --help`)
DEFAULT_DOC_TIMEOUT_S = 600
DEFAULT_DOC_MEMORY_MB = 4096


def extract(path: Path | str, *, rules: Path | str | None = None) -> Document:
    """Read one paper (PDF, text or Markdown) into a :class:`~extractor.models.Document`.

    Nothing is written; ``doc.model_dump_json()`` gives the JSON ``run`` would write. The rules
    and spaCy pipeline are built on the first call and kept for the next ones in this process.

    Args:
        path: the paper.
        rules: a rules folder (default: the project's ``rules/``).

    Raises:
        IngestError: the file cannot be read (the message names it and says what to do).
        RuleFileError: a rule file is malformed.
    """
    from .pipeline import extract_document
    from .tasks import toolkit_for

    path = Path(path)
    doc_id, _note = doc_id_for(path, set())
    return extract_document(path, toolkit_for(rules), doc_id=doc_id)


def run(
    paths: Iterable[Path | str] | Path | str,
    out: Path | str = "outputs",
    *,
    workers: int | None = None,
    force: bool = False,
    rules: Path | str | None = None,
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT_S,
    doc_memory_mb: int | None = DEFAULT_DOC_MEMORY_MB,
) -> RunSummary:
    """``bcf-extract run``: read papers into ``out`` (document JSON, exports, audit, the dataset
    ``out/bcf.duckdb``, ``out/run.json``), skipping those unchanged since the last run into ``out``.

    A file that cannot be read is a failure in the summary (``summary.failed``), never an exception.

    Args:
        paths: files and folders (folders are searched recursively).
        out: the output folder.
        workers: worker processes, each under ``doc_timeout`` seconds and ``doc_memory_mb`` MB
            (default: one per available core).
        force: read every paper again, ignoring the cache.
        rules: a rules folder (default: the project's ``rules/``).

    Returns:
        The run's summary: ``ok``, ``failed``, ``skipped``, ``ignored``, counts and timings.

    Raises:
        ExtractorError: a path does not exist, or another run is writing to ``out``.
    """
    given = [paths] if isinstance(paths, (str, Path)) else list(paths)
    missing = [str(p) for p in given if not Path(p).exists()]
    if missing:
        raise ExtractorError(f"no such file or folder: {', '.join(missing)}")
    inputs, ignored, notes = collect_inputs(given)
    settings = RunSettings(
        out_dir=Path(out),
        rules_dir=Path(rules) if rules is not None else None,
        workers=workers or available_cores(),
        doc_timeout=doc_timeout,
        doc_memory_mb=doc_memory_mb,
        force=force,
    )
    summary, _audit = run_corpus(inputs, settings, ignored=ignored, notes=notes)
    return summary


class Dataset:
    """The dataset of a run, ``OUT/bcf.duckdb``, opened read-only. Close it when done (or use it
    in a ``with`` block): DuckDB lets only one process write the file, and the next run must."""

    def __init__(self, path: Path) -> None:
        from .dataset import SCHEMA, _duckdb

        self.path = path
        self.tables = list(SCHEMA)
        self.connection: Any = _duckdb().connect(str(path), read_only=True)

    def sql(self, query: str) -> Any:
        """A DuckDB relation: ``.df()`` for pandas, ``.fetchall()`` for tuples, ``.show()`` to print."""
        return self.connection.sql(query)

    def table(self, name: str) -> pd.DataFrame:
        """One table (``documents``, ``figures``, ``contributions`` ...) as a pandas DataFrame."""
        if name not in self.tables:
            raise ExtractorError(f"no table {name!r} in the dataset; its tables: {', '.join(self.tables)}")
        return self.connection.table(name).df()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def load(out: Path | str = "outputs") -> Dataset:
    """The dataset a run wrote to ``out``, for DuckDB SQL and pandas.

    Raises:
        ExtractorError: there is no dataset in ``out`` (run first).
    """
    from .dataset import DATASET_NAME

    path = Path(out) / DATASET_NAME if Path(out).is_dir() else Path(out)
    if not path.is_file():
        raise ExtractorError(f"no dataset at {path} (extractor.run(paths, {str(out)!r}) first)")
    return Dataset(path)
