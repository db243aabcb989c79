"""scholarsite: an academic portfolio as a Sphinx extension.

``extensions = ["scholarsite"]`` in conf.py brings in MyST, sphinxcontrib-bibtex, furo and the
site extensions, loads the owner's CV data file and bibliography, and registers the
directives that render them. See ARCHITECTURE.md for the map.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"

REQUIRED_EXTENSIONS = (
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
)


def setup(app: Sphinx) -> dict[str, Any]:
    from . import build
    from .sphinx import (bibtex_domain, citations, cv_directives, cv_outputs, failure, feed,
                         local_files, notes, pagelinks, paper_pages, publication_directives,
                         reference_style, roles, settings)

    for extension in REQUIRED_EXTENSIONS:
        app.setup_extension(extension)
    app.add_domain(bibtex_domain.BibtexDomain, override=True)
    bibtex_domain.use_transform(app)
    app.connect("builder-inited", bibtex_domain.share_bibliography, priority=400)  # before it
    app.connect("builder-inited", reference_style.restore_memo)
    app.connect("env-updated", reference_style.prune_memo, priority=600)  # after it formats
    settings.add_config_values(app)
    build.connect(app)
    app.connect("config-inited", failure.fail_cleanly(settings.config_inited))
    app.connect("build-finished", failure.build_failed, priority=10_000)  # the very last

    app.add_directive("cv", cv_directives.CVDirective)
    app.add_directive("profile", cv_directives.ProfileDirective)
    app.add_directive("research", cv_directives.ResearchDirective)
    app.add_directive("course", cv_directives.CourseDirective)
    app.add_directive("teaching", cv_directives.TeachingDirective)
    app.add_directive("publications", publication_directives.PublicationsDirective)
    app.add_directive("note-list", notes.NoteListDirective)
    app.add_directive("note-index", notes.NoteIndexDirective)
    app.add_node(notes.note_list)
    app.add_node(notes.note_card)
    app.add_role("cv", roles.CVFieldRole())
    app.add_role("course-title", roles.CourseTitleRole())

    app.connect("env-before-read-docs", notes.before_read)
    app.connect("env-purge-doc", notes.purge)
    app.connect("env-merge-info", notes.merge)
    app.connect("env-updated", notes.env_updated)
    app.connect("doctree-read", citations.check_citation_keys)
    app.connect("doctree-read", local_files.check_local_files, priority=400)  # before copying
    app.connect("doctree-read", notes.collect)
    app.connect("doctree-resolved", notes.resolve)
    app.connect("doctree-resolved", paper_pages.redirect_own_citations)
    app.connect("doctree-resolved", reference_style.add_legend)
    app.connect("doctree-resolved", pagelinks.resolve)
    app.connect("html-collect-pages", paper_pages.collect_pages)
    app.connect("build-finished", cv_outputs.build_finished)
    app.connect("build-finished", feed.write_feed)
    app.connect("html-page-context", feed.feed_link)

    app.add_css_file("scholarsite.css")
    app.add_js_file("scholarsite.js", loading_method="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 3}  # bump when the env data's shape changes (notes, digests)
