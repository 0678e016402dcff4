from pathlib import Path

from extractor.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_extracts_a_corpus_text(tmp_path):
    status = main(["extract", str(ROOT / "corpus/text/000_af6d23c4c93e057d.txt"), "-o", str(tmp_path), "-q"])
    assert status == 0
    assert (tmp_path / "000_af6d23c4c93e057d.json").exists()
    assert (tmp_path / "figures.csv").read_text().count("\n") > 100
