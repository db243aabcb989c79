"""A meta description for every page that does not write its own, from its own text.

Directives that generate a page describe it themselves (``ViewDirective.describe``); other
pages were left to sphinxext-opengraph, which joins the page's text nodes with its own spacing
rules and so writes "Wang et al.[ C1]" for a citation, and runs section headings into the text
("Problem: ... Key ideas: ..."). Here a page is described by its front matter's
``description``, a note by its ``summary``, and any other page by its first paragraphs as
docutils reads them out (``astext``), titles left out; opengraph then finds the description
given and uses it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .notes import records

LENGTH = 200  # sphinxext-opengraph's default
_NOT_PROSE = (nodes.citation, nodes.footnote, nodes.table, nodes.literal_block, nodes.raw,
              nodes.admonition, nodes.sidebar, nodes.topic, nodes.field_list)


def _prose(doctree: nodes.document) -> str:
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        parent, inside = paragraph.parent, False
        while parent is not None and not inside:
            inside, parent = isinstance(parent, _NOT_PROSE), parent.parent
        if inside:
            continue
        text = f"{text} {' '.join(paragraph.astext().split())}".strip()
        if len(text) >= LENGTH:
            break
    if len(text) > LENGTH:
        text = text[:LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def describe_page(app: Sphinx, doctree: nodes.document) -> None:
    """At ``doctree-read``, after the note's record is collected."""
    env = app.env
    meta = env.metadata[env.docname]
    if "og:description" in meta or any(node.get("name") == "description"
                                       for node in doctree.findall(nodes.meta)):
        return
    note = records(env).get(env.docname)
    written = meta.get("description")  # front matter (GitBook writes it)
    text = (" ".join(str(written).split()) if written else "") or (
        note.summary if note is not None and note.summary else _prose(doctree))
    if text:
        meta["og:description"] = text
        doctree += nodes.meta(name="description", content=text)
