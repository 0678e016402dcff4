"""bcf-extract: Better Care Fund papers to structured, traceable data.

The public API (see ``extractor.api``)::

    extract(path) -> Document        one paper, nothing written
    run(paths, out) -> RunSummary    a corpus into a folder, as `bcf-extract run`
    load(out) -> Dataset             that folder's DuckDB dataset, for SQL and pandas
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bcf-extract")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+local"

# imported after __version__, which the modules below read
from .api import Dataset, extract, load, run  # noqa: E402
from .batch import RunSummary  # noqa: E402
from .errors import ExtractorError, IngestError  # noqa: E402
from .models import Document  # noqa: E402

__all__ = [
    "Dataset",
    "Document",
    "ExtractorError",
    "IngestError",
    "RunSummary",
    "__version__",
    "extract",
    "load",
    "run",
]
