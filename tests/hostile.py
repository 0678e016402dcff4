"""Hostile files for the batch tests, generated on demand (nothing large is committed).

Each builder writes one file into a folder and returns its path. Sizes are chosen so that the
suite stays fast: the 500-page PDF has one short line per page, and the 50 MB text file is only
written by the test that needs it.
"""

from __future__ import annotations

import random
from pathlib import Path

from pdf_builder import build_pdf, encrypted_pdf, text_pdf

ROOT = Path(__file__).resolve().parent.parent
GOOD_TEXT = ROOT / "corpus/text/004_6d03fb67bfe91ecf.txt"
GOOD_PDF = ROOT / "corpus/pdf/004_6d03fb67bfe91ecf.pdf"

SMALL_PAPER = """HEALTH & WELLBEING BOARD – 12 March 2024

Better Care Fund Plan 2023-25

1. The Better Care Fund pooled budget for 2023/24 is £{total:,}.
2. The Improved Better Care Fund grant is £{ibcf:,} in 2023/24.

Contribution\tCouncil £000\tICB £000\tTotal £000
Minimum NHS contribution\t0\t{nhs:,}\t{nhs:,}
iBCF\t{ibcf_k:,}\t0\t{ibcf_k:,}
Total\t{ibcf_k:,}\t{nhs:,}\t{sum_k:,}
"""


def small_paper(seed: int) -> str:
    """A short Better Care Fund paper with a contribution table; numbers vary with ``seed``."""
    rng = random.Random(seed)
    nhs, ibcf_k = rng.randint(10_000, 90_000), rng.randint(1_000, 9_000)
    return SMALL_PAPER.format(
        total=(nhs + ibcf_k) * 1000, ibcf=ibcf_k * 1000, nhs=nhs, ibcf_k=ibcf_k, sum_k=nhs + ibcf_k
    )


def zero_byte(folder: Path) -> Path:
    path = folder / "zero-byte.pdf"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path) -> Path:
    path = folder / "random-bytes.pdf"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    return path


def truncated_pdf(folder: Path) -> Path:
    data = GOOD_PDF.read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    return path


def encrypted(folder: Path) -> Path:
    path = folder / "encrypted.pdf"
    path.write_bytes(encrypted_pdf(["Better Care Fund 2024/25", "Total pooled budget £12.3m"]))
    return path


def looping_page_tree(folder: Path) -> Path:
    """The page tree's root lists itself among its kids."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    path = folder / "looping-page-tree.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def deep_page_tree(folder: Path, depth: int = 20_000) -> Path:
    """A page tree nested ``depth`` levels deep, claiming two billion pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 2000000000 >>" % (number + 1))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    path = folder / "huge-page-tree.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def many_pages(folder: Path, pages: int = 500) -> Path:
    """A text PDF of ``pages`` pages, one short line each (small on disk, long to walk)."""
    font = 3 + 2 * pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
    ]
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R " % (4 + 2 * i)
            + b"/Resources << /Font << /F1 %d 0 R >> >> >>" % font
        )
        content = b"BT /F1 11 Tf 72 700 Td (Page %d: the pooled budget is 1,%03d,000 pounds.) Tj ET" % (
            i + 1,
            i,
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    path = folder / "five-hundred-pages.pdf"
    path.write_bytes(build_pdf(objects))
    return path


def big_text(folder: Path, megabytes: int = 50) -> Path:
    """A text file of ``megabytes`` MB: the same short paper over and over."""
    chunk = (small_paper(1) + "\n").encode("utf-8")
    path = folder / "fifty-megabytes.txt"
    with path.open("wb") as handle:
        for _ in range(megabytes * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    return path


def deep_html_cell(folder: Path, depth: int = 50_000) -> Path:
    cell = "<div><p><b>" * depth + "Reablement £1,234" + "</b></p></div>" * depth
    path = folder / "deep-html-cell.md"
    path.write_text(
        f"# Schemes\n\nScheme\tDetail\tCost (£000)\nReablement\t{cell}\t1,234\nCarers\tok\t5\n",
        encoding="utf-8",
    )
    return path


def awkward_name(folder: Path) -> Path:
    """A good paper under a name with spaces and non-ASCII letters."""
    path = folder / "Health & Wellbeing Board – Café Überblick 2024.txt"
    path.write_text(small_paper(3), encoding="utf-8")
    return path


def one_page_pdf(folder: Path, name: str = "one-page.pdf") -> Path:
    path = folder / name
    path.write_bytes(text_pdf(["Better Care Fund Plan 2024/25", "The pooled budget is £12.3m in 2024/25."]))
    return path


HOSTILE = [
    zero_byte,
    random_bytes,
    truncated_pdf,
    encrypted,
    looping_page_tree,
    deep_page_tree,
    deep_html_cell,
]
