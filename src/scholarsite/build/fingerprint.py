"""What every page's HTML depends on beyond its own content, as one digest.

The package's own part of it also keys the environment: pages whose text the package renders
while reading (a publication list, the CV) are kept as doctrees, so after an upgrade of
scholarsite (or an edit of its templates, or of ``html_baseurl``) every page is read again
(``env-get-outdated``).

Views kept between builds (unchanged paper pages, the sidebar trees) are reused only while
this digest is unchanged: configuration and tags, Sphinx's and every extension's version, the
package's own code, templates and static files, and the files of the theme and of the
project's ``templates_path`` and ``html_static_path``. Sphinx has no such digest: its
``.buildinfo`` covers the HTML configuration only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import sphinx
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..sphinx.state import state
from .uptodate import file_stats

PACKAGE = Path(__file__).resolve().parent.parent
_DIGESTS: WeakKeyDictionary[Builder, str] = WeakKeyDictionary()


_PACKAGE_KEY = "package_digest"  # in the build state (:mod:`..sphinx.state`)


@cache
def package_digest() -> str:
    """The package's code, templates and static files (read once per process)."""
    package = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            package.update(path.read_bytes())
    return package.hexdigest()


def reread_after_upgrade(app: Sphinx, env: BuildEnvironment, added: Set[str],
                         changed: Set[str], removed: Set[str]) -> list[str]:
    """Every page, when the environment was read by another version of the package or under
    another ``html_baseurl`` (the home page's schema.org data names the site's address, and
    Sphinx re-reads no page when only an HTML setting changed)."""
    key = f"{package_digest()} {app.config.html_baseurl}"
    if state(env).get(_PACKAGE_KEY) == key:
        return []
    state(env)[_PACKAGE_KEY] = key
    return sorted(env.all_docs)


def _stable(value: object) -> object:
    """A value as text that is the same in every process (as Sphinx's ``.buildinfo`` hashes
    configuration: collections sorted, functions and classes by name, not address)."""
    if isinstance(value, dict):
        return sorted((str(key), _stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_stable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(repr(_stable(item)) for item in value)
    if isinstance(value, type) or callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return str(value)


def _digest(app: Sphinx) -> str:
    confdir = Path(app.confdir)
    config = app.config
    settings = sorted((item.name, _stable(item.value))
                      for item in config.filter(frozenset({"", "env", "html"})))
    theme = getattr(app.builder, "theme", None)
    folders = [Path(folder) for folder in theme.get_theme_dirs()] if theme else []
    folders += [confdir / name for name in [*config.templates_path, *config.html_static_path]]
    parts = (sphinx.__version__, settings, sorted(app.builder.tags), package_digest(),
             sorted((name, str(ext.version)) for name, ext in app.extensions.items()),
             [sorted(file_stats(folder, set()).items()) for folder in folders])
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def shared_fingerprint(app: Sphinx) -> str:
    """The digest for this build (computed once, when first asked in the writing phase)."""
    if app.builder not in _DIGESTS:
        _DIGESTS[app.builder] = _digest(app)
    return _DIGESTS[app.builder]
