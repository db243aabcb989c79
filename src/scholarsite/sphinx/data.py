"""Loading the owner's sources once per build and handing the models to directives.

At ``config-inited`` (early, so settings such as the site title can come from the CV) the CV
data file and the bibliography are read and cross-checked: every paper a CV item cites must
exist in refs.bib. The result is kept beside the build's ``Config`` (a weak mapping keyed by
it; ``env.config`` is that same object) rather than inside the pickled environment, so a build
always sees the files as they are now; directives record the files as dependencies so Sphinx
re-reads their pages when a file changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from ..bib.load import Bibliography, load_bibliography
from ..bib.names import OwnerMatcher
from ..bib.publications import Publication, own_publications
from ..cv.load import SourceMap, dotted, load_cv
from ..cv.schema import CV
from ..errors import ScholarsiteError, located


@dataclass(frozen=True)
class SiteData:
    cv: CV
    cv_path: Path
    cv_sources: SourceMap
    bib: Bibliography
    bib_paths: tuple[Path, ...]
    publications: tuple[Publication, ...]

    @property
    def dependencies(self) -> tuple[Path, ...]:
        return (self.cv_path, *self.bib_paths)

    def publication(self, key: str) -> Publication | None:
        return next((pub for pub in self.publications if pub.key == key), None)


def cv_path(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.scholarsite_cv).resolve()


def load_site_data(app: Sphinx) -> SiteData:
    path = cv_path(app)
    cv, sources = load_cv(path)
    bib_paths = tuple(Path(app.srcdir, name).resolve() for name in app.config.bibtex_bibfiles)
    bib = load_bibliography(list(bib_paths))
    owner = owner_matcher(app, cv)
    publications = tuple(own_publications(bib, owner))
    for key, loc in cv.cited_papers():
        if key not in bib.data.entries:
            raise ScholarsiteError(located(
                path, sources.line(loc),
                f"{dotted(loc)}: unknown paper {key!r}: add it to "
                f"{', '.join(str(p) for p in bib_paths)} or fix the key"))
    return SiteData(cv, path, sources, bib, bib_paths, publications)


_LOADED: WeakKeyDictionary[Config, SiteData] = WeakKeyDictionary()


def store_site_data(app: Sphinx) -> SiteData:
    data = _LOADED[app.config] = load_site_data(app)
    return data


def owner_matcher(app: Sphinx, cv: CV) -> OwnerMatcher:
    return OwnerMatcher([cv.identity.name, *app.config.scholarsite_author_aliases])


def site_data(env: BuildEnvironment) -> SiteData:
    return _LOADED[env.config]
