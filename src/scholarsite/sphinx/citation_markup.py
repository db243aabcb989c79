"""Bibliography entries as a list screen readers accept.

docutils writes each citation as ``<div role="doc-biblioentry">`` inside ``<div role="list">``:
the role is deprecated in ARIA 1.3 and not allowed on a div, and the list then has no list
items (axe: aria-deprecated-role, aria-allowed-role, aria-required-children). The same markup
with ``role="listitem"`` is a valid list; docutils offers no option for it, so this replaces
its visitor (the departure, which closes the same divs, stays docutils').
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


VISITORS = {"html": (visit_citation, HTML5Translator.depart_citation)}
