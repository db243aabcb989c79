"""Pages publish files from the site's sources only.

Sphinx copies every image and download a page names into the output, wherever the file is:
``![x](../../../../etc/passwd)`` in a note (or in an imported GitBook page) would publish
that file. As each page is read, every local image and download is resolved (symbolic links
followed) and must lie inside the source folder; anything else fails the build naming the
page and line. Remote images (``https://...``) are not files and pass.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from ..errors import ScholarsiteError, located
from ..paths import inside


def _targets(doctree: nodes.document) -> list[tuple[nodes.Element, str]]:
    found: list[tuple[nodes.Element, str]] = [
        (node, node["uri"]) for node in doctree.findall(nodes.image)
        if "://" not in node["uri"] and not node["uri"].startswith("data:")]
    found += [(node, node["reftarget"]) for node in doctree.findall(addnodes.download_reference)
              if "://" not in node["reftarget"]]
    return found


def check_local_files(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    srcdir = Path(env.srcdir)
    problems = []
    for node, uri in _targets(doctree):
        _, path = env.relfn2path(uri.removesuffix("*").split("?")[0], env.docname)
        if not inside(srcdir, Path(path)):
            problems.append(located(
                node.source or env.doc2path(env.docname), node.line,
                f"{uri!r} is outside the site's source folder {srcdir}: copy the file into "
                "it (e.g. beside the page) and link that copy"))
    if problems:
        raise ScholarsiteError("\n".join(problems))
