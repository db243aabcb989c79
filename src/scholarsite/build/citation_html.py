"""Citations written as HTML, kept between builds.

Citation lists are written to HTML right after they are made
(:mod:`scholarsite.sphinx.citation_markup`), by the page's translator, one citation at a time:
at 2,300 citations, a tenth of a second of every build that writes the references page, which
is every build after a bib edit. A citation's HTML depends only on its node (tag, attributes
and text of it and of everything in it) and on the translator and the settings it reads; so
each is kept beside the doctrees under a digest of its node's shape, which takes a fraction of
translating it, and read from there.

Key: the node's shape; for the whole file, the translator's class, docutils' version,
``footnote_backlinks`` and the build's :func:`.fingerprint.shared_fingerprint` (Sphinx, this
package, the configuration, the theme). Invariant: the HTML kept under a shape is what the
translator writes for it.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from weakref import WeakKeyDictionary

import docutils
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.writers.html5 import HTML5Translator

from . import caching
from ..atomic import write_atomically
from .fingerprint import shared_fingerprint

STORE = "scholarsite-citation-html.pickle"


def shape(node: nodes.Element) -> bytes:
    """A digest of the node and everything in it, in document order: each element's tag,
    attributes and number of children, each text."""
    parts = [f"T{child}" if isinstance(child, nodes.Text) else
             f"E{child.tagname}{child.attributes!r}{len(child.children)}"
             for child in node.findall()]
    return hashlib.sha256("\0".join(parts).encode()).digest()


class CitationHTML:
    """The kept HTML (and text) of citations by shape, and which this build used."""

    def __init__(self, path: Path, key: str, keep: bool = True) -> None:
        self.path, self.key, self.keep = path, key, keep
        self.kept: dict[bytes, tuple[str, str]] = {}
        self.used: set[bytes] = set()
        self.added = False
        if not keep:  # caches off: every citation written by the translator
            return
        try:
            stored_key, kept = pickle.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return
        if stored_key == key:
            self.kept = kept

    def get(self, digest: bytes) -> tuple[str, str] | None:
        self.used.add(digest)
        return self.kept.get(digest) if self.keep else None

    def put(self, digest: bytes, html: str, text: str) -> None:
        self.kept[digest] = (html, text)
        self.added = True

    def save(self) -> None:
        if not (self.added and self.keep):
            return
        if len(self.kept) > 2 * len(self.used) + 1000:  # mostly stale: keep this build's
            self.kept = {digest: self.kept[digest] for digest in self.used}
        write_atomically(self.path, pickle.dumps((self.key, self.kept),
                                                 protocol=pickle.HIGHEST_PROTOCOL))


_KEPT: WeakKeyDictionary[Builder, CitationHTML] = WeakKeyDictionary()


def kept_for(app: Sphinx, translator: HTML5Translator) -> CitationHTML:
    """This build's kept citations (read on first use)."""
    if app.builder not in _KEPT:
        key = (f"{type(translator).__module__}.{type(translator).__qualname__} "
               f"docutils {docutils.__version__} "
               f"backlinks {translator.settings.footnote_backlinks} {shared_fingerprint(app)}")
        _KEPT[app.builder] = CitationHTML(Path(app.builder.doctreedir) / STORE, key,
                                          keep=caching(app))
    return _KEPT[app.builder]


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    kept = _KEPT.pop(app.builder, None)
    if kept is not None and exception is None:
        kept.save()
