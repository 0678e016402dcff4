"""The number parser: every form a BCF paper writes, in cells and in prose, plus property tests.

Cell forms come from the sample papers' tables (``£'000`` pooled-budget tables, quarterly template
metrics); prose forms from their narrative sections.
"""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extractor import numbers as numbers_module
from extractor.dates import find_dates
from extractor.numbers import COUNT, GBP, PERCENT, ParsedNumber, find_numbers, parse_number
from extractor.units import unit_from_header

REFERENCE_WORDS = ["appendix", "annex", "priority", "paragraph", "table", "section", "recommendation"]


def raws(text: str, **kwargs) -> list[str]:
    return [n.raw for n in find_numbers(text, **kwargs)]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("£1.2m", 1_200_000, GBP),
        ("£0.12m", 120_000, GBP),
        ("£2bn", 2_000_000_000, GBP),
        ("£2.5bn", 2_500_000_000, GBP),
        ("£340k", 340_000, GBP),
        ("£1,084k", 1_084_000, GBP),
        ("£1,429.5m", 1_429_500_000, GBP),  # a comma with a decimal point is a real thousands separator
        ("£1.2 million", 1_200_000, GBP),
        ("£ 20.00", 20, GBP),
        ("£46,555", 46_555, GBP),
        ("95%", 95.0, PERCENT),
        ("95 %", 95.0, PERCENT),
        ("20.30%", 20.3, PERCENT),
        ("100 per cent", 100.0, PERCENT),
        ("0", 0, None),
        ("5615", 5615, None),
    ],
)
def test_cell_forms(text, value, unit):
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit
    assert parsed.raw == text
    assert parsed.warnings == ()


def test_magnitude_and_explicit_unit_are_recorded():
    parsed = parse_number("£1.2m")
    assert parsed.magnitude == 1e6
    assert parsed.unit_explicit
    assert not parse_number("9,734", unit=GBP, scale=1000).unit_explicit


def test_thousands_column_scales_the_cell():
    parsed = parse_number("9,734", unit=GBP, scale=1000)
    assert parsed.value == 9_734_000
    assert parsed.unit == GBP
    assert parsed.raw == "9,734"


def test_thousands_column_does_not_rescale_a_cell_with_its_own_magnitude():
    assert parse_number("£1.2m", unit=GBP, scale=1000).value == 1_200_000


def test_thousands_column_does_not_scale_a_percentage():
    parsed = parse_number("12.5%", unit=GBP, scale=1000)
    assert parsed.value == 12.5
    assert parsed.unit == PERCENT


@pytest.mark.parametrize("text", ["(1,234)", "-1,234", "–1,234", "−1,234", "(£1,234)", "-£1,234", "£-1,234"])
def test_negative_cells(text):
    parsed = parse_number(text)
    assert parsed.value == -1234
    assert parsed.raw == text


def test_bracketed_negative_in_a_thousands_column():
    assert parse_number("(1,234)", unit=GBP, scale=1000).value == -1_234_000


@pytest.mark.parametrize("text", ["–", "-", "—", "nil", "Nil", "NIL", "£-", "£ nil", " – "])
def test_nil_forms_read_as_zero(text):
    parsed = parse_number(text, unit=GBP, scale=1000)
    assert parsed is not None
    assert parsed.value == 0
    assert parsed.nil
    assert parsed.unit == GBP


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [("> 81%", ">", 81), ("<5", "<", 5), ("≥ 90%", ">=", 90), ("<= 3", "<=", 3)],
)
def test_comparators(text, comparator, value):
    parsed = parse_number(text)
    assert parsed.comparator == comparator
    assert parsed.value == value


def test_footnote_mark_is_kept_in_raw_but_not_in_value():
    parsed = parse_number("5615*")
    assert parsed.value == 5615
    assert parsed.raw == "5615*"


def test_mistyped_millions_is_kept_with_a_warning():
    # corpus: "£6,443m" where the paper means £6.443m; we keep what is written and flag it
    parsed = parse_number("£6,443m")
    assert parsed.value == 6_443_000_000
    assert parsed.unit == GBP
    assert len(parsed.warnings) == 1
    assert "mistyped" in parsed.warnings[0]
    assert "6.443m" in parsed.warnings[0]


