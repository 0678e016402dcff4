"""The committed JSON Schemas are what the models generate (regenerate: python -m extractor.schema_files)."""

from extractor.schema_files import SCHEMA_DIR, expected_files


def test_committed_schemas_match_the_models():
    for name, text in expected_files().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `python -m extractor.schema_files`"
