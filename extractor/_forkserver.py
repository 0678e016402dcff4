"""Imported once by the local pool's fork server (multiprocessing's preload, see ``executors``).

It imports the pipeline and builds the toolkit for the default rules, so every worker forked from
the server starts with both ready and shares their memory, instead of each worker spending a second
compiling the same patterns. A worker given another rules folder builds its own.
"""

from __future__ import annotations

from .tasks import toolkit_for

try:
    toolkit_for(None)
except Exception:  # noqa: BLE001 - a broken rules folder is reported per document by the workers
    pass
