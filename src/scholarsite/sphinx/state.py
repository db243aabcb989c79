"""The build state scholarsite keeps in the environment, in one place: a domain's data.

Sphinx pickles each domain's ``data`` with the environment, asks the domain to forget a page
(``clear_doc``) before it is read again or after it is removed, and merges what parallel
readers collected (``merge_domaindata``): the shape sphinxcontrib-bibtex's ``cite`` domain
uses. Each module names its entries with a constant and reaches them through :func:`state`;
the per-page part is the notes' records (:mod:`.notes`), the rest are digests and memos of the
whole site. ``data_version`` changes with the shape, so an environment saved by another shape
is read afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

NAME = "scholarsite"

#: docname -> :class:`.notes.NoteRecord`, for every note
NOTES = "notes"
#: docnames whose pages list notes
NOTE_LISTS = "note_lists"
#: notes read or removed in this build, and the papers they name(d): pages to write again
CHANGED_NOTES = "notes_changed"
CHANGED_PAPERS = "papers_changed"
#: pages that list other pages, where Sphinx keeps no set of them (:mod:`scholarsite.compat`)
LISTING_PAGES = "listing_pages"


class StateDomain(Domain):
    """No directives or roles: the environment's store for scholarsite's data."""

    name = NAME
    label = "scholarsite"
    data_version = 1
    initial_data: dict[str, Any] = {
        NOTES: {}, NOTE_LISTS: set(), CHANGED_NOTES: set(), CHANGED_PAPERS: set(),
        LISTING_PAGES: set(),
    }

    def clear_doc(self, docname: str) -> None:
        old = self.data[NOTES].pop(docname, None)
        if old is not None:
            self.data[CHANGED_NOTES].add(docname)
            self.data[CHANGED_PAPERS].update(old.papers)
        self.data[NOTE_LISTS].discard(docname)
        self.data[LISTING_PAGES].discard(docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.data[NOTES].update({doc: note for doc, note in otherdata[NOTES].items()
                                 if doc in docnames})
        for name in (NOTE_LISTS, LISTING_PAGES):
            self.data[name].update(doc for doc in otherdata[name] if doc in docnames)
        self.data[CHANGED_NOTES].update(otherdata[CHANGED_NOTES])
        self.data[CHANGED_PAPERS].update(otherdata[CHANGED_PAPERS])

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []  # nothing to refer to (Sphinx asks every domain for ``{any}``)

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return ()


def state(env: BuildEnvironment) -> dict[str, Any]:
    """The domain's data: the build state (entries beyond the per-page ones are created by
    the modules that own them, with ``setdefault``)."""
    return env.get_domain(NAME).data
