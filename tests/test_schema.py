"""The committed JSON Schemas are what the models generate (regenerate: python -m extractor.schema_files)."""

from extractor.models import SCHEMA_VERSION
from extractor.schema_docs import FIELD_DOCS
from extractor.schema_files import SCHEMA_DIR, document_schema, expected_files, findings_schema, properties


def test_committed_schemas_match_the_models():
    for name, text in expected_files().items():
        committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `python -m extractor.schema_files`"


def test_every_property_of_every_schema_is_described():
    for schema in (document_schema(), findings_schema()):
        undescribed = [key for key, spec in properties(schema).items() if not spec.get("description")]
        assert not undescribed, f"add these to extractor/schema_docs.py: {undescribed}"


def test_every_description_names_a_real_field():
    keys = {key for schema in (document_schema(), findings_schema()) for key in properties(schema)}
    names = {key.split(".", 1)[1] for key in keys}
    stale = [key for key in FIELD_DOCS if key not in keys and key not in names]
    assert not stale, f"extractor/schema_docs.py describes fields that do not exist: {stale}"


def test_schemas_name_their_dialect_id_and_version():
    for schema, name in ((document_schema(), "document"), (findings_schema(), "findings")):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"urn:bcf-extract:schema:{name}:{SCHEMA_VERSION}"
    assert properties(document_schema())["Document.schema_version"]["default"] == SCHEMA_VERSION
