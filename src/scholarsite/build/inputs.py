"""The files a build read, for ``scholarsite build`` to tell next time that none changed.

Only the environment knows every file a build depends on beyond the source folder (the .bib
files, included files, the code of Sphinx and of each extension). At the end of a successful
build their paths are written beside the doctrees; :mod:`.uptodate` reads them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sphinx.application import Sphinx

from ..atomic import write_atomically
from .uptodate import INPUTS


def record_inputs(app: Sphinx, exception: Exception | None) -> None:
    """At ``build-finished``: every dependency outside the sources, and every module file of
    Sphinx, the theme and the extensions (an upgrade changes them)."""
    if exception is not None:
        return
    srcdir = Path(app.srcdir)
    paths = {str(srcdir / dep) for deps in app.env.dependencies.values() for dep in deps}
    paths |= {str((Path(app.confdir) / name).resolve()) for name in app.config.bibtex_bibfiles}
    for name in ["sphinx", *app.extensions]:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            paths.add(str(Path(module.__file__).resolve()))
    write_atomically(Path(app.doctreedir) / INPUTS, json.dumps(sorted(paths)).encode())
