"""The output folder holds what a clean build would write, and nothing else.

Sphinx writes files and never removes one: a deleted or renamed note, a removed bib entry
(its paper page), an image no page shows any more, all stay in the output folder and would be
published. So each successful build lists the files it is responsible for (every document's
page, every page rendered or kept by :mod:`.page_cache`, every image and download a page uses)
in ``scholarsite-outputs.json`` beside the doctrees, and removes the files the previous
successful build listed that this one does not. The list is written only after a successful
build, so an interrupted one is cleaned up by the next. Sphinx's ``.buildinfo.bak`` (left when
the configuration changed) is removed too: a clean build has none.

Key: none (the list is a record, not a cache). Invariant: after a successful build, every
file the previous successful build listed is either listed again or gone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..atomic import write_atomically
from ..paths import inside
from ..sphinx import news, photo, site_files, social_card
from .page_cache import cached_pages, output_name

RECORD = "scholarsite-outputs.json"
_RENDERED: WeakKeyDictionary[Builder, set[str]] = WeakKeyDictionary()


def note_rendered(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: object) -> None:
    """At ``html-page-context``: every page this build renders (indexes, search, 404 ...)."""
    _RENDERED.setdefault(app.builder, set()).add(pagename)


def expected_outputs(app: Sphinx) -> set[str]:
    """The files (relative to the output folder) this build is responsible for."""
    builder, env = app.builder, app.env
    pages = set(env.all_docs) | _RENDERED.pop(builder, set()) | cached_pages(app)
    files = {output_name(builder, page) for page in pages}
    files |= {f"{builder.imagedir}/{name}" for _, name in env.images.values()}
    files |= {f"_downloads/{Path(name).as_posix()}" for _, name in env.dlfiles.values()}
    files |= site_files.output_files(app) | photo.output_files(app) | news.output_files(app)
    files |= social_card.output_files(app)
    if app.config.html_copy_source:
        suffix = app.config.html_sourcelink_suffix
        for doc in env.all_docs:
            name = f"_sources/{doc}{Path(env.doc2path(doc)).suffix}"
            files.add(name if name.endswith(suffix) else name + suffix)
    return files


def remove_stale(app: Sphinx, exception: BaseException | None) -> None:
    """At ``build-finished``: delete what the previous build listed and this one does not."""
    if exception is not None or app.builder.format != "html":
        return
    out, record = Path(app.outdir), Path(app.doctreedir) / RECORD
    current = expected_outputs(app)
    try:
        previous = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    for name in sorted(previous - current):
        path = out / name
        if inside(out, path) and path.is_file():
            path.unlink()
            for folder in path.parents:  # folders the removal left empty
                if folder == out or not inside(out, folder) or any(folder.iterdir()):
                    break
                folder.rmdir()
    (out / ".buildinfo.bak").unlink(missing_ok=True)
    write_atomically(record, json.dumps(sorted(current)).encode())
