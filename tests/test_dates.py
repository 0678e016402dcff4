"""The date parser: the forms the sample papers use, day-first numerics, Excel serials, properties."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import dates as dates_module
from extractor.dates import ParsedDate, find_dates, from_excel_serial, parse_date

FAST = settings(max_examples=300, deadline=None)


def isos(text: str, **kwargs) -> list[str]:
    return [d.iso for d in find_dates(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("13 July 2017", "2017-07-13"),
        ("28th September 2017", "2017-09-28"),
        ("6th of September 2017", "2017-09-06"),
        ("13 Oct. 2017", "2017-10-13"),
        ("13 July, 2017", "2017-07-13"),
        ("July 13, 2017", "2017-07-13"),
        ("1 May 2017", "2017-05-01"),
        ("13/10/2017", "2017-10-13"),
        ("1/9/2017", "2017-09-01"),  # day first: 1 September, not 9 January
        ("01.05.2017", "2017-05-01"),
        ("13-10-2017", "2017-10-13"),
        ("13 / 10 / 2017", "2017-10-13"),
        ("13/10/17", "2017-10-13"),
        ("29 February 2016", "2016-02-29"),
    ],
)
def test_day_precision_forms(text, iso):
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.iso, parsed.precision, parsed.raw) == (iso, "day", text)
    assert not parsed.year_inferred


@pytest.mark.parametrize(
    ("text", "iso"), [("July 2017", "2017-07"), ("Sept 2017", "2017-09"), ("May 2017", "2017-05")]
)
def test_month_precision(text, iso):
    parsed = parse_date(text)
    assert (parsed.iso, parsed.precision) == (iso, "month")


def test_weekday_is_not_part_of_the_date():
    (parsed,) = find_dates("Friday 13th October 2017")
    assert parsed.raw == "13th October 2017"
    assert (parsed.start, parsed.end) == (7, 24)


def test_glued_dates_are_split():
    # a quarterly template cell exported without a separator between two dates
    text = "29/09/201713/10/2017"
    found = find_dates(text)
    assert [d.iso for d in found] == ["2017-09-29", "2017-10-13"]
    assert [d.raw for d in found] == ["29/09/2017", "13/10/2017"]
    assert [(d.start, d.end) for d in found] == [(0, 10), (10, 20)]


def test_day_and_month_take_the_default_year_and_say_so():
    (parsed,) = find_dates("The board meets on 6 September.", default_year=2017)
    assert parsed.iso == "2017-09-06"
    assert parsed.year_inferred
    assert len(parsed.warnings) == 1
    assert "6 September" in parsed.warnings[0]


def test_day_and_month_without_a_default_year_are_skipped():
    assert find_dates("The board meets on 6 September.") == []


@pytest.mark.parametrize("text", ["it may be late", "3 may be", "we may 2 agree"])
def test_may_the_verb_is_not_a_date(text):
    assert find_dates(text, default_year=2017) == []


@pytest.mark.parametrize(
    "text", ["0/0/2017", "13/13/2017", "2017/18", "13.10.17", "tbc", "", "Q3 2017", "30 February"]
)
def test_not_dates(text):
    assert find_dates(text, default_year=2017) == []


@pytest.mark.parametrize(
    ("text", "iso"), [("32 July 2017", "2017-07"), ("29 February 2017", "2017-02"), ("31/09/2017", "2017-09")]
)
def test_invalid_day_is_kept_as_the_month_with_a_warning_regression(text, iso):
    # "29 February 2017" used to come out as a plain "February 2017", hiding the slip
    (parsed,) = find_dates(text)
    assert (parsed.iso, parsed.precision, parsed.raw) == (iso, "month", text)
    assert "not a valid date" in parsed.warnings[0]


def test_several_dates_in_prose_in_order():
    text = "Submitted on 13/10/2017, signed off 28th September 2017 and due by 4 April."
    assert isos(text, default_year=2018) == ["2017-10-13", "2017-09-28", "2018-04-04"]


def test_excel_serial():
    parsed = from_excel_serial(43039)
    assert parsed.iso == "2017-10-31"
    assert parsed.raw == "43039"
    assert "Excel" in parsed.warnings[0]
    assert from_excel_serial(43039.0).iso == "2017-10-31"


@pytest.mark.parametrize(
    "value", [0, -5, 1, 19999, 60001, 43039.5, 1e300, float("nan"), float("inf"), float("-inf")]
)
def test_excel_serial_out_of_range_is_refused(value):
    assert from_excel_serial(value) is None


# --------------------------------------------------------------------------- properties

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FOUR_LETTERS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]  # "Sept 2017"
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


def _ordinal(day: int) -> str:
    if 11 <= day <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


STYLES = {
    "d Month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "dth Month yyyy": lambda d: f"{d.day}{_ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
    "Weekday dth of Month yyyy": lambda d: (
        f"{d:%A} {d.day}{_ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}"
    ),
    "d Mon yyyy": lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]} {d.year}",
    "d Mon. yyyy": lambda d: f"{d.day} {ABBREVIATIONS[d.month - 1]}. {d.year}",
    "d Sept yyyy": lambda d: f"{d.day} {FOUR_LETTERS[d.month - 1]} {d.year}",
    "d MONTH, yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1].upper()}, {d.year}",
    "Month d, yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "dd/mm/yyyy": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "d/m/yyyy": lambda d: f"{d.day}/{d.month}/{d.year}",
    "dd.mm.yyyy": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "dd-mm-yyyy": lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
}


@FAST
@given(
    DATES,
    st.sampled_from(sorted(STYLES)),
    st.sampled_from(["{}", "On {} the board met.", "(due {})", "by {}, then"]),
)
def test_any_date_in_any_style_parses_back(date, style, template):
    written = STYLES[style](date)
    text = template.format(written)
    found = find_dates(text)
    assert [d.iso for d in found] == [date.isoformat()], (style, text)
    (parsed,) = found
    assert parsed.precision == "day"
    assert text[parsed.start : parsed.end] == parsed.raw


@FAST
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_two_digit_year_parses_back(date):
    assert parse_date(f"{date:%d/%m/%y}").iso == date.isoformat()


@FAST
@given(DATES, st.sampled_from([MONTHS, ABBREVIATIONS, FOUR_LETTERS]))
def test_month_and_year_parse_back(date, spelling):
    month = spelling[date.month - 1]
    parsed = parse_date(f"at the end of {month} {date.year}")
    assert (parsed.iso, parsed.precision) == (f"{date.year:04d}-{date.month:02d}", "month")


@FAST
@given(DATES, st.integers(min_value=1900, max_value=2099))
def test_default_year_fills_a_missing_year(date, year):
    if date.month == 2 and date.day == 29:
        date = date.replace(day=28)
    if MONTHS[date.month - 1] == "May":
        return  # "6 May" alone could be the verb; covered by test_may_the_verb_is_not_a_date
    parsed = parse_date(f"on {date.day} {MONTHS[date.month - 1]} we meet", default_year=year)
    assert parsed.iso == date.replace(year=year).isoformat()
    assert parsed.year_inferred


@FAST
@given(st.lists(DATES, min_size=2, max_size=4))
def test_glued_numeric_dates_all_parse(dates):
    text = "".join(f"{d:%d/%m/%Y}" for d in dates)
    assert isos(text) == [d.isoformat() for d in dates]


@FAST
@given(st.integers(min_value=20000, max_value=60000))
def test_excel_serial_matches_excel_epoch(serial):
    assert from_excel_serial(serial).iso == (dt.date(1899, 12, 30) + dt.timedelta(days=serial)).isoformat()


@FAST
@given(st.one_of(st.text(max_size=200), st.text(alphabet="0123456789/.- ,thsndrofMayJulSepOct", max_size=60)),
       st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))  # fmt: skip
def test_find_dates_never_raises_and_spans_point_at_raw(text, year):
    found = find_dates(text, default_year=year)
    for d in found:
        assert isinstance(d, ParsedDate)
        assert text[d.start : d.end] == d.raw
        dt.date.fromisoformat(d.iso if d.precision == "day" else d.iso + "-01")
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


@FAST
@given(st.one_of(st.floats(allow_nan=True), st.integers(min_value=-(10**20), max_value=10**20)))
def test_from_excel_serial_never_raises(value):
    parsed = from_excel_serial(value)
    assert parsed is None or 20000 <= value <= 60000


def test_many_dates_in_one_cell_is_fast_regression():
    # each date was checked against every date already read: quadratic in a long cell
    text = "13/10/2017, 13 July 2017 and 1/9/2017; " * 5_000
    started = time.perf_counter()
    assert len(find_dates(text)) == 15_000
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize("run", ["1" * 200_000, "1/" * 100_000, "13 " * 100_000])
def test_long_runs_are_fast(run):
    started = time.perf_counter()
    find_dates(run, default_year=2017)
    assert time.perf_counter() - started < 3


@FAST
@given(st.one_of(st.text(max_size=60), st.text(alphabet="0123456789/.- ,thsndrofMayJulSepOct", max_size=60)),
       st.one_of(st.none(), st.integers(min_value=1, max_value=9999)))  # fmt: skip
def test_a_text_asked_again_reads_the_same_as_read_afresh(text, year):
    # find_dates keeps the readings of short texts; a kept reading must be the one a fresh scan gives,
    # and a caller that changes the list it got must not change what the next caller gets
    first = find_dates(text, default_year=year)
    first.append(ParsedDate("2000-01", "month", "x"))
    assert find_dates(text, default_year=year) == list(dates_module._scan(text, year))


def test_a_text_too_long_to_keep_reads_like_a_short_one():
    cell = "due 13/10/2017 or July 2018"
    long = cell + " " * (dates_module.CACHED_TEXT_CHARS + 1 - len(cell))
    assert [d.iso for d in find_dates(long)] == [d.iso for d in find_dates(cell)] == ["2017-10-13", "2018-07"]