def test_ampersand_for_percent_is_read_as_percent_with_a_warning():
    parsed = parse_number("13.56&")
    assert parsed.value == 13.56
    assert parsed.unit == PERCENT
    assert len(parsed.warnings) == 1
    assert "'&'" in parsed.warnings[0]


def test_bare_millions_is_read_as_pounds_with_a_warning():
    parsed = parse_number("1.2m")
    assert parsed.value == 1_200_000
    assert parsed.unit == GBP
    assert not parsed.unit_explicit
    assert "no currency sign" in parsed.warnings[0]


@pytest.mark.parametrize(
    "text", ["tbc", "TBC", "On track", "", "   ", "n/a", "N/A", "£", "Yes", "1,23", "1,2345", "2b"]
)
def test_not_a_number(text):
    assert parse_number(text) is None


def test_none_is_not_a_number():
    assert parse_number(None) is None  # type: ignore[arg-type]


def test_uppercase_magnitude_regression():
    # corpus/real Leeds papers: "a surplus of £1.9M" was read as £1.90 and "£1.2M" cells as no number
    assert parse_number("£1.2M").value == 1_200_000
    assert parse_number("£1.2K").value == 1_200
    assert parse_number("£2BN").value == 2_000_000_000
    assert parse_number("£1.2 Million").value == 1_200_000
    assert raws("with a surplus of £1.9M, exceeding plan by £0.9M.") == ["£1.9M", "£0.9M"]
    assert [n.value for n in find_numbers("a surplus of £1.9M")] == [1_900_000]


# --------------------------------------------------------------------------- prose


def test_prose_money_and_percentages():
    found = find_numbers("The fund was £1.2m in 2017/18, 5.2% of spend, for 1,234 people.")
    assert [(n.raw, n.value, n.unit) for n in found] == [
        ("£1.2m", 1_200_000, GBP),
        ("5.2%", 5.2, PERCENT),
        ("1,234", 1234, COUNT),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2017 the board met.",
        "The plan for 2017/18 and 2018/19.",
        "Covering 2017-19 and 2017–2019.",
        "Compared with 16/17.",
        "Outturn 2017/2018.",
        "the 4th quarter and the 1st, 2nd and 3rd",
        "Services run 24/7.",
        "People aged 65+ and 18+.",
        "Performance in Q3.",
        "See www.example.org/bcf2017 or bcf@example.org.",
        "The meeting starts at 10.30am or 14:00.",
        "Schemes s75 and COVID19 and RACU-Ben01.",
        "Paragraph 3.2.1 and section 1.2.3.",
        "Pooled budget (£'000) and spend £000s.",
    ],
)
def test_prose_non_quantities_are_skipped(text):
    assert raws(text) == []


def test_reference_words_block_identifiers():
    text = "See Appendix 4 and Priority 5, Table 3.1 and paragraph 7.4a: 12 schemes."
    assert raws(text, reference_words=REFERENCE_WORDS) == ["12"]
    # without the words those identifiers are numbers
    assert "4" in raws(text)


def test_reference_with_letter_suffix_is_not_billions_regression():
    # "recommendation 2b" was read as £2,000,000,000 (the "b" taken as billion)
    assert raws("We support recommendation 2b and option 1b.") == []
    assert raws("as set out in section 4 b) below") == ["4"]
    assert raws("a 5 m walk") == ["5"]  # a spaced single letter needs a £ to be a magnitude
    # corpus/real Leeds papers: bracketed sub-items "(4b)", "(14i)", "(8A)" were read as numbers
    assert raws("see minutes (4b), (14i) and (8A) and (4aii); from 10am-6pm") == []
    assert raws("costs (£0.5m) and (5%) and £25,000pa") == ["£0.5m", "5%", "£25,000"]


def test_brackets_in_prose_are_asides_not_negatives():
    found = find_numbers("home support (£0.5m) and (12 beds)")
    assert [(n.raw, n.value) for n in found] == [("£0.5m", 500_000), ("12", 12)]


def test_dash_between_numbers_is_a_range_not_a_sign():
    assert [n.value for n in find_numbers("pages 7 - 9 and aged 18-64")] == [7, 9, 18, 64]


