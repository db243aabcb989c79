"""Directives that render the CV data file: the CV page, the home profile, research, teaching.

Each page is composed of real sections (so furo's "On this page" lists them) whose bodies are
HTML fragments rendered from templates; the owner's own MyST content inside a directive is
parsed into its section.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from docutils.statemachine import StringList
from markupsafe import Markup

from ..bib.publications import grouped
from ..cv.schema import Course, Teaching
from ..errors import ScholarsiteError, located
from ..markup import plain_text
from ..render import json_script, root_url
from ..sources import SiteData
from .base import ViewDirective, pages_under
from .pagelinks import doc_url
from .photo import Photo, photo

SECTION_TITLES = {
    "interests": "Research Interests",
    "education": "Education",
    "experience": "Professional Experience",
    "publications": "Publications",
    "talks": "Talks",
    "honors": "Honors and Scholarships",
    "services": "Academic Services",
    "teaching": "Teaching Activities",
    "other_experience": "Other Experience",
    "skills": "Skills",
    "languages": "Languages",
    "misc": "Miscellaneous",
}


def find_course(data: SiteData, code: str, path: Path, line: int) -> tuple[Teaching, Course]:
    found = data.cv.course(code)
    if found is None:
        codes = ", ".join(course.code for _, course in data.cv.courses())
        raise ScholarsiteError(located(
            path, line, f"course {code!r} is not in the CV's teaching section (known: {codes}):"
            f" add it to {data.cv_path.name} or fix the code"))
    return found


class CVDirective(ViewDirective):
    """``{cv}``: the whole CV, its sections in the data file's order."""

    def run(self) -> list[nodes.Node]:
        data = self.data
        cv = data.cv
        self.describe(f"Curriculum vitae of {self.owner_summary()}")
        context = {
            "cv": cv,
            "labels": self.labels,
            # The CV page lists the publications itself, so [C3] links stay on the page.
            "paper_href": lambda key: f"#{key}",
            "title_href": self.paper_href,
            "course_href": self.existing_course_href,
            "groups": grouped(list(data.publications)),
            "summary": data.context.counts.summary([p.key for p in data.publications])
            if self.config.scholarsite_citation_summary else None,
        }
        out: list[nodes.Node] = [self.html(
            "cv/header.html", identity=cv.identity, updated=cv.updated,
            show_phone=self.config.scholarsite_show_phone, downloads=self.downloads())]
        for name in cv.sections:
            custom = cv.custom_section(name)
            shown = data.publications if name == "publications" else \
                custom.items if custom else getattr(cv, name)
            if not shown:  # a section with no data is left out, never an empty heading
                continue
            section = self.section(custom.title if custom else SECTION_TITLES[name],
                                   f"cv-{name.replace('_', '-')}")
            section += self.html("cv/custom.html" if custom else f"cv/{name}.html",
                                 section=custom, **context)
            out.append(section)
        return out

    def existing_course_href(self, course: Course) -> str | None:
        docname = self.course_docname(course)
        return doc_url(docname) if docname in self.env.found_docs else None


