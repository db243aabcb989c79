"""The owner's sources loaded together: CV data, bibliography, own publications.

The one entry point for every consumer (the Sphinx extension, the ``cv-pdf`` command), so
each reads the files the same way and cross-checks them once: every paper a CV item cites
must exist in the bibliography.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pybtex.database import Entry

from .keys import key_text
from .options import BY_NAME
from .bib.cache import cached_bibliography, keep_in_memory
from .bib.coauthors import load_coauthors
from .bib.load import Bibliography
from .bib.names import OwnerMatcher
from .bib.publications import (LINK_FIELDS, Context, Publication, by_owner, describe,
                               entry_digest, legend, own_publications)
from .bib.citation_counts import load_counts
from .bib.venues import load_venues
from .cv.load import SourceMap, dotted, load_cv
from .cv.schema import CV
from .errors import ScholarsiteError, located
from .paths import file_state
from .urls import is_site_file

T = TypeVar("T")

#: bib fields that may name a file of the site (links and the thumbnail)
FILE_FIELDS = frozenset({*(name for name, _ in LINK_FIELDS), "preview"})


@dataclass(frozen=True)
class SiteData:
    cv: CV
    cv_path: Path
    cv_sources: SourceMap
    bib: Bibliography
    bib_paths: tuple[Path, ...]
    context: Context  # the owner's names and the data files every entry is read with
    publications: tuple[Publication, ...]
    #: each file of the site a link field names by a relative path (``pdf =
    #: {papers/x.pdf}``), with the (key, field) of its first use: found once, for the check,
    #: the copy and the list of outputs (sphinx/site_files.py)
    linked_files: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False,
                                                     repr=False)
    _described: dict[str, Publication] = field(default_factory=dict, compare=False, repr=False)
    _digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dependencies(self) -> tuple[Path, ...]:
        """The files a page showing the owner's data is read again after: the CV and data
        files. Not the .bib files: such a page shows the owner's papers alone, which
        :attr:`own_digest` follows, so an edit of another entry leaves it be."""
        return (self.cv_path, *self.context.paths)

    @cached_property
    def own_digest(self) -> str:
        """Changes whenever one of the owner's papers may show differently, or one comes or
        goes."""
        text = repr([(pub.key, self.digest(pub.key)) for pub in self.publications])
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def owner(self) -> OwnerMatcher:
        return self.context.owner

    def publication(self, key: str) -> Publication | None:
        """The owner's paper ``key`` (None for others' entries)."""
        return self._own.get(key)

    @cached_property
    def _own(self) -> dict[str, Publication]:
        return {pub.key: pub for pub in self.publications}

    @cached_property
    def salt(self) -> str:
        """What every described entry depends on beyond its own fields: the owner's names,
        the ``@preamble`` macros and the own papers' labels (numbered together)."""
        labels = [(pub.key, pub.label) for pub in self.publications]
        text = key_text((sorted(self.bib.tex.macros.items()), labels, self.context))
        return hashlib.sha256(text.encode()).hexdigest()

    @cached_property
    def keys_digest(self) -> str:
        """Changes whenever an entry comes or goes (or the order changes)."""
        return hashlib.sha256(repr(list(self.bib.by_key)).encode()).hexdigest()

    @cached_property
    def content_digest(self) -> str:
        """Changes whenever the .bib files or :attr:`salt` do."""
        digest = hashlib.sha256(self.salt.encode())
        for path in self.bib_paths:
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def prepare(self) -> None:
        """Compute now what every build asks of these sources: for a process that forks its
        builds (``serve``), so each starts with it."""
        self._prepared  # noqa: B018 (a cached property: done once)

    @cached_property
    def _prepared(self) -> bool:
        self.keys_digest  # noqa: B018 (cached properties)
        self.content_digest  # noqa: B018
        for key in self.bib.by_key:
            self.digest(key)
        return True

    def digest(self, key: str) -> str:
        """Changes whenever :meth:`describe` of ``key`` may: a cache key for its views (32
        hex digits: the environment holds thousands, in several memos)."""
        if key not in self._digests:
            both = self.salt + entry_digest(self.bib, key)
            self._digests[key] = hashlib.sha256(both.encode()).hexdigest()[:32]
        return self._digests[key]

    def legend(self, key: str) -> tuple[tuple[str, str], ...]:
        """The (mark, meaning) pairs :meth:`describe` of ``key`` would show, without it."""
        if key in self._described:
            return self._described[key].legend
        own = self.publication(key)
        return own.legend if own else legend(self.bib, key, self.context)

    def describe(self, key: str) -> Publication:
        """Any entry as a :class:`Publication` with owner marks, computed once per build:
        references, tooltips, paper pages and note cards all ask for the same entries."""
        if key not in self._described:
            self._described[key] = self.publication(key) or describe(self.bib, key, self.context)
        return self._described[key]


#: the settings that name and shape the sources, with their defaults (conf.py may set them)
SOURCE_SETTINGS: dict[str, Any] = {"bibtex_bibfiles": [], **{
    name: BY_NAME[name].default for name in (
        "scholarsite_cv", "scholarsite_author_aliases", "scholarsite_author_marks",
        "scholarsite_coauthors", "scholarsite_venues", "scholarsite_citations")}}


#: the last sources loaded and what they were loaded from, once :func:`remember_sources`
#: turned remembering on (else None)
_REMEMBERED: dict[str, object] | None = None


#: while remembering: each data file's last load, by loader and path, with the file's state
_FILES: dict[tuple[Callable[[Path], Any], Path], tuple[tuple[int, int] | None, Any]] = {}


