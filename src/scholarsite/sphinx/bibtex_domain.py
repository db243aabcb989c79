"""sphinxcontrib-bibtex's ``cite`` domain with its per-citation scans replaced by lookups.

Upstream finds, for every entry of a bibliography, the pages citing it by scanning every
citation reference; it sorts references by ``list.index`` into the page list; and it resolves
every ``{cite}`` by scanning every formatted citation. That is entries × citations work on
each build: at 1,000 notes citing 2,800 of 5,000 entries, about a quarter of a no-change
rebuild. This subclass builds each index once and runs upstream's own code on it, so filters,
order and output stay upstream's; its bibliography transform likewise scans one page's
citations for back-references, not the whole site's. (The filter loop is upstream's with one
lookup swapped in: upstream has no hook for it; its default filter, ``cited``, is answered
without evaluating the expression for each of the thousands of entries.)

Upstream also parses the .bib files a second time whenever one changed; it is handed the
bibliography scholarsite already read and checked (:func:`share_bibliography`), so both see
the same entries and the files are parsed once.

This module is imported only when :func:`scholarsite.compat.bibtex_indexes` found upstream's
domain, transform, filter visitor and bib-file records in the shape used here; otherwise the
build uses upstream's own domain.

Upstream keeps the parsed entries and the formatted citations in the environment, two thirds of
its pickle at 5,000 entries, loaded again on every build. The entries are handed over anew on
every build and the citations are formatted anew by upstream on every build (from our memo,
:mod:`.reference_style`), so neither is stored.
"""

from __future__ import annotations

import ast

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from pybtex.database import BibliographyData, Entry
from sphinx.application import Sphinx
from sphinxcontrib.bibtex import domain as upstream
from sphinxcontrib.bibtex import nodes as upstream_nodes
from sphinxcontrib.bibtex import transforms as upstream_transforms
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime, is_bibdata_outdated
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from .. import compat
from .data import site_data


class _Recomputed(list):  # type: ignore[type-arg]
    """Upstream's formatted citations: rebuilt at every ``env-updated``, pickled empty."""

    def __reduce__(self) -> tuple[type, tuple[()]]:
        return list, ()


class _Handed(BibData):
    """The entries handed to upstream: pickled with the files' names and times only."""

    def __reduce__(self) -> tuple[type, tuple[str, dict[Path, BibFile], BibliographyData]]:
        return BibData, (self.encoding, self.bibfiles, BibliographyData())


#: sphinxcontrib-bibtex's default filter (``:filter: cited``), parsed as it parses it
_ONLY_CITED = ast.dump(ast.parse("cited"))


class BibtexDomain(upstream.BibtexDomain):
    #: upstream's evaluator of ``:filter:`` expressions (set by :func:`install`)
    filter_visitor: Any = None
    #: the documents citing each key, made at ``env-updated`` (paper pages use it too)
    cited: dict[str, set[str]] | None = None
    _by_key: dict[str, list[int]] | None = None

    def env_updated(self) -> Iterable[str]:
        cited: dict[str, set[str]] = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                cited[target.key].add(ref.docname)
        self.cited, self._by_key = dict(cited), None
        self.data["citations"] = _Recomputed()
        return super().env_updated()

    def get_all_cited_keys(self, docnames: list[str]) -> Iterator[str]:
        order = {docname: index for index, docname in enumerate(docnames)}
        for ref in sorted(self.citation_refs, key=lambda ref: order[ref.docname]):
            for target in ref.targets:
                yield target.key

    def get_filtered_entries(self, bibliography_key: Any) -> Iterator[tuple[str, Entry]]:
        assert self.cited is not None, "called from env_updated, which builds the index"
        bibliography = self.bibliographies[bibliography_key]
        only_cited = ast.dump(bibliography.filter_) == _ONLY_CITED  # the default: no visitor
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = self.cited.get(key, set())
            if only_cited:
                if cited_docnames or entry.key in bibliography.keys:
                    yield key, entry
                continue
            visitor = self.filter_visitor(entry=entry, docname=bibliography_key.docname,
                                          cited_docnames=cited_docnames)
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                upstream.logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex", subtype="filter_syntax_error")
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: nodes.Element) -> nodes.Element:
        """Upstream's resolution, run over the formatted citations of this target's keys
        only (in their original order), instead of over all of them."""
        if self._by_key is None:
            by_key: dict[str, list[int]] = defaultdict(list)
            for index, citation in enumerate(self.citations):
                by_key[citation.key].append(index)
            self._by_key = by_key
        everything = self.data["citations"]
        keys = {citation_target.key for citation_target in parse_citation_targets(target)}
        self.data["citations"] = [everything[index] for index in
                                  sorted(i for key in keys for i in self._by_key.get(key, ()))]
        try:
            return super().resolve_xref(env, fromdocname, builder, typ, target, node,
                                        contnode)
        finally:
            self.data["citations"] = everything


class BibliographyTransform(upstream_transforms.BibliographyTransform):
    """Upstream's, with the citations it scans for each entry's back-references (those of
    the same page) narrowed to the page's own first, instead of every one of the site."""

    def run(self, **kwargs: Any) -> None:
        domain = self.document.settings.env.get_domain("cite")
        pages = {node["docname"] for node in self.document.findall(upstream_nodes.bibliography)}
        everything = domain.data["citation_refs"]
        domain.data["citation_refs"] = [ref for ref in everything if ref.docname in pages]
        try:
            super().run(**kwargs)
        finally:
            domain.data["citation_refs"] = everything


def install(app: Sphinx, filter_visitor: Any) -> None:
    """In ``setup``, after sphinxcontrib-bibtex registered its domain and transform: ours
    instead, and upstream handed our parse of the bibliography."""
    from .failure import connect

    BibtexDomain.filter_visitor = filter_visitor
    app.add_domain(BibtexDomain, override=True)
    compat.replace_post_transform(app, upstream_transforms.BibliographyTransform,
                                  BibliographyTransform)
    connect(app, "builder-inited", share_bibliography, priority=400)  # before upstream's


def share_bibliography(app: Sphinx) -> None:
    """Before upstream checks its cache (``builder-inited``): hand it scholarsite's parse, with
    the files' times stored in the last build unless they changed, so it never parses them."""
    domain = app.env.get_domain("cite")
    # upstream's own path rule: relative to the configuration directory
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    encoding = app.config.bibtex_encoding
    bib = site_data(app.env).bib
    bibfiles = domain.data["bibdata"].bibfiles
    if is_bibdata_outdated(domain.data["bibdata"], paths, encoding):
        ours = dict(zip(bib.files, paths, strict=True))
        keys: dict[Path, dict[str, None]] = {path: {} for path in paths}
        for key in bib.data.entries:
            keys[ours[bib.place(key).path]][key] = None
        bibfiles = {path: BibFile(mtime=get_mtime(path), keys=keys[path]) for path in paths}
    domain.data["bibdata"] = _Handed(encoding=encoding, bibfiles=bibfiles, data=bib.data)