def test_signed_numbers_in_prose():
    assert [n.value for n in find_numbers("a change of -5% and –3 cases")] == [-5, -3]


def test_exclude_spans_are_skipped():
    text = "On 13 July 2017 we spent £5m."
    assert raws(text, exclude=[(3, 15)]) == ["£5m"]


def test_typo_forms_in_prose_carry_warnings():
    found = find_numbers("a rise of 13.56& against £6,443m")
    assert [n.unit for n in found] == [PERCENT, GBP]
    assert all(len(n.warnings) == 1 for n in found)


def test_comparator_in_prose():
    (found,) = find_numbers("a target of > 81% this year")
    assert found.comparator == ">"
    assert found.value == 81


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("£'000", (GBP, 1e3)),
        ("£’000", (GBP, 1e3)),
        ("£ '000", (GBP, 1e3)),
        ("2017/18 £'000", (GBP, 1e3)),
        ("£000s", (GBP, 1e3)),
        ("£k", (GBP, 1e3)),
        ("Budget (£k)", (GBP, 1e3)),
        ("£m", (GBP, 1e6)),
        ("Total (£m)", (GBP, 1e6)),
        ("£ millions", (GBP, 1e6)),
        ("£bn", (GBP, 1e9)),
        ("(£)", (GBP, 1.0)),
        ("Plan £", (GBP, 1.0)),
        ("%", (PERCENT, 1.0)),
        ("Rate %", (PERCENT, 1.0)),
        ("Scheme", (None, 1.0)),
        ("2017/18", (None, 1.0)),
        ("", (None, 1.0)),
    ],
)
def test_unit_from_header(header, expected):
    assert unit_from_header(header) == expected


def test_thousands_plural_header_regression():
    # "Spend £000s" declared no unit, so a £'000 column read 9,734 as £9,734
    assert unit_from_header("Spend £000s") == (GBP, 1e3)


# --------------------------------------------------------------------------- properties

# text drawn from the characters the grammar cares about, so the search reaches deep into it
NUMBERISH = st.text(alphabet="0123456789£$%&,.()-–−—*/+<>≥≤ kmbnKMBil'’ \t\nAp", max_size=40)
# hypothesis-generated text is slow-ish; keep the suite fast
FAST = settings(max_examples=300, deadline=None)


@FAST
@given(
    st.one_of(st.text(max_size=80), NUMBERISH),
    st.sampled_from([None, GBP, PERCENT, COUNT]),
    st.sampled_from([1.0, 1e3, 1e6]),
)
# what random text found once in a fresh run: a Unicode 16 digit, and a float overflow
@example("\U00010d40", None, 1.0)
@example("9" * 400, GBP, 1e3)
def test_parse_number_never_raises(text, unit, scale):
    parsed = parse_number(text, unit=unit, scale=scale)
    assert parsed is None or isinstance(parsed, ParsedNumber)


@FAST
@given(st.one_of(st.text(max_size=200), NUMBERISH))
@example("£'000 (£1.2M) 3.2.1 recommendation 2b")
@example("in \U00010d40\U00010d40/\U00010d41\U00010d41 the budget was £\U00010d41")
def test_find_numbers_never_raises_and_spans_point_at_raw(text):
    for n in find_numbers(text, reference_words=REFERENCE_WORDS):
        assert text[n.start : n.end] == n.raw
        assert n.raw.strip() == n.raw and n.raw


@FAST
@given(st.lists(st.tuples(st.sampled_from(["", "The ", "up to ", "("]), NUMBERISH), max_size=5))
def test_find_numbers_spans_are_ordered_and_disjoint(parts):
    text = " ".join(a + b for a, b in parts)
    found = find_numbers(text)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


AMOUNT = st.integers(min_value=0, max_value=10**12)
DECIMAL = st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@FAST
@given(AMOUNT)
def test_pounds_round_trip(i):
    parsed = parse_number(f"£{i:,}")
    assert (parsed.value, parsed.unit) == (i, GBP)


@FAST
@given(AMOUNT)
def test_bracketed_negative_round_trip(i):
    assert parse_number(f"({i:,})").value == -i
    assert parse_number(f"–{i:,}").value == -i


