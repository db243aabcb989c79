"""``{note-list}`` and ``{note-index}``: the notes, newest first or grouped.

Both are placeholders (:class:`~.notes.note_list`) filled in when pages are written, since
they show every note (:mod:`.notes`).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from .. import compat
from .base import ViewDirective, pages_under
from .notes import INDEX_KINDS, is_note, list_pages, note_list


class _NotesDirective(ViewDirective):
    """What the note lists share: they are filled in when pages are written, and shown
    (with their ``:heading:``) only when the site has notes. On the notes folder's index,
    ``{note-list}`` also puts the notes in the navigation, so no toctree needs editing."""

    def notes_view(self, kind: str, limit: int) -> list[nodes.Node]:
        env = self.env
        list_pages(env).add(env.docname)
        compat.reread_when_pages_change(env, env.docname)  # notes may come or go
        folder = env.config.scholarsite_notes_dir.strip("/")
        out = self.under_heading([note_list(kind=kind, limit=limit)],
                                 empty=not any(is_note(env, doc) for doc in env.found_docs))
        if kind == "all" and env.docname == f"{folder}/index":
            out.append(self.hidden_toctree(pages_under(env, folder)))
            # the page's own introduction, not its text run together with the headings below
            intro = next(iter(self.state.document.findall(nodes.paragraph)), None)
            self.describe(" ".join(intro.astext().split()) if intro is not None
                          else f"Reading notes of {self.data.cv.identity.name}.")
        return out


class NoteListDirective(_NotesDirective):
    """``{note-list}``: notes newest first (``:limit: N``, ``:heading: Latest notes``)."""

    option_spec = {"limit": directives.nonnegative_int, **ViewDirective.heading_option}

    def run(self) -> list[nodes.Node]:
        return self.notes_view("all", self.options.get("limit", 0))


class NoteIndexDirective(_NotesDirective):
    """``{note-index} tag``: notes grouped by tag, venue, year or status."""

    required_arguments = 1
    option_spec = dict(ViewDirective.heading_option)

    def run(self) -> list[nodes.Node]:
        return self.notes_view(directives.choice(self.arguments[0], INDEX_KINDS), 0)