def _read(load: Callable[[Path], T], path: Path) -> T:
    """``load(path)``, or while remembering, its last result again if the file is unchanged
    (a bib edit does not parse the CV again)."""
    if _REMEMBERED is None:
        return load(path)
    state = file_state(path)  # stated before the file is read
    last = _FILES.get((load, path))
    if last is None or last[0] != state:
        _FILES[load, path] = last = (state, load(path))
    return last[1]  # type: ignore[no-any-return]


#: while remembering: what is derived from each entry object alone (the site files it links,
#: whether the owner wrote it), by its id, with the entry (which keeps the id its own), for the
#: owner's names it was found with: a bib edit derives it for the entries it touched only
_FACTS: dict[int, tuple[Entry, tuple[str, ...], tuple[tuple[str, str], ...], bool]] = {}


def _entry_facts(entry: Entry, owner: OwnerMatcher) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The (path, field) of each site file the entry links, and whether the owner wrote it."""
    known = _FACTS.get(id(entry)) if _REMEMBERED is not None else None
    if known is not None and known[0] is entry and known[1] == owner.names:
        return known[2], known[3]
    links = tuple((urlsplit(value.strip()).path, name) for name, value in entry.fields.items()
                  if name.lower() in FILE_FIELDS and is_site_file(value.strip()))
    mine = by_owner(entry, owner)
    if _REMEMBERED is not None:
        _FACTS[id(entry)] = (entry, owner.names, links, mine)
    return links, mine


def remember_sources(on: bool = True) -> None:
    """Keep the sources this process loads, and give them again while none of their files
    changed (``on=False``: stop). For the warm ``serve`` process: each rebuild is forked from
    it, so each starts with the CV, bibliography and own papers already loaded (a fifth of a
    one-note rebuild at 5,000 entries). Builds change nothing in them but caches keyed by
    entry. The bibliography is kept too (:func:`.bib.cache.keep_in_memory`)."""
    global _REMEMBERED
    _REMEMBERED = {} if on else None
    _FILES.clear()
    _FACTS.clear()
    keep_in_memory(on)


def load_sources(srcdir: Path, settings: Mapping[str, Any],
                 cache_dir: Path | None = None) -> SiteData:
    """Load and cross-check the CV data file, the .bib files and the optional data files
    that ``settings`` (conf.py's values, :data:`SOURCE_SETTINGS` by default) name relative to
    ``srcdir``; with ``cache_dir``, an unchanged bibliography comes from the cache kept there."""
    setting = {**SOURCE_SETTINGS, **{k: v for k, v in settings.items() if k in SOURCE_SETTINGS}}
    if _REMEMBERED is None:
        return _load(srcdir, setting, cache_dir)
    files = [srcdir / setting[name] for name in ("scholarsite_cv", "scholarsite_coauthors",
                                                 "scholarsite_venues", "scholarsite_citations")]
    files += [srcdir / name for name in setting["bibtex_bibfiles"]]
    key = (str(srcdir.resolve()), repr(sorted(setting.items())),
           str(cache_dir.resolve()) if cache_dir else "",
           [(str(path), file_state(path)) for path in files])  # stated before the files are read
    if _REMEMBERED.get("key") != key:
        _REMEMBERED.clear()
        _REMEMBERED.update(key=key, data=_load(srcdir, setting, cache_dir))
    return _REMEMBERED["data"]  # type: ignore[return-value]


def _load(srcdir: Path, setting: dict[str, Any], cache_dir: Path | None) -> SiteData:
    path = (srcdir / setting["scholarsite_cv"]).resolve()
    cv, sources = _read(load_cv, path)
    bib_paths = tuple((srcdir / name).resolve() for name in setting["bibtex_bibfiles"])
    bib = cached_bibliography(list(bib_paths), cache_dir)
    owner = OwnerMatcher([cv.identity.name, *setting["scholarsite_author_aliases"]])
    for key, loc in cv.cited_papers():
        if key not in bib.data.entries:
            raise ScholarsiteError(located(
                path, sources.line(loc),
                f"{dotted(loc)}: unknown paper {key!r}: add it to "
                f"{', '.join(str(p) for p in bib_paths)} or fix the key"))
    def data_file(load: Callable[[Path], T], name: str) -> T:
        return _read(load, (srcdir / setting[name]).resolve())

    context = Context(owner, dict(setting["scholarsite_author_marks"]),
                      data_file(load_coauthors, "scholarsite_coauthors"),
                      data_file(load_venues, "scholarsite_venues"),
                      data_file(load_counts, "scholarsite_citations"))
    counts = context.counts
    unknown = sorted(key for key in counts.papers if key not in bib.data.entries)
    if unknown and counts.path is not None:  # a count of no paper would be silently dropped
        raise ScholarsiteError(f"{counts.path}: papers: {unknown[0]!r} is no entry of the "
                               "bibliography: fix the key or remove it (`scholarsite "
                               "citations update` writes the file anew)")
    if _REMEMBERED is not None:  # only the entries of this bibliography stay remembered
        kept = {id(entry) for entry in bib.by_key.values()}
        for stale in _FACTS.keys() - kept:
            del _FACTS[stale]
    mine: list[str] = []
    linked: dict[str, tuple[str, str]] = {}
    for key, entry in bib.by_key.items():
        links, owned = _entry_facts(entry, owner)
        for link, name in links:
            linked.setdefault(link, (key, name))
        if owned:
            mine.append(key)
    return SiteData(cv, path, sources, bib, bib_paths, context,
                    tuple(own_publications(bib, context, mine)), linked)
