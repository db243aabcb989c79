"""The sitemap's addresses percent-encoded, as the sitemap protocol requires.

sphinx-sitemap writes each ``<loc>`` as the base URL plus the page's file name, as it is: a
note named ``my note é.md`` is listed as ``.../my note é.html``, which search engines refuse
(a URL holds no space or raw non-ASCII letter). Hand-written because sphinx-sitemap has no
option for it: once it has written sitemap.xml, each address is encoded (what is encoded
already stays as it is) and the file rewritten whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from sphinx.application import Sphinx

from ..atomic import write_atomically

_LOC = re.compile(r"(<loc>)([^<]*)(</loc>)")


def _encoded(url: str) -> str:
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def encode_locations(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` (after sphinx-sitemap's): the sitemap's addresses encoded."""
    sitemap = Path(app.outdir) / app.config.sitemap_filename if \
        hasattr(app.config, "sitemap_filename") else None
    if exception is not None or sitemap is None or not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    # the XML escapes (&amp;) are kept: only what is not URL text is encoded
    new = _LOC.sub(lambda found: found[1] + _encoded(found[2]) + found[3], text)
    if new != text:
        write_atomically(sitemap, new.encode("utf-8"))
