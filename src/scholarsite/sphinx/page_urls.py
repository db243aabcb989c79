"""Page URLs as visitors and search engines meet them.

- Canonical and OpenGraph URLs name a folder, not its index file: ``https://site/notes/``
  rather than ``https://site/notes/index.html``, as GitHub Pages and Read the Docs serve both
  and people link to the first. Sphinx and sphinxext-opengraph write the page name; this trims
  it (after opengraph has written its tags).
- The 404 page is served at any missing URL, at any depth, so its links must start at the
  site's root. sphinx-notfound-page roots furo's assets and its own sidebar, but not links in
  the page's text nor the sidebar scholarsite caches (:mod:`scholarsite.build.navigation`):
  those are rooted here with the same prefix (``notfound_urls_prefix``).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

_RELATIVE = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def folder_urls(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: object) -> None:
    if pagename != "index" and not pagename.endswith("/index"):
        return
    url = context.get("pageurl")
    if url and url.endswith("index.html"):
        context["pageurl"] = url[: -len("index.html")]
    if "metatags" in context:
        context["metatags"] = re.sub(r'(<meta property="og:url" content="[^"]*/)index\.html"',
                                     r'\1"', str(context["metatags"]))


def rooted_404(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: object) -> None:
    """After the cached sidebar is in the context (priority 600)."""
    if pagename != app.config.notfound_pagename:
        return
    prefix = app.config.notfound_urls_prefix or "/"
    for name in ("body", "furo_navigation_tree"):
        if isinstance(context.get(name), str):
            context[name] = _RELATIVE.sub(lambda m: f'href="{prefix}{m[1]}"', context[name])