class ProfileDirective(ViewDirective):
    """``{profile}``: the home page's introduction: photo, position, contact and profile
    links, the bio (MyST), interests, one row of actions (the CV PDF, then the pages named in
    ``:actions:``, by their titles); a schema.org ``Person`` for search engines."""

    option_spec = {"actions": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        data = self.data
        cv, who = data.cv, data.cv.identity
        self.describe(f"{self.owner_summary()} {plain_text(cv.interests)}")
        found = photo(self.config)
        if found:  # a new photo is a new file name: this page must be written again
            self.env.note_dependency(str(found.source))
        out: list[nodes.Node] = [
            self.html("home/profile.html", identity=who, photo=found,
                      photo_url=root_url(found.name) if found else "",
                      show_phone=self.config.scholarsite_show_phone),
            self.html("home/profile_end.html", interests=cv.interests,
                      person=self.person(found)),
            self.actions()]
        if who.bio:  # between the contact links and the interests
            bio = nodes.container(classes=["ss-bio"])
            self.state.nested_parse(StringList(who.bio.splitlines()), 0, bio)
            if any(bio.findall(nodes.raw)):
                line = data.cv_sources.line(("identity", "bio"))
                raise ScholarsiteError(located(data.cv_path, line, "identity.bio: raw HTML is "
                                               "not allowed: write it in Markdown"))
            out.insert(1, bio)
        return out

    def actions(self) -> nodes.paragraph:
        """The CV PDF and a link per page named, titled as the page is (a ``doc`` cross
        reference, so a missing page is Sphinx's warning at this directive's line)."""
        row = nodes.paragraph(classes=["ss-actions"])
        label, url = self.downloads()[0]
        row += self.html("home/action.html", label=label, url=url)
        for target in (self.options.get("actions") or "").replace(",", " ").split():
            ref = addnodes.pending_xref("", nodes.inline("", target), refdomain="std",
                                        reftype="doc", reftarget="/" + target.lstrip("/"),
                                        refexplicit=False, refwarn=True,
                                        refdoc=self.env.docname)
            self.set_source_info(ref)
            row += [nodes.Text(" "), ref]  # words apart in the search's page summaries
        return row

    def person(self, found: Photo | None) -> Markup:
        """JSON-LD ``Person``: name, position, affiliation, the site, and every profile as
        ``sameAs`` (ORCID first among them, as search engines match people by it)."""
        who = self.data.cv.identity
        base = self.config.html_baseurl.rstrip("/") + "/" if self.config.html_baseurl else ""
        person: dict[str, object] = {"@context": "https://schema.org", "@type": "Person",
                                     "name": who.name}
        if who.position:
            person["jobTitle"] = who.position
        if who.native_name:
            person["alternateName"] = who.native_name
        if who.university:
            person["affiliation"] = {"@type": "CollegeOrUniversity", "name": who.university}
        if base or who.homepage:
            person["url"] = base or who.homepage
        if found and base:
            person["image"] = base + found.name
        same = sorted((p.url for p in who.profiles), key=lambda url: "orcid.org" not in url)
        same += [url for url in (who.homepage, who.notes_site) if url and url != person.get("url")]
        if same:
            person["sameAs"] = same
        return json_script(person)


class ResearchDirective(ViewDirective):
    """``{research}``: professional positions, their projects and the papers they led to."""

    def run(self) -> list[nodes.Node]:
        data = self.data
        context = {"labels": self.labels, "paper_href": self.paper_href}
        out: list[nodes.Node] = []
        for pos in data.cv.experience:
            title = pos.organization + (f" ({pos.short})" if pos.short else "")
            section = self.section(title)
            section += self.html("research/position.html", pos=pos, **context)
            for project in pos.projects:
                sub = self.section(project.title)
                keys = [key for item in project.items for key in item.papers]
                pubs = [pub for key in keys if (pub := data.publication(key))]
                sub += self.html("research/project.html", project=project, pubs=pubs, **context)
                section += sub
            out.append(section)
        return out


class CourseDirective(ViewDirective):
    """``{course} CODE``: a course's role, institution and terms, from the CV."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        group, course = find_course(self.data, self.arguments[0],
                                    self.env.doc2path(self.env.docname), self.lineno)
        self.describe(f"{course.code}: {course.title}. {group.role}, {group.institution}, "
                      f"{', '.join(course.terms)}.")
        return [self.html("teaching/course.html", group=group, course=course)]


class TeachingDirective(ViewDirective):
    """``{teaching}``: every course the CV lists, linked to its page."""

    def run(self) -> list[nodes.Node]:
        cv = self.data.cv
        courses = [f"{course.code} {course.title}" for _, course in cv.courses()]
        self.describe(f"Teaching of {self.owner_summary()} Courses: {'; '.join(courses)}.")
        for _, course in cv.courses():
            docname = self.course_docname(course)
            if docname not in self.env.found_docs:
                raise ScholarsiteError(located(
                    self.env.doc2path(self.env.docname), self.lineno,
                    f"course {course.code} has no page: create "
                    f"{docname}.md containing a {{course}} {course.code} directive"))
        out = [self.html("cv/teaching.html", cv=cv,
                         course_href=lambda course: doc_url(self.course_docname(course)))]
        folder = self.config.scholarsite_teaching_dir.strip("/")
        if self.env.docname == f"{folder}/index":  # the course pages join the navigation
            out.append(self.hidden_toctree(pages_under(self.env, folder)))
        return out
