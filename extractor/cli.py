"""The ``bcf-extract`` command: a thin ``main(argv)`` over the library.

Exit status: 0 when every document was read, 1 when some failed (the summary lists them) or a
query failed, 2 for a usage error (an unknown option, a path that does not exist, an output folder
that cannot be written). Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .batch import available_cores
from .errors import ExtractorError, QueryError
from .names import printable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
DEFAULT_TIMEOUT_S = 600
DEFAULT_MEMORY_MB = 4096


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 itself; keep its message short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bcf-extract",
        description="Turn Better Care Fund board papers (PDF, text, Markdown) into structured, traceable "
        "data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser(
        "run",
        help="extract a corpus in parallel, audit it and build the dataset",
        description=(
            "Read every file (folders are searched recursively for .pdf, .xlsx, .docx, .html, .txt and .md) in a process pool, "
            "each under a time and memory limit, skipping files unchanged since the last run into OUT. "
            "Writes OUT/<doc_id>.json, the CSV/Parquet exports, the audit (findings.json, audit.html, "
            "audit.md), the "
            "dataset OUT/bcf.duckdb and the summary OUT/run.json."
        ),
    )
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _common(run)
    _batch_options(run)

    extract = sub.add_parser(
        "extract",
        help="extract documents into JSON and tidy exports",
        description=(
            "Read each file (folders are searched recursively for .pdf, .xlsx, .docx, .html, .txt and .md) and write "
            "DIR/<doc_id>.json, DIR/figures.csv, DIR/dates.csv and their Parquet twins."
        ),
    )
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _common(extract)

    audit = sub.add_parser(
        "audit",
        help="check documents' arithmetic and consistency",
        description=(
            "Read the documents (reusing their JSON in DIR when the file and tool are unchanged), run the "
            "audit over them and write DIR/findings.json, DIR/audit.html and DIR/audit.md."
        ),
    )
    audit.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _common(audit)
    _batch_options(audit)

    query = sub.add_parser(
        "query",
        help="run SQL against the dataset OUT/bcf.duckdb",
        description=(
            "Run one SQL statement against the DuckDB dataset a `run` built. Tables: documents, "
            "sections, figures, dates, contributions, schemes, metrics, milestones, findings, joined by "
            "doc_id. The query only reads: the dataset is opened read-only with external access off, so "
            "one SELECT (or SHOW, DESCRIBE, SUMMARIZE, EXPLAIN, PRAGMA) runs, and no file, extension or "
            "other database can be read or written (no COPY, ATTACH, INSTALL, read_csv). Exit status 1 "
            "when the statement fails."
        ),
    )
    query.add_argument(
        "sql", metavar="SQL", help='e.g. "SELECT doc_type, count(*) FROM documents GROUP BY 1"'
    )
    _output_option(query, "OUT", "the run's output folder (default: outputs/)")
    query.add_argument(
        "--db", type=Path, default=None, metavar="FILE", help="a dataset file (default: OUT/bcf.duckdb)"
    )
    query.add_argument(
        "--format",
        choices=("table", "csv", "json", "jsonl"),
        default="table",
        help="table (aligned text; ids are never cut), csv, json (one array) or jsonl (JSON Lines: "
        "one object a line). Default: table",
    )
    query.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    show = sub.add_parser(
        "show",
        help="print one document's tables and figures",
        description="Print a document's tables (as the extractor read them: rows, roles, values) and its "
        "figures, from OUT/<doc_id>.json.",
    )
    show.add_argument("doc", metavar="DOC", help="a doc id (the paper's file name without its suffix)")
    _output_option(show, "OUT", "the run's output folder (default: outputs/)")
    part = show.add_mutually_exclusive_group()
    part.add_argument("--tables", action="store_true", help="only the tables")
    part.add_argument("--figures", action="store_true", help="only the figures")
    show.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    schema = sub.add_parser("schema", help="print the JSON Schema of the document JSON")
    schema.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _output_option(p: argparse.ArgumentParser, metavar: str, help_text: str) -> None:
    p.add_argument("-o", "--output", type=Path, default=Path("outputs"), metavar=metavar, help=help_text)


def _common(p: argparse.ArgumentParser) -> None:
    _output_option(p, "DIR", "output folder (default: outputs/)")
    p.add_argument(
        "--rules", type=Path, default=None, metavar="DIR", help="rules folder (default: the project's rules/)"
    )
    p.add_argument(
        "--ocr",
        choices=("auto", "off", "force"),
        default="auto",
        help="read PDF pages with Tesseract: those without a usable text layer (auto, the default), "
        "none (off) or every page (force)",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks for failures")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")


def _batch_options(p: argparse.ArgumentParser) -> None:
    cores = available_cores()
    p.add_argument(
        "--workers",
        type=int,
        default=cores,
        metavar="N",
        help=f"worker processes (default: the number of cores, {cores})",
    )
    p.add_argument(
        "--doc-timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop a document after this long, record it as failed (default: {DEFAULT_TIMEOUT_S}; 0: none)",
    )
    p.add_argument(
        "--doc-memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"memory limit of each worker process (default: {DEFAULT_MEMORY_MB}; 0: none)",
    )
    p.add_argument(
        "--force", action="store_true", help="read every document again, ignoring the cache in OUT"
    )
    p.add_argument(
        "--executor",
        choices=("process", "dask"),
        default="process",
        help="where documents are read: a local process pool (default) or a Dask cluster",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="the Dask scheduler, tcp://HOST:PORT (with --executor dask)",
    )
    p.add_argument("--max-tasks-per-worker", type=int, default=0, help=argparse.SUPPRESS)


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, reporting an unknown option with the usage of the subcommand it was given to:
    argparse hands a subcommand's leftovers up to the top-level parser, whose usage does not help."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        commands = next((a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {})
        target = commands.get(args.command, parser) if isinstance(commands, dict) else parser
        target.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _parse(parser, argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "schema":
            from .schema_files import document_schema

            print(json.dumps(document_schema(), indent=1))
            return EXIT_OK
        if args.command == "extract":
            return _extract(args)
        if args.command == "run":
            return _run(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "query":
            return _query(args)
        if args.command == "show":
            return _show(args)
    except QueryError as exc:  # the statement's fault, not the command line's
        if getattr(args, "debug", False):
            raise
        print(f"bcf-extract: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ExtractorError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"bcf-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # the disk filled, a folder vanished mid-run: one line, not a traceback
        if getattr(args, "debug", False):
            raise
        where = f"{printable(str(exc.filename))}: " if exc.filename else ""
        print(f"bcf-extract: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(
            "bcf-extract: interrupted; finished documents are kept, run again to complete the rest",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    parser.print_help()
    return EXIT_USAGE


# --------------------------------------------------------------------------- commands


def _inputs(args: argparse.Namespace):
    """The inputs, or ``None`` after printing a usage error."""
    from .batch import collect_inputs

    missing = [printable(str(p)) for p in args.paths if not p.exists()]
    if missing:
        print(f"bcf-extract: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    inputs, ignored, notes = collect_inputs(args.paths)
    if not args.quiet:
        for item in ignored:
            print(f"ignored {item.line()}", file=sys.stderr)
    if not inputs:
        print("bcf-extract: no .pdf, .xlsx, .docx, .html, .txt or .md files found", file=sys.stderr)
        return None
    check_output_dir(args.output)
    return inputs, ignored, notes


def check_output_dir(out: Path) -> None:
    """Make sure ``-o`` names a folder we can write, creating it if need be.

    Raises:
        ExtractorError: it is a file, or cannot be created or written (exit 2, one line).
    """
    if out.exists() and not out.is_dir():
        raise ExtractorError(f"-o {out}: is a file, not a folder; choose a folder for the outputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExtractorError(f"-o {out}: cannot create the folder ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ExtractorError(f"-o {out}: the folder is not writable; choose another")


def _settings(args: argparse.Namespace):
    """Resolve and check the batch options once, here at the edge.

    Raises:
        ExtractorError: an option is out of range or does not fit the executor (exit 2).
    """
    from .batch import RunSettings

    if args.workers < 1:
        raise ExtractorError("--workers must be at least 1")
    if args.doc_timeout < 0 or args.doc_memory < 0:
        raise ExtractorError("--doc-timeout and --doc-memory cannot be negative")
    if args.doc_memory and args.doc_memory < 256:
        raise ExtractorError("--doc-memory below 256 MB leaves no room for the worker itself")
    if args.executor == "dask" and not args.scheduler:
        raise ExtractorError("--executor dask needs --scheduler tcp://HOST:PORT")
    if args.scheduler and args.executor != "dask":
        raise ExtractorError("--scheduler is for --executor dask")
    if args.rules is not None:
        from .rules import load_rules

        load_rules(args.rules)  # a bad rules folder is a usage error now, not a failure per document
    return RunSettings(
        out_dir=args.output,
        rules_dir=args.rules,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        doc_timeout=args.doc_timeout or None,
        doc_memory_mb=args.doc_memory or None,
        force=args.force,
        max_tasks_per_worker=args.max_tasks_per_worker,
        ocr=args.ocr,
    )


def _progress_hooks(args: argparse.Namespace):
    from .progress import Progress, choose_mode

    progress = Progress(total=0, mode=choose_mode(sys.stderr, args.quiet))

    def start(total: int) -> None:
        progress.total = total
        progress.open()

    def result(item) -> None:
        progress.update(item)
        if args.debug and item.failure is not None and item.failure.traceback:
            print(item.failure.traceback, file=sys.stderr)

    return progress, start, result


def _run(args: argparse.Namespace) -> int:
    from .audit import summary_lines
    from .batch import describe, run_corpus

    found = _inputs(args)
    if found is None:
        return EXIT_USAGE
    inputs, ignored, notes = found
    settings = _settings(args)
    progress, start, result = _progress_hooks(args)
    try:
        summary, audit = run_corpus(
            inputs, settings, ignored=ignored, notes=notes, on_start=start, on_result=result
        )
    finally:
        progress.close()
    for note in summary.notes:
        print(f"note   {note}", file=sys.stderr)
    if summary.failed:
        print(f"{len(summary.failed)} failed:", file=sys.stderr)
        for failure in summary.failed:
            print(f"  {failure.line()}", file=sys.stderr)
    if audit is not None and not args.quiet:
        for line in summary_lines(audit):
            print(line)
    print(f"{describe(summary)} -> {settings.out_dir}")
    return EXIT_FAILED if summary.failed else EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from .audit import run_audit, summary_lines, write_outputs
    from .batch import documents_for, extract_batch, finish, output_lock
    from .emit import read_document
    from .tasks import toolkit_for

    found = _inputs(args)
    if found is None:
        return EXIT_USAGE
    inputs, ignored, notes = found
    settings = _settings(args)
    progress, start, result = _progress_hooks(args)
    started = time.perf_counter()
    with output_lock(settings.out_dir):
        try:
            summary = extract_batch(
                inputs, settings, ignored=ignored, notes=notes, on_start=start, on_result=result
            )
        finally:
            progress.close()
        audit = run_audit(
            documents_for(inputs, settings.out_dir),
            toolkit_for(settings.rules_dir, warm=False),
            load=functools.partial(read_document, settings.out_dir),
        )
        write_outputs(audit, settings.out_dir)
        summary.findings = len(audit.findings)
        finish(summary, started)
    for note in summary.notes:
        print(f"note   {note}", file=sys.stderr)
    for failure in summary.failed:
        print(f"FAILED {failure.line()}", file=sys.stderr)
    for line in summary_lines(audit):
        print(line)
    print(f"{len(audit.documents)} documents audited, {summary.findings} findings -> {settings.out_dir}")
    return EXIT_FAILED if summary.failed else EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    """One document after another in this process: no pool, no cache, no audit."""
    from .batch import RunSettings, extract_batch, finish, output_lock
    from .emit import write_exports
    from .tasks import toolkit_for

    found = _inputs(args)
    if found is None:
        return EXIT_USAGE
    inputs, ignored, notes = found
    toolkit = toolkit_for(args.rules)
    settings = RunSettings(
        out_dir=args.output, rules_dir=args.rules, executor="inline", cache=False, ocr=args.ocr
    )

    def report(result) -> None:
        if result.failure is not None:
            print(f"FAILED {result.failure.error}", file=sys.stderr)
            if args.debug and result.failure.traceback:
                print(result.failure.traceback, file=sys.stderr)
        elif not args.quiet:
            print(f"ok     {result.path}")

    started = time.perf_counter()
    with output_lock(settings.out_dir):
        summary = extract_batch(
            inputs, settings, ignored=ignored, notes=notes, on_result=report, toolkit=toolkit
        )
        write_exports(settings.out_dir)
        finish(summary, started)
    for note in notes:
        print(f"note   {note}", file=sys.stderr)
    print(
        f"{len(summary.ok)} ok, {len(summary.failed)} failed, {len(ignored)} ignored; "
        f"{summary.figures} figures, {summary.dates} dates in {summary.seconds:.1f}s -> {args.output}"
    )
    return EXIT_FAILED if summary.failed else EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from .emit import read_document_file
    from .show import find_document, render

    doc = read_document_file(find_document(args.doc, args.output))
    for line in render(doc, tables=not args.figures, figures=not args.tables):
        print(line)
    return EXIT_OK


def _query(args: argparse.Namespace) -> int:
    from .dataset import DATASET_NAME, format_rows, query

    path = args.db or args.output / DATASET_NAME
    columns, rows = query(path, args.sql)
    if columns:
        print(format_rows(columns, rows, args.format))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
