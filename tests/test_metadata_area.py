"""Issue 12: a paper's area comes from its text; a table's councils are payees or counterparties
unless one area holds most of the table's mentions and the text names none."""

from __future__ import annotations

from extractor.gazetteer import Gazetteer
from extractor.metadata import _area
from extractor.models import Block, BlockKind, Provenance
from extractor.rules import load_rules

RULES = load_rules()
GAZETTEER = Gazetteer(RULES)


def _block(i: int, text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> Block:
    return Block(id=f"b{i}", kind=kind, text=text, section_id="s1", provenance=Provenance(page=1))


def test_councils_in_a_payments_table_are_not_the_papers_area() -> None:
    blocks = [
        _block(0, "Expenditure over £25,000, April 2020"),
        _block(
            1, "Supplier\tAmount\nBristol City Council\t30,000\nBristol City Council\t41,000", BlockKind.TABLE
        ),
    ]
    named = [GAZETTEER.find(b.text) for b in blocks]
    prose_only = [[] if b.kind is BlockKind.TABLE else m for b, m in zip(blocks, named, strict=True)]
    assert _area(None, prose_only, GAZETTEER) is None


def test_tables_that_name_one_area_and_the_text_none_give_it() -> None:
    table = "Service\tBudget\nKent County Council\t10\nKent\t5\nKent\t6\nKent\t7\nMedway\t1"
    named = [GAZETTEER.find(table)]
    assert _area(None, named, GAZETTEER, 0.75) == "Kent"


def test_tables_that_name_several_areas_give_none() -> None:
    table = "Payee\tAmount\nLondon Borough of Camden\t10\nEnfield\t5\nIslington\t6"
    assert _area(None, [GAZETTEER.find(table)], GAZETTEER, 0.75) is None


def test_a_commissioner_over_several_councils_is_its_own_footprint() -> None:
    from extractor.metadata import _commissioner_footprint

    title = "NHS North Central London CCG Payments over £30,000 Apr 2020"
    assert _commissioner_footprint(title, GAZETTEER) == "North Central London"
    assert _commissioner_footprint("Kent County Council Quarterly Performance Report", GAZETTEER) is None
