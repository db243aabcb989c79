"""The cached sidebar is exactly furo's for every page, and long lists show a window."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from furo.navigation import get_navigation_tree
from sphinx.testing.util import SphinxTestApp

from gitbook_fixture import write_space
from scholarsite.importers.gitbook import import_gitbook
from scholarsite.build.navigation import NAV_KWARGS, NavigationCache, Tree
from scholarsite.sphinx.pagelinks import extra_pages


def _sphinx_tree(notes: int) -> str:
    """Sphinx's unmarked sidebar HTML: Home, then Notes with ``notes`` children."""
    items = "".join(f'<li class="toctree-l2"><a class="reference internal" href="n{i}.html">'
                    f'Note {i}</a></li>\n' for i in range(notes))
    return ('<ul>\n<li class="toctree-l1"><a class="reference internal" href="home.html">Home'
            '</a></li>\n<li class="toctree-l1"><a class="reference internal" href="notes.html">'
            f'Notes &amp; more</a><ul>\n{items}</ul>\n</li>\n</ul>\n')


def _sidebar(html: str) -> list[tuple[str, str, list[str]]]:
    """(link text, href, li classes) of every item, in order."""
    soup = BeautifulSoup(html, "html.parser")
    return [(li.a.get_text(), li.a["href"], li["class"]) for li in soup.find_all("li")]


def test_marks_equal_furo_on_a_marked_tree() -> None:
    tree = Tree(get_navigation_tree(_sphinx_tree(3)), "index.html")
    marked = ('<ul class="current">\n<li class="toctree-l1"><a class="reference internal" '
              'href="home.html">Home</a></li>\n<li class="toctree-l1 current"><a '
              'class="reference internal" href="notes.html">Notes &amp; more</a><ul '
              'class="current">\n<li class="toctree-l2"><a class="reference internal" '
              'href="n0.html">Note 0</a></li>\n<li class="toctree-l2 current"><a '
              'class="current reference internal" href="#">Note 1</a></li>\n<li '
              'class="toctree-l2"><a class="reference internal" href="n2.html">Note 2</a>'
              '</li>\n</ul>\n</li>\n</ul>\n')
    assert tree.for_page("n1.html", limit=100) == get_navigation_tree(marked)
    assert 'checked=""' in tree.for_page("n1.html", limit=100)
    assert tree.for_page("elsewhere.html", limit=100) == tree.html


def test_long_lists_show_a_window_and_a_link_to_all() -> None:
    tree = Tree(get_navigation_tree(_sphinx_tree(10)), "index.html")
    around = _sidebar(tree.for_page("n7.html", limit=4))
    assert [text for text, _, _ in around] == [
        "Home", "Notes & more", "Note 5", "Note 6", "Note 7", "Note 8", "All 10 in Notes & more"]
    assert around[4] == ("Note 7", "#", ["toctree-l2", "current", "current-page"])
    assert around[-1][1:] == ("notes.html", ["toctree-l2", "scholarsite-nav-more"])
    assert "current" in around[1][2]
    last = _sidebar(tree.for_page("n9.html", limit=4))
    assert [text for text, _, _ in last][2:] == [
        "Note 6", "Note 7", "Note 8", "Note 9", "All 10 in Notes & more"]
    elsewhere = _sidebar(tree.for_page("home.html", limit=4))
    assert [text for text, _, _ in elsewhere][2:] == [
        "Note 0", "Note 1", "Note 2", "Note 3", "All 10 in Notes & more"]
    larger = Tree(get_navigation_tree(_sphinx_tree(100)), "index.html")
    assert len(larger.for_page("n5.html", limit=4)) - len(tree.for_page("n5.html", limit=4)) == 1


def test_cache_equals_furo_for_every_page(sandbox: Path, tmp_path: Path) -> None:
    import_gitbook(write_space(tmp_path / "space"), sandbox / "notes" / "gitbook")
    index = sandbox / "notes" / "index.md"
    index.write_text(index.read_text().replace(":reversed:\n\n*\n",
                                               ":reversed:\n\n*\ngitbook/index\n"))
    app = SphinxTestApp("html", srcdir=sandbox, builddir=tmp_path / "_build",
                        confoverrides={"scholarsite_nav_limit": 2})
    try:
        app.build()
        cache = NavigationCache(app)
        pages = sorted(app.env.found_docs | extra_pages(app.env))
        assert len(pages) > 20
        for page in pages:
            expected = get_navigation_tree(app.builder._get_local_toctree(page, **NAV_KWARGS))
            assert cache.for_page(page, limit=10**6) == expected, page
        assert len(cache.trees) < len(pages) / 2  # one resolution per folder, not per page

        # The built pages use the window of 2: each list shows 2 items and a link to all.
        html = (app.outdir / "notes" / "morphling.html").read_text(encoding="utf-8")
        nav = BeautifulSoup(html, "html.parser").select_one(".sidebar-tree")
        for ul in nav.find_all("ul"):
            items = ul.find_all("li", recursive=False)
            more = [li for li in items if "scholarsite-nav-more" in li["class"]]
            assert len(items) - len(more) <= 2
        current = nav.select_one("li.current-page > a")
        assert current.get_text() == app.env.titles["notes/morphling"].astext()
        more = {(a.get_text(), a["href"]) for a in nav.select("li.scholarsite-nav-more > a")}
        notes = len(app.env.toctree_includes["notes/index"])
        assert (f"All {notes} in {app.env.titles['notes/index'].astext()}", "index.html") in more
    finally:
        app.cleanup()
