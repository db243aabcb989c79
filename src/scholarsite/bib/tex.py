"""TeX field values to plain Unicode text.

pybtex's LaTeX parser already decodes accents, escapes and ligature dashes (``{\\"u}``,
``\\&``, ``--``) and drops protecting braces; this module only fixes what a reader sees on a
web page: apostrophes become typographic and runs of spaces collapse.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pybtex.richtext import Text


@lru_cache(maxsize=65536)
def to_text(value: str) -> str:
    """Render one BibTeX field value as plain text (safe to escape into any output)."""
    text = Text.from_latex(value).render_as("text")
    text = text.replace("'", "\u2019")
    return re.sub(r"\s+", " ", text).strip()
