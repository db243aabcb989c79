"""Files the bibliography links to by a relative path, served by the site.

A paper's ``pdf = {papers/smith2024.pdf}`` (or ``slides``, ``poster``, ...) names a file in the
site's source folder. The file must exist and lie inside that folder (else the build fails
naming the entry: a dead PDF link is worse than none); it is copied to the same path in the
output when the build finishes; fragments link to it as ``ss-root:`` URLs
(:mod:`.pagelinks`), so the link is right from a page at any depth; Scholar's
``citation_pdf_url`` gets the absolute URL under ``html_baseurl``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx

from ..errors import ScholarsiteError, located
from ..paths import inside
from ..sources import SiteData
from .data import site_data


def check(srcdir: Path, site: SiteData) -> None:
    """At ``config-inited``: every linked file exists inside the source folder."""
    for path, (key, name) in site.linked_files.items():
        target = srcdir / path
        if not inside(srcdir, target) or not target.is_file():
            place = site.bib.place(key)
            raise ScholarsiteError(located(
                place.path, place.line,
                f"entry {key!r}: {name} = {{{path}}} names no file in {srcdir}: put the file "
                f"there (as {srcdir / path}), or give an http(s) URL"))


def copy(app: Sphinx, exception: BaseException | None) -> None:
    """At ``build-finished``: the linked files, where the links expect them."""
    if exception is not None or app.builder.format != "html":
        return
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    for path in site_data(app.env).linked_files:
        source, target = srcdir / path, outdir / path
        if not target.is_file() or source.stat().st_size != target.stat().st_size or \
                source.read_bytes() != target.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def output_files(app: Sphinx) -> set[str]:
    """The outputs this module writes (for :mod:`scholarsite.build.outputs`)."""
    return set(site_data(app.env).linked_files)
