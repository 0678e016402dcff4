"""Opening an Office file (a zip of XML parts) with its library, with one-line errors for the
ways a download goes wrong: a password (Office then saves an OLE container, not a zip), a
truncated or mislabelled file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from ..errors import EncryptedDocumentError, IngestError

T = TypeVar("T")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# what openpyxl and python-docx raise for a zip that is not their kind of package
_NOT_A_PACKAGE = ("PackageNotFoundError", "InvalidXmlError", "InvalidFileException", "XMLSyntaxError")


def open_office(path: Path, data: bytes, load: Callable[[io.BytesIO], T], kind: str, suffix: str) -> T:
    """``load`` applied to the file's bytes.

    Args:
        kind: what the file should be, for messages ("Excel workbook", "Word document").
        suffix: the format to re-save it as (".xlsx").

    Raises:
        EncryptedDocumentError: an OLE container: a password-protected file, or the old binary format.
        IngestError: the library could not read it.
    """
    if data[:8] == OLE_MAGIC:
        raise EncryptedDocumentError(
            path,
            f"{kind} is encrypted (password protected), or in the old binary format",
            f"save an unprotected {suffix} copy",
        )
    try:
        return load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        problem = f"not a readable {kind} ({type(exc).__name__})"
    except Exception as exc:  # noqa: BLE001 - the libraries raise their own types for a wrong package
        if type(exc).__name__ not in _NOT_A_PACKAGE:
            raise
        problem = f"not a readable {kind} ({type(exc).__name__})"
    raise IngestError(path, problem, f"re-download it or re-save it as {suffix}")
