"""Every ``{cite}`` key must exist: an unknown key fails the build with page and line.

sphinxcontrib-bibtex only warns about unknown keys (and only while writing), which a plain
build lets through. As each page is read, this check walks its citation references and refuses
the build, listing each unknown key where it was written. MyST gives inline nodes the line of
their paragraph, so the exact line is found by looking for the key from there on.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from ..errors import ScholarsiteError, located
from .data import site_data


def _line_of(path: Path, start: int | None, key: str) -> int | None:
    if start is None:
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return next((number for number in range(start, len(lines) + 1)
                 if key in lines[number - 1]), start)


def check_citation_keys(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    data = site_data(env)
    path = env.doc2path(env.docname)
    bibfiles = ", ".join(map(str, data.bib_paths))
    problems = [
        located(path, _line_of(path, node.line, target.key),
                f"unknown citation key {target.key!r}: add the entry to {bibfiles} "
                "or fix the key")
        for node in doctree.findall(addnodes.pending_xref)
        if node.get("refdomain") == "cite"
        for target in parse_citation_targets(node["reftarget"])
        if target.key not in data.bib.data.entries
    ]
    if problems:
        raise ScholarsiteError("\n".join(problems))
