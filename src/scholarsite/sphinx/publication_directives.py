"""``{publications}``: the owner's papers from refs.bib, grouped and labelled like a CV.

``:group-by: year`` groups by year instead of kind (labels stay per kind).
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..bib.publications import grouped
from .base import ViewDirective


class PublicationsDirective(ViewDirective):
    """All own papers as sections per kind, or (``:selected:``) the selected ones as one list."""

    option_spec = {"selected": directives.flag,
                   "group-by": lambda arg: directives.choice(arg, ("kind", "year")),
                   **ViewDirective.heading_option}

    def run(self) -> list[nodes.Node]:
        pubs = list(self.data.publications)
        if "selected" in self.options:
            selected = [p for p in pubs if p.selected]
            return self.under_heading([self.html("publications/list.html", pubs=selected,
                                                 paper_href=self.paper_href)],
                                      empty=not selected)
        self.describe(f"Publications of {self.owner_summary()}")
        out: list[nodes.Node] = []
        for ident, heading, group in grouped(pubs, self.options.get("group-by", "kind")):
            section = self.section(heading, f"pubs-{ident}")
            section += self.html("publications/list.html", pubs=group, paper_href=self.paper_href)
            out.append(section)
        return out
