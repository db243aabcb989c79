"""furo's sidebar navigation, resolved once per folder instead of once per page.

furo renders the whole site's toctree into every page (``collapse=False``), and Sphinx
resolves and renders that toctree anew for each page: the cost grows with pages × pages and
dominates large builds. The tree differs between two pages only in (a) its relative URLs,
which depend on the page's folder, and (b) the "current" marks on the page and its ancestors.
So the tree is resolved once per folder for a page name that is in no toctree (no marks),
cached for the build, and each page gets Sphinx's marks added by one scan of that HTML:
``current`` on every ``<li>``/``<ul>`` around the page's link, and the link itself becoming
``class="current reference internal" href="#"`` (furo then adds its own ``current-page``).
Tests check that the result equals Sphinx's own output for every page.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

#: The arguments furo passes for its sidebar tree; other calls go to Sphinx untouched.
NAV_KWARGS = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
_PROBE = "__scholarsite_nav__"
_TAG = re.compile(r"<(/?)(ul|li)\b([^>]*)>")


def _add_class(tag: str, name: str, extra: str) -> str:
    """``<li class="toctree-l2">`` + "current" → ``<li class="toctree-l2 current">``."""
    if 'class="' in tag:
        return re.sub(r'class="([^"]*)"', lambda m: f'class="{m[1]} {extra}"', tag, count=1)
    return tag.replace(f"<{name}", f'<{name} class="{extra}"', 1)


def mark_current(html: str, href: str) -> str:
    """The tree with the page whose link is ``href`` marked as Sphinx marks the current page."""
    link = f'<a class="reference internal" href="{href}">'
    at = html.find(link)
    if at < 0:
        return html
    stack: list[tuple[str, int, int]] = []  # open ul/li tags before the link: (name, start, end)
    for match in _TAG.finditer(html, 0, at):
        if match[1]:
            while stack and stack.pop()[0] != match[2]:
                pass
        else:
            stack.append((match[2], match.start(), match.end()))
    pieces, last = [], 0
    for name, start, end in stack:
        pieces += [html[last:start], _add_class(html[start:end], name, "current")]
        last = end
    pieces += [html[last:at], '<a class="current reference internal" href="#">']
    return "".join(pieces) + html[at + len(link):]


class NavigationCache:
    """Per-build cache of the sidebar tree HTML, keyed by folder."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.trees: dict[str, str] = {}

    def tree(self, folder: str) -> str:
        if folder not in self.trees:
            probe = posixpath.join(folder, _PROBE) if folder else _PROBE
            self.trees[folder] = self.app.builder._get_local_toctree(probe, **NAV_KWARGS)
        return self.trees[folder]

    def for_page(self, pagename: str) -> str:
        target = self.app.builder.get_target_uri(pagename)
        return mark_current(self.tree(posixpath.dirname(target)), posixpath.basename(target))


_CACHES: WeakKeyDictionary[Builder, NavigationCache] = WeakKeyDictionary()


def use_cache(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: object) -> None:
    """Hand furo a ``toctree()`` that serves its sidebar call from the cache."""
    original = context.get("toctree")
    if original is None or app.builder.name != "html":
        return
    cache = _CACHES.setdefault(app.builder, NavigationCache(app))

    def toctree(**kwargs: Any) -> str:
        if kwargs == NAV_KWARGS:
            return cache.for_page(pagename)
        return original(**kwargs)

    context["toctree"] = toctree


FINGERPRINT = "scholarsite_nav_fingerprint"


def _fingerprint(env: BuildEnvironment) -> str:
    """What the sidebar shows: every page, its title and the toctrees' structure."""
    titles = sorted((doc, env.titles[doc].astext()) for doc in env.all_docs if doc in env.titles)
    includes = sorted((doc, tuple(kids)) for doc, kids in env.toctree_includes.items())
    return hashlib.sha256(repr((titles, includes)).encode()).hexdigest()


def env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Forget the trees of an earlier build; if the sidebar changed (a title, a page added or
    removed, a toctree edited), every page shows it, so every page is written again. Sphinx
    alone rewrites only the edited pages and leaves stale sidebars everywhere else."""
    _CACHES.pop(app.builder, None)
    new = _fingerprint(env)
    old = getattr(env, FINGERPRINT, None)
    setattr(env, FINGERPRINT, new)
    return sorted(env.all_docs) if old is not None and old != new else []
