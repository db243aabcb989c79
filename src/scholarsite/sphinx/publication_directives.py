"""``{publications}``: the owner's papers from refs.bib, grouped and labelled like a CV."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from ..bib.publications import grouped
from .base import ViewDirective


class PublicationsDirective(ViewDirective):
    """All own papers as sections per kind, or (``:selected:``) the selected ones as one list."""

    option_spec = {"selected": directives.flag}

    def run(self) -> list[nodes.Node]:
        pubs = list(self.data.publications)
        if "selected" in self.options:
            return [self.html("publications/list.html", pubs=[p for p in pubs if p.selected])]
        self.describe(f"Publications of {self.owner_summary()}")
        out: list[nodes.Node] = []
        for kind, heading, group in grouped(pubs):
            section = self.section(heading, f"pubs-{kind}")
            section += self.html("publications/list.html", pubs=group)
            out.append(section)
        return out
