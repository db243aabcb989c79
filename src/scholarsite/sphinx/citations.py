"""Every ``{cite}`` key must exist: an unknown key fails the build with page and line.

sphinxcontrib-bibtex only warns about unknown keys (and only while writing), which a plain
build lets through. Once all pages are read, this check reads the cite domain's record of
citation references and refuses the build, listing each unknown key where it was written.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..errors import ScholarsiteError, located
from .data import site_data


def check_citation_keys(app: Sphinx, env: BuildEnvironment) -> list[str]:
    data = site_data(env)
    known = data.bib.data.entries
    bibfiles = ", ".join(str(path) for path in data.bib_paths)
    problems = [
        located(env.doc2path(ref.docname), ref.line,
                f"unknown citation key {target.key!r}: add the entry to {bibfiles} "
                "or fix the key")
        for ref in env.get_domain("cite").citation_refs
        for target in ref.targets
        if target.key not in known
    ]
    if problems:
        raise ScholarsiteError("\n".join(problems))
    return []
