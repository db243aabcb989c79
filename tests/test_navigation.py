"""The cached sidebar tree is exactly what Sphinx would render for every page."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from gitbook_fixture import write_space
from scholarsite.notes.gitbook import import_gitbook
from scholarsite.sphinx.navigation import NAV_KWARGS, NavigationCache, mark_current
from scholarsite.sphinx.pagelinks import extra_pages


def test_mark_current_marks_the_branch() -> None:
    tree = ('<ul>\n<li class="toctree-l1"><a class="reference internal" href="a.html">A</a>'
            '<ul>\n<li class="toctree-l2"><a class="reference internal" href="b.html">B</a>'
            '</li>\n</ul>\n</li>\n<li class="toctree-l1"><a class="reference internal" '
            'href="c.html">C</a></li>\n</ul>\n')
    assert mark_current(tree, "b.html") == (
        '<ul class="current">\n<li class="toctree-l1 current"><a class="reference internal" '
        'href="a.html">A</a><ul class="current">\n<li class="toctree-l2 current">'
        '<a class="current reference internal" href="#">B</a></li>\n</ul>\n</li>\n'
        '<li class="toctree-l1"><a class="reference internal" href="c.html">C</a></li>\n</ul>\n')
    assert mark_current(tree, "z.html") == tree


def test_cache_equals_sphinx_for_every_page(sandbox: Path, tmp_path: Path) -> None:
    import_gitbook(write_space(tmp_path / "space"), sandbox / "notes" / "gitbook")
    index = sandbox / "notes" / "index.md"
    index.write_text(index.read_text().replace(":reversed:\n\n*\n",
                                               ":reversed:\n\n*\ngitbook/index\n"))
    app = SphinxTestApp("html", srcdir=sandbox, builddir=tmp_path / "_build")
    try:
        app.build()
        cache = NavigationCache(app)
        pages = sorted(app.env.found_docs | extra_pages(app.env))
        assert len(pages) > 20
        for page in pages:
            expected = app.builder._get_local_toctree(page, **NAV_KWARGS)
            assert cache.for_page(page) == expected, page
        assert len(cache.trees) < len(pages) / 2  # one resolution per folder, not per page
    finally:
        app.cleanup()
