"""``{news}``: the news items, newest first (:mod:`.news`).

An inline item's text is parsed into the list itself (MyST, so its ``{cite}`` resolves on the
list's page); a long item shows its title, linking to its page. The list's page is read again
when an item changes (each item's file is a dependency) or items come or go (like a glob
toctree). On the news folder's index the list shows every item and puts them in the
navigation; elsewhere (the home page) it shows ``scholarsite_news_limit`` of them unless
``:limit:`` says otherwise, with a link to the news page when there is one.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList

from .. import compat
from .base import ViewDirective, pages_under
from .news import is_news, items, news_dir
from .pagelinks import doc_url


class NewsDirective(ViewDirective):
    option_spec = {"limit": directives.nonnegative_int, **ViewDirective.heading_option}

    def run(self) -> list[nodes.Node]:
        env = self.env
        compat.reread_when_pages_change(env, env.docname)  # items may come or go
        folder = news_dir(env)
        on_index = env.docname == f"{folder}/index"
        news = items(env)
        limit = self.options.get("limit", 0 if on_index else self.config.scholarsite_news_limit)
        shown = news[:limit] if limit else news
        listing = nodes.container(classes=["ss-news"])
        for item in shown:
            env.note_dependency(str(item.path))
            entry = nodes.container(classes=["ss-news__item"])
            entry += self.html("news/parts.html", part="when", item=item)
            body = nodes.container(classes=["ss-news__body"])
            if item.inline:
                self.state.nested_parse(StringList(item.body.splitlines(),
                                                   source=str(item.path)), 0, body)
            else:
                body += self.html("news/parts.html", part="title", item=item,
                                  href=doc_url(item.docname))
            entry += body
            listing += entry
        index = f"{folder}/index"
        if len(shown) < len(news) and index in env.found_docs:
            listing += self.html("news/parts.html", part="more", href=doc_url(index))
        out = self.under_heading([listing], empty=not news)
        if on_index:
            out.append(self.hidden_toctree([doc for doc in pages_under(env, folder)
                                            if is_news(env, doc)]))
        return out
