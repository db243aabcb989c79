"""``scholarsite serve``: live preview, each rebuild in a warm process.

sphinx-autobuild watches the files, serves the output and reloads the browser, and for every
change starts ``python -m sphinx`` in a new process, which imports Sphinx, the theme, every
extension and this package again (a third of a one-note rebuild at 1,000 notes) and skips the
command line's speed-ups. Here the server process imports all of that once, before it starts
serving, and freezes those objects out of the collector's way; sphinx-autobuild runs each
rebuild in a process forked from it (its ``ProcessPoolExecutor``), and the rebuild is
``scholarsite build`` itself, so the preview is byte for byte what a build writes. The server
process also keeps the loaded sources (CV, bibliography, own papers: :func:`.remember_sources`),
loaded again after each rebuild when a file of theirs changed, so a rebuild forked from it
starts with them. The watcher, server and reload script are sphinx-autobuild's; the builder,
the warm-up and that reload after a rebuild are ours.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import uvicorn
import watchfiles
from sphinx.application import builtin_extensions
from sphinx_autobuild.build import Builder
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles

from . import REQUIRED_EXTENSIONS
from .errors import ScholarsiteError
from .sources import load_sources, remember_sources


class WarmBuilder(Builder):
    """sphinx-autobuild's builder with the rebuild run in its (forked, warm) process."""

    def __init__(self, build: Callable[[], int], url_host: str) -> None:
        """``build`` is pickled into each rebuild's process: a module-level function (or a
        ``functools.partial`` of one)."""
        super().__init__([], url_host=url_host, pre_build_commands=[], post_build_commands=[])
        self.build = build

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            shown = ", ".join(path.name for path in changed_paths[:5])
            show_message(f"Detected changes ({shown}); rebuilding")
        try:
            status = self.build()
        except SystemExit as stop:  # Sphinx's own exits (bad input) end the build, not us
            status = stop.code if isinstance(stop.code, int) else 1
        if status:
            print(f"The build failed (exit code {status}): fix the error above; the server "
                  "keeps serving the last good build.")
        show_message(f"Serving on {self.uri}")
        # the pool's process ends with os._exit, which would drop what is still buffered
        sys.stdout.flush()
        sys.stderr.flush()


class WarmRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher, which after each rebuild (and the browser's reload) calls
    ``after_build`` in the server process, before it forks for the next change."""

    def __init__(self, *args: Any, after_build: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_build = after_build

    async def watch(self) -> None:  # upstream's loop, with after_build at its end
        async for changes in watchfiles.awatch(
                *self.paths, watch_filter=lambda _, path: not self.ignore(path)):
            changed_paths = [Path(path).resolve() for (_, path) in changes]
            with ProcessPoolExecutor() as pool:
                await asyncio.wrap_future(pool.submit(self.change_callback,
                                                      changed_paths=changed_paths))
            self.flag.set()
            await asyncio.to_thread(self.after_build)


def load_sources_here(source: Path, doctrees: Path) -> None:
    """The site's sources, loaded in this process (remembered for the rebuilds forked from
    it); bad input is left to the build, which reports it."""
    from .cli import owner_settings

    try:
        load_sources(source.resolve(), owner_settings(source), cache_dir=doctrees)
    except ScholarsiteError:
        pass


def warm_up() -> None:
    """Import what every build imports, so each forked rebuild starts with it loaded."""
    for name in (*builtin_extensions, *REQUIRED_EXTENSIONS, "furo", "sphinx.builders.html",
                 "sphinx.cmd.build"):
        importlib.import_module(name)
    package = importlib.import_module("scholarsite")
    for module in pkgutil.walk_packages(package.__path__, "scholarsite."):
        if not module.name.endswith(".__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    gc.collect()
    gc.freeze()  # imported objects are never garbage: keep the collector (and copies) off them


def serve(build: Callable[[], int], watch: list[Path], ignore: list[Path], out: Path,
          host: str, port: int, sources: Callable[[], None]) -> None:
    """Build once, then serve ``out`` and rebuild on every change under ``watch``;
    ``sources`` loads the site's sources in this process (:func:`load_sources_here`)."""
    warm_up()
    remember_sources()
    sources()
    url_host = f"{host}:{port}"
    builder = WarmBuilder(build, url_host)
    watcher = WarmRebuildServer([path for path in watch if path.exists()],
                                IgnoreFilter([str(path) for path in ignore], []),
                                change_callback=builder, after_build=sources)
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
