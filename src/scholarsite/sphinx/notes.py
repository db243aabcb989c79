"""Lists of reading notes (``{note-list}``), filled in once every page has been read.

A list depends on other pages (their titles and front matter), so the directive leaves a
placeholder node and the list is rendered at ``doctree-resolved``. The pages holding lists are
kept in the environment (merged across parallel readers, purged per document) so that adding,
changing or removing a note marks them outdated and they are rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..render import render

ENV_KEY = "scholarsite_note_lists"


class note_list(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a list of notes; ``limit`` caps its length (0: all)."""


class NoteListDirective(SphinxDirective):
    option_spec = {"limit": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        _lists(self.env).add(self.env.docname)
        return [note_list(limit=self.options.get("limit", 0))]


@dataclass(frozen=True)
class NoteSummary:
    docname: str
    title: str
    date: str
    summary: str
    href: str = ""


def _lists(env: BuildEnvironment) -> set[str]:
    if not hasattr(env, ENV_KEY):
        setattr(env, ENV_KEY, set())
    return getattr(env, ENV_KEY)


def is_note(env: BuildEnvironment, docname: str) -> bool:
    folder = env.config.scholarsite_notes_dir.strip("/")
    return docname.startswith(folder + "/") and docname != f"{folder}/index"


def notes(env: BuildEnvironment) -> list[NoteSummary]:
    """Every note, newest first (undated notes last, then by title)."""
    found = []
    for docname in env.all_docs:
        if not is_note(env, docname):
            continue
        meta = env.metadata.get(docname, {})
        title = env.titles[docname].astext() if docname in env.titles else docname
        found.append(NoteSummary(docname, title, str(meta.get("date", "")),
                                 str(meta.get("summary", ""))))
    found.sort(key=lambda note: note.title.casefold())
    found.sort(key=lambda note: note.date, reverse=True)
    return found


def resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    placeholders = list(doctree.findall(note_list))
    if not placeholders:
        return
    summaries = notes(app.env)
    for node in placeholders:
        limit = node["limit"] or len(summaries)
        shown = [
            NoteSummary(n.docname, n.title, n.date, n.summary,
                        app.builder.get_relative_uri(fromdocname, n.docname))
            for n in summaries[:limit]
        ]
        node.replace_self(nodes.raw("", render("notes/list.html", notes=shown), format="html"))


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _lists(env).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames: Set[str],
          other: BuildEnvironment) -> None:
    _lists(env).update(doc for doc in _lists(other) if doc in docnames)


def outdated(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
             removed: Set[str]) -> Iterable[str]:
    if any(is_note(env, doc) for doc in (*added, *changed, *removed)):
        return sorted(_lists(env) - set(removed))
    return []
