"""The owner's paper pages in the site's search (title, authors, venue, year, abstract); the
404 page out.

Sphinx indexes the documents it reads; paper pages are written by an extension
(``html-collect-pages``), so the search found no paper, and before writing its index Sphinx
drops every page that is not a document (``IndexBuilder.prune(env.all_docs)``). Each build
therefore feeds every own paper's page (also those the page cache does not write again, as
the index is rebuilt from the documents' part only) and keeps them through that pruning, which
also drops the 404 page (a document, but no search result). The pages of papers the notes
read are left out: the notes themselves are indexed and cite them, and describing thousands
of entries on every build would cost seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .data import site_data
from .pagenames import paper_page


def _doctree(key: str, title: str, text: str) -> nodes.document:
    """What the index reads of a page: a titled section and its text (the indexer walks the
    tree only, so the document needs no settings)."""
    document = nodes.document(None, None)
    section = nodes.section(ids=[nodes.make_id(key) or "paper"])
    section += nodes.title(text=title)
    section += nodes.paragraph(text=text)
    document += section
    return document


def feed(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """At ``html-collect-pages``: index every own paper's page; yields no page."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return
    env = app.env
    kept: set[str] = set()
    for pub in site_data(env).publications:
        pagename = paper_page(env, pub.key)
        kept.add(pagename)
        text = " ".join(part for part in (
            ", ".join(author.name for author in pub.authors), pub.venue,
            str(pub.year or ""), pub.abstract_html.striptags()) if part)
        indexer.feed(pagename, "", pub.title, _doctree(pub.key, pub.title, text))
    dropped = {app.config.notfound_pagename}
    prune = indexer.prune
    indexer.prune = lambda docnames: prune({*docnames, *kept} - dropped)  # before dumping
    yield from ()
