"""Pages must be UTF-8, and a page that is not fails naming its line.

Sphinx decodes each page itself, and a byte that is not UTF-8 (a note saved as Latin-1) ends
the build in its crash report ("Encoding error!", a traceback) with no line. Before pages are
read, each one about to be read is decoded here the same way, so the error is ours: file,
line, what to do. Pages that are not read in this build were decoded in an earlier one.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..errors import read_text


def check_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """At ``env-before-read-docs``."""
    if app.config.source_encoding.lower().replace("_", "-") not in {"utf-8", "utf-8-sig",
                                                                      "utf8"}:
        return
    for docname in docnames:
        read_text(Path(env.doc2path(docname)), "page")
