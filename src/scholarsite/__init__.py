"""scholarsite: an academic portfolio as a Sphinx extension.

``extensions = ["scholarsite"]`` in conf.py brings in MyST, sphinxcontrib-bibtex, furo and the
site extensions, loads the owner's CV data file and bibliography, and registers the
directives that render them. See ARCHITECTURE.md for the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the console script imports this package first
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
    from docutils import nodes

    from .build import sphinx_command

    sphinx_command.start(app)  # may end a `python -m sphinx` here: nothing changed
    from . import build, compat
    from .sphinx import (
        citation_markup,
        citations,
        cv_directives,
        cv_outputs,
        descriptions,
        encoding,
        failure,
        feed,
        local_files,
        note_directives,
        notes,
        page_assets,
        page_urls,
        pagelinks,
        mathml,
        news,
        news_directives,
        paper_pages,
        paper_search,
        photo,
        publication_directives,
        quiet,
        reference_style,
        roles,
        settings,
        site_files,
        sitemap_urls,
        social_card,
        state,
        taxonomy,
    )
    from .sphinx.failure import connect

    quiet.silence()
    for extension in REQUIRED_EXTENSIONS:
        app.setup_extension(extension)
    app.add_domain(state.StateDomain)
    indexes = compat.bibtex_indexes()
    if indexes is not None:
        from .sphinx import bibtex_domain

        bibtex_domain.install(app, indexes.filter_visitor)
    connect(app, "env-get-outdated", compat.pages_to_reread)
    connect(app, "builder-inited", reference_style.restore_memo)
    connect(app, "env-updated", reference_style.prune_memo, priority=600)  # after it formats
    settings.add_config_values(app)
    mathml.setup(app)
    build.register(app)
    connect(app, "config-inited", settings.config_inited)
    app.connect("build-finished", failure.build_failed, priority=10_000)  # the very last

    app.add_directive("cv", cv_directives.CVDirective)
    app.add_directive("profile", cv_directives.ProfileDirective)
    app.add_directive("research", cv_directives.ResearchDirective)
    app.add_directive("course", cv_directives.CourseDirective)
    app.add_directive("teaching", cv_directives.TeachingDirective)
    app.add_directive("publications", publication_directives.PublicationsDirective)
    app.add_directive("news", news_directives.NewsDirective)
    app.add_directive("note-list", note_directives.NoteListDirective)
    app.add_directive("note-index", note_directives.NoteIndexDirective)
    app.add_node(nodes.citation, override=True, **citation_markup.VISITORS)
    app.add_post_transform(reference_style.CitationLegend)
    app.add_node(citation_markup.citation_list, **citation_markup.LIST_VISITORS)
    app.add_post_transform(citation_markup.CitationListHTML)
    app.add_node(notes.note_list)
    app.add_node(notes.note_card)
    app.add_role("cv", roles.CVFieldRole())
    app.add_role("course-title", roles.CourseTitleRole())

    connect(app, "env-before-read-docs", encoding.check_pages)
    connect(app, "env-before-read-docs", notes.before_read)
    connect(app, "env-updated", notes.env_updated)
    connect(app, "doctree-read", citations.check_citation_keys)
    connect(app, "doctree-read", local_files.check_local_files, priority=400)  # before copying
    connect(app, "source-read", notes.validate)
    connect(app, "source-read", news.validate)
    connect(app, "doctree-read", news.date_under_title)
    connect(app, "doctree-read", notes.collect)
    connect(app, "doctree-read", descriptions.describe_page, priority=600)  # after collect
    connect(app, "doctree-resolved", notes.resolve)
    connect(app, "doctree-resolved", paper_pages.redirect_own_citations)
    connect(app, "doctree-resolved", pagelinks.resolve)
    connect(app, "html-collect-pages", paper_pages.collect_pages)
    connect(app, "html-collect-pages", taxonomy.collect_pages)
    connect(app, "html-collect-pages", paper_search.feed)
    connect(app, "build-finished", cv_outputs.build_finished)
    connect(app, "build-finished", site_files.copy)
    connect(app, "build-finished", photo.write)
    connect(app, "build-finished", social_card.write)
    connect(app, "build-finished", feed.write_feed)
    connect(app, "html-page-context", feed.feed_link)
    connect(app, "html-page-context", page_urls.folder_urls, priority=600)  # after opengraph
    connect(app, "html-page-context", page_urls.rooted_404, priority=650)  # after navigation
    connect(app, "html-page-context", page_assets.trim, priority=700)
    connect(app, "build-finished", news.write_feed)
    connect(app, "build-finished", sitemap_urls.encode_locations, priority=600)  # after it
    connect(app, "html-page-context", news.feed_link)

    app.add_css_file("scholarsite.css")
    app.add_js_file("scholarsite.js", loading_method="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 4}  # bump when the env data's shape changes (notes, digests)
