"""The loaded sources, kept beside the build so directives and events can use them.

At ``config-inited`` (early, so settings such as the site title can come from the CV) the
sources are loaded (:mod:`scholarsite.sources`). The result is kept beside the build's
``Config`` (a weak mapping keyed by it; ``env.config`` is that same object) rather than inside
the pickled environment, so a build always sees the files as they are now; directives record
the files as dependencies so Sphinx re-reads their pages when a file changes.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..sources import SOURCE_SETTINGS, SiteData, load_sources

_LOADED: WeakKeyDictionary[Config, SiteData] = WeakKeyDictionary()


def store_site_data(app: Sphinx) -> SiteData:
    config = app.config
    settings = {name: config[name] for name in SOURCE_SETTINGS}
    data = _LOADED[config] = load_sources(
        Path(app.srcdir), settings,
        cache_dir=Path(app.doctreedir) if config.scholarsite_caches else None)
    return data


def site_data(env: BuildEnvironment) -> SiteData:
    return _LOADED[env.config]
