"""A build prints what the owner should act on, not what the extensions we bring in say
about themselves.

- sphinxext-opengraph prints "matplotlib is not installed, social cards will not be generated"
  when it is imported (with ``print``, not a log call); social cards are off
  (settings.py), so the line is about nothing. The module is imported once here with the
  print caught, before Sphinx loads it.
- myst-parser logs its whole configuration object on every build.
- Sphinx reports "The configuration has changed" on every rebuild, because extensions fill in
  options while a build runs (furo's ``pygments_dark_style``, sphinx-design's and copybutton's
  ``html_static_path``, myst-parser's ``mathjax4_config``) after the saved copy was taken.
  The line is dropped when it names only those; any option the owner changed still shows.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import re


class _Drop(logging.Filter):
    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker

    def filter(self, record: logging.LogRecord) -> bool:
        return self.marker not in str(record.msg)


#: options extensions set during every build (see above)
FILLED_IN = frozenset({"html_static_path", "mathjax4_config", "pygments_dark_style"})


class _DropFilledIn(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith("The configuration has changed"):
            return True
        named = set(re.findall(r"'([^']+)'", " ".join(map(str, record.args or ()))))
        return not named or not named <= FILLED_IN


_MYST = _Drop("myst v%s:")
_FILLED_IN = _DropFilledIn()


def silence() -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        importlib.import_module("sphinxext.opengraph")
    # the same filter objects each time: a process that builds many times adds them once
    logging.getLogger("sphinx.myst_parser.sphinx_ext.main").addFilter(_MYST)
    logging.getLogger("sphinx.sphinx.environment").addFilter(_FILLED_IN)
