"""What every directive that renders owner data shares."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from .. import compat
from ..cv.schema import Course
from ..render import render, root_url
from ..sources import SiteData
from .cv_outputs import JSON_NAME, PDF_NAME
from .data import site_data
from .pagelinks import doc_url
from .pagenames import paper_page


def use_site_data(env: BuildEnvironment) -> SiteData:
    """The loaded models, noting their files as dependencies of the page being read."""
    data = site_data(env)
    for path in data.dependencies:  # re-read this page when a source changes
        env.note_dependency(str(path))
    return data


def pages_under(env: BuildEnvironment, folder: str) -> list[str]:
    """The pages a folder's index lists: those under ``folder`` not inside a subfolder that
    has an index of its own (that index lists them), sub-indexes included; sorted."""
    found = set(env.found_docs)
    pages = []
    for doc in sorted(found):
        if not doc.startswith(folder + "/") or doc == f"{folder}/index":
            continue
        parts = doc[len(folder) + 1:].split("/")
        between = ["/".join([folder, *parts[:depth]]) for depth in range(1, len(parts))]
        owners = [f"{path}/index" for path in between if f"{path}/index" != doc]
        if not any(owner in found for owner in owners):
            pages.append(doc)
    return pages


class ViewDirective(SphinxDirective):
    """A directive whose output is derived from the CV data file and refs.bib.

    ``:heading:`` puts the output under a section of that title, and an empty output (no
    selected papers, no notes yet) leaves out both: a page never shows an empty heading."""

    heading_option = {"heading": directives.unchanged_required}

    @property
    def data(self) -> SiteData:
        return use_site_data(self.env)

    @property
    def labels(self) -> dict[str, str]:
        return {pub.key: pub.label for pub in self.data.publications}

    def paper_href(self, key: str) -> str:
        """The paper's own page (``publications/<key>.html``)."""
        return doc_url(paper_page(self.env, key))

    def course_docname(self, course: Course) -> str:
        return f"{self.config.scholarsite_teaching_dir}/{course.slug}"

    def describe(self, text: str) -> None:
        """Give the page a description (meta and OpenGraph) unless its front matter has one.

        Without this, sphinxext-opengraph describes the page by its first paragraph, which on
        a page made of generated fragments is a list of section titles.
        """
        meta = self.env.metadata[self.env.docname]
        if "og:description" not in meta:
            meta["og:description"] = text
            self.state.document += nodes.meta(name="description", content=text)

    def owner_summary(self) -> str:
        """"Name, position, department, university." for page descriptions."""
        who = self.data.cv.identity
        parts = [who.name, who.position, who.department, who.university]
        return ", ".join(part for part in parts if part) + "."

    def downloads(self) -> list[tuple[str, str]]:
        """(label, URL) of the CV files every HTML build writes next to the pages."""
        return [("CV (PDF)", root_url(PDF_NAME)), ("JSON Resume", root_url(JSON_NAME))]

    def html(self, template: str, **context: object) -> nodes.raw:
        return nodes.raw("", render(template, **context), format="html")

    def under_heading(self, content: list[nodes.Node], empty: bool) -> list[nodes.Node]:
        if empty:
            return []
        heading = self.options.get("heading")
        if not heading:
            return content
        section = self.section(heading, nodes.make_id(heading))
        section += content
        return [section]

    def hidden_toctree(self, docnames: list[str]) -> nodes.Node:
        """The pages in the navigation under this page, as a ``:glob:`` toctree would put
        them, without its warning when there are none yet. Like a glob toctree, the page is
        read again whenever pages are added or removed."""
        compat.reread_when_pages_change(self.env, self.env.docname)
        toctree = addnodes.toctree(parent=self.env.docname, maxdepth=-1, caption=None,
                                   glob=False, hidden=True, includehidden=False, numbered=0,
                                   titlesonly=False)
        toctree["entries"] = [(None, doc) for doc in docnames]
        toctree["includefiles"] = list(docnames)
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        return wrapper

    def section(self, title: str, ident: str | None = None) -> nodes.section:
        """A real section, so the title is in the page's table of contents."""
        section = nodes.section()
        section["names"].append(nodes.fully_normalize_name(title))
        section += nodes.title(title, title)
        if ident:
            section["ids"].append(ident)
        self.state.document.note_implicit_target(section, section)
        return section
