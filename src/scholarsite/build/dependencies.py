"""Pages that cite a bibliography entry are read again when the entry changes.

Sphinx tracks dependencies by file: a page that cites ``{cite}`smith2020``` does not depend
on refs.bib (only the pages that list the bibliography do), so after an edit of that entry
the page keeps the old title in its tooltips, in a note's paper card and in the search index,
and a note naming a deleted entry is never checked again. Depending on the whole file would
re-read every citing page after any edit. Instead, each entry's digest
(:meth:`~scholarsite.sources.SiteData.digest`: its fields, the owner's names, the macros and
the own papers' labels) is kept in the environment, with the pages citing it, for every key
a page cites or a note names; pages whose keys changed or disappeared are read again
(``env-get-outdated``), which also runs the unknown-key check on them. Pages that show the
owner's data (the CV, publication lists) depend on the CV and data files, and are read again
when any own paper changed (:attr:`~scholarsite.sources.SiteData.own_digest`), not after
every edit of the .bib files. A ``{bibliography}`` page, which sphinxcontrib-bibtex makes
depend on the .bib files, reads of them only the keys (its citations are made when pages are
written, from that build's entries): it is read again when the keys change, and only written
again when an entry or the sources' salt does (5,000 entries: a twelfth of a second saved on
every bib edit).

Key: the entry digest per cited key. Invariant: a page read in an earlier build saw the
digests stored now for every key it cites.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from ..sphinx.state import state
from ..sphinx.data import site_data
from ..sphinx.paper_pages import citing_index

# in the build state (:mod:`..sphinx.state`)
DIGESTS = "cited_digests"
SALT = "sources_salt"  # what every described entry depends on (SiteData.salt)
OWN = "own_digest"  # the owner's papers as they show (SiteData.own_digest)
KEYS = "bib_keys"  # the entries' keys, in order: what a {bibliography} page reads
CONTENT = "bib_content"  # the .bib files and the salt: what its citations show
#: the {bibliography} pages to write again in this build (found when it looks for outdated
#: pages, given at ``env-get-updated``, after the new digests are stored)
_REWRITE: WeakKeyDictionary[BuildEnvironment, set[str]] = WeakKeyDictionary()


def bibliography_pages(env: BuildEnvironment) -> set[str]:
    return {key.docname for key in env.get_domain("cite").bibliographies}


def bibliography_reads_keys_only(app: Sphinx, doctree: nodes.document) -> None:
    """At ``doctree-read``: a page with a ``{bibliography}`` (and no footnote citations,
    which are made while reading) no longer depends on the .bib files themselves."""
    if next(doctree.findall(bibliography_node), None) is None or \
            next(doctree.findall(nodes.footnote), None) is not None:
        return
    bib_paths = set(site_data(app.env).bib_paths)
    deps = app.env.dependencies.get(app.env.docname, set())
    for dep in [dep for dep in deps if Path(dep).resolve() in bib_paths]:
        deps.discard(dep)


def _digest(app: Sphinx, key: str) -> str | None:
    site = site_data(app.env)
    return site.digest(key) if key in site.bib.data.entries else None


def outdated(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
             removed: Set[str]) -> list[str]:
    """At ``env-get-outdated``: the pages citing an entry that changed or went away, and,
    when what every entry's description depends on changed (the owner's names, mark legends,
    the co-authors, venues and citations files) or one of the owner's papers did, every page
    that shows the sources."""
    kept = state(env)
    stored: dict[str, tuple[str | None, list[str]]] = kept.get(DIGESTS, {})
    site = site_data(env)
    pages = {doc for key, (digest, docs) in stored.items() if _digest(app, key) != digest
             for doc in docs}
    if kept.get(SALT, site.salt) != site.salt or \
            kept.get(OWN, site.own_digest) != site.own_digest:
        srcdir = Path(env.srcdir)
        pages |= {doc for doc, deps in env.dependencies.items()
                  if any((srcdir / dep).resolve() == site.cv_path for dep in deps)}
    keys, content = site.keys_digest, site.content_digest
    if kept.get(KEYS, keys) != keys:
        pages |= bibliography_pages(env)
    elif kept.get(CONTENT, content) != content:
        _REWRITE[env] = bibliography_pages(env)
    return sorted((pages & set(env.all_docs)) - set(removed) - set(changed))


def rewritten(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At ``env-get-updated``: the ``{bibliography}`` pages whose entries changed."""
    return sorted(_REWRITE.pop(env, set()) & set(env.all_docs))


def remember(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """At ``env-updated``: the digest of every key cited now, and the pages citing it."""
    site = site_data(env)
    kept = state(env)
    kept[DIGESTS] = {key: (_digest(app, key), docs) for key, docs in citing_index(env).items()}
    kept.update({SALT: site.salt, OWN: site.own_digest, KEYS: site.keys_digest,
                 CONTENT: site.content_digest})
    return []
