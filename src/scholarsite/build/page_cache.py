"""Generated pages rendered again only when something they show changed.

Sphinx writes a source document again only when it changed, but renders every page an
extension yields from ``html-collect-pages`` on every build: at 1,000 notes the 2,300 paper
pages were most of a rebuild that changed nothing. Sphinx has no way to ask whether such a
page is current, hence this module.

Each generated page gets a digest of everything its HTML is derived from: its own inputs
(given by the caller: the entry's digest, the pages citing it and their titles) and what
every page shares (the sidebar's fingerprint and :mod:`.fingerprint`: configuration, versions,
code, templates and static files). A page whose digest equals the one of the last successful
build, and whose file exists, is not rendered. The digests live beside the doctrees; the file
is removed when pages are collected and written back only when the build succeeds, so a
failed build never leaves a page counted as current that was not written.

Of the ``html-page-context`` handlers a skipped page misses, only sphinx-sitemap's keeps
state (its list of pages), so the page is queued for it here, in the order a render would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder

from ..sphinx.state import state
from .. import compat
from ..keys import key_digest
from . import caching
from ..atomic import write_atomically
from .fingerprint import shared_fingerprint
from .navigation import FINGERPRINT as NAVIGATION

NAME = "scholarsite-pages.json"


def output_name(builder: Builder, pagename: str) -> str:
    """``builder.get_output_path(pagename)`` relative to the output folder, as a POSIX path:
    for Sphinx's HTML builder the page name and suffix, without the two ``Path`` objects per
    call that cost a tenth of a second over 6,000 pages; other builders are asked."""
    if type(builder).get_output_path is StandaloneHTMLBuilder.get_output_path:
        return pagename + builder.out_suffix  # type: ignore[attr-defined]
    return builder.get_output_path(pagename).relative_to(builder.outdir).as_posix()


class PageCache:
    """The digests of the last successful build and of this one."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / NAME
        self.outdir = str(app.outdir)
        self.previous: dict[str, str] = {}
        try:
            if caching(app):
                self.previous = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        self.path.unlink(missing_ok=True)
        self.current: dict[str, str] = {}
        self.shared = (shared_fingerprint(app), state(app.env).get(NAVIGATION))

    def unchanged(self, pagename: str, inputs: object) -> bool:
        """Whether the written page ``pagename`` is current for ``inputs`` (a ``repr``-stable
        value of everything the page shows); if so, it is queued for the sitemap."""
        digest = key_digest((self.shared, pagename, inputs))
        self.current[pagename] = digest
        written = os.path.isfile(os.path.join(self.outdir, output_name(self.app.builder,
                                                                       pagename)))
        if self.previous.get(pagename) != digest or not written:
            return False
        sitemap = compat.sitemap_queue(self.app)
        if sitemap is not None:
            sitemap[1](self.app, pagename, None, None, None)
        return True

    def save(self) -> None:
        write_atomically(self.path, json.dumps(self.current, sort_keys=True).encode())


_CACHES: WeakKeyDictionary[Builder, PageCache] = WeakKeyDictionary()


def page_cache(app: Sphinx) -> PageCache:
    """This build's cache (made, and the stored digests taken, on first use)."""
    if app.builder not in _CACHES:
        _CACHES[app.builder] = PageCache(app)
    return _CACHES[app.builder]


def cached_pages(app: Sphinx) -> set[str]:
    """The pages this build rendered or found current (call before ``build_finished``)."""
    cache = _CACHES.get(app.builder)
    return set(cache.current) if cache is not None else set()


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Keep the digests of a build that wrote every page it counted as written."""
    cache = _CACHES.pop(app.builder, None)
    if cache is not None and exception is None and caching(app):
        cache.save()