@FAST
@given(st.integers(min_value=0, max_value=10**9))
def test_thousands_column_round_trip(i):
    assert parse_number(f"{i:,}", unit=GBP, scale=1000).value == i * 1000


@FAST
@given(DECIMAL, st.sampled_from([("m", 1e6), ("bn", 1e9), ("k", 1e3), (" million", 1e6)]))
def test_magnitude_round_trip(x, suffix):
    word, factor = suffix
    parsed = parse_number(f"£{x:f}{word}")
    assert parsed.unit == GBP
    assert parsed.value == pytest.approx(float(x * Decimal(factor)), rel=1e-12, abs=1e-6)


@FAST
@given(DECIMAL)
def test_percent_round_trip(x):
    parsed = parse_number(f"{x:f}%")
    assert parsed.unit == PERCENT
    assert parsed.value == pytest.approx(float(x), abs=1e-9)


@FAST
@given(AMOUNT, st.sampled_from(["The budget is {} in total.", "{}", "({}) was spent", "about {}, of which"]))
def test_pounds_in_prose_round_trip(i, template):
    text = template.format(f"£{i:,}")
    (found,) = find_numbers(text)
    assert (found.value, found.unit, found.raw) == (i, GBP, f"£{i:,}")
    assert text[found.start : found.end] == found.raw


@FAST
@given(DECIMAL, st.sampled_from(["a rate of {} this year", "{}", "({})", "up {}."]))
def test_percent_in_prose_round_trip(x, template):
    token = f"{x:f}%"
    (found,) = find_numbers(template.format(token))
    assert found.value == pytest.approx(float(x), abs=1e-9)
    assert found.raw == token


@FAST
@given(st.one_of(st.text(max_size=120), NUMBERISH))
def test_excluding_a_found_number_removes_only_it(text):
    found = find_numbers(text)
    assert find_numbers(text, exclude=[]) == found
    for n in found:
        rest = find_numbers(text, exclude=[(n.start, n.end)])
        assert n.start not in [r.start for r in rest]
        assert {r.start for r in rest} <= {f.start for f in found}


# --------------------------------------------------------------------------- hostile sizes


