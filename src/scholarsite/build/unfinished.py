"""A build that did not finish (killed, Ctrl-C, power cut) is followed by a clean one.

Sphinx saves its environment when reading ends, before it writes any page. A build stopped
while writing leaves pages half-written or missing and the search index old, yet the saved
environment says every document is current, so the next build would write nothing and report
success. (Sphinx deletes the environment itself only when an ``Exception`` ends the build; a
``KeyboardInterrupt`` or a killed process skips that.)

So every build leaves a marker beside the doctrees when it starts and removes it when it
succeeds. A build that finds the marker deletes the saved environment first: Sphinx then
reads and writes every page, and :mod:`.outputs` removes what the stopped build left.
The caches in this package need nothing more: each is written only after a successful build
or is keyed by what it derives from.

Invariant: a saved environment without the marker belongs to a build that finished.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.config import Config

MARKER = "scholarsite-unfinished"


def start(app: Sphinx, config: Config) -> None:
    """At ``config-inited``, before Sphinx loads the saved environment."""
    doctrees = Path(app.doctreedir)
    marker = doctrees / MARKER
    if marker.exists():
        (doctrees / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
    doctrees.mkdir(parents=True, exist_ok=True)
    marker.touch()


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """At ``build-finished``, after every other output is written."""
    if exception is None:
        (Path(app.doctreedir) / MARKER).unlink(missing_ok=True)
