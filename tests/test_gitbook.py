"""The GitBook importer on a space with every construct, built into the real site."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gitbook_fixture import FILES, PNG, write_space
from scholarsite.cli import main
from scholarsite.errors import ScholarsiteError
from scholarsite.links import check_site
from scholarsite.importers.gitbook import import_gitbook
from scholarsite.sphinx.notes import slug


def imported_site(build_sandbox, sandbox: Path, tmp_path: Path):
    space = write_space(tmp_path / "space")
    report = import_gitbook(space, sandbox / "notes" / "gitbook")
    app = build_sandbox(sandbox)  # the notes index finds the space: no page is edited
    return report, app


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def test_import_counts_everything_and_reports_what_it_could_not(build_sandbox, sandbox: Path,
                                                               tmp_path: Path) -> None:
    report, app = imported_site(build_sandbox, sandbox, tmp_path)
    pages = [name for name in FILES if name != "SUMMARY.md"]
    assert report.pages_in == report.pages_out == len(pages)
    assert (report.images_in, report.images_out) == (4, 3)  # one file shown twice
    assert report.links_in == 6 and report.links_rewritten == 4 and report.links_external == 1
    assert report.not_in_summary == ["orphan.md"]
    assert "scheduling/gpu/fragmentation.md:12: link to missing page '../nowhere.md'" in \
        "\n".join(report.skipped)
    assert any(p.startswith("scheduling/serving.md:7: unknown GitBook block {% swagger")
               for p in report.skipped)
    assert app._warning.getvalue() == ""  # the imported tree builds with zero warnings
    assert check_site(Path(app.outdir)) == []


def test_imported_pages_render_every_construct(build_sandbox, sandbox: Path,
                                               tmp_path: Path) -> None:
    _, app = imported_site(build_sandbox, sandbox, tmp_path)
    frag = page(app, "notes/gitbook/scheduling/gpu/fragmentation.html")
    figure = frag.select_one("figure")
    assert "my-figure-1.png" in figure.select_one("img")["src"]
    assert figure.select_one("figcaption").get_text(strip=True).rstrip("¶") == (
        "Fragments over time")
    assert any("diagram-u.png" in img["src"] for img in frag.select("article img"))
    links = {a.get_text(): a["href"] for a in frag.select("article a")}
    assert links["the serving note"] == "../serving.html#key-ideas"
    assert "this one" in frag.get_text() and "this one" not in links
    assert [t.get_text(strip=True) for t in frag.select(".sd-tab-set label")] == ["Before", "After"]
    assert links["https://www.usenix.org/conference/atc23"].startswith("https://www.usenix")
    assert links["dive.md"] == "deep/dive.html"
    gpu = page(app, "notes/gitbook/scheduling/gpu/index.html")
    kinds = {c for div in gpu.select("div.admonition") for c in div["class"]}
    assert {"warning", "danger", "tip"} <= kinds
    assert "note" in {c for d in page(app, "notes/gitbook/scheduling/index.html")
                      .select("div.admonition") for c in d["class"]}
    math = page(app, "notes/gitbook/math.html")
    assert math.select_one(".ss-card") is None  # no paper, date, tag or status: no empty card
    # MathML written at build time, its TeX kept as the annotation: no script needed
    inline = [m.select_one("math annotation").get_text() for m in math.select("span.math")]
    assert inline == ["a^2", r"\alpha_{d, d'}", "d", "d'", "d"]
    display = [m.select_one("math[display=block] annotation").get_text()
               for m in math.select("div.math")]
    assert any(r"\sum_i x_i" in m for m in display)
    assert any("[a, b]" in m for m in display)
    assert any(r"\begin{aligned}" in m for m in display)
    text = math.select_one("article").get_text()
    assert "It costs $5" in text
    prose = "".join(p.get_text() for p in math.select("article p, article li"))
    assert "$$" not in prose.replace("$$x$$", "")  # only the code span keeps its dollars
    assert math.select_one("code").get_text() == "$$x$$"
    assert '"$$not math$$"' in math.select_one("div.highlight").get_text()
    headings = [(h.name, h.get_text(strip=True).rstrip("¶")) for h in
                math.select("article h1, article h2, article h3")]
    assert headings == [("h1", "Math notes"), ("h2", "Jumped heading"), ("h2", "Back up")]
    tagged = page(app, "notes/gitbook/tagged.html")
    alts = [img["alt"] for img in tagged.select("article img")]
    assert alts == ["my figure (1)", "diagram plain"]  # never a path
    welcome = page(app, "notes/gitbook/index.html")
    hrefs = {a.get_text(): a["href"] for a in welcome.select("article a")}
    assert hrefs["all scheduling notes"] == "scheduling/index.html"


def test_navigation_follows_summary_order_and_nesting(build_sandbox, sandbox: Path,
                                                      tmp_path: Path) -> None:
    _, app = imported_site(build_sandbox, sandbox, tmp_path)
    nav = page(app, "notes/gitbook/index.html").select_one(".sidebar-tree")
    items = [(a.get_text(), int(a.find_parent("li")["class"][0].rsplit("l", 1)[1]))
             for a in nav.select("a.reference")]
    titles = [title for title, _ in items]
    order = ["Welcome", "Scheduling", "GPU clusters", "Fragmentation", "Deep dive", "Serving",
             "Math notes", "Orphan page"]
    positions = [titles.index(title) for title in order]
    assert positions == sorted(positions)
    level = dict(items)
    assert level["Scheduling"] < level["GPU clusters"] < level["Fragmentation"] \
        < level["Deep dive"]
    assert level["Serving"] == level["GPU clusters"]


def test_description_becomes_summary_and_tags(build_sandbox, sandbox: Path,
                                              tmp_path: Path) -> None:
    _, app = imported_site(build_sandbox, sandbox, tmp_path)
    notes = page(app, "notes/index.html")
    gpu = page(app, "notes/tag/gpu.html")
    assert "Fragmentation" in gpu.select_one("article").get_text()
    undated = page(app, f"notes/year/{slug('Unknown year')}.html")  # pages cite no paper
    assert "Fragmentation" in undated.select_one("article").get_text()
    assert notes.select(".ss-note-index--year a")[-1].get_text(" ", strip=True).startswith(
        "Unknown year")
    card = page(app, "notes/gitbook/scheduling/gpu/fragmentation.html").select_one(".ss-card")
    assert {a.get_text() for a in card.select("a.ss-chip")} == {"#gpu", "#scheduling"}
    assert "Statistical GPU fragments and how to avoid them" in notes.get_text()
    tagged = page(app, "notes/gitbook/tagged.html").select_one(".ss-card")
    assert {a.get_text() for a in tagged.select("a.ss-chip")} == {"#physics", "#reading"}


def test_import_again_refuses_updates_or_forces(tmp_path: Path) -> None:
    space, dest = write_space(tmp_path / "space"), tmp_path / "notes" / "gitbook"
    import_gitbook(space, dest)
    with pytest.raises(ScholarsiteError, match="--update to refresh an earlier import"):
        import_gitbook(space, dest)
    edited = dest / "math.md"
    edited.write_text(edited.read_text() + "\nMy own remark.\n")
    (space / "orphan.md").unlink()
    serving = space / "scheduling" / "serving.md"
    serving.write_text(serving.read_text().replace("Batching.", "Batching, revised."))
    report = import_gitbook(space, dest, update=True)
    assert "My own remark." in edited.read_text()  # the owner's edit survives
    assert report.kept == ["math.md"] and report.removed == ["orphan.md"]
    assert not (dest / "orphan.md").exists()
    assert "Batching, revised." in (dest / "scheduling" / "serving.md").read_text()
    assert "kept (edited since the last import): math.md" in str(report)
    again = import_gitbook(space, dest, update=True)  # still the owner's: kept again
    assert again.kept == ["math.md"] and again.removed == []
    import_gitbook(space, dest, force=True)
    assert "My own remark." not in edited.read_text()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "x.md").write_text("mine")
    with pytest.raises(ScholarsiteError, match="no earlier import here"):
        import_gitbook(space, fresh, update=True)


MOVED = {  # a space whose pages were renamed and moved, as real spaces are after years
    "SUMMARY.md": """\
