"""Small Office files written by the tests: workbooks (openpyxl) and Word files (python-docx).

``text_to_workbook`` saves a template that was flattened to text (tab-separated cells, one line a
row) as the workbook it came from: a sheet per template tab, numbers stored as numbers with the
number format that shows them as the text did (``£ 5,478,595`` is 5478595 under ``"£ "#,##0``).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import regex as re

_SHEET_START = "Better Care Fund Template"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def typed(text: str) -> tuple[object, str]:
    """A cell's stored value and number format, such that Excel shows ``text``."""
    if m := re.fullmatch(r"£( ?)(\d{1,3}(?:,\d{3})+|\d+)", text):
        return int(m.group(2).replace(",", "")), f'"£{m.group(1)}"#,##0'
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return int(text.replace(",", "")), "#,##0"
    if re.fullmatch(r"[1-9]\d{0,14}", text):
        return int(text), "General"
    if m := re.fullmatch(r"(\d+)(?:\.(\d+))?%", text):
        places = len(m.group(2) or "")
        return float(text[:-1]) / 100, "0" + ("." + "0" * places if places else "") + "%"
    return text, "General"


def text_to_workbook(text: str, path: Path) -> Path:
    """Save flattened template text as a workbook, a sheet from each template tab's title on."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(_SHEET_START)] or [0]
    starts[0] = 0
    for n, (a, b) in enumerate(zip(starts, starts[1:] + [len(lines)], strict=True), start=1):
        chunk = lines[a:b]
        title = next((ln.strip() for ln in chunk if ln.strip() and not ln.startswith(_SHEET_START)), "")
        ws = wb.create_sheet(_BAD_SHEET_CHARS.sub(" ", title)[:31].strip() or f"Sheet{n}")
        for r, line in enumerate(chunk, start=1):
            for c, cell in enumerate(line.split("\t"), start=1):
                if not cell.strip():
                    continue
                value, number_format = typed(cell)
                ws.cell(row=r, column=c, value=value).number_format = number_format
    wb.save(path)
    return path
