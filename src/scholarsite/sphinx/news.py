"""News: one MyST page per item under ``news/``, dated in its front matter.

An item is al-folio's ``_news/*.md`` shape: front matter with ``date`` (and ``inline: true``
for a short item), a ``# title`` heading and a body that may cite papers (`{cite}`). Lists
(``{news}``, :mod:`.news_directives`) show an inline item's whole text and a long one's title,
linking to its page; each item's page shows its date under the title; ``news/atom.xml`` has
every item. Items are read from their files wherever they are needed (a list may be read
before the items it shows), parsed once per process and file version, so no environment data
has to be merged between parallel readers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..atomic import write_atomically
from ..errors import ScholarsiteError, located, read_text
from ..markup import plain_text
from ..paths import file_state
from ..render import render
from .feed import add_entry, announce, midnight, start_feed
from .notes import front_matter

FEED = "atom.xml"
_KEYS = {"date", "inline", "layout"}  # layout: al-folio's, ignored


@dataclass(frozen=True)
class NewsItem:
    docname: str
    path: Path
    date: dt.date
    title: str
    inline: bool
    body: str  # the Markdown after the title
    body_line: int  # the line of the file where the body starts

    @property
    def shown_date(self) -> str:
        return f"{self.date.strftime('%B')} {self.date.day}, {self.date.year}"


def news_dir(env: BuildEnvironment) -> str:
    return env.config.scholarsite_news_dir.strip("/")


def is_news(env: BuildEnvironment, docname: str) -> bool:
    folder = news_dir(env)
    return docname.startswith(folder + "/") and docname != f"{folder}/index"


_PARSED: dict[tuple[Path, tuple[int, int] | None], NewsItem] = {}


def read_item(env: BuildEnvironment, docname: str) -> NewsItem:
    """The item as its file says now; a missing or wrong date or title fails naming the line."""
    path = Path(env.doc2path(docname))
    key = (path, file_state(path))
    if key not in _PARSED:
        _PARSED[key] = _parse(docname, path, read_text(path, "news item"))
    return _PARSED[key]


def _parse(docname: str, path: Path, text: str) -> NewsItem:
    data, lines = front_matter(path, text)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ScholarsiteError(located(path, lines.get(unknown[0], 1), f"front matter "
                                       f"{unknown[0]}: unknown to news items; use date and "
                                       "inline"))
    date = data.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, str) and (day := re.match(r"\d{4}-\d{2}-\d{2}(?=$|[ T])", date.strip())):
        try:  # al-folio writes 2015-10-22 15:59:00-0400, which YAML leaves a string
            date = dt.date.fromisoformat(day[0])
        except ValueError:
            pass
    if not isinstance(date, dt.date):
        raise ScholarsiteError(located(path, lines.get("date", 1), f"news date {date!r}: "
                                       "every news item needs date: YYYY-MM-DD in its front "
                                       "matter"))
    inline = data.get("inline", False)
    if not isinstance(inline, bool):
        raise ScholarsiteError(located(path, lines.get("inline", 1), f"inline: {inline!r}: "
                                       "write true or false"))
    match = re.match(r"---[ \t]*\n.*?\n---[ \t]*(\n|$)", text, re.S)
    start = match.end() if match else 0
    heading = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.M).search(text, start)
    if heading is None or text[start:heading.start()].strip():
        first = start + len(text[start:]) - len(text[start:].lstrip())
        raise ScholarsiteError(located(path, text[:first].count("\n") + 1, "a news item "
                                       "starts with a '# Title' heading (an inline item's "
                                       "lists show its text, its page shows the title): add "
                                       "one"))
    return NewsItem(docname, path, date, heading[1], inline, text[heading.end():].strip("\n"),
                    text[:heading.end()].count("\n") + 2)


def items(env: BuildEnvironment) -> list[NewsItem]:
    """Every news item, newest first."""
    found = [read_item(env, doc) for doc in env.found_docs if is_news(env, doc)]
    return sorted(found, key=lambda item: (item.date, item.docname), reverse=True)


def validate(app: Sphinx, docname: str, source: list[str]) -> None:
    """At ``source-read``: a news item's front matter and title, before MyST reads it."""
    if is_news(app.env, docname):
        path = Path(app.env.doc2path(docname))
        _parse(docname, path, source[0])


def date_under_title(app: Sphinx, doctree: nodes.document) -> None:
    """At ``doctree-read``: the item's page shows its date under the title."""
    env = app.env
    if not is_news(env, env.docname):
        return
    item = read_item(env, env.docname)
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        when = nodes.raw("", render("news/parts.html", part="date", item=item),
                         format="html")
        title.parent.insert(title.parent.index(title) + 1, when)


def write_feed(app: Sphinx, exception: BaseException | None) -> None:
    """``news/atom.xml`` at ``build-finished``: every item, newest first, absolute links."""
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    env = app.env
    news = items(env)
    if not news:
        return
    feed = start_feed(app, f"{news_dir(env)}/{FEED}", "News", f"{news_dir(env)}/index")
    feed.updated(midnight(news[0].date))
    for item in reversed(news):  # feedgen prepends: add oldest first
        add_entry(app, feed, item.docname, item.title, midnight(item.date),
                  plain_text(re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", item.body)))
    write_atomically(Path(app.outdir) / news_dir(env) / FEED, feed.atom_str(pretty=True))


def output_files(app: Sphinx) -> set[str]:
    """The feed, when there is one (for :mod:`scholarsite.build.outputs`)."""
    env = app.env
    if not app.config.html_baseurl or not any(is_news(env, doc) for doc in env.found_docs):
        return set()
    return {f"{news_dir(env)}/{FEED}"}


def feed_link(app: Sphinx, pagename: str, templatename: str, context: dict[str, object],
              doctree: object) -> None:
    """Announce the news feed in the head of the home and news pages, when there is one."""
    if pagename == "index" or pagename == f"{news_dir(app.env)}/index":
        if output_files(app):
            announce(app, context, f"{news_dir(app.env)}/{FEED}", "News")
