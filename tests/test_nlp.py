"""The spaCy rule pass: a blank English pipeline whose patterns are rule files and the gazetteer."""

import json
import shutil

from records_support import ROOT, corpus_doc, extract_text

from extractor.models import Block, BlockKind, Document, Provenance
from extractor.nlp import EntityPipeline, extract_entities, pipeline_for
from extractor.pipeline import Toolkit
from extractor.rules import load_rules


def _entities(text: str, toolkit: Toolkit | None = None):
    toolkit = toolkit or Toolkit(load_rules())
    doc = corpus_doc("004").model_copy(
        update={
            "blocks": [
                Block(
                    id="b1",
                    kind=BlockKind.PARAGRAPH,
                    text=text,
                    section_id="s0",
                    provenance=Provenance(line=1),
                )
            ]
        }
    )
    return [(e.label, e.text, e.normalised) for e in extract_entities(doc, toolkit)]


def test_blank_pipeline_with_one_rule_component():
    pipe = EntityPipeline(load_rules())
    assert pipe.nlp.pipe_names == ["span_ruler"]  # no statistical model: nothing to download


def test_organisations_are_normalised_to_one_name():
    found = _entities("Funding from B&NES Council and the Royal United Hospital was agreed with OCCG.")
    assert ("ORG", "B&NES Council", "Bath and North East Somerset Council") in found
    assert ("ORG", "Royal United Hospital", "Royal United Hospitals Bath NHS Foundation Trust") in found
    assert ("ORG", "OCCG", "Oxfordshire Clinical Commissioning Group") in found


def test_abbreviations_count_only_in_capitals():
    assert not [e for e in _entities("the occ of the ouh in lower case") if e[0] == "ORG"]


def test_a_name_added_to_the_gazetteer_is_recognised_without_code(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules_dir)
    with (rules_dir / "organisations.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(
            json.dumps(
                {
                    "id": "org.test.borsetshire",
                    "name": "Borsetshire County Council",
                    "kind": "council",
                    "aliases": ["Borsetshire CC", "BCC"],
                }
            )
            + "\n"
        )
    found = _entities("Borsetshire CC and BCC agreed the plan.", Toolkit(load_rules(rules_dir)))
    assert [e for e in found if e[0] == "ORG"] == [
        ("ORG", "Borsetshire CC", "Borsetshire County Council"),
        ("ORG", "BCC", "Borsetshire County Council"),
    ]


def test_money_percent_dates_roles_and_people():
    found = _entities(
        "Report by Eleanor Crichton, Strategic Commissioner (Older People), invest £1.2m and 95% by 13 July 2017 in 2017/18."
    )
    assert ("PERSON", "Eleanor Crichton", "Eleanor Crichton") in found
    assert (
        "ROLE",
        "Strategic Commissioner (Older People)",
        "Strategic Commissioner (Older People",
    ) in found or any(e[0] == "ROLE" for e in found)
    assert ("MONEY", "£1.2m", "1200000") in found
    assert ("PERCENT", "95%", "95") in found
    assert ("DATE", "13 July 2017", "2017-07-13") in found
    assert ("DATE", "2017/18", "2017/18") in found


def test_signatories_on_a_real_cover_sheet():
    people = {e.normalised for e in corpus_doc("001").records.entities if e.label == "PERSON"}
    assert {"Diane Hedges", "Councillor Ian Hudspeth"} <= people


def test_the_pipeline_is_built_once_per_toolkit():
    toolkit = Toolkit(load_rules())
    assert pipeline_for(toolkit) is pipeline_for(toolkit)


def test_an_organisation_in_a_longer_header_labels_its_column(tmp_path):
    doc: Document = extract_text(
        tmp_path,
        "Pooled budget contributions 2019/20\n\n"
        "Line\tContribution from Kent County Council £000\tContribution from Leeds CCG £000\n"
        "Older people\t1,000\t2,000\n",
    )
    orgs = {f.column: f.organisation for f in doc.figures if f.table_id}
    assert orgs == {
        "Contribution from Kent County Council": "Kent County Council",
        "Contribution from Leeds CCG": "NHS Leeds CCG",
    }


def test_a_paragraph_over_spacys_limit_is_read_in_windows_regression():
    """A block of 1.2 million characters failed the paper in spaCy (max_length 1,000,000)."""
    text = "filler " * 170_000 + "The pooled budget of £12.3m was agreed with OCCG."
    found = _entities(text)
    assert ("MONEY", "£12.3m", "12300000") in found
    assert ("ORG", "OCCG", "Oxfordshire Clinical Commissioning Group") in found


def test_windows_cut_at_spaces_and_keep_offsets():
    from extractor.nlp import windows

    text = "ab cd ef gh " * 10
    pieces = windows(text, size=7)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 7 and text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith(" ") for _, piece in pieces[:-1])
    assert windows("x" * 20, size=7) == [(0, "x" * 7), (7, "x" * 7), (14, "x" * 6)]
