"""One page per tag, venue, year and status of the reading notes (``notes/tag/gpu.html``).

Hugo calls these taxonomies. The notes index shows the latest notes and, per kind, every
group with its count, linking here; so no page lists every note, and each of these pages
grows only with its own group. Every note has a year page (``Unknown year`` for notes without
one), so the year pages reach all notes. The pages come from ``html-collect-pages`` and are
rendered again only when the notes they list changed (:mod:`scholarsite.build.page_cache`).
"""

from __future__ import annotations

from collections.abc import Iterator

from sphinx.application import Sphinx

from ..build.page_cache import page_cache
from ..errors import ScholarsiteError
from ..render import render
from .notes import INDEX_KINDS, group_page, groups, ordered, view

TEMPLATE = "scholarsite/generated.html"
TITLES = {"tag": "Notes tagged #{}", "venue": "Notes on papers at {}",
          "year": "Notes on papers from {}", "status": "Notes marked {}"}


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    env = app.env
    notes = ordered(env)
    cache = page_cache(app)
    index = f"{env.config.scholarsite_notes_dir.strip('/')}/index"
    for kind in INDEX_KINDS:
        for label, group in groups(notes, kind):
            pagename = group_page(env, kind, label)
            if pagename in env.found_docs:
                raise ScholarsiteError(f"{env.doc2path(pagename)}: this page has the name of "
                                       f"the {kind} page of {label!r}: rename the page")
            title = TITLES[kind].format(label) if label != "Unknown year" else \
                "Notes on papers of unknown year"
            if cache.unchanged(pagename, (title, group)):
                continue
            body = render("notes/group.html", kind=kind, title=title,
                          notes=[view(app, pagename, note) for note in group],
                          index_href=app.builder.get_relative_uri(pagename, index))
            shown = "; ".join(note.title for note in group[:5])
            description = f"{title}: {len(group)} note{'s' if len(group) != 1 else ''}, " \
                          f"newest first: {shown}{'; ...' if len(group) > 5 else ''}."
            yield pagename, {"title": title, "body": body, "description": description}, TEMPLATE
