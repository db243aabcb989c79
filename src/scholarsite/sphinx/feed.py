"""An Atom feed of the reading notes (``notes/atom.xml``), newest first, absolute URLs.

feedgen writes the XML; this module only chooses what goes in. Without ``html_baseurl`` there
are no absolute URLs to give, so the feed is skipped (``scholarsite check`` says so).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from ..atomic import write_atomically
from ..render import render
from .data import site_data
from .notes import ordered

FEED = "atom.xml"


def feed_path(app: Sphinx) -> str:
    return f"{app.config.scholarsite_notes_dir.strip('/')}/{FEED}"


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _when(date: str, fallback: dt.date) -> dt.datetime:
    return midnight(dt.date.fromisoformat(date) if date else fallback)


def start_feed(app: Sphinx, path: str, title: str, index: str) -> FeedGenerator:
    """An Atom feed at ``path`` (under html_baseurl) by the owner, linking the page
    ``index`` as its web version when the site has it."""
    base, env = app.config.html_baseurl, app.env
    owner = site_data(env).cv.identity.name
    feed = FeedGenerator()
    feed.id(urljoin(base, path))
    feed.title(f"{title} of {owner}")
    feed.author({"name": owner})
    feed.link(href=urljoin(base, path), rel="self")
    if index in env.found_docs:
        feed.link(href=urljoin(base, app.builder.get_target_uri(index)), rel="alternate")
    return feed


def add_entry(app: Sphinx, feed: FeedGenerator, docname: str, title: str,
              updated: dt.datetime, summary: str) -> FeedEntry:
    url = urljoin(app.config.html_baseurl, app.builder.get_target_uri(docname))
    entry = feed.add_entry()
    entry.id(url)
    entry.title(title)
    entry.link(href=url)
    entry.updated(updated)
    if summary:
        entry.summary(summary)
    return entry


#: the newest notes a feed lists: readers poll it for what is new, and at 1,000 notes the whole
#: list made a 1 MB file, rewritten on every build
FEED_LENGTH = 50


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    env = app.env
    updated = site_data(env).cv.updated
    feed = start_feed(app, feed_path(app), "Reading notes",
                      f"{app.config.scholarsite_notes_dir.strip('/')}/index")
    notes = ordered(env)[:FEED_LENGTH]
    feed.updated(max((_when(n.date, updated) for n in notes), default=_when("", updated)))
    for note in reversed(notes):  # feedgen prepends: add oldest first
        entry = add_entry(app, feed, note.docname, note.title, _when(note.date, updated),
                          note.summary)
        for tag in note.tags:
            entry.category(term=tag)
    write_atomically(Path(app.outdir) / feed_path(app), feed.atom_str(pretty=True))


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, object],
              doctree: object) -> None:
    """Announce the feed in every page's head, so feed readers find it from any page."""
    if not app.config.html_baseurl:
        return
    announce(app, context, feed_path(app), "Reading notes")


def announce(app: Sphinx, context: dict[str, object], path: str, title: str) -> None:
    """Add the ``<link rel="alternate">`` of the feed at ``path`` to a page's head."""
    href = urljoin(app.config.html_baseurl, path)
    # str(): adding Markup to the head's text would escape all of it (Markup.__radd__)
    context["metatags"] = str(context.get("metatags", "")) + str(
        render("feed_link.html", title=title, href=href))
