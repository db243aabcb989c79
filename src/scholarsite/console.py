"""The ``scholarsite`` console script's first step, before anything heavy is imported.

Loading the command (Sphinx, docutils, pybtex...) takes a second or so; Ctrl-C in that
second would end in a traceback from the import machinery. Here it ends as Ctrl-C does later
in :func:`.cli.main`: one line and exit status 130. This module imports nothing but the
standard library, and the package's ``__init__`` stays as light.
"""

from __future__ import annotations

import sys

INTERRUPTED = "error: interrupted (Ctrl-C): run the command again"


def run() -> None:
    try:
        from .cli import run as command
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        raise SystemExit(130) from None
    command()
