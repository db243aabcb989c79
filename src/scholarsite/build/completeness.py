"""Outputs that Sphinx and its extensions update only for the pages written in a build.

An incremental build writes only some pages; a clean build writes all. Two outputs then drift
apart: sphinx-sitemap lists only the pages written in this build, and Sphinx's search index
keeps words whose pages no longer contain them (as empty lists). Both are made whole again
here, so an incremental build gives the same files as a clean one (tests diff the trees).

sphinx-sitemap collects pages in a ``multiprocessing.Manager`` queue, needed when pages are
written by parallel processes; in a serial build each of its thousands of calls is a round trip
to another process (about a second at 3,000 pages), and starting that process costs every
build time, so a serial build gets a plain queue.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Iterator

import sphinx_sitemap
from sphinx.application import Sphinx


class _SerialManager:
    """What sphinx-sitemap asks of ``multiprocessing.Manager()`` (a queue), without starting
    the manager's server process."""

    @staticmethod
    def Queue() -> queue.Queue[object]:  # noqa: N802 (multiprocessing's name)
        return queue.Queue()


def serial_sitemap_queue(app: Sphinx) -> None:
    """Before sphinx-sitemap's ``builder-inited`` (which makes its queue with
    ``Manager().Queue()``): a plain queue unless pages are written in parallel."""
    sphinx_sitemap.Manager = _SerialManager if app.parallel <= 1 else multiprocessing.Manager


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Before sphinx-sitemap writes, queue every page, in the order a clean build writes them:
    all documents sorted, then the extra pages (indexes, paper pages, search) as queued."""
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue
    if exception is not None or links is None or app.builder.name != "html":
        return
    queued = []
    while True:
        try:
            queued.append(links.get_nowait())
        except queue.Empty:
            break
    suffix = app.config.html_file_suffix or ".html"
    docs = set(app.env.all_docs)
    for docname in sorted(docs):
        sphinx_sitemap.add_html_link(app, docname, None, None, None)
    for item in queued:  # (link, last updated) from sphinx-sitemap 2.7, a link before
        link = item[0] if isinstance(item, tuple) else item
        if link.removesuffix(suffix) not in docs:
            links.put(item)


def prune_search_index(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """Drop words left with no page (html-collect-pages runs before the index is written)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):  # no public API for this
            for word in [word for word, docs in mapping.items() if not docs]:
                del mapping[word]
    yield from ()
