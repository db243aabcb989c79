"""Every use of another package's internals, each behind feature detection.

Read the Docs and the Pages workflow install the newest Sphinx, furo, MyST,
sphinxcontrib-bibtex and sphinx-sitemap on every build, and the lowest versions pyproject.toml
allows must work too (``scripts/lowest.py``). The speed-ups of :mod:`scholarsite.build` and a
few conveniences reach into those packages' undocumented names; they all do it here, so an
upstream rename touches one file, and each use is checked before it is made: when the name is
missing or has another shape, that speed-up is switched off (one info line, :func:`off`) and
the build does what plain Sphinx does: slower, the same pages, never a crash.
``tests/test_compat.py`` breaks each one in turn and compares the site with the normal build;
``tests/test_compat.py`` also greps the rest of the package for private names of other
packages.
"""

from __future__ import annotations

import importlib
import inspect
import logging as pylogging
import sys
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
_REPORTED: set[str] = set()

#: every name of another package used here, by what it is; ``tests/test_compat.py`` renames
#: each in turn (as an upstream release would) and checks the build's output is unchanged
NAMES = {
    "conf.py's settings": "_raw_config",
    "-D settings": "_overrides",
    "registered settings": "values",
    "search words": "_mapping",
    "search title words": "_title_mapping",
    "glob toctree pages": "glob_toctrees",
    "toctree module": "sphinx.environment.adapters.toctree",
    "site toctree": "global_toctree_for_doc",
    "partial renderer": "render_partial",
    "builder cleanup": "cleanup",
    "post-transforms": "post_transforms",
    "builtin extensions": "builtin_extensions",
    "environment loader": "_load_existing_env",
    "fresh environment flag": "_fresh_env_used",
    "project walk": "discover",
    "autobuild builder": "Builder",
    "autobuild filter": "IgnoreFilter",
    "autobuild middleware": "JavascriptInjectorMiddleware",
    "autobuild server": "RebuildServer",
    "autobuild message": "show_message",
    "autobuild command": "main",
    "sitemap manager": "Manager",
    "sitemap queue": "sitemap_links",
    "sitemap handler": "add_html_link",
    "furo navigation": "furo.navigation",
    "furo tree": "get_navigation_tree",
    "bibtex domain": "BibtexDomain",
    "bibtex filter visitor": "_FilterVisitor",
    "bibtex transform": "BibliographyTransform",
    "bibtex parse targets": "parse_citation_targets",
    "bibtex bibliography node": "bibliography",
    "bibtex cited": "cited",
    "bibtex citation refs": "citation_refs",
}


def off(speed_up: str, missing: str) -> None:
    """Say once per process that a speed-up is off because ``missing`` is not as expected."""
    if speed_up not in _REPORTED:
        _REPORTED.add(speed_up)
        line = (f"scholarsite: {speed_up} is off ({missing} is not what this version "
                "expects); the build does what plain Sphinx does, more slowly")
        if pylogging.getLogger("sphinx").handlers:  # in a build: Sphinx's output
            logger.info(line)
        else:  # a command outside a build (serve's start)
            print(line, file=sys.stderr)


def _get(owner: object, what: str, kind: type | tuple[type, ...] = object) -> Any:
    """``owner``'s attribute named ``NAMES[what]`` when it exists and is a ``kind``, else
    None."""
    value = getattr(owner, NAMES[what], None)
    return value if isinstance(value, kind) else None