# Table of contents

* [Home](README.md)
* [Notes](notes/README.md)
  * [Aryl](notes/2022/aryl.md)
* [Gone](gone.md)
* [My homepage](https://example.org/)
""",
    "README.md": """\
# Home

See [an old path](Old-Notes/ARYL.md), [a title](notes/aryl-an-elastic-scheduler.md) and
[nothing](broken-reference).

<table><tr><td><a href="notes/2022/aryl.md#idea">Aryl</a></td><td><a href="missing.md">Missing</a></td></tr></table>
""",
    "notes/README.md": """\
# Notes

![moved](../../.gitbook/assets/moved.png)

![twice](.gitbook/assets/twice.png.png)

<figure><img src="../.gitbook/assets/gone.png" alt=""><figcaption><p>A lost figure</p></figcaption></figure>
""",
    "notes/2022/aryl.md": "# Aryl: An Elastic Scheduler\n\n## Idea\n\nText.\n",
}


def test_moved_pages_html_links_and_summary_links_are_repaired(build_sandbox, sandbox: Path,
                                                               tmp_path: Path) -> None:
    """GitBook finds pages and uploads by name, so real spaces keep stale paths: each is
    found again (and reported), or left out with its text; the site builds and checks."""
    space = tmp_path / "moved"
    for name, text in MOVED.items():
        (space / name).parent.mkdir(parents=True, exist_ok=True)
        (space / name).write_text(text, encoding="utf-8")
    (space / ".gitbook" / "assets").mkdir(parents=True)
    for name in ("moved.png", "twice.png"):
        (space / ".gitbook" / "assets" / name).write_bytes(PNG)
    report = import_gitbook(space, sandbox / "notes" / "moved")
    printed = str(report)
    assert "repaired: Old-Notes/ARYL.md is notes/2022/aryl.md" in printed
    assert "repaired: notes/aryl-an-elastic-scheduler.md is notes/2022/aryl.md" in printed
    assert "SUMMARY.md:6: lists gone.md, which is missing" in printed  # its line, not 0
    assert "README.md:6: link to missing page 'missing.md'" in printed
    assert "gone.png' not found: left out" in printed
    assert (report.images_in, report.images_out) == (3, 2)
    app = build_sandbox(sandbox)
    assert app._warning.getvalue() == ""
    out = Path(app.outdir)
    assert check_site(out) == []
    home = page(app, "notes/moved/index.html")
    links = {a.get_text(" ", strip=True): a.get("href") for a in home.select("article a")}
    assert links["an old path"] == links["a title"] == "notes/2022/aryl.html"
    assert links["Aryl"] == "notes/2022/aryl.html#idea"  # the raw HTML table's link
    assert "Missing" in home.get_text() and links.get("Missing") is None
    sidebar = home.select_one(".sidebar-tree")
    assert sidebar.find("a", string="My homepage")["href"] == "https://example.org/"
    notes = page(app, "notes/moved/notes/index.html")
    assert len(notes.select("article img")) == 2
    assert "A lost figure" in notes.get_text()


def test_a_page_on_a_paper_of_the_bibliography_becomes_a_note_on_it(sandbox: Path,
                                                                     tmp_path: Path,
                                                                     capsys) -> None:
    """Matched by title against the site's refs.bib (braces, case and punctuation aside)."""
    space = tmp_path / "space"
    space.mkdir()
    (space / "SUMMARY.md").write_text("* [Home](README.md)\n* [FGD](fgd.md)\n")
    (space / "README.md").write_text("# Home\n")
    (space / "fgd.md").write_text("# Beware of fragmentation: scheduling GPU-sharing workloads "
                                  "with fragmentation gradient descent.\n\nNotes.\n")
    assert main(["import-gitbook", str(space), str(sandbox / "notes" / "space")]) == 0
    assert "note on a paper of the bibliography: fgd.md: weng2023beware" in \
        capsys.readouterr().out
    note = (sandbox / "notes" / "space" / "fgd.md").read_text()
    assert note.startswith("---\npaper: weng2023beware\n---\n")
    assert "paper:" not in (sandbox / "notes" / "space" / "index.md").read_text()
