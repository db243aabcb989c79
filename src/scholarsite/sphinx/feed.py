"""An Atom feed of the reading notes (``notes/atom.xml``), newest first, absolute URLs.

feedgen writes the XML; this module only chooses what goes in. Without ``html_baseurl`` there
are no absolute URLs to give, so the feed is skipped (``scholarsite check`` says so).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from ..atomic import write_atomically
from .data import site_data
from .notes import ordered

FEED = "atom.xml"


def feed_path(app: Sphinx) -> str:
    return f"{app.config.scholarsite_notes_dir.strip('/')}/{FEED}"


def _when(date: str, fallback: dt.date) -> dt.datetime:
    day = dt.date.fromisoformat(date) if date else fallback
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    base = app.config.html_baseurl
    if not base:
        return
    env = app.env
    owner = site_data(env).cv.identity.name
    updated = site_data(env).cv.updated
    feed = FeedGenerator()
    feed.id(urljoin(base, feed_path(app)))
    feed.title(f"Reading notes of {owner}")
    feed.author({"name": owner})
    feed.link(href=urljoin(base, feed_path(app)), rel="self")
    feed.link(href=urljoin(base, app.builder.get_target_uri(
        f"{app.config.scholarsite_notes_dir.strip('/')}/index")), rel="alternate")
    notes = ordered(env)
    feed.updated(max((_when(n.date, updated) for n in notes), default=_when("", updated)))
    for note in reversed(notes):  # feedgen prepends: add oldest first
        url = urljoin(base, app.builder.get_target_uri(note.docname))
        entry = feed.add_entry()
        entry.id(url)
        entry.title(note.title)
        entry.link(href=url)
        entry.updated(_when(note.date, updated))
        if note.summary:
            entry.summary(note.summary)
        for tag in note.tags:
            entry.category(term=tag)
    write_atomically(Path(app.outdir) / feed_path(app), feed.atom_str(pretty=True))


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, object],
              doctree: object) -> None:
    """Announce the feed in every page's head, so feed readers find it from any page."""
    if not app.config.html_baseurl:
        return
    href = urljoin(app.config.html_baseurl, feed_path(app))
    tag = (f'<link rel="alternate" type="application/atom+xml" title="Reading notes" '
           f'href="{href}">')
    context["metatags"] = str(context.get("metatags", "")) + tag
