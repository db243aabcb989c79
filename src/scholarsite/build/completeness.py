"""Outputs that Sphinx and its extensions update only for the pages written in a build.

An incremental build writes only some pages; a clean build writes all. Two outputs then drift
apart: sphinx-sitemap lists only the pages written in this build, and Sphinx's search index
keeps words whose pages no longer contain them (as empty lists). Both are made whole again
here, so an incremental build gives the same files as a clean one (tests diff the trees).

sphinx-sitemap's queue and handler, and the indexer's word maps, come through
:mod:`scholarsite.compat`; without them the outputs stay as Sphinx leaves them.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator

from sphinx.application import Sphinx

from .. import compat


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Before sphinx-sitemap writes, queue every page, in the order a clean build writes them:
    all documents sorted, then the extra pages (indexes, paper pages, search) as queued."""
    found = compat.sitemap_queue(app)
    if exception is not None or found is None or app.builder.name != "html":
        return
    links, add_html_link = found
    queued = []
    while True:
        try:
            queued.append(links.get_nowait())
        except queue.Empty:
            break
    suffix = app.config.html_file_suffix or ".html"
    docs = set(app.env.all_docs)
    for docname in sorted(docs):
        add_html_link(app, docname, None, None, None)
    for item in queued:  # (link, last updated) from sphinx-sitemap 2.7, a link before
        link = item[0] if isinstance(item, tuple) else item
        if link.removesuffix(suffix) not in docs:
            links.put(item)


def prune_search_index(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """Drop words left with no page (html-collect-pages runs before the index is written)."""
    for mapping in compat.search_word_maps(app.builder):
        for word in [word for word, docs in mapping.items() if not docs]:
            del mapping[word]
    yield from ()
