"""Rules for text from any source, shared by the loaders and the readers."""

from __future__ import annotations

import re

#: ASCII control characters but tab and newline: no page, feed, PDF or JSON may hold them
#: (XML forbids most; HTML validators reject them), so loaders refuse them in data the owner
#: types, and the TeX reader reads them as spaces (real .bib files carry a few).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: what a one-line field (a name, a heading, a comment line) may not hold: every control
#: character, line breaks included, and the Unicode line and paragraph separators
NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(value: object) -> str:
    """Text for a field shown on one line (a name, a position) from an imported value: every
    run of white space, line breaks and control characters a single space."""
    return " ".join(NOT_ONE_LINE.sub(" ", str(value)).split())
