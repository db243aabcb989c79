"""Rules for text from any source, shared by the loaders and the readers."""

from __future__ import annotations

import re

#: ASCII control characters but tab and newline: no page, feed, PDF or JSON may hold them
#: (XML forbids most; HTML validators reject them), so loaders refuse them in data the owner
#: types, and the TeX reader reads them as spaces (real .bib files carry a few).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