def _seconds(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("run", ["x" * 200_000, "<" * 200_000, "1," * 100_000, "a@" * 100_000])
def test_long_unbroken_run_is_fast_regression(run):
    # the e-mail mask "\S+@\S+\.\S+" rescanned a run from every position: 100k characters of a base64
    # image in a Markdown export took 25 s, a cell of 300k "<" four minutes
    assert _seconds(find_numbers, run) < 3


def test_many_numbers_among_many_years_is_fast_regression():
    # every number was checked against every masked year: 5,000 of each took 1.6 s
    text = "in 2017/18 £5m, " * 20_000
    assert _seconds(find_numbers, text) < 3
    assert len(find_numbers(text)) == 20_000


# --------------------------------------------------------------------------- every digit there is

# Every character the grammar's \d matches (the regex module's Unicode tables) or Python calls a
# decimal digit (its own, possibly older, tables): the two sets differ, and a digit in one but not
# the other once failed a whole paper. All of them, not a sample: ~770 characters, well under a second.
ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
EVERY_DIGIT = sorted(set(regex.findall(r"\d", ALL_CHARACTERS)) | {c for c in ALL_CHARACTERS if c.isdecimal()})


def test_the_digit_sets_are_the_ones_we_think():
    # regex knows digits Python does not (Unicode 15 and 16 on Python 3.11); if this stops being
    # true the tests below still hold, they just test less
    assert len(EVERY_DIGIT) >= 660 and "\U00010d40" in EVERY_DIGIT


# each template, and the value it has when {d} is the ASCII digit n
DIGIT_TEMPLATES = {
    "{d}{d}": lambda n: 11 * n,
    "£{d},{d}{d}{d}": lambda n: 1111 * n,
    "({d}.{d}%)": lambda n: -(n + n / 10),  # a bracketed cell is a negative
    "1{d}m": lambda n: (10 + n) * 1e6,
}


@pytest.mark.parametrize("template", DIGIT_TEMPLATES)
def test_every_unicode_digit_is_read_exactly_or_not_at_all(template):
    """A cell of decimal digits is a number with the value of its digits when they are ASCII (the
    grammar reads those only), and otherwise not a number: never an exception, never a wrong value."""
    for d in EVERY_DIGIT:
        text = template.format(d=d)
        parsed = parse_number(text)
        if d in "0123456789":
            assert parsed is not None and parsed.raw == text, ascii(text)
            assert parsed.value == pytest.approx(DIGIT_TEMPLATES[template](int(d))), ascii(text)
        else:
            assert parsed is None, ascii(text)


def test_every_unicode_digit_in_prose_and_dates_never_raises():
    for d in EVERY_DIGIT:
        text = (
            f"On {d}{d} March 20{d}{d} the 20{d}{d}/{d}{d} budget rose {d}.{d}% to £{d}{d}m (Appendix {d})."
        )
        for n in find_numbers(text, reference_words=REFERENCE_WORDS):
            assert text[n.start : n.end] == n.raw
        find_dates(text, default_year=2024)


@pytest.mark.parametrize("digits", [308, 309, 400, 5000])
def test_numbers_too_long_for_a_float_are_not_numbers(digits):
    big = "9" * digits
    expected = digits < 309  # 10**309 overflows a double; 308 nines do not
    assert (parse_number(big) is not None) == expected
    assert (parse_number(f"£{big}") is not None) == expected
    assert parse_number(f"£{big[:300]}bn") is None  # the magnitude is what overflows
    assert all(n.value == n.value and abs(n.value) < float("inf") for n in find_numbers(f"It cost £{big}."))


def test_a_digit_of_another_script_is_not_read_as_a_number():
    # found by hypothesis: regex's \d matches U+10D40, which float() cannot read
    assert find_numbers("\U00010d40") == []
    assert [n.value for n in find_numbers("£5 and \U00010d40\U00010d41")] == [5.0]


def test_a_digit_python_cannot_read_is_not_a_number():
    # found by hypothesis: KAWI DIGIT ZERO is a \d to the regex module but float() refuses it
    assert find_numbers("\U00011f50") == [] and parse_number("\U00011f50") is None


@FAST
@given(
    st.one_of(st.text(max_size=60), NUMBERISH),
    st.sampled_from([None, GBP, PERCENT, COUNT]),
    st.sampled_from([1, 1.0, 1e3, 1000, 1e6]),
)
def test_a_cell_asked_again_reads_the_same_as_read_afresh(text, unit, scale):
    # parse_number keeps the readings of short cells: a kept one must be what a fresh reading gives,
    # for the same unit and scale (a scale of 1000 and one of 1000.0 are kept apart)
    parse_number(text, unit=unit, scale=scale)
    assert parse_number(text, unit=unit, scale=scale) == numbers_module._parse_cell(text, unit, scale)


def test_a_cell_too_long_to_keep_reads_like_a_short_one():
    cell = "£1,234"
    long = cell + " " * (numbers_module.CACHED_CELL_CHARS + 1 - len(cell))
    assert parse_number(long).value == parse_number(cell).value == 1234


def test_a_column_of_fractions_over_one_denominator_reads_as_ratios():
    from extractor.numbers import fraction_column, parse_fraction

    bands = ["6/9", "7/9", "8/9", "9/9", "11/9", "18/9"]
    assert fraction_column(bands)
    assert parse_fraction("6/9").value == pytest.approx(2 / 3)
    assert parse_fraction("18/9").unit == COUNT
    # dates, references and mixed denominators are not a scale of ratios
    assert not fraction_column(["6/9", "7/10", "8/9"])
    assert not fraction_column(["6/9", "12/06/2024", "8/9"])
    assert not fraction_column(["6/9", "7/9"])
    assert parse_fraction("24/0") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("an extra 31 pence per week for a band D property", 0.31), ("(11 pence)", 0.11), ("57 pence", 0.57)],
)
def test_a_sum_in_pence_is_read_in_pounds(text: str, value: float) -> None:
    (number,) = find_numbers(text)
    assert (number.value, number.unit, number.unit_explicit) == (value, GBP, True)


def test_a_word_that_starts_with_pence_is_not_pence() -> None:
    assert [(n.value, n.unit) for n in find_numbers("12 pencils")] == [(12.0, COUNT)]
