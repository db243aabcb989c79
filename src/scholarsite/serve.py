"""``scholarsite serve``: live preview, each rebuild in a warm process.

sphinx-autobuild watches the files, serves the output and reloads the browser, and for every
change starts ``python -m sphinx`` in a new process, which imports Sphinx, the theme, every
extension and this package again (a third of a one-note rebuild at 1,000 notes) and skips the
command line's speed-ups. Here the server process imports all of that once, before it starts
serving, and freezes those objects out of the collector's way; sphinx-autobuild runs each
rebuild in a process forked from it (its ``ProcessPoolExecutor``), and the rebuild is
``scholarsite build`` itself, so the preview is byte for byte what a build writes. The server
process also keeps the loaded sources (CV, bibliography, own papers: :func:`.remember_sources`)
and the saved environment (:class:`_Environment`), so a rebuild forked from it starts with
them. The sources are read again before each rebuild when their files changed (in this
process, so the next edit starts from them: a bib edit checks only the entries it touched);
the environment is read once the rebuild is served, the bibliography's cache file written by
a process forked for it, and what was replaced freed when the edits pause. The watcher,
server and reload script are sphinx-autobuild's; the builder, the warm-up and that reading
around a rebuild are ours.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import importlib.util
import pickle
import pkgutil
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import uvicorn
import watchfiles
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.environment import BuildEnvironment
from sphinx_autobuild.build import Builder
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

from . import REQUIRED_EXTENSIONS, compat
from .bib import cache as bib_cache
from .build import fingerprint
from .errors import ScholarsiteError
from .render import environment
from .sources import load_sources, remember_sources


class WarmBuilder(Builder):
    """sphinx-autobuild's builder with the rebuild run in its (forked, warm) process."""

    def __init__(self, build: Callable[..., int], url_host: str) -> None:
        """``build`` is pickled into each rebuild's process: a module-level function (or a
        ``functools.partial`` of one) taking ``changed`` (a file is known to have changed)."""
        super().__init__([], **compat.autobuild_builder_options(Builder, url_host))
        self.build = build

    def __call__(self, *, changed_paths: Sequence[Path], same_files: bool = False) -> int:
        """One rebuild, in a process of its own; its exit status. ``same_files``: the
        documents are those the environment recorded (see :meth:`WarmRebuildServer.watch`)."""
        if changed_paths:
            shown = ", ".join(path.name for path in changed_paths[:5])
            show_message(f"Detected changes ({shown}); rebuilding")
        if same_files:
            _documents_as_found_last()
        try:
            status = self.build(changed=bool(changed_paths))
        except SystemExit as stop:  # Sphinx's own exits (bad input) end the build, not us
            status = stop.code if isinstance(stop.code, int) else 1
        except ScholarsiteError as error:  # the source folder or conf.py gone, say
            print(f"error: {error}", file=sys.stderr)
            status = 1
        if status:
            print(f"The build failed (exit code {status}): fix the error above; the server "
                  "keeps serving the last good build.")
        show_message(f"Serving on {self.uri}")
        # the pool's process ends with os._exit, which would drop what is still buffered
        sys.stdout.flush()
        sys.stderr.flush()
        return status


def _documents_as_found_last() -> None:
    """In this rebuild's process: Sphinx's walk of the source folder (a fortieth of a second
    at 1,000 notes) is skipped and the documents the environment recorded are taken, when no
    file came or went since they were found."""
    compat.take_known_documents()


#: quiet time after a rebuild before the server process frees what it replaced (ms)
IDLE_BEFORE_TIDYING = 2000


class WarmRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher, which calls ``before_build`` in the server process before
    it forks for a change, ``after_build`` after the rebuild (and the browser's reload), and
    ``tidy`` once no change came for :data:`IDLE_BEFORE_TIDYING` after a rebuild."""

    def __init__(self, *args: Any, before_build: Callable[[], None],
                 after_build: Callable[[], None], tidy: Callable[[], None],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.before_build, self.after_build, self.tidy = before_build, after_build, tidy

    async def watch(self) -> None:
        """Upstream's loop, with ``before_build`` and ``after_build`` around the rebuild, one
        process forked per rebuild (not one per core: forking the warm server costs time),
        changes taken after 20 ms without another instead of 50 (a save is one burst of
        events), and ``tidy`` when the writer pauses, not between a save and its page. A
        rebuild whose changes only modified files (conf.py aside), after one that succeeded
        (and so saved the documents it found), takes those documents without a new walk."""
        untidy, found = False, False
        async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path), step=20,
                rust_timeout=IDLE_BEFORE_TIDYING, yield_on_timeout=True):
            if not changes:
                if untidy:
                    await asyncio.to_thread(self.tidy)
                    untidy = False
                continue
            changed_paths = [Path(path).resolve() for (_, path) in changes]
            same_files = found and all(change == watchfiles.Change.modified and
                                       Path(path).name != "conf.py" for change, path in changes)
            await asyncio.to_thread(self.before_build)
            with ProcessPoolExecutor(max_workers=1) as pool:
                status = await asyncio.wrap_future(pool.submit(self.change_callback,
                                                               changed_paths=changed_paths,
                                                               same_files=same_files))
            found = status == 0
            self.flag.set()
            await asyncio.to_thread(self.after_build)
            untidy = True


def sources_here(source: Path, doctrees: Path) -> None:
    """The site's sources, loaded in this process for the rebuilds forked from it (again only
    when their files changed); bad input is left to the build, which reports it."""
    from .cli import owner_settings

    try:
        load_sources(source.resolve(), owner_settings(source), cache_dir=doctrees).prepare()
    except Exception:  # noqa: BLE001 (bad input, or anything: the rebuild loads the sources
        pass  # itself and reports it; the server must keep watching)
    gc.freeze()  # what is held now kept out of a forked rebuild's collector (which writes to,
    # so copies, what it walks)


def load_here(source: Path, doctrees: Path) -> None:
    """After a rebuild: the environment it saved and any source changed since, loaded in this
    process for the next rebuilds; the bibliography's cache written by a process of its own."""
    _ENVIRONMENT.load(doctrees / ENV_PICKLE_FILENAME)
    sources_here(source, doctrees)
    bib_cache.save(background=True)


