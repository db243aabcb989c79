"""The one exception type for bad owner input.

Loading is the only place that reads source files, so it is the only place that raises this.
Sphinx prints a ``SphinxError`` as ``<category>: <message>`` and exits non-zero, which is
exactly the "clear error and a failed build" the project promises; no traceback is shown.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import SphinxError


class ScholarsiteError(SphinxError):
    """Bad input in a source file: says where, what is wrong and what to do."""

    category = "scholarsite: bad input"


def located(path: str | Path, line: int | None, message: str) -> str:
    """Format ``file:line: message`` the way compilers do, so editors can jump to it."""
    where = str(path) if line is None else f"{path}:{line}"
    return f"{where}: {message}"
