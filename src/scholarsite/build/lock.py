"""One build of a project's output at a time.

Two builds of one project started together (two terminals, an editor's save hook and a
typed command) wrote the same temporary files (Sphinx's ``searchindex.js.tmp``), and one died
renaming the other's. The first build holds an exclusive lock on a file of the doctree
folder (never published) from ``config-inited``, before the environment is loaded, to
``build-finished``; another build waits for it, saying so once. The operating system drops
the lock of a process that is killed. Where there is no ``fcntl`` (Windows) builds run as
before, unlocked. Key: the doctree folder; invariant: no two builds read or write it at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms the tests run on
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)
_HELD: dict[int, int] = {}  # id(app) -> the locked file's descriptor


def take(app: Sphinx, config: Config) -> None:
    """``config-inited``: wait until no other build holds the doctree folder, then hold it."""
    if fcntl is None:
        return
    folder = Path(app.doctreedir)
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder / "scholarsite.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        logger.info("waiting for another build of %s to finish", app.outdir)
        fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[id(app)] = handle


def release(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (last): the next build may start."""
    handle = _HELD.pop(id(app), None)
    if handle is not None:
        os.close(handle)  # closing the only descriptor of the open file drops its lock
