"""The search index's word stems, kept between builds.

Sphinx stems the words of each page it indexes with snowballstemmer's pure-Python stemmer,
remembering stems within one page only. The references page alone holds some 14,000
distinct words at 5,000 entries, all stemmed again whenever a .bib entry changes (a third of
that rebuild). A stem depends only on the word, the language and the stemmer's version, so
the stems are kept beside the doctrees under those and looked up first; the index is
unchanged.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from . import caching
from ..atomic import write_atomically

STORE = "scholarsite-stems.pickle"


class Stems:
    """Known stems of one language, and whether this build added any."""

    def __init__(self, path: Path, key: str, stem: Callable[[str], str]) -> None:
        self.path, self.stem, self.key = path, stem, key
        self.known: dict[str, str] = {}
        self.added = False
        try:
            key, known = pickle.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return
        if key == self.key:
            self.known = known

    def __call__(self, word: str) -> str:
        if word not in self.known:
            self.known[word] = self.stem(word)
            self.added = True
        return self.known[word]

    def save(self) -> None:
        if self.added:
            write_atomically(self.path, pickle.dumps((self.key, self.known),
                                                     protocol=pickle.HIGHEST_PROTOCOL))


_STEMS: WeakKeyDictionary[Builder, Stems] = WeakKeyDictionary()


def use_known_stems(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """At ``doctree-resolved``: the builder has made its indexer and not yet fed the page."""
    lang = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if lang is None or app.builder in _STEMS or not caching(app):
        return
    stemmer = type(getattr(lang, "stemmer", None))
    key = (f"{type(lang).__module__}.{lang.lang} {stemmer.__module__}.{stemmer.__name__} "
           f"{version('snowballstemmer')}")
    stems = Stems(Path(app.doctreedir) / STORE, key, lang.stem)
    _STEMS[app.builder] = lang.stem = stems


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    stems = _STEMS.pop(app.builder, None)
    if stems is not None and exception is None:
        stems.save()
