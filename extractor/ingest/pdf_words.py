"""Words, lines and segments on a PDF page: the geometry the other PDF steps read.

The character layer (:mod:`.pdf_chars`) gives characters with positions; :func:`words_from_chars`
groups them into words as pdfplumber's word extractor does. Here the words get their typography
(size, bold), are grouped into lines, and each line is cut into *segments* where a gap is wider
than any space a typesetter puts between words, which is what a column gap in a table (or the tab
after a paragraph number) looks like. Lines of wrapped text are joined back with
:func:`join_lines`, which tells a soft wrap from a real line break.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, pairwise

import regex as re

# Inter-word gaps measured over the sample corpus (PDF and real council papers), in units of the
# font size: spaces cluster at 0.2-0.35, justified lines stretch them to ~0.7, and there is a
# trough at 0.8-0.9 before tab stops and column gaps. A gap this wide starts a new segment.
SEGMENT_GAP = 0.85
# pdfplumber's defaults (also what page.extract_text uses): characters further apart than this
# along a line, or whose tops differ by more across it, are in different words.
_X_TOLERANCE = 3.0
_Y_TOLERANCE = 3.0
# pdfplumber's expand_ligatures: one glyph standing for two or three letters is read as the letters
_LIGATURE_TABLE = str.maketrans(
    {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
)
_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|ultrabold|,b\b|-b\b|bd\b", re.I)
# Bullets as council papers set them: typographic dots and dashes (U+2010-2015, U+2212), arrows,
# ticks, and the Symbol/Wingdings private-use glyphs Word writes for its default bullets.
BULLETS = "-*•●▪◦○■□➢►➤→✓✔◆◇♦‐‑‒–—―−o\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0d9"
_LIST_MARKER_RE = re.compile(
    r"^(?:[" + re.escape(BULLETS) + r"]|\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]?|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])$"
)

# One character as the character layer gives it: (x0, x1, top, bottom, text, upright, bold, size),
# a plain tuple because a page has thousands and nothing else is done with them one by one.
Char = tuple[float, float, float, float, str, bool, bool, float]
# The text of a blank the PDF draws without a glyph (a space set as a text object of its own): it
# splits a word only where it sits in a gap, at or after the end of the character before it. A
# blank drawn at the start of a right-aligned figure ("6" and "8,635" in pdfplumber) splits nothing.
BLANK = ""
# how far a blank may start inside the character before it and still be in the gap after it
_BLANK_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Segment:
    """Words of one line that sit close together: a phrase, a cell of a row, a number."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return join_words(self.words)


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of text: its words left to right, cut into segments at wide gaps."""

    words: tuple[Word, ...]
    segments: tuple[Segment, ...]
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def chars(self) -> int:
        return sum(len(w.text) for w in self.words)


@lru_cache(maxsize=256)
def is_bold_font(fontname: str) -> bool:
    """'ABCDEF+Arial-BoldMT', 'Aptos Narrow,Bold', 'Calibri-BoldItalic' are bold."""
    return bool(_BOLD_RE.search(fontname.split("+")[-1]))


def words_from_chars(chars: Sequence[Char]) -> list[Word]:
    """Characters (in the order the page draws them) to words, as pdfplumber's ``extract_words``
    with its defaults: runs of upright (or of rotated) characters are clustered into lines by
    their tops (by their left edges for rotated text), each line is read along its direction, and
    a space, a step back, a gap over 3pt or a 3pt jump across the line starts a new word. A word
    has the size of its middle character and is bold when most of its characters are.
    """
    words: list[Word] = []
    for upright, run in groupby(chars, key=lambda c: c[5]):
        members = list(run)
        for line in _cluster_lines(members, 2 if upright else 0):
            line.sort(key=(lambda c: c[0]) if upright else (lambda c: (c[2], c[3])))
            current: list[Char] = []
            for char in line:
                if char[4] == BLANK:
                    if current and char[0] >= current[-1][1] - _BLANK_OVERLAP:
                        _add_word(words, current)
                        current = []
                elif char[4].isspace():
                    _add_word(words, current)
                    current = []
                elif current and _new_word(current[-1], char, upright):
                    _add_word(words, current)
                    current = [char]
                else:
                    current.append(char)
            _add_word(words, current)
    return words


def _cluster_lines(chars: list[Char], key: int) -> list[list[Char]]:
    """pdfplumber's ``cluster_objects``: sorted values closer than the tolerance to the previous
    one share a cluster; each cluster keeps its characters in drawing order. ``key``: 2 clusters
    by top, 0 by left edge."""
    tolerance = _Y_TOLERANCE if key == 2 else _X_TOLERANCE
    values = [c[2] if key == 2 else c[0] for c in chars]
    order = sorted(range(len(chars)), key=values.__getitem__)
    cluster = [0] * len(chars)
    current = 0
    previous: float | None = None
    for i in order:
        value = values[i]
        if previous is not None and value > previous + tolerance:
            current += 1
        cluster[i] = current
        previous = value
    lines: list[list[Char]] = [[] for _ in range(current + 1)]
    for i, char in enumerate(chars):
        lines[cluster[i]].append(char)
    return lines


def _new_word(prev: Char, char: Char, upright: bool) -> bool:
    """pdfplumber's ``char_begins_new_word`` (left to right, or top to bottom for rotated text)."""
    if upright:
        return char[0] < prev[0] or char[0] > prev[1] + _X_TOLERANCE or abs(char[2] - prev[2]) > _Y_TOLERANCE
    return char[2] < prev[2] or char[2] > prev[3] + _Y_TOLERANCE or abs(char[0] - prev[0]) > _X_TOLERANCE


