"""What every directive that renders owner data shares."""

from __future__ import annotations

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..cv.schema import Course
from ..render import render
from ..sources import SiteData
from .data import site_data
from .cv_outputs import JSON_NAME, PDF_NAME
from .pagelinks import doc_url, root_url
from .pagenames import paper_page


def use_site_data(env: BuildEnvironment) -> SiteData:
    """The loaded models, noting their files as dependencies of the page being read."""
    data = site_data(env)
    for path in data.dependencies:  # re-read this page when a source changes
        env.note_dependency(str(path))
    return data


class ViewDirective(SphinxDirective):
    """A directive whose output is derived from the CV data file and refs.bib."""

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

    def section(self, title: str, ident: str | None = None) -> nodes.section:
        """A real section, so the title is in the page's table of contents."""
        section = nodes.section()
        section["names"].append(nodes.fully_normalize_name(title))
        section += nodes.title(title, title)
        if ident:
            section["ids"].append(ident)
        self.state.document.note_implicit_target(section, section)
        return section
