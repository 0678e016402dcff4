"""The published JSON Schemas: generated from the models, committed under ``extractor/schema/``.

``python -m extractor.schema_files`` rewrites them; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .models import SCHEMA_VERSION, Document, Finding
from .schema_docs import FIELD_DOCS

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def document_schema() -> dict:
    return _published(Document.model_json_schema(), "document")


def findings_schema() -> dict:
    schema = TypeAdapter(list[Finding]).json_schema()
    schema["title"] = "bcf-extract findings"
    return _published(schema, "findings")


def _published(schema: dict, name: str) -> dict:
    """The schema as published: its dialect, an id naming it and its version (a URN: the schemas
    are shipped in the package, not served), and every property described (see schema_docs)."""
    for key, spec in properties(schema).items():
        if "description" not in spec:
            text = FIELD_DOCS.get(key) or FIELD_DOCS.get(key.split(".", 1)[1])
            if text:
                spec["description"] = text
    return {"$schema": DIALECT, "$id": f"urn:bcf-extract:schema:{name}:{SCHEMA_VERSION}", **schema}


def properties(schema: dict) -> dict[str, dict]:
    """Every property of a schema, keyed ``Model.field``."""
    out = {}
    for model, definition in [(schema.get("title", ""), schema), *schema.get("$defs", {}).items()]:
        for field, spec in definition.get("properties", {}).items():
            out[f"{model}.{field}"] = spec
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=1, sort_keys=True) + "\n"


def expected_files() -> dict[str, str]:
    return {
        "document.schema.json": render(document_schema()),
        "findings.schema.json": render(findings_schema()),
    }


def write_all() -> None:
    SCHEMA_DIR.mkdir(exist_ok=True)
    for name, text in expected_files().items():
        (SCHEMA_DIR / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_all()