def _add_word(words: list[Word], chars: list[Char]) -> None:
    if not chars:
        return
    # one transposition in C instead of a generator per attribute: a page has thousands of words
    x0s, x1s, tops, bottoms, texts, _, bolds, _ = zip(*chars, strict=True)
    text = "".join(texts).translate(_LIGATURE_TABLE)
    if not text.strip():
        return
    size = round(chars[len(chars) // 2][7], 1)
    bold = sum(bolds) * 2 > len(chars)
    words.append(Word(text, min(x0s), max(x1s), min(tops), max(bottoms), size, bold))


def group_lines(words: Iterable[Word]) -> list[TextLine]:
    """Words to lines, top to bottom.

    A word joins a line when it overlaps the line's band by half its own height; the band is that
    of the line's tallest word, so a raised footnote mark joins its line instead of starting one.
    """
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    open_lines: list[tuple[float, float, list[Word]]] = []  # (band top, band bottom, words)
    for word in ordered:
        placed = False
        for i in range(len(open_lines) - 1, max(-1, len(open_lines) - 4), -1):
            top, bottom, members = open_lines[i]
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(word.height, bottom - top):
                members.append(word)
                if word.height > bottom - top:
                    open_lines[i] = (word.top, word.bottom, members)
                placed = True
                break
        if not placed:
            open_lines.append((word.top, word.bottom, [word]))
    lines = [make_line(members) for _, _, members in open_lines]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def make_line(words: Sequence[Word]) -> TextLine:
    ordered = sorted(words, key=lambda w: w.x0)
    segments: list[Segment] = []
    current: list[Word] = [ordered[0]]
    for prev, word in pairwise(ordered):
        if word.x0 - prev.x1 >= SEGMENT_GAP * max(prev.size, word.size, 1.0):
            segments.append(Segment(tuple(current)))
            current = [word]
        else:
            current.append(word)
    segments.append(Segment(tuple(current)))
    size, bold = dominant_style(ordered)
    return TextLine(
        words=tuple(ordered),
        segments=tuple(segments),
        top=min(w.top for w in ordered),
        bottom=max(w.bottom for w in ordered),
        size=size,
        bold=bold,
    )


def dominant_style(words: Iterable[Word]) -> tuple[float, bool]:
    """The size and weight most of the characters have."""
    sizes: dict[float, int] = {}
    bold = 0
    total = 0
    for w in words:
        n = len(w.text)
        sizes[w.size] = sizes.get(w.size, 0) + n
        bold += n if w.bold else 0
        total += n
    size = max(sizes, key=lambda s: sizes[s]) if sizes else 0.0
    return size, total > 0 and bold * 10 >= total * 6


def join_words(words: Sequence[Word]) -> str:
    """Words of one line to text. Words that touch (a font change mid-word) join without a space."""
    parts: list[str] = []
    prev: Word | None = None
    for w in words:
        if prev is not None and w.x0 - prev.x1 > 0.1 * min(prev.size, w.size):
            parts.append(" ")
        parts.append(w.text)
        prev = w
    return "".join(parts)


def is_list_marker(text: str) -> bool:
    """'•', '1.', '7.4.1', '(a)', 'ii)': the marker of a list item or numbered paragraph."""
    return bool(_LIST_MARKER_RE.match(text.strip()))


def soft_wrap(prev: Sequence[Word], nxt: Sequence[Word], right: float) -> bool:
    """Was the break between two lines only a wrap?

    It was when the next line's first word would not have fitted at the end of the previous line
    (the way every word processor wraps); a short line that left room ended where the writer
    pressed Enter. A change of weight (a bold title line over plain text) is always a real break.
    """
    if not prev or not nxt:
        return False
    last, first = prev[-1], nxt[0]
    if last.bold != first.bold:
        return False
    space = 0.28 * first.size  # a space in common sans fonts is about 0.28 em
    return last.x1 + space + (first.x1 - first.x0) > right - 0.5


def _broken_word(last: Word, first: Word, right: float, vocabulary: Set[str]) -> bool:
    """Was a word cut at the cell's edge, with no hyphen? A word longer than the cell is wide is
    broken wherever the edge falls ("rehabilitati" / "on"): the line runs to the edge (not even one
    more letter fitted) and the two pieces make a word the page also has whole."""
    head = re.search(r"\p{Ll}{2,}$", last.text)
    tail = re.match(r"\p{Ll}+", first.text)
    if head is None or tail is None:
        return False
    letter = (first.x1 - first.x0) / max(1, len(first.text))
    if last.x1 + letter <= right - 0.5:
        return False  # room for another letter: the line ended at a space
    return (head.group() + tail.group()) in vocabulary


def page_vocabulary(words: Sequence[Word]) -> frozenset[str]:
    """The lower-case words of a page (runs of letters), for :func:`join_lines`."""
    return frozenset(m.group().lower() for w in words for m in re.finditer(r"\p{L}{4,}", w.text))


def join_lines(
    lines: Sequence[Sequence[Word]], right: float | None = None, vocabulary: Set[str] = frozenset()
) -> str:
    """Lines of one cell or paragraph to text: a soft wrap becomes a space, a real break a newline.

    Args:
        lines: each line's words, left to right, top to bottom.
        right: the right edge the text wraps at (a cell's edge); the widest line when not given.
        vocabulary: words seen whole nearby (lower case), to mend a word broken at a wrap.
    """
    lines = [ln for ln in lines if ln]
    if not lines:
        return ""
    edge = right if right is not None else max(ln[-1].x1 for ln in lines)
    out = join_words(lines[0])
    for prev, line in pairwise(lines):
        text = join_words(line)
        if vocabulary and _broken_word(prev[-1], line[0], edge, vocabulary):
            out += text  # "reablement/rehabilitati" + "on": a word too long for a narrow cell
        elif soft_wrap(prev, line, edge):
            if re.search(r"\p{L}-$", out) and text[:1].islower():
                out += text  # "multi-" + "agency": a hyphen at a wrap stays, with no space
            else:
                out += " " + text
        else:
            out += "\n" + text
    return out