def tidy() -> None:
    """Free what was replaced (the last environment holds reference cycles): the collector
    walks everything this process holds, half a second at 1,000 notes, so it waits for a
    pause in the edits."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class _Environment:
    """The environment Sphinx saved, as this process last read it, and the file's state.

    Sphinx reads the pickled environment at the start of every build (a tenth of a second at
    1,000 notes) and has no way to be handed one; in the serve process its loader is replaced
    (:meth:`install`) by one that gives a forked rebuild the copy read here when the file is
    still the one it was read from (same inode, time and size), and reads the file otherwise.
    """

    def __init__(self) -> None:
        self.state: tuple[int, int, int] | None = None
        self.env: BuildEnvironment | None = None

    @staticmethod
    def _state(path: Path) -> tuple[int, int, int] | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def load(self, path: Path) -> None:
        state = self._state(path)
        if state is None or state == self.state:
            return
        try:
            with path.open("rb") as stored:
                self.env, self.state = pickle.load(stored), state
        except Exception:  # as Sphinx: an unreadable environment is rebuilt by the build
            self.env, self.state = None, None

    def install(self) -> None:
        compat.replace_environment_loader(self.load_existing_env)

    def load_existing_env(self, app: Sphinx, filename: Path,
                          read_file: Callable[[Sphinx, Path], BuildEnvironment],
                          ) -> BuildEnvironment:
        if self.env is None or self._state(Path(filename)) != self.state:
            return read_file(app, filename)
        env = self.env  # this process's own copy (a fork): the server's stays as read
        env.setup(app)
        compat.environment_reused(app)
        return env


_ENVIRONMENT = _Environment()


#: packages whose modules a build imports only inside extensions' ``setup()`` or while it
#: runs (found by comparing ``sys.modules`` before and after one): imported whole here
_LOADED_DURING_BUILDS = ("myst_parser", "mdit_py_plugins", "sphinx_design", "sphinx_basic_ng",
                         "sphinxcontrib.bibtex", "sphinx.ext.intersphinx", "a11y_pygments")
_STANDARD_MODULES = ("sphinx.ext.mathjax", "sphinx.builders.latex.transforms",
                     "sphinx.util.console", "multiprocessing.managers",
                     "multiprocessing.shared_memory", "multiprocessing.popen_fork",
                     "xml.dom.minidom", "docutils.core", "docutils.languages.en", "jinja2.ext",
                     "pybtex.markup", "pygments.styles.native", "encodings.utf_8_sig",
                     "encodings.unicode_escape")


def _import_all(package_name: str) -> None:
    """A package and its modules, but never a ``__main__`` (importing it runs a command
    line) nor one that needs an optional dependency not installed."""
    package = importlib.import_module(package_name)
    for module in pkgutil.walk_packages(package.__path__, package_name + ".",
                                        onerror=lambda name: None):
        if not module.name.endswith(".__main__"):
            with contextlib.suppress(ImportError):
                importlib.import_module(module.name)


def warm_up() -> None:
    """Import what every build imports, so each forked rebuild starts with it loaded."""
    from .sphinx import quiet

    quiet.silence()  # before the extensions are imported (opengraph prints on import)
    for name in (*compat.builtin_extensions(), *REQUIRED_EXTENSIONS, *_STANDARD_MODULES, "furo",
                 "sphinx.builders.html", "sphinx.cmd.build"):
        importlib.import_module(name)
    for name in ("scholarsite", *_LOADED_DURING_BUILDS):
        if importlib.util.find_spec(name) is not None:  # a11y_pygments: newer furo's only
            _import_all(name)
    templates = environment()
    for name in templates.list_templates(extensions=("html", "typ")):
        templates.get_template(name)  # compiled once here, not in every rebuild
    fingerprint.package_digest()  # read once here: every build compares it
    gc.collect()
    gc.freeze()  # imported objects are never garbage: keep the collector (and copies) off them


def serve(build: Callable[..., int], watch: list[Path], ignore: list[Path], out: Path,
          host: str, port: int, source: Path, doctrees: Path) -> None:
    """Build once, then serve ``out`` and rebuild on every change under ``watch``, reading
    the sources of the site in ``source`` and its environment in ``doctrees`` in this process
    around each rebuild."""
    warm_up()
    remember_sources()
    _ENVIRONMENT.install()
    preload = partial(load_here, source, doctrees)
    preload()
    tidy()
    url_host = f"{host}:{port}"
    builder = WarmBuilder(build, url_host)
    watcher = WarmRebuildServer([path for path in watch if path.exists()],
                                IgnoreFilter([str(path) for path in ignore], []),
                                change_callback=builder, after_build=preload, tidy=tidy,
                                before_build=partial(sources_here, source, doctrees))
    app = Starlette(
        routes=[WebSocketRoute("/websocket-reload", watcher, name="reload"),
                Mount("/", app=StaticFiles(directory=out, html=True), name="static")],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    show_message("Starting initial build")
    with ProcessPoolExecutor() as pool:  # like every rebuild: in a forked, warm process
        pool.submit(builder, changed_paths=()).result()
    show_message("Waiting to detect changes...")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:
        show_message("Server stopped.")
