"""Splitting a flattened table row ("Mental Health 9,683 46,555") into its label and values."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor.ingest.layout import split_values
from extractor.numbers import parse_number

FAST = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("line", "label", "values"),
    [
        ("Mental Health 9,683 46,555", "Mental Health", ["9,683", "46,555"]),
        ("Carers 1,234", "Carers", ["1,234"]),
        ("Reablement (1,234) 5", "Reablement", ["(1,234)", "5"]),
        ("DTOC 5.2% 3.5%", "DTOC", ["5.2%", "3.5%"]),
        ("Cost £1.2m £0.5m", "Cost", ["£1.2m", "£0.5m"]),
        ("Value 5615* 3", "Value", ["5615*", "3"]),
        ("Rate 13.56& 5", "Rate", ["13.56&", "5"]),
        ("Plan tbc", "Plan", ["tbc"]),
        ("Item n/a 5", "Item", ["n/a", "5"]),
        ("Admissions 65+ 12", "Admissions 65+", ["12"]),
        ("12 34", "", ["12", "34"]),
        ("Narrative only", "Narrative only", []),
        ("", "", []),
    ],
)
def test_split_values(line, label, values):
    assert split_values(line) == (label, values)


@pytest.mark.parametrize(
    ("line", "label", "values"),
    [
        ("Budget 2017/18 1,234 5,678", "Budget 2017/18", ["1,234", "5,678"]),
        ("Total 2018 4,000", "Total 2018", ["4,000"]),
        ("Care Act 2014 450", "Care Act 2014", ["450"]),
        ("2017/18 Plan 5", "2017/18 Plan", ["5"]),
    ],
)
def test_years_in_labels_stay_labels(line, label, values):
    assert split_values(line) == (label, values)


@pytest.mark.parametrize(
    ("line", "values"),
    [
        ("Price £ 20.00", ["£20.00"]),
        ("Target > 81% 79%", [">81%", "79%"]),
        ("Target < 5 7", ["<5", "7"]),
        ("Spend £ 1,234 £ 5", ["£1,234", "£5"]),
    ],
)
def test_split_symbols_are_glued_back(line, values):
    assert split_values(line)[1] == values


def test_nil_dash_column_is_not_glued_to_the_next_value():
    assert split_values("Carers – 1,234") == ("Carers", ["–", "1,234"])


# --------------------------------------------------------------------------- property

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ&'", min_size=1, max_size=10)
NIL_WORDS = {"n/a", "na", "tbc", "tba", "nil", "none"}
# words that a number's grammar could swallow as a magnitude ("5 m", "5 million")
MAGNITUDE_WORDS = {"k", "m", "b", "bn", "mn", "million", "millions", "billion", "thousand"}
LABEL_WORD = WORD.filter(lambda w: w.lower() not in NIL_WORDS | MAGNITUDE_WORDS)
YEAR = st.sampled_from(["2017", "2017/18", "2019/20"])

AMOUNT = st.integers(min_value=0, max_value=10**9)
VALUE = st.one_of(
    AMOUNT.map(lambda i: f"{i:,}"),
    AMOUNT.map(lambda i: f"£{i:,}"),
    AMOUNT.map(lambda i: f"({i:,})"),
    AMOUNT.map(lambda i: f"-{i:,}"),
    st.decimals(min_value=0, max_value=1000, places=1).map(lambda d: f"£{d:f}m"),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda d: f"{d:f}%"),
    st.decimals(min_value=0, max_value=100, places=2).map(lambda d: f"> {d:f}%"),
    st.sampled_from(["tbc", "n/a", "-", "nil"]),
)


@FAST
@given(
    st.lists(st.one_of(LABEL_WORD, YEAR), min_size=1, max_size=6),
    st.lists(VALUE, min_size=1, max_size=6),
    st.sampled_from([" ", "  ", "\t"]),
)
def test_label_and_values_round_trip(words, values, gap):
    # a label made of a single year is ambiguous even to a reader ("2017 1,234"); so is "… 2017 -5"
    assume(any(w not in ("2017", "2017/18", "2019/20") for w in words))
    assume(not (values[0].startswith("-") and words[-1][-1:].isdigit()))
    label = " ".join(words)
    line = gap.join([label, *values])
    got_label, got_values = split_values(line)
    assert got_label == label
    assert len(got_values) == len(values)
    for got, written in zip(got_values, values, strict=True):
        expected = parse_number(written)
        parsed = parse_number(got)
        if expected is None:
            assert got == written
        else:
            assert parsed is not None
            assert (parsed.value, parsed.unit, parsed.comparator) == (
                expected.value,
                expected.unit,
                expected.comparator,
            )


@FAST
@given(st.text(max_size=120))
def test_split_values_never_raises_and_keeps_every_token(line):
    label, values = split_values(line)
    assert "".join(label.split()) + "".join(values) == "".join(line.split())
