"""The published JSON Schemas: generated from the models, committed under ``extractor/schema/``.

``python -m extractor.schema_files`` rewrites them; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .models import Document, Finding

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"


def document_schema() -> dict:
    return Document.model_json_schema()


def findings_schema() -> dict:
    schema = TypeAdapter(list[Finding]).json_schema()
    schema["title"] = "bcf-extract findings"
    return schema


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
