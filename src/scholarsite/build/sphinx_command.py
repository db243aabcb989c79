"""What a build through Sphinx's own command line gets of ``scholarsite build``'s speed-ups.

``scholarsite build`` skips a build whose inputs and outputs are as the last successful one
left them (:mod:`.uptodate`). ``python -m sphinx`` and ``sphinx-build`` (Read the Docs, CI,
sphinx-autobuild) run the extension's ``setup()`` before anything is read, so the check is
done there too, keyed by that command line (``-a``/``-E`` always build); after a build that
Sphinx finished (its ``cleanup`` ran), the manifest is recorded if the status is 0.

Nothing more: the process is Sphinx's, so its exit and its garbage collector are left as
they are (other extensions' exit handlers, coverage data, temporary files, must run). The
``scholarsite`` command alone tunes both (``cli.run``).

Key: the command line, environment and file stats (:class:`.uptodate.Manifest`). Invariant:
as :mod:`.uptodate`'s; a build that failed or warned under ``-W`` records nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import compat
from . import caching
from .uptodate import Manifest, Stats

logger = logging.getLogger(__name__)

_MAIN_MODULES = frozenset({"sphinx", "sphinx.__main__", "sphinx.cmd.build"})
_FULL_BUILD = frozenset({"--write-all", "--fresh-env"})


def from_command_line() -> bool:
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None and spec.name in _MAIN_MODULES:
        return True
    return Path(sys.argv[0]).name == "sphinx-build"


def _full_build(args: list[str]) -> bool:
    """``-a``, ``-E`` or their long forms, also among other short options (``-qE``); an
    option value that merely contains the letters (``-Dlanguage=en``) counts too, which only
    costs a skipped shortcut."""
    short = (arg[1:].split("=", 1)[0] for arg in args
             if arg.startswith("-") and not arg.startswith("--"))
    return bool(_FULL_BUILD.intersection(args)) or any("a" in s or "E" in s for s in short)


def start(app: Sphinx) -> None:
    """From ``setup()``, before the other modules load: end here if the site is current."""
    if not from_command_line():
        return
    args = sys.argv[1:]
    manifest = Manifest(Path(app.srcdir), Path(app.outdir), Path(app.doctreedir), args)
    if not _full_build(args) and manifest.current():
        logger.info("%s is up to date: no source, setting or package changed since it was "
                    "built", app.outdir)
        raise SystemExit(0)
    before = manifest.start()

    def finished(app: Sphinx, exception: Exception | None) -> None:
        if exception is None:
            _after_cleanup(app, manifest, before)

    from ..sphinx.failure import connect

    connect(app, "build-finished", finished)


def _after_cleanup(app: Sphinx, manifest: Manifest, before: Stats) -> None:
    """Sphinx sets the final status after ``build-finished`` and calls the builder's
    ``cleanup`` last: once that returns, the build is over (without that hook, nothing is
    recorded and the next build runs Sphinx)."""

    def record() -> None:
        if app.statuscode == 0 and caching(app):
            manifest.record(before)

    compat.on_builder_cleanup(app.builder, record)
