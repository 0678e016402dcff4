"""bcf-extract: Better Care Fund papers to structured, traceable data."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bcf-extract")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
