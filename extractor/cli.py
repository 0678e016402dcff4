"""The ``bcf-extract`` command: a thin ``main(argv)`` over the library.

Exit status: 0 when every document was read, 1 when some failed (the summary lists them), 2 for a
usage error. Tracebacks only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import ExtractorError
from .models import Document

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 itself; keep its message short
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bcf-extract",
        description="Turn Better Care Fund board papers (PDF, text, Markdown) into structured, traceable data.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    extract = sub.add_parser("extract", help="extract documents into JSON and tidy exports", description=(
        "Read each file (folders are searched recursively for .pdf, .txt and .md) and write "
        "DIR/<doc_id>.json, DIR/figures.csv, DIR/dates.csv and their Parquet twins."
    ))
    extract.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _common(extract)

    schema = sub.add_parser("schema", help="print the JSON Schema of the document JSON")
    schema.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, default=Path("outputs"), metavar="DIR", help="output folder (default: outputs/)")
    p.add_argument("--rules", type=Path, default=None, metavar="DIR", help="rules folder (default: the project's rules/)")
    p.add_argument("--debug", action="store_true", help="show tracebacks for failures")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "schema":
            print(json.dumps(Document.model_json_schema(), indent=1))
            return EXIT_OK
        if args.command == "extract":
            return _extract(args)
    except ExtractorError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"bcf-extract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_USAGE


def _extract(args: argparse.Namespace) -> int:
    from .batch import collect_inputs, run_extract
    from .pipeline import Toolkit
    from .rules import load_rules

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"bcf-extract: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    toolkit = Toolkit(load_rules(args.rules))
    inputs, skipped, notes = collect_inputs(args.paths)
    if not inputs:
        print("bcf-extract: no .pdf, .txt or .md files found", file=sys.stderr)
        return EXIT_USAGE

    def report(item, failure) -> None:
        if failure is not None:
            print(f"FAILED {failure.error}", file=sys.stderr)
            if args.debug and failure.traceback:
                print(failure.traceback, file=sys.stderr)
        elif not args.quiet:
            print(f"ok     {item.path}")

    summary = run_extract(inputs, args.output, toolkit, skipped=skipped, notes=notes, on_result=report)
    for note in notes:
        print(f"note   {note}", file=sys.stderr)
    print(
        f"{len(summary.ok)} ok, {len(summary.failed)} failed, {len(skipped)} skipped; "
        f"{summary.figures} figures, {summary.dates} dates in {summary.seconds:.1f}s -> {args.output}"
    )
    return EXIT_FAILED if summary.failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
