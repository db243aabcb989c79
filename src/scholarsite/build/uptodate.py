"""Telling, without starting Sphinx, that a built site is current with all its inputs.

Even when nothing changed, a Sphinx build of 1,000 notes takes seconds: loading the
extensions and the pickled environment, writing the search page, index, search index, sitemap,
feed and CV again. make answers "nothing to do" from file times; Sphinx cannot, since only its
environment knows what a build read. So after each successful ``scholarsite build`` a manifest
records the command line, the environment variables, and the modification time and size of
every file under the source folder, of every other file the build read (listed by
:mod:`.inputs`: .bib files, included files, the code of Sphinx, the theme,
each extension and this package), of the folders packages are installed in (an install or
upgrade changes them) and of every output file. If all are as recorded, the build
is skipped; any difference (a file added, removed or touched, an output deleted, another
option or variable) and Sphinx runs as usual.

Sources are stated before the build starts, so a file edited while Sphinx runs is seen as
changed next time. The manifest is removed before each build and written only after a
successful one.
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

from ..atomic import write_atomically
from ..paths import file_state

INPUTS = "scholarsite-inputs.json"
MANIFEST = "scholarsite-manifest.json"
PACKAGE = Path(__file__).resolve().parent.parent
#: Variables a shell changes between commands; they cannot change what a build writes.
VOLATILE = frozenset({"_", "OLDPWD", "SHLVL", "COLUMNS", "LINES"})

Stats = dict[str, tuple[int, int] | None]
_PACKAGE_FOLDERS = sorted({sysconfig.get_paths()[name] for name in ("purelib", "platlib")})


def file_stats(root: Path, skip: set[Path]) -> Stats:
    """Every file under ``root``, but not under ``skip``."""
    found: Stats = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if Path(folder, name) not in skip
                   and name != "__pycache__"]
        for name in files:
            path = os.path.join(folder, name)
            found[path] = file_state(path)
    return found


class Manifest:
    """The inputs and outputs of the last successful build with these arguments."""

    def __init__(self, source: Path, out: Path, doctrees: Path, args: list[str]) -> None:
        self.source, self.out, self.doctrees = source.resolve(), out.resolve(), doctrees.resolve()
        self.path = self.doctrees / MANIFEST
        environ = sorted((k, v) for k, v in os.environ.items() if k not in VOLATILE)
        # as JSON gives it back, to compare with a recorded one
        self.key = json.loads(json.dumps([sys.executable, os.getcwd(), args, environ]))

    def _sources(self) -> Stats:
        sources = file_stats(self.source, {self.out, self.doctrees})
        sources |= file_stats(PACKAGE, set())
        # installing, upgrading or removing any package changes its folder's entries
        sources |= {folder: file_state(folder) for folder in _PACKAGE_FOLDERS}
        try:
            listed = json.loads((self.doctrees / INPUTS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            listed = []
        sources |= {path: file_state(path) for path in listed if path not in sources}
        return sources

    def current(self) -> bool:
        """Whether the last successful build had these arguments and the very same files."""
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if recorded.get("key") != self.key:
            return False
        stats = {path: tuple(stat) if stat else None for path, stat in recorded["files"]}
        return stats == self._sources() | file_stats(self.out, {self.doctrees})

    def build(self, run: Callable[[], int]) -> int:
        """Run the build; on success record its inputs (the ones it depends on now, as they
        were before it started, so a file edited during the build counts as changed) and its
        outputs."""
        before = self.start()
        status = run()
        if status == 0:
            self.record(before)
        return status

    def forget(self) -> None:
        """The last build's record, which a build about to start makes untrue."""
        self.path.unlink(missing_ok=True)

    def start(self) -> Stats:
        """Before a build: forget the last one; the sources as they are now."""
        self.forget()
        return self._sources()

    def record(self, before: Stats) -> None:
        """After a successful build that started with the sources ``before``."""
        after = self._sources()  # an input the build no longer reads is not recorded
        # A source added while the build ran was not built: recorded as absent, so the
        # next build runs. (A dependency first listed by this build is recorded as it is.)
        inside = str(self.source) + os.sep
        files = {path: before.get(path, None if path.startswith(inside) else stat)
                 for path, stat in after.items()}
        files |= file_stats(self.out, {self.doctrees})
        write_atomically(self.path, json.dumps({"key": self.key,
                                                "files": sorted(files.items())}).encode())
