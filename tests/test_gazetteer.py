"""The organisation gazetteer (rules/organisations.jsonl) and what extractor.gazetteer makes of it."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import pytest

from extractor.gazetteer import Gazetteer, _is_abbreviation, _key
from extractor.rules import OrganisationRule, load_rules

ROOT = Path(__file__).resolve().parent.parent

# Abbreviations that are ordinary words or stand for several bodies: none may name one organisation.
AMBIGUOUS_ABBREVIATIONS = {
    "OH", "DH", "LA", "CH", "NHS", "BBC",
    "LCC", "DCC", "HCC", "SCC", "NCC", "BCC", "WCC", "CCC", "GCC", "MCC", "CBC",  # several councils each
    "MFT", "CPFT", "PAHT", "STHFT", "RBH", "NCA",  # several trusts (or bodies) each
}  # fmt: skip
# Place names that are also ordinary words or name several places: never a bare alias.
AMBIGUOUS_NAMES = set(
    "reading westminster kingston richmond stoke chester windsor telford staffs bucks".split()
)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def orgs(rules) -> tuple[OrganisationRule, ...]:
    return rules.organisations


@pytest.fixture(scope="module")
def gazetteer(rules) -> Gazetteer:
    return Gazetteer(rules)


def _names(org: OrganisationRule) -> list[str]:
    return list(dict.fromkeys((org.name, *org.aliases)))


def test_the_gazetteer_loads_with_every_kind(orgs):
    kinds = defaultdict(int)
    for org in orgs:
        kinds[org.kind] += 1
    assert kinds["hwb_area"] >= 150
    assert kinds["council"] >= kinds["hwb_area"]
    assert kinds["ccg"] >= 200
    assert kinds["icb"] == 42 + 1  # the 42 ICBs and the generic "ICB"
    assert kinds["trust"] >= 200
    assert kinds["national"] >= 10


def test_ids_are_unique_and_say_their_kind(orgs):
    ids = [o.id for o in orgs]
    assert len(ids) == len(set(ids))
    prefix = {"hwb_area": "hwb", "council": "council", "ccg": "ccg", "icb": "icb", "trust": "trust"}
    for org in orgs:
        expected = "generic" if org.generic else prefix.get(org.kind, org.kind)
        assert org.id.startswith(f"org.{expected}."), org.id


def test_existing_ids_are_kept(orgs):
    ids = {o.id for o in orgs}
    kept = """
        org.generic.ccg org.generic.icb org.generic.council org.hwb.oxfordshire org.council.oxfordshire
        org.ccg.oxfordshire org.hwb.banes org.council.banes org.ccg.banes org.hwb.dorset org.council.dorset
        org.ccg.dorset org.trust.ouh org.trust.oxford-health org.trust.ruh org.trust.awp org.trust.scas
        org.trust.rbft org.provider.virgin-care org.provider.sirona org.national.nhse org.national.dhsc
        org.national.dclg org.national.lga org.national.cqc org.national.adass org.hwb.kent org.council.kent
        org.hwb.leeds org.council.leeds org.trust.lch org.hwb.west-sussex org.council.west-sussex
    """.split()
    assert set(kept) - ids == set()


def test_no_alias_names_two_organisations(orgs):
    """Long names compared as the gazetteer folds them (case, '&'/'and', punctuation); abbreviations
    exactly, and also against long names that fold to the same letters."""
    folded: dict[str, set[str]] = defaultdict(set)
    exact: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        if org.generic:
            continue
        for alias in _names(org):
            if _is_abbreviation(alias):
                exact[alias].add(org.id)
            else:
                folded[_key(alias)].add(org.id)
    clashes = {k: v for k, v in {**folded, **exact}.items() if len(v) > 1}
    for abbreviation, owners in exact.items():
        other = folded.get(_key(abbreviation), set()) - owners
        if other:
            clashes[abbreviation] = owners | other
    assert not clashes, clashes


def test_no_ambiguous_abbreviation_or_bare_place_word(orgs):
    for org in orgs:
        if org.generic:
            continue
        for alias in _names(org):
            assert alias not in AMBIGUOUS_ABBREVIATIONS, (org.id, alias)
            assert alias.lower() not in AMBIGUOUS_NAMES, (org.id, alias)


def test_every_hwb_area_has_its_council_and_every_area_is_an_hwb_area(orgs):
    hwb_areas = {o.area for o in orgs if o.kind == "hwb_area"}
    assert None not in hwb_areas
    council_areas = {o.area for o in orgs if o.kind == "council" and not o.generic}
    assert hwb_areas - council_areas == set()
    named = {o.area for o in orgs if o.area}
    assert named - hwb_areas == set()


def test_reorganised_areas_are_all_there(orgs):
    areas = {o.area for o in orgs if o.kind == "hwb_area"}
    for area in (
        "Dorset",
        "Bournemouth",
        "Poole",
        "Bournemouth, Christchurch and Poole",
        "Northamptonshire",
        "North Northamptonshire",
        "West Northamptonshire",
        "Cumbria",
        "Cumberland",
        "Westmorland and Furness",
        "North Yorkshire",
        "Somerset",
        "Buckinghamshire",
        "City of London",
        "Isles of Scilly",
        "Kingston upon Hull",
        "St Helens",
        "Windsor and Maidenhead",
        "Telford and Wrekin",
        "Brighton and Hove",
        "Bath and North East Somerset",
    ):
        assert area in areas, area


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bath & North East Somerset Council", "Bath and North East Somerset Council"),
        ("B&NES", "Bath and North East Somerset"),
        ("OCCG", "Oxfordshire Clinical Commissioning Group"),
        ("Kent and Medway ICB", "NHS Kent and Medway Integrated Care Board"),
        ("NHS Kent & Medway Integrated Care Board", "NHS Kent and Medway Integrated Care Board"),
        ("NHS Dorset CCG", "NHS Dorset CCG"),
        ("Dorset Council", "Dorset Council"),
        ("KCC", "Kent County Council"),
        ("RBWM", "Royal Borough of Windsor and Maidenhead"),
        ("Windsor & Maidenhead", "Windsor and Maidenhead"),
        ("Brighton & Hove City Council", "Brighton and Hove City Council"),
        ("Kingston upon Hull City Council", "Hull City Council"),
        ("St. Helens Council", "St Helens Council"),
        ("Stoke on Trent", "Stoke-on-Trent"),
        ("Telford & Wrekin Council", "Telford and Wrekin Council"),
        ("Reading Borough Council", "Reading Borough Council"),
        ("NHS Heywood Middleton and Rochdale CCG", "NHS Heywood, Middleton and Rochdale CCG"),
        ("NHS Kernow", "NHS Kernow CCG"),
        ("BNSSG CCG", "NHS Bristol, North Somerset and South Gloucestershire CCG"),
        ("LTHT", "Leeds Teaching Hospitals NHS Trust"),
        ("Lancashire Teaching Hospitals NHS FT", "Lancashire Teaching Hospitals NHS Foundation Trust"),
        ("Guy’s and St Thomas’ NHS Foundation Trust", "Guy's and St Thomas' NHS Foundation Trust"),
        ("Rotherham NHS Foundation Trust", "The Rotherham NHS Foundation Trust"),
        ("DLUHC", "Ministry of Housing, Communities and Local Government"),
        (
            "Department for Levelling Up Housing and Communities",
            "Ministry of Housing, Communities and Local Government",
        ),  # noqa: E501
        ("UKHSA", "UK Health Security Agency"),
    ],
)
def test_names_resolve_to_one_normalised_name(gazetteer, text, name):
    org = gazetteer.resolve(text)
    assert org is not None and org.name == name, (text, org and org.name)


def test_find_in_prose(gazetteer):
    text = (
        "The plan was agreed by Kingston upon Hull City Council and NHS Hull CCG, with Hull University "
        "Teaching Hospitals NHS Trust and Humber Teaching NHS Foundation Trust, and signed off by the "
        "Hull Health and Wellbeing Board before submission to NHS England."
    )
    assert [m.org.name for m in gazetteer.find(text)] == [
        "Hull City Council",
        "NHS Hull CCG",
        "Hull University Teaching Hospitals NHS Trust",
        "Humber Teaching NHS Foundation Trust",
        "Kingston upon Hull",
        "NHS England",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are reading the report and the LA said oh, the DH and the CH are fine.", []),
        ("the Westminster government", []),
        ("The Richmond and Kingston boroughs, Staffs and Bucks", []),
        # places inside another area are listed under that area, so that they are not read as a namesake
        ("West Suffolk Hospital in Bury St Edmunds", ["Suffolk", "Suffolk"]),
        ("a district council in Newcastle-under-Lyme", ["Staffordshire"]),
        ("Sutton Coldfield and Bradford on Avon", ["Birmingham", "Wiltshire"]),
        ("GMCA in Greater Manchester", ["Greater Manchester Combined Authority", "Greater Manchester"]),
        ("Bury Council and Bury CCG", ["Bury Council", "NHS Bury CCG"]),
    ],
)
def test_ambiguous_words_are_not_read_as_organisations(gazetteer, text, expected):
    assert [m.org.name for m in gazetteer.find(text)] == expected


def test_generic_names_resolve_inside_an_area(gazetteer):
    assert gazetteer.resolve("the CCG", area="Oxfordshire").name == "Oxfordshire Clinical Commissioning Group"
    assert gazetteer.resolve("County Council", area="Kent").name == "Kent County Council"
    # the area-wide CCG, not one of its parts
    assert gazetteer.resolve("CCG", area="Leeds").name == "NHS Leeds CCG"
    assert gazetteer.resolve("ICB", area="Somerset").name == "NHS Somerset Integrated Care Board"
    # Kent had several CCGs at once: a bare "CCG" stays generic rather than naming one of them
    assert gazetteer.resolve("CCG", area="Kent").generic


def test_find_on_a_long_text_is_measured(gazetteer, orgs):
    corpus = (ROOT / "corpus/text/000_af6d23c4c93e057d.txt").read_text(encoding="utf-8").split()
    names = [o.name for o in orgs if not o.generic][::7]
    words: list[str] = []
    i = 0
    while len(words) < 2000:
        words.extend(corpus[i % len(corpus) : i % len(corpus) + 40])
        words.extend(names[(i // 40) % len(names)].split())
        i += 40
    text = " ".join(words[:2000])
    gazetteer.find(text)  # warm up
    start = time.perf_counter()
    found = gazetteer.find(text)
    elapsed = time.perf_counter() - start
    print(
        f"\nGazetteer.find on {len(text.split())} words ({len(text)} characters, {len(orgs)} organisations):"
        f" {elapsed * 1000:.0f} ms, {len(found)} matches"
    )
    assert found
