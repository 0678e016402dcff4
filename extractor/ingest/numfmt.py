"""A spreadsheet cell's value as Excel displays it, from its number format.

A reader sees ``£5,478,595`` or ``7.6%``, not the stored ``5478595`` or ``0.076``; the tool reads
what the reader sees, so a money format's pound sign and a percent format's ``%`` reach the
number parser the same way as in a PDF, and ``raw`` is the text on the screen.

No maintained Python library renders Excel number formats (openpyxl reads them and tells date
formats apart, nothing more), so this covers the part of the format language that council and NHS
workbooks use: up to four sections (positive; negative; zero; text), quoted and escaped literals,
padding (``_x``) and fill (``*x``) which show as nothing, colours and locale tags (``[Red]``,
``[$£-809]`` shows ``£``), digit placeholders ``0 # ?`` with a thousands comma, trailing commas
that scale by a thousand, and ``%``. Anything else (conditions, fractions, scientific) falls back
to Excel's General format, which shows the number itself.

Dates are written out in full ("3 April 2020", or "February 2017" for a format without a day)
whatever their format, because a US-ordered ``mm-dd-yy`` shown as printed would be read the
British way by the date parser; the date itself is the cell's, not re-read from text.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import regex as re

_PLACEHOLDERS = set("0#?")
_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_CURRENCY_RE = re.compile(r"^\$([^-\]]*)(?:-[0-9A-Fa-f]+)?$")
_UNSUPPORTED_RE = re.compile(r"[eE][+-]|/")
# General shows at most this many significant digits (Excel: 11 characters in a default-width cell)
_GENERAL_DIGITS = 10


def render(value: object, number_format: str | None, *, is_date: bool = False) -> str:
    """The text Excel shows for ``value`` under ``number_format``.

    Args:
        value: the cell's value (a cached formula result for a formula cell).
        number_format: the cell's format code (``"General"``, ``"£#,##0"``, ``"0.0%"``).
        is_date: the format is a date format (openpyxl's ``cell.is_date``).

    Returns:
        The display text; ``""`` for an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        return _date_text(value, number_format or "")
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        if is_date:
            return general(float(value))
        return _number_text(float(value), number_format or "General")
    return str(value)


def general(value: float) -> str:
    """Excel's General format: the number, at most ten significant digits, no separators."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{_GENERAL_DIGITS}g}"
    if "e" in text:
        return text
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date_text(value: dt.date, number_format: str) -> str:
    codes = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.lower())
    if isinstance(value, dt.datetime) and value.year < 1901 and "y" not in codes:
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    if "d" not in codes and "y" in codes and "m" in codes:
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


@lru_cache(maxsize=512)
def _sections(number_format: str) -> tuple[str, ...]:
    """The format's sections, split at ``;`` outside quotes and escapes."""
    out, current, quoted, escaped = [], [], False, False
    for ch in number_format:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == '"':
            current.append(ch)
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return tuple(out)


def _number_text(value: float, number_format: str) -> str:
    sections = _sections(number_format)
    shown = value
    if len(sections) >= 3 and value == 0:
        section = sections[2]
    elif len(sections) >= 2 and value < 0:
        section, shown = sections[1], -value  # the negative section writes its own sign or brackets
    else:
        section = sections[0]
    text = _section_text(shown, section)
    return general(value) if text is None else text


def _section_text(value: float, section: str) -> str | None:
    """One section applied to a value; ``None`` when the section uses what this does not cover."""
    tokens = _tokens(section)
    if tokens is None:
        return None
    codes = "".join(t for kind, t in tokens if kind == "code")
    if "General" in codes or not codes:
        # "General", '"£"General', or a section of literals alone (a zero shown as "-")
        return "".join(
            general(value) if t == "General" else t for kind, t in tokens if kind == "lit" or t == "General"
        ).strip()
    if _UNSUPPORTED_RE.search(codes) or not any(c in _PLACEHOLDERS for c in codes):
        return None
    if "%" in codes:
        value *= 100 ** codes.count("%")
    first = next(i for i, (k, t) in enumerate(tokens) if k == "code" and t in _PLACEHOLDERS | {".", ","})
    last = max(i for i, (k, t) in enumerate(tokens) if k == "code" and t in _PLACEHOLDERS | {".", ","})
    pattern = "".join(
        t for k, t in tokens[first : last + 1] if k == "code" and t in _PLACEHOLDERS | {".", ","}
    )
    number = _digits(value, pattern)
    if number is None:
        return None
    before = "".join(t for k, t in tokens[:first] if k == "lit" or t == "%")
    after = "".join(t for k, t in tokens[last + 1 :] if k == "lit" or t == "%")
    return (before + number + after).strip()


@lru_cache(maxsize=512)
def _tokens(section: str) -> tuple[tuple[str, str], ...] | None:
    """``("lit", text)`` for what is shown as written, ``("code", char)`` for format codes."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("lit", section[i + 1 : end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            tokens.append(("lit", section[i + 1]))
            i += 2
        elif ch in "_*" and i + 1 < len(section):
            i += 2  # padding as wide as a character, or a fill: nothing a reader reads
        elif ch == "[":
            m = _BRACKET_RE.match(section, i)
            if m is None:
                return None
            inner = m.group(1)
            currency = _CURRENCY_RE.match(inner)
            if currency:
                tokens.append(("lit", currency.group(1)))
            elif re.match(r"^[<>=]", inner):
                return None  # a condition: which section applies depends on more than the sign
            i = m.end()
        elif section[i : i + 7].lower() == "general":
            tokens.append(("code", "General"))
            i += 7
        elif ch in _PLACEHOLDERS or ch in ".,%" or ch.isalpha() or ch == "/":
            tokens.append(("code", ch))
            i += 1
        else:
            tokens.append(("lit", ch))  # $ - + ( ) : space £ € and the like are shown as they are
            i += 1
    return tuple(tokens)


def _digits(value: float, pattern: str) -> str | None:
    """The number written with digit placeholders: ``#,##0.00``, ``0.0``, ``#,##0,`` (thousands)."""
    scale_commas = len(pattern) - len(pattern.rstrip(","))
    pattern = pattern.rstrip(",")
    integer, _, decimals = pattern.partition(".")
    if "," in decimals:
        return None
    value /= 1000**scale_commas
    try:
        exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-len(decimals)), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    sign = "-" if exact < 0 else ""
    whole, _, frac = f"{abs(exact):f}".partition(".")
    min_int = integer.count("0")
    whole = whole.lstrip("0")
    whole = whole.rjust(min_int, "0") if len(whole) < min_int else whole
    if "," in integer and whole:
        whole = f"{int(whole):,}"
    if decimals:
        required = decimals.count("0")
        optional_end = len(frac)
        while optional_end > required and frac[optional_end - 1] == "0":
            optional_end -= 1
        frac = frac[:optional_end]
    text = whole + ("." + frac if frac else "")
    return sign + text if text.strip("0.,") else text
