"""Links from generated HTML fragments to other pages, resolved when the page is written.

Fragments are rendered while a page is read, when the builder's file naming is not yet the
concern of the reader. They therefore link to pages as ``ss-doc:<docname>#anchor`` and to
files at the output root (cv.pdf) as ``ss-root:<path>``; at ``doctree-resolved`` these become
the builder's relative URIs. A link to a page that does not exist fails the build instead of
leaving a dead link.
"""

from __future__ import annotations

import posixpath
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..errors import ScholarsiteError
from ..render import ROOT_SCHEME
from .data import site_data
from .notes import papers_read
from .pagenames import paper_page, read_paper_page

SCHEME = "ss-doc:"
_LINK = re.compile(r'href="ss-doc:([^"#]*)(#[^"]*)?"')
_ROOT_LINK = re.compile(r'(href|src)="ss-root:([^"]*)"')


def doc_url(docname: str, anchor: str = "") -> str:
    return f"{SCHEME}{docname}" + (f"#{anchor}" if anchor else "")


def extra_pages(env: BuildEnvironment) -> set[str]:
    """Pages written without a source document: one per own paper, one per paper read."""
    own = {pub.key for pub in site_data(env).publications}
    return {paper_page(env, key) for key in own} | {read_paper_page(key)
                                                     for key in papers_read(env) - own}


def resolve(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    builder = app.builder
    extras: set[str] | None = None  # computed on the first link to a non-document page

    def replace(match: re.Match[str]) -> str:
        nonlocal extras
        target, anchor = match[1], match[2] or ""
        if target not in app.env.all_docs:
            if extras is None:
                extras = extra_pages(app.env)
            if target not in extras:
                path = app.env.doc2path(fromdocname)
                raise ScholarsiteError(f"{path}: links to page {target!r}, which does not "
                                       "exist: create it or fix the setting that names it")
        uri = "" if target == fromdocname and anchor else builder.get_relative_uri(
            fromdocname, target)
        return f'href="{uri}{anchor}"'

    for raw in doctree.findall(nodes.raw):
        text = raw.astext()
        if SCHEME in text or ROOT_SCHEME in text:
            text = resolve_root_links(_LINK.sub(replace, text), builder.get_target_uri(
                fromdocname))
            raw.replace_self(nodes.raw("", text, format="html"))


def resolve_root_links(html: str, target_uri: str) -> str:
    """``ss-root:`` links in ``html`` made relative to the page written at ``target_uri``."""
    here = posixpath.dirname(target_uri) or "."
    return _ROOT_LINK.sub(lambda m: f'{m[1]}="{posixpath.relpath(m[2], here)}"', html)
