"""Bibliography entries as a list screen readers accept, written as HTML once per list.

docutils writes each citation as ``<div role="doc-biblioentry">`` inside ``<div role="list">``:
the role is deprecated in ARIA 1.3 and not allowed on a div, and the list then has no list
items (axe: aria-deprecated-role, aria-allowed-role, aria-required-children). The same markup
with ``role="listitem"`` is a valid list; docutils offers no option for it, so this replaces
its visitors.

A references page citing 2,300 works is a doctree of 18,000 nodes, and every step after the
citations are made walks all of them: some twenty post-transforms and ``doctree-resolved``
handlers (Sphinx's, sphinx-design's, furo's, ours), the writer and its visitors, which find
each citation's neighbours by searching the whole list (0.7 s of a bib edit at 5,000
entries). So right after sphinxcontrib-bibtex made them (:class:`CitationListHTML`), each run
of citations is written to HTML by the page's own translator and replaced by one
:class:`citation_list` node holding that HTML and, for the search index, the citations' text:
the same page and the same index, and nothing left for the later steps to walk (each
citation's HTML is kept between builds: :mod:`scholarsite.build.citation_html`). A citation
holding anything but text, emphasis and web links (a cross-reference still to resolve) stays
a node. (A raw HTML node would do for the page, but the index would take its entities for
words: ``quot``, ``amp``.)
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..build import citation_html
from ..compat import app_of

LIST_START = '<div role="list" class="citation-list">\n'
#: what a citation may hold to be written early: nothing a later step resolves or rewrites
_PLAIN = (nodes.Text, nodes.label, nodes.paragraph, nodes.emphasis, nodes.strong,
          nodes.literal, nodes.superscript, nodes.subscript, nodes.inline)


def _start_tag(translator: HTML5Translator, node: nodes.citation) -> str:
    return translator.starttag(node, "div", classes=[node.tagname], role="listitem")


class citation_list(nodes.General, nodes.Element):  # noqa: N801 (docutils' node naming)
    """Citations already written: their HTML in ``html``, their text as the child."""


def _listed(node: nodes.Node | None) -> bool:
    """Whether ``node`` is (or holds) an item of a citation list."""
    return isinstance(node, (nodes.citation, citation_list))


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not _listed(node.previous_sibling()):
        self.body.append(LIST_START)
    self.body.append(_start_tag(self, node))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not _listed(node.next_node(descend=False, siblings=True)):
        self.body.append("</div>\n")


VISITORS = {"html": (visit_citation, depart_citation)}


def visit_citation_list(self: HTML5Translator, node: citation_list) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


LIST_VISITORS = {"html": (visit_citation_list, None)}


def _plain(citation: nodes.citation) -> bool:
    for node in citation.findall(include_self=False):
        if isinstance(node, nodes.reference):
            if "refid" in node or not node.get("refuri", "").startswith(("https://",
                                                                         "http://")):
                return False
        elif not isinstance(node, _PLAIN):
            return False
    return True


def _runs(parent: nodes.Element) -> list[tuple[int, int]]:
    """(start, end) of each run of plain citations among ``parent``'s children."""
    runs, start = [], None
    for index, child in enumerate([*parent.children, None]):
        plain = isinstance(child, nodes.citation) and _plain(child)
        if plain and start is None:
            start = index
        elif not plain and start is not None:
            runs.append((start, index))
            start = None
    return runs


class CitationListHTML(SphinxPostTransform):
    """Each run of citations as one :class:`citation_list`, written by the page's translator."""

    default_priority = 7  # after the citations (5) and their legend (6), before the rest
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        parents = {id(node.parent): node.parent for node in self.document.findall(nodes.citation)}
        if not parents:
            return
        app = app_of(self.env)
        builder = app.builder
        settings = getattr(builder, "docsettings", None)  # the writer's: made to write pages
        if settings is None:
            return
        page = new_document(self.document["source"], settings)
        translator = builder.create_translator(page, builder)
        kept = citation_html.kept_for(app, translator)
        for parent in parents.values():
            for start, end in reversed(_runs(parent)):
                # the list opens and closes where no citation (left a node) is next to it
                html = [] if start and _listed(parent[start - 1]) else [LIST_START]
                text = []
                for citation in parent.children[start:end]:
                    shape = citation_html.shape(citation)
                    found = kept.get(shape)
                    if found is None:
                        found = _written(translator, citation)
                        kept.put(shape, *found)
                    html.append(found[0])
                    text.append(found[1])
                if end == len(parent) or not _listed(parent[end]):
                    html.append("</div>\n")
                # the texts apart, as the index split them node by node
                parent[start:end] = [citation_list("", nodes.Text(" ".join(text)),
                                                   html="".join(html))]


def _written(translator: HTML5Translator, citation: nodes.citation) -> tuple[str, str]:
    """The citation's HTML, as its visitors write it, and its texts apart."""
    translator.body = [_start_tag(translator, citation)]
    for child in citation.children:
        child.walkabout(translator)
    return ("".join([*translator.body, "</div>\n"]),
            " ".join(str(node) for node in citation.findall(nodes.Text)))
