"""Hostile files for the batch tests, generated on demand (nothing large is committed).

Each builder writes one file into a folder and returns its path. Sizes are chosen so that the
suite stays fast: the 500-page PDF has one short line per page, and the 50 MB text file is only
written by the test that needs it.
"""

from __future__ import annotations

import os
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


# --------------------------------------------------------------------------- the hostile corpus
# One builder per kind of trouble a downloads folder holds. Each returns the path it made (for a
# file system object that cannot be made here, e.g. a FIFO on a file system without them, it
# calls pytest.skip). What each must give is in CORPUS below.

_EXOTIC = "\U00010d40"  # a Unicode 16 digit: the regex module matches it, Python's float() does not


def _paper(folder: Path, name: str | bytes, text: str) -> Path:
    path = folder / name if isinstance(name, str) else Path(os.fsdecode(bytes(folder) + b"/" + name))
    path.write_bytes(text.encode("utf-8"))
    return path


def exotic_digits(folder: Path) -> Path:
    d = _EXOTIC
    text = (
        small_paper(11)
        + f"\n3. A further £{d}{d},{d}{d}{d} ({d}.{d}%) was agreed on {d}{d} March 20{d}{d}.\n"
    )
    text += f"\nScheme\tCost £000\nReablement\t{d}{d}\nCarers\t{d},{d}{d}{d}\nTotal\t1{d}\n"
    return _paper(folder, "exotic-digits.txt", text)


def huge_numbers(folder: Path) -> Path:
    big = "9" * 400
    text = small_paper(12) + f"\n3. The pooled budget is £{big} and {big}% more, or {big}m.\n"
    text += f"\nScheme\tCost £000\nReablement\t{big}\nTotal\t{big}\n"
    return _paper(folder, "huge-numbers.txt", text)


def long_paragraph(folder: Path) -> Path:
    """One paragraph of 1.2 million characters on one line: over spaCy's max_length. Mostly words,
    with a sum every fifty sentences (a dense one is a speed test, not a size test)."""
    filler = "Partners continue to work together on integrated care across the whole system. " * 49
    line = (filler + "The pooled budget of £12.3m was agreed with the ICB in 2024/25. ") * 300
    return _paper(folder, "long-paragraph.txt", small_paper(13) + "\n" + line + "\n")


def nul_after_64k(folder: Path) -> Path:
    """NUL bytes past the first 64 KiB, where the binary check does not look, and other controls."""
    head = small_paper(14) + "\n" + "This paragraph is padding for the binary check. " * 1_500 + "\n"
    tail = "\n4. The Carers\x00 budget\x00 is £1.5m\x1b[31m in 2024/25.\x00\n\nItem\tCost £000\nCarers\x00\t1,500\n"
    return _paper(folder, "nul-after-64k.txt", head + tail)


def injected_markup_and_formulas(folder: Path) -> Path:
    """Labels that a spreadsheet would run (=, +, -, @) and a browser would render (<script>)."""
    text = small_paper(15) + (
        "\n5. <script>alert('paper')</script> The total is £9,999 <img src=x onerror=alert(1)>.\n\n"
        "Scheme\tCost £000\n"
        '=HYPERLINK("http://example.invalid","click")\t100\n'
        "+SUM(A1:A9)\t200\n"
        "-2+3+cmd|' /C calc'!A0\t300\n"
        "@SUM(1+1)\t400\n"
        "<script>alert(1)</script>\t500\n"
        "Total\t9,999\n"
    )
    return _paper(folder, "markup-and-formulas.txt", text)


def not_utf8_name(folder: Path) -> Path:
    return _paper(folder, b"caf\xe9-budget.txt", small_paper(16))


def named_run(folder: Path) -> Path:
    return _paper(folder, "run.txt", small_paper(17))


def named_findings(folder: Path) -> Path:
    return _paper(folder, "findings.md", small_paper(18))


def very_long_name(folder: Path) -> Path:
    return _paper(folder, "b" * 244 + ".txt", small_paper(19))


def control_character_name(folder: Path) -> Path:
    return _paper(folder, "two\nlines\x1b[31m.txt", small_paper(20))


def hidden_name(folder: Path) -> Path:
    """Passed over in a folder, so the test names it explicitly."""
    return _paper(folder, ".hidden-paper.txt", small_paper(21))


def link_to_paper(folder: Path) -> Path:
    target = _paper(folder.parent, "linked-target.txt", small_paper(22))
    link = folder / "link-to-paper.txt"
    link.symlink_to(target)
    return link


def broken_link(folder: Path) -> Path:
    link = folder / "broken-link.txt"
    link.symlink_to(folder / "does-not-exist.txt")
    return link


def link_loop(folder: Path) -> Path:
    """A link to the folder it is in: followed, it would never end."""
    link = folder / "loop"
    link.symlink_to(folder, target_is_directory=True)
    return link


def fifo(folder: Path, name: str = "pipe.txt") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def socket_file(folder: Path) -> Path:
    import socket

    path = folder / "sock.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def unsupported(folder: Path) -> Path:
    return _paper(folder, "notes.pptx", "PK\x03\x04 not really a presentation")