def _module(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# --- Sphinx ------------------------------------------------------------------------------


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application of a build environment: ``env._app`` from Sphinx 8.2 on (where
    ``env.app`` is deprecated), ``env.app`` before it."""
    app = getattr(env, "_app", None)
    return app if app is not None else env.app


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` set ``name``. Sphinx keeps both in private mappings and has
    no public query; without them a value equal to its registered default counts as unset."""
    raw = _get(config, "conf.py's settings", Mapping)
    overrides = _get(config, "-D settings", Mapping)
    if raw is not None and overrides is not None:
        return name in raw or name in overrides
    off("telling conf.py's settings from defaults", "Config._raw_config")
    options = _get(config, "registered settings", Mapping)
    default = getattr(options.get(name) if options is not None else None, "default", None)
    if callable(default):
        default = default(config)
    return getattr(config, name, None) != default


def search_word_maps(builder: Builder) -> list[MutableMapping[str, Any]]:
    """The search indexer's word → pages mappings (text and titles), to drop words left with
    no page after an incremental build; none when their shape is not the known one."""
    indexer = getattr(builder, "indexer", None)
    if indexer is None:
        return []
    maps = [_get(indexer, what, dict) for what in ("search words", "search title words")]
    if any(found is None for found in maps):
        off("pruning the search index after incremental builds", "IndexBuilder._mapping")
        return []
    return maps


def reread_when_pages_change(env: BuildEnvironment, docname: str) -> None:
    """Have ``docname`` read again whenever pages are added or removed (it lists them), as
    Sphinx does for pages with a glob toctree; without that set, :func:`pages_to_reread`
    does it."""
    pages = _get(env, "glob toctree pages", set)
    if pages is None:
        off("Sphinx's own re-reading of listing pages", "BuildEnvironment.glob_toctrees")
        pages = _listing_pages(env)
    pages.add(docname)


def pages_to_reread(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                    removed: set[str]) -> list[str]:
    """``env-get-outdated``: the listing pages :func:`reread_when_pages_change` recorded
    itself, when pages came or went."""
    return sorted(_listing_pages(env) & env.all_docs.keys()) if added or removed else []


def _listing_pages(env: BuildEnvironment) -> set[str]:
    from .sphinx.state import LISTING_PAGES, state

    return state(env)[LISTING_PAGES]  # type: ignore[no-any-return]


def sidebar_toctree(builder: Builder, docname: str, **options: Any) -> str | None:
    """The HTML of the site's toctree as seen from ``docname`` (what the page template's
    ``toctree(**options)`` gives), or None when Sphinx's toctree API is not the known one."""
    resolve = _get(_module(NAMES["toctree module"]), "site toctree")
    render = _get(builder, "partial renderer")
    if not callable(resolve) or not callable(render):
        off("the shared sidebar tree", "sphinx.environment.adapters.toctree")
        return None
    if "tags" in inspect.signature(resolve).parameters:  # Sphinx 9 takes the build's tags
        options = {**options, "tags": builder.tags}
    try:
        tree = resolve(builder.env, docname, builder, **options)
        return render(tree)["fragment"] if tree is not None else ""
    except (TypeError, KeyError) as error:
        off("the shared sidebar tree", f"global_toctree_for_doc ({error})")
        return None


def on_builder_cleanup(builder: Builder, then: Callable[[], None]) -> bool:
    """Run ``then`` right after the builder's ``cleanup``, which Sphinx calls last, once the
    build's final status is set; False (nothing done) when the builder has none."""
    cleanup = _get(builder, "builder cleanup")
    if not callable(cleanup):
        off("skipping builds whose sources did not change", "Builder.cleanup")
        return False

    def cleanup_then() -> None:
        cleanup()
        then()

    setattr(builder, NAMES["builder cleanup"], cleanup_then)
    return True


def replace_post_transform(app: Sphinx, old: type, new: type) -> bool:
    """Put ``new`` in the place of the registered post-transform ``old``."""
    transforms = _get(getattr(app, "registry", None), "post-transforms", list)
    if transforms is None or old not in transforms:
        off("the indexed bibliography transform", "SphinxComponentRegistry.post_transforms")
        return False
    transforms[transforms.index(old)] = new
    return True


# --- serve: Sphinx's environment loader and project walk, sphinx-autobuild's parts --------


def builtin_extensions() -> tuple[str, ...]:
    """The modules Sphinx loads as its own extensions (imported ahead by the server)."""
    found = _get(_module("sphinx.application"), "builtin extensions", (tuple, list)) or ()
    return tuple(name for name in found if isinstance(name, str))


def replace_environment_loader(
        load: Callable[[Sphinx, Any, Callable[..., BuildEnvironment]], BuildEnvironment],
) -> bool:
    """Have Sphinx call ``load(app, filename, sphinx_own_loader)`` for the saved environment
    (the server hands over the copy it holds); False when Sphinx has no such loader."""
    from sphinx.application import Sphinx

    own = _get(Sphinx, "environment loader")
    if not callable(own):
        off("keeping the environment in the server", "Sphinx._load_existing_env")
        return False

    def load_existing_env(app: Sphinx, filename: Any) -> BuildEnvironment:
        return load(app, filename, own)

    setattr(Sphinx, NAMES["environment loader"], load_existing_env)
    return True


def environment_reused(app: Sphinx) -> None:
    """Tell Sphinx the environment it got was not new (as its own loader does)."""
    if hasattr(app, NAMES["fresh environment flag"]):
        setattr(app, NAMES["fresh environment flag"], False)


def take_known_documents() -> bool:
    """Have Sphinx's walk of the source folder answer with the documents the environment
    recorded, when it recorded any (the server's rebuilds, when no file came or went)."""
    from sphinx.project import Project

    discover = _get(Project, "project walk")
    if not callable(discover):
        off("skipping the walk of the source folder", "Project.discover")
        return False

    def documents(self: Project, exclude_paths: Iterable[str] = (),
                  include_paths: Iterable[str] = ("**",)) -> set[str]:
        known = getattr(self, "docnames", None)
        return known if known else discover(self, exclude_paths, include_paths)

    setattr(Project, NAMES["project walk"], documents)
    return True


#: sphinx-autobuild's modules and what the warm server takes from each
_AUTOBUILD = {"sphinx_autobuild.build": "autobuild builder",
              "sphinx_autobuild.filter": "autobuild filter",
              "sphinx_autobuild.middleware": "autobuild middleware",
              "sphinx_autobuild.server": "autobuild server",
              "sphinx_autobuild.utils": "autobuild message"}
#: what the warm server's watch loop uses of a RebuildServer
_REBUILD_SERVER = ("paths", "ignore", "change_callback", "flag", "lifespan")


def autobuild() -> bool:
    """Whether sphinx-autobuild's builder, filter, reload middleware, watcher and message
    helper have the shape the warm server (:mod:`scholarsite.serve`) builds on; if not,
    ``serve`` runs sphinx-autobuild's own command (:func:`run_autobuild`)."""
    found = {}
    for module_name, what in _AUTOBUILD.items():
        found[what] = _get(_module(module_name), what)
        if found[what] is None:
            off("the warm live preview", f"{module_name}.{NAMES[what]}")
            return False
    try:
        probe = found["autobuild server"]([], lambda path: False, change_callback=lambda **_: 0)
    except TypeError as error:
        off("the warm live preview", f"RebuildServer ({error})")
        return False
    if not all(hasattr(probe, name) for name in _REBUILD_SERVER):
        off("the warm live preview", "RebuildServer's attributes")
        return False
    return True


def autobuild_builder_options(builder: type, url_host: str) -> dict[str, Any]:
    """The keyword arguments of sphinx-autobuild's ``Builder`` for no extra commands: the
    post-build ones exist from 2025.8 on."""
    options: dict[str, Any] = {"url_host": url_host, "pre_build_commands": []}
    if "post_build_commands" in inspect.signature(builder).parameters:
        options["post_build_commands"] = []
    return options


def run_autobuild(argv: list[str]) -> None:
    """sphinx-autobuild's own command (each rebuild a plain ``python -m sphinx``)."""
    from .errors import ScholarsiteError

    main = _get(_module("sphinx_autobuild.__main__"), "autobuild command")
    if not callable(main):
        raise ScholarsiteError("sphinx-autobuild is missing or has no command line: "
                               "reinstall scholarsite (pip install --force-reinstall scholarsite)")
    if inspect.signature(main).parameters:  # from sphinx-autobuild 2024.9 on
        main(argv)
    else:  # before: it reads the command line itself
        sys.argv = ["sphinx-autobuild", *argv]
        main()


# --- sphinx-sitemap -----------------------------------------------------------------------


def serial_sitemap_queue(app: Sphinx) -> None:
    """Before sphinx-sitemap's ``builder-inited`` (which makes its queue with
    ``multiprocessing.Manager().Queue()``): a plain queue unless pages are written in
    parallel. In a serial build each of its thousands of calls would be a round trip to
    another process, and starting that process costs every build time."""
    import multiprocessing

    sitemap = _module("sphinx_sitemap")
    if not callable(_get(sitemap, "sitemap manager")):
        off("the in-process sitemap queue", "sphinx_sitemap.Manager")
        return
    setattr(sitemap, NAMES["sitemap manager"],
            _SerialManager if app.parallel <= 1 else multiprocessing.Manager)


class _SerialManager:
    """What sphinx-sitemap asks of ``multiprocessing.Manager()`` (a queue), without starting
    the manager's server process."""

    @staticmethod
    def Queue() -> Any:  # noqa: N802 (multiprocessing's name)
        import queue

        return queue.Queue()


def sitemap_queue(app: Sphinx) -> tuple[Any, Callable[..., Any]] | None:
    """sphinx-sitemap's queue of pages and its per-page handler, to complete its list after
    an incremental build; None when there is no sitemap or either is not the known one."""
    links = _get(app, "sitemap queue")
    if links is None:
        return None  # no sitemap in this build (no html_baseurl, or another builder)
    add = _get(_module("sphinx_sitemap"), "sitemap handler")
    if not (callable(add) and hasattr(links, "get_nowait") and hasattr(links, "put")):
        off("completing the sitemap after incremental builds", "sphinx_sitemap.add_html_link")
        return None
    return links, add


# --- furo ---------------------------------------------------------------------------------


def furo_navigation_tree(html: str) -> str | None:
    """furo's sidebar tree (its expand checkboxes added) from Sphinx's toctree HTML, or None
    when furo's helper is not the known one."""
    get = _get(_module(NAMES["furo navigation"]), "furo tree")
    if not callable(get):
        off("the shared sidebar tree", "furo.navigation.get_navigation_tree")
        return None
    try:
        return get(html)
    except (TypeError, ValueError, AttributeError) as error:
        off("the shared sidebar tree", f"get_navigation_tree ({type(error).__name__})")
        return None


# --- sphinxcontrib-bibtex -----------------------------------------------------------------

#: the domain data sphinxcontrib-bibtex keeps, which the indexed domain reads and narrows
_BIBTEX_DATA = ("bibdata", "citations", "citation_refs", "bibliographies")
_BIBTEX_METHODS = ("env_updated", "get_all_cited_keys", "get_filtered_entries",
                   "resolve_xref", "get_entries", "citation_refs", "citations", "bibliographies")
_BIBTEX_FILES = ("BibData", "BibFile", "get_mtime", "is_bibdata_outdated")


def bibtex_indexes() -> SimpleNamespace | None:
    """sphinxcontrib-bibtex's domain, transform, filter visitor and bib-file records, when they
    have the shape the indexed domain (:mod:`scholarsite.sphinx.bibtex_domain`) builds on;
    else None (upstream's own domain and parse are used)."""
    domain = _module("sphinxcontrib.bibtex.domain")
    cls = _get(domain, "bibtex domain", type)
    bibfile = _module("sphinxcontrib.bibtex.bibfile")
    missing = next(
        (where for where, ok in (
            ("BibtexDomain", cls is not None),
            ("BibtexDomain's methods", all(hasattr(cls, name) for name in _BIBTEX_METHODS)),
            ("BibtexDomain.initial_data",
             set(_BIBTEX_DATA) <= set(getattr(cls, "initial_data", None) or ())),
            ("domain._FilterVisitor", _get(domain, "bibtex filter visitor", type)),
            ("transforms.BibliographyTransform",
             _get(_module("sphinxcontrib.bibtex.transforms"), "bibtex transform", type)),
            ("bibfile", all(hasattr(bibfile, name) for name in _BIBTEX_FILES)),
            ("citation_target", _get(_module("sphinxcontrib.bibtex.citation_target"),
                                     "bibtex parse targets")),
            ("nodes.bibliography",
             _get(_module("sphinxcontrib.bibtex.nodes"), "bibtex bibliography node", type)),
        ) if not ok), None)
    if missing is not None:
        off("the indexed citation domain", f"sphinxcontrib.bibtex {missing}")
        return None
    return SimpleNamespace(filter_visitor=_get(domain, "bibtex filter visitor"))


def cited_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    """The documents citing each key: the indexed domain's map, else made from upstream's
    citation references."""
    domain = env.get_domain("cite")
    cited = _get(domain, "bibtex cited", dict)
    if cited is not None:
        return cited
    made: dict[str, set[str]] = {}
    for ref in _get(domain, "bibtex citation refs", (list, tuple)) or ():
        for target in getattr(ref, "targets", ()):
            key, docname = getattr(target, "key", None), getattr(ref, "docname", None)
            if isinstance(key, str) and isinstance(docname, str):
                made.setdefault(key, set()).add(docname)
    return made
