"""The pybtex style behind ``{cite}`` and ``{bibliography}``: references as the CV writes them.

sphinxcontrib-bibtex formats the references page and citation tooltips with a pybtex style.
The stock styles lowercase titles and pass unknown TeX through (``\\emph x``); this one keeps
pybtex's alpha labels for other people's papers, gives the owner's papers their CV label
(``C1``, the same on the publication list, the CV, notes and tooltips), and builds each entry
from scholarsite's own model, so a reference reads
the same everywhere: TeX decoded by :mod:`scholarsite.bib.tex`, the owner's name bold, co-first
authors marked, venue as the CV writes it.

pybtex instantiates styles by plugin name without arguments, so the build's bibliography is
handed over through :attr:`ReferenceStyle.site` when the sources are loaded.

sphinxcontrib-bibtex formats every cited entry again on every build, even when nothing
changed. Formatted entries are kept in the environment by label and entry digest
(:meth:`SiteData.digest`), so a rebuild formats only the entries that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar

import pybtex.plugin
from docutils import nodes
from docutils.nodes import make_id
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry
from pybtex.richtext import BaseText, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.names.plain import NameStyle as PlainNameStyle
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .state import state
from ..build import caching
from ..bib.tex import Rich
from ..sources import SiteData
from .data import site_data

NAME = "scholarsite"
_TAGS = {"em": "em", "strong": "strong", "sup": "sup", "sub": "sub", "code": "tt"}


def to_pybtex(rich: Rich) -> BaseText:
    """Our rich text as pybtex rich text (which sphinxcontrib-bibtex renders to docutils)."""
    parts = [child if isinstance(child, str) else to_pybtex(child) for child in rich.children]
    tag = _TAGS.get(rich.style or "")
    return Tag(tag, *parts) if tag else Text(*parts)


class ReferenceStyle(AlphaStyle):
    # AlphaStyle's helpers as classes, not names: pybtex looks a name up among every
    # installed package's entry points, each time a style is made (twice per build)
    default_name_style = PlainNameStyle
    default_label_style = AlphaLabelStyle
    default_sorting_style = AuthorYearTitleSorting
    site: ClassVar[SiteData | None] = None
    #: formatted entries by (label, entry digest); the environment keeps it between builds
    memo: ClassVar[dict[tuple[str, str], FormattedEntry]] = {}
    used: ClassVar[set[tuple[str, str]]] = set()
    #: sort orders (keys) and alpha labels, by a digest of the entries they were made for
    #: (the environment keeps it): made afresh, 2,000 entries took 0.1 s of every rebuild
    list_memo: ClassVar[dict[str, list[str]]] = {}
    #: the (mark, meaning) pairs of each formatted entry that has marks, by entry digest, kept
    #: with ``memo``: the legend above a list of thousands reads them instead of every
    #: entry's authors again (an entry formatted here and not in it has none)
    legends: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {}
    used_lists: ClassVar[set[str]] = set()

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        # pybtex binds its helpers' methods to the instance: replaced by remembering ones
        self.sort = self._sorted
        self.format_labels = self._labels

    def _remembered(self, kind: str, entries: list[Entry],
                    make: Callable[[list[Entry]], Iterable[str]]) -> list[str]:
        assert self.site is not None, "scholarsite loads the bibliography before formatting"
        digest = hashlib.sha256(repr((kind, [(entry.key, self.site.digest(entry.key))
                                             for entry in entries])).encode()).hexdigest()
        if digest not in self.list_memo:
            self.list_memo[digest] = list(make(entries))
        self.used_lists.add(digest)
        return self.list_memo[digest]

    def _sorted(self, entries: Iterable[Entry]) -> list[Entry]:
        given = list(entries)
        by_key = {entry.key: entry for entry in given}
        order = self._remembered("sort", given, lambda found: [
            entry.key for entry in self.sorting_style.sort(found)])
        return [by_key[key] for key in order]

    def _labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        return iter(self._remembered("labels", list(sorted_entries),
                                     self.label_style.format_labels))

    def format_entry(self, label: str, entry: object, bib_data: object = None) -> FormattedEntry:
        assert self.site is not None, "scholarsite loads the bibliography before formatting"
        key = entry.key  # type: ignore[attr-defined]
        own = self.site.publication(key)
        if own is not None and own.label:  # one label per own paper: [C1] here as in the CV
            label = own.label
        digest = self.site.digest(key)
        memo_key = (label, digest)
        self.used.add(memo_key)
        if memo_key not in self.memo:
            self.memo[memo_key] = self._format(label, key)
            if legend := self.site.legend(key):
                self.legends[digest] = legend
        return self.memo[memo_key]

    def _format(self, label: str, key: str) -> FormattedEntry:
        assert self.site is not None
        bib = self.site.bib
        pub = self.site.describe(key)
        fields = bib.data.entries[key].fields
        authors: list[BaseText | str] = []
        for index, author in enumerate(pub.authors):
            if index:
                last = index == len(pub.authors) - 1
                authors.append((", and " if len(pub.authors) > 2 else " and ") if last else ", ")
            name: BaseText | str = author.name + author.marks
            authors.append(Tag("strong", name) if author.is_owner else name)
        if pub.et_al:
            authors.append(" et al.")
        title = to_pybtex(bib.tex.rich(fields["title"]))
        if not (pub.venue or pub.details):  # no venue, no date: nothing after the title
            return FormattedEntry(key, Text(*authors, ", “", title, ".”"), label)
        parts: list[BaseText | str] = [*authors, ", “", title, ",” "]
        if pub.venue:
            parts += [pub.venue_prefix, Tag("em", to_pybtex(bib.tex.rich(pub.venue_source))),
                      ", " if pub.details else ""]
        parts += [pub.details, "."]
        return FormattedEntry(key, Text(*parts), label)


class CitationLegend(SphinxPostTransform):
    """Put "* denotes co-first authors" (and each other mark's line) above a bibliography
    whose entries show such marks."""

    default_priority = 6  # once the citations are made (5), before they are written (7)

    def run(self, **kwargs: Any) -> None:
        site = site_data(self.env)
        citations = list(self.document.findall(nodes.citation))
        if not citations:
            return
        keys = {make_id(f"cite-{key}"): key for key in site.bib.data.entries}
        known, formatted = ReferenceStyle.legends, ReferenceStyle.memo

        def legend_of(citation: nodes.citation, key: str) -> tuple[tuple[str, str], ...]:
            digest = site.digest(key)
            if digest in known:
                return known[digest]
            label = citation[0].astext() if len(citation) else ""
            return () if (label, digest) in formatted else site.legend(key)

        legend = dict.fromkeys(pair for citation in citations for ident in citation["ids"]
                               if ident in keys for pair in legend_of(citation, keys[ident]))
        if legend:
            first = citations[0]
            for mark, meaning in reversed(list(legend)):
                line = nodes.paragraph("", f"{mark} denotes {meaning}", classes=["ss-legend"])
                first.parent.insert(first.parent.index(first), line)


def use(site: SiteData) -> None:
    ReferenceStyle.site = site


MEMO = "reference_memo"


LIST_MEMO = "list_memo"
LEGEND_MEMO = "legend_memo"


def restore_memo(app: Sphinx) -> None:
    """At ``builder-inited``: format with the entries, orders and labels the environment
    kept."""
    kept = state(app.env)
    for name in (MEMO, LIST_MEMO, LEGEND_MEMO):
        if name not in kept or not caching(app):
            kept[name] = {}
    ReferenceStyle.memo = kept[MEMO]
    ReferenceStyle.list_memo = kept[LIST_MEMO]
    ReferenceStyle.legends = kept[LEGEND_MEMO]
    ReferenceStyle.used, ReferenceStyle.used_lists = set(), set()


def prune_memo(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After sphinxcontrib-bibtex formatted (``env-updated``): forget entries, orders and
    labels no longer used, so the environment does not grow with every edit."""
    for stale in ReferenceStyle.memo.keys() - ReferenceStyle.used:
        del ReferenceStyle.memo[stale]
    for stale in ReferenceStyle.list_memo.keys() - ReferenceStyle.used_lists:
        del ReferenceStyle.list_memo[stale]
    for stale in ReferenceStyle.legends.keys() - {digest for _, digest in ReferenceStyle.used}:
        del ReferenceStyle.legends[stale]
    return []


pybtex.plugin.register_plugin("pybtex.style.formatting", NAME, ReferenceStyle)
# sphinxcontrib-bibtex looks the plain-text backend up by name for every citation, and each
# lookup of an installed plugin scans every distribution's entry points (a sixth of a
# 1,000-note build). The same class registered at runtime is found without the scan.
pybtex.plugin.register_plugin("pybtex.backends", "plaintext", PlainTextBackend, force=True)
