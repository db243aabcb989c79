"""furo's sidebar navigation, built once per folder and cut to a window on each page.

furo renders the whole site's toctree into every page: Sphinx resolves the toctree anew for
each page, then furo re-parses that HTML with BeautifulSoup to add its expand checkboxes.
Both costs grow with pages × pages (at 1,000 notes they were three quarters of the build), and
every page carries a link to every other page, so page size grows with the site. Neither
Sphinx nor furo has a setting for either, hence this module.

- The tree differs between two pages only in its relative URLs (which depend on the page's
  folder) and in the "current" marks on the page's branch. So Sphinx's tree is resolved once
  per folder for a page name in no toctree (no marks), passed through furo once, and parsed
  into a map of its lists and items (:class:`Tree`). Each page then gets exactly the marks
  Sphinx and furo would have set: ``current`` on every ``<ul>``/``<li>`` of its branch, the
  branch's checkboxes checked, ``current-page`` on its own item, its link turned into
  ``href="#"``. Tests check the result equals furo's own for every page.
- A list of more than ``scholarsite_nav_limit`` items (a notes folder with hundreds of notes)
  shows a window of that many: the items around the current page, or the first ones, and then
  a link to the section's own page, which lists them all. Every page stays reachable, and a
  page's size no longer grows with the number of pages.
- The trees are kept beside the doctrees between builds (:class:`NavigationCache`), so a
  build that changed no title or toctree does not resolve them again.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..sphinx.state import state
from . import caching
from .. import compat
from ..atomic import write_atomically
from .fingerprint import shared_fingerprint

#: The arguments furo passes for its sidebar tree; other calls go to Sphinx untouched.
NAV_KWARGS = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
_PROBE = "__scholarsite_nav__"
STORE = "scholarsite-navigation.json"
_TAG = re.compile(r'<(/?)(ul|li|a)\b([^>]*)>')
_HREF = re.compile(r'\bhref="([^"]*)"')
_CHECKBOX = ' class="toctree-checkbox"'


@dataclass
class _Item:
    """One ``<li>``: its open tag, extent, enclosing item and list, link and checkbox."""
    start: int
    open_end: int
    parent: int | None
    ul: int
    end: int = -1
    link: tuple[int, int] | None = None  # the <a ...> open tag
    href: str = ""
    label: str = ""  # the link's inner HTML, already escaped
    checkbox: int = -1  # offset of furo's checkbox class attribute, if it has children


@dataclass
class _List:
    """One ``<ul>``: its open tag and its direct items."""
    start: int
    open_end: int
    owner: int | None  # the item it is nested in
    items: list[int] = field(default_factory=list)


class Tree:
    """furo's unmarked navigation HTML for one folder, with the position of every list and
    item, so a page's version is a few string splices."""

    def __init__(self, html: str, root_href: str) -> None:
        self.html = html
        self.root_href = root_href
        self.items: list[_Item] = []
        self.lists: list[_List] = []
        self.by_href: dict[str, int] = {}
        open_items: list[int] = []
        open_lists: list[int] = []
        for match in _TAG.finditer(html):
            closing, name = match[1], match[2]
            if name == "ul" and not closing:
                self.lists.append(_List(match.start(), match.end(),
                                        open_items[-1] if open_items else None))
                open_lists.append(len(self.lists) - 1)
            elif name == "ul":
                open_lists.pop()
            elif name == "li" and not closing:
                self.items.append(_Item(match.start(), match.end(),
                                        open_items[-1] if open_items else None, open_lists[-1]))
                self.lists[open_lists[-1]].items.append(len(self.items) - 1)
                open_items.append(len(self.items) - 1)
            elif name == "li":
                self.items[open_items.pop()].end = match.end()
            elif not closing and open_items and self.items[open_items[-1]].link is None:
                item = self.items[open_items[-1]]
                item.link = (match.start(), match.end())
                item.href = _HREF.search(match[3])[1]
                closed = html.index("</a>", match.end())
                item.label = html[match.end():closed]
                if html.startswith("<input", closed + 4):  # furo's checkbox: it has children
                    item.checkbox = html.index(_CHECKBOX, closed)
                self.by_href.setdefault(item.href, len(self.items) - 1)

    def branch(self, href: str) -> list[int]:
        """The item linking to ``href`` and its ancestors, innermost first."""
        chain = []
        index = self.by_href.get(href)
        while index is not None:
            chain.append(index)
            index = self.items[index].parent
        return chain

    def for_page(self, href: str, limit: int) -> str:
        """The tree as the page whose link is ``href`` shows it."""
        chain = self.branch(href)
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
        for depth, index in enumerate(chain):
            item = self.items[index]
            classes = _classes(self.html[item.start:item.open_end])
            classes.insert(1, "current")
            if depth == 0:
                classes.append("current-page")
            edits.append((item.start, item.open_end, f'<li class="{" ".join(classes)}">'))
            if item.checkbox >= 0:
                edits.append((item.checkbox, item.checkbox, ' checked=""'))
            ul = self.lists[item.ul]
            edits.append((ul.start, ul.open_end, '<ul class="current">'))
        if chain:
            start, end = self.items[chain[0]].link  # type: ignore[misc]
            edits.append((start, end, '<a class="current reference internal" href="#">'))
        edits += self._windows(set(chain), limit)
        edits.sort()
        pieces, last = [], 0
        for start, end, text in edits:
            pieces += [self.html[last:start], text]
            last = end
        return "".join(pieces) + self.html[last:]

    def _windows(self, branch: set[int], limit: int) -> list[tuple[int, int, str]]:
        """Cut every list longer than ``limit`` to a window of ``limit`` items (around the
        page's branch, else the first) and a link to the page that lists them all."""
        edits: list[tuple[int, int, str]] = []
        cut: list[tuple[int, int]] = []
        for ul in self.lists:
            items = ul.items
            if len(items) <= limit or any(a <= ul.start < b for a, b in cut):
                continue
            at = next((n for n, index in enumerate(items) if index in branch), 0)
            low = max(0, min(at - limit // 2, len(items) - limit))
            high = low + limit
            first, last = self.items[items[0]], self.items[items[-1]]
            if low:
                cut.append((first.start, self.items[items[low]].start))
                edits.append((*cut[-1], ""))
            kept_end = self.items[items[high - 1]].end
            cut.append((kept_end, last.end))
            owner = self.items[ul.owner] if ul.owner is not None else None
            href = owner.href if owner else self.root_href
            label = f"All {len(items):,} in {owner.label}" if owner else \
                f"All {len(items):,} pages"
            depth = _classes(self.html[first.start:first.open_end])[0]
            edits.append((kept_end, last.end,
                          f'\n<li class="{depth} scholarsite-nav-more"><a class="reference '
                          f'internal" href="{href}">{label}</a></li>'))
        return edits


def _classes(tag: str) -> list[str]:
    match = re.search(r'class="([^"]*)"', tag)
    return match[1].split() if match else []


class NavigationCache:
    """The sidebar :class:`Tree` of each folder: built once per build, and kept beside the
    doctrees for the next build while the sidebar and everything shared by all pages
    (:mod:`.fingerprint`) stay the same."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / STORE
        self.key = f"{shared_fingerprint(app)}:{state(app.env).get(FINGERPRINT)}"
        self.trees: dict[str, Tree] = {}
        self.stored: dict[str, list[str]] = {}
        self.added = False
        if not caching(app):
            return
        try:
            key, stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if key == self.key:
            self.stored = stored

    def tree(self, folder: str) -> Tree | None:
        """The folder's tree; None when Sphinx's or furo's part of it is not available."""
        if folder not in self.trees:
            if folder not in self.stored:
                builder = self.app.builder
                probe = posixpath.join(folder, _PROBE) if folder else _PROBE
                toctree = compat.sidebar_toctree(builder, probe, **NAV_KWARGS)
                html = compat.furo_navigation_tree(toctree) if toctree is not None else None
                if html is None:
                    return None
                self.stored[folder] = [html, builder.get_relative_uri(probe,
                                                                      self.app.config.root_doc)]
                self.added = True
            self.trees[folder] = Tree(*self.stored[folder])
        return self.trees[folder]

    def for_page(self, pagename: str, limit: int | None = None) -> str | None:
        target = self.app.builder.get_target_uri(pagename)
        tree = self.tree(posixpath.dirname(target))
        if tree is None:
            return None
        return tree.for_page(posixpath.basename(target), self.app.config.scholarsite_nav_limit
                             if limit is None else limit)

    def save(self) -> None:
        if self.added and caching(self.app):
            write_atomically(self.path, json.dumps([self.key, self.stored]).encode())


_CACHES: WeakKeyDictionary[Builder, NavigationCache] = WeakKeyDictionary()


#: the page context's key for this page's tree and whether furo asked for it
_OURS = "scholarsite_navigation"


def _cache(app: Sphinx) -> NavigationCache:
    if app.builder not in _CACHES:
        _CACHES[app.builder] = NavigationCache(app)
    return _CACHES[app.builder]


def skip_furo_tree(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: object) -> None:
    """Before furo: the page's sidebar from the folder's tree, and furo's sidebar call
    answered with an empty tree, so furo has nothing to parse. Without the tree (Sphinx's or
    furo's API changed) furo makes its own."""
    original = context.get("toctree")
    if original is None or app.builder.name != "html":
        return
    html = _cache(app).for_page(pagename)
    if html is None:
        return
    asked: list[bool] = []

    def toctree(**kwargs: Any) -> str:
        if kwargs == NAV_KWARGS:
            asked.append(True)
            return ""
        return original(**kwargs)

    context["toctree"] = toctree
    context[_OURS] = (html, asked, original)


def use_cache(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: object) -> None:
    """After furo: the page's sidebar is the folder's tree, if furo asked for its tree the
    known way (else furo's own tree stays)."""
    ours = context.pop(_OURS, None)
    if ours is None:
        return
    html, asked, context["toctree"] = ours
    if asked:
        context["furo_navigation_tree"] = html
    else:
        compat.off("the shared sidebar tree", "furo's sidebar toctree call")


FINGERPRINT = "nav_fingerprint"  # in the build state (:mod:`..sphinx.state`)


def _fingerprint(env: BuildEnvironment) -> str:
    """What the sidebar shows: every page, its title and the toctrees' structure."""
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    includes = sorted((doc, tuple(kids)) for doc, kids in env.toctree_includes.items())
    return hashlib.sha256(repr((titles, includes)).encode()).hexdigest()


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Keep this build's trees for the next one."""
    cache = _CACHES.pop(app.builder, None)
    if cache is not None and exception is None:
        cache.save()


def env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Forget the trees of an earlier build; if the sidebar changed (a title, a page added or
    removed, a toctree edited), every page shows it, so every page is written again. Sphinx
    alone rewrites only the edited pages and leaves stale sidebars everywhere else."""
    _CACHES.pop(app.builder, None)
    new = _fingerprint(env)
    old = state(env).get(FINGERPRINT)
    state(env)[FINGERPRINT] = new
    return sorted(env.all_docs) if old is not None and old != new else []
