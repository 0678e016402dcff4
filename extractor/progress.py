"""Progress for a batch: a bar on a terminal, plain log lines otherwise.

The bar (tqdm: small, well kept, already installed beside spaCy) counts documents, with the rate
and ETA, and shows pages read and pages per second beside it. Where the output is not a terminal
(a log file, CI, a cluster job) each finished document is one line instead, so the log is readable
and greppable. Failures are always one line each, in both modes.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from .tasks import Result


@dataclass
class Progress:
    """Counts shown while a batch runs. ``mode`` is ``bar``, ``lines`` or ``quiet``."""

    total: int
    mode: str = "lines"
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    done: int = 0
    pages: int = 0
    started: float = field(default_factory=time.perf_counter)
    bar: object | None = None

    def open(self) -> Progress:
        if self.mode == "bar" and self.total:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)
        return self

    def update(self, result: Result) -> None:
        self.done += 1
        self.pages += result.pages
        rate = self.pages / max(time.perf_counter() - self.started, 1e-9)
        if self.bar is not None:
            if result.failure is not None:
                self.bar.write(f"FAILED {result.failure.line()}", file=self.stream)  # type: ignore[attr-defined]
            self.bar.set_postfix_str(f"{self.pages} pages, {rate:.1f} pages/s", refresh=False)  # type: ignore[attr-defined]
            self.bar.update(1)  # type: ignore[attr-defined]
            return
        if result.failure is not None:
            print(f"FAILED {result.failure.line()}", file=self.stream, flush=True)
        elif self.mode == "lines":
            width = len(str(self.total))
            print(
                f"[{self.done:>{width}}/{self.total}] ok {result.doc_id} "
                f"({result.pages} pages, {result.seconds:.1f}s; {rate:.1f} pages/s overall)",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()  # type: ignore[attr-defined]
            self.bar = None


def choose_mode(stream: TextIO, quiet: bool) -> str:
    if quiet:
        return "quiet"
    isatty = getattr(stream, "isatty", None)
    return "bar" if isatty is not None and isatty() else "lines"
