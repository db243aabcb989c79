"""Reading notes: front matter, derived facts, lists and indexes, cards, feed, search,
new-note, and incremental rebuilds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from scholarsite.cli import main
from scholarsite.sphinx.notes import slug

ATOM = "{http://www.w3.org/2005/Atom}"


def rebuild(srcdir: Path, tmp_path: Path) -> Path:
    """Build ``srcdir`` into the same place each time, so the second build is incremental."""
    app = SphinxTestApp("html", srcdir=srcdir, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def group_titles(page, kind: str, label: str) -> list[str]:
    """The note titles on the page of one tag, venue, year or status."""
    return [a.get_text() for a in page(f"notes/{kind}/{slug(label)}.html")
            .select("article .ss-note__title")]


def test_derived_title_venue_year_and_indexes(page) -> None:
    notes = page("notes/index.html")
    atc = "Proceedings of USENIX Annual Technical Conference (ATC ’23)"  # from refs.bib
    assert group_titles(page, "venue", atc) == ["Beware of Fragmentation (ATC ’23)"]
    assert group_titles(page, "year", "2021") == ["Morphling (SoCC ’21)"]
    assert group_titles(page, "tag", "model-serving") == ["Morphling (SoCC ’21)"]
    assert len(group_titles(page, "status", "read")) == 2
    chips = {a.get_text(" ", strip=True): a["href"]
             for a in notes.select(".ss-note-index--tag a.ss-chip")}
    assert chips["#model-serving 1"] == "tag/model-serving.html"  # counts link to the pages
    years = [a.get_text(" ", strip=True) for a in notes.select(".ss-note-index--year a")]
    assert years == ["2023 1", "2021 1"]
    titles = [a.get_text() for a in notes.select(".ss-notes")[0].select(".ss-note__title")]
    assert titles == ["Beware of Fragmentation (ATC ’23)", "Morphling (SoCC ’21)"]  # newest first
    note = page("notes/morphling.html")
    tag = next(a for a in note.select(".ss-card a.ss-chip") if a.get_text() == "#model-serving")
    assert tag["href"] == "tag/model-serving.html"


def test_note_page_shows_its_paper(page) -> None:
    card = page("notes/morphling.html").select_one("article .ss-card")
    assert card.select_one(".ss-owner").get_text() == "Lingyun Yang*"
    assert card.select_one(".ss-card__ref a")["href"] == "../publications/wang2021morphling.html"
    assert {a.get_text() for a in card.select("a.ss-chip")} == {"#model-serving",
                                                                "#auto-configuration"}


def test_own_paper_has_one_label_everywhere(page) -> None:
    """[C1] on the publication list is [C1] in a note's citation and on the references page
    (other people's papers keep alpha labels: test_publication_features)."""
    listed = page("publications.html").find("li", id="wang2021morphling")
    label = listed.select_one(".ss-pub__label").get_text().strip("[]")
    note = page("notes/morphling.html")
    cited = [a for a in note.select(".bibtex-citation a") if "wang2021morphling" in a["href"]]
    assert cited and {a.get_text() for a in cited} == {label}
    references = page("references.html")
    own = references.find(id="cite-wang2021morphling")
    assert own.select_one(".label").get_text() == f"[{label}]"
    assert all(c.select_one(".label").get_text().startswith("[C")
               for c in references.select(".citation"))  # the example cites own papers only


def test_atom_feed(site: Path) -> None:
    root = ET.parse(site / "notes" / "atom.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Beware of Fragmentation (ATC ’23)", "Morphling (SoCC ’21)"]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == ["https://www.lingyunyang.com/notes/fragmentation-gradient-descent.html",
                     "https://www.lingyunyang.com/notes/morphling.html"]
    assert all((site / link.removeprefix("https://www.lingyunyang.com/")).exists()
               for link in links)
    head = soup(site / "index.html").select_one('link[type="application/atom+xml"]')
    assert head["href"] == "https://www.lingyunyang.com/notes/atom.xml"


def test_search_index_finds_notes_by_title_and_body(site: Path) -> None:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1: text.rindex(")")])
    docs = index["docnames"]
    morphling = docs.index("notes/morphling")
    assert morphling in index["titleterms"]["morphl"] if isinstance(
        index["titleterms"]["morphl"], list) else index["titleterms"]["morphl"] == morphling
    terms = index["terms"]["kubernet"]
    assert morphling in (terms if isinstance(terms, list) else [terms])


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("status: read", "status: done", r"morphling\.md:4: front matter status: Input should be "
                                     r"'to-read', 'reading' or 'read'"),
    ("status: read", "tgas: [x]", r"morphling\.md:4: front matter tgas: Extra inputs are not "
                                  r"permitted; remove it or fix its spelling"),
    ("paper: wang2021morphling", "paper: nobody2099",
     r"morphling\.md:2: front matter paper: unknown key 'nobody2099': add the entry"),
    ("date: 2021-11-01", "date: yesterday",
     r"morphling\.md:5: front matter date: Input should be a valid date"),
    ("status: read", "status: read\nstatus: reading",
     r"morphling\.md:5: duplicate key 'status' \(first on line 4\)"),
])
def test_bad_front_matter_fails_with_file_line_field(failing_build, sandbox: Path, old: str,
                                                     new: str, expected: str) -> None:
    note = sandbox / "notes" / "morphling.md"
    note.write_text(note.read_text().replace(old, new, 1))
    assert re.search(expected, failing_build(sandbox))


def test_new_note_dropped_in_appears_everywhere(build_sandbox, sandbox: Path) -> None:
    assert main(["new-note", "vaswani2017attention", str(sandbox), "--bib",
                 "@inproceedings{vaswani2017attention, title = {Attention Is All You Need},"
                 " author = {Vaswani, Ashish and Shazeer, Noam}, year = 2017,"
                 " booktitle = {Advances in Neural Information Processing Systems}}"]) == 0
    note = sandbox / "notes" / "vaswani2017attention.md"
    text = note.read_text()
    for line in ("title: Attention Is All You Need", "paper: vaswani2017attention",
                 "year: 2017", "status: to-read", "## Key ideas", "## Weaknesses"):
        assert line in text
    assert main(["new-note", "vaswani2017attention", str(sandbox)]) == 1  # never overwrites
    second = sandbox / "notes" / "attention-again.md"
    second.write_text("---\npaper: vaswani2017attention\ndate: 2099-01-02\n---\n\n"
                      "# Attention, again\n\nA second reading.\n")
    out = Path(build_sandbox(sandbox).outdir)
    home = soup(out / "index.html")
    assert [a.get_text() for a in home.select(".ss-note__title")][0] == "Attention, again"
    paper = soup(out / "papers" / "vaswani2017attention.html")
    assert paper.select_one("article h1").get_text() == "Attention Is All You Need"
    assert paper.select_one('meta[name="description"]')["content"] == (
        "Attention Is All You Need. Ashish Vaswani, Noam Shazeer. Advances in Neural "
        "Information Processing Systems, 2017. 2 reading notes on it.")
    assert {a.get_text() for a in paper.select("#notes a")} == {"Attention Is All You Need",
                                                                "Attention, again"}
    card = soup(out / "notes" / "attention-again.html").select_one(".ss-card")
    assert card.select_one(".ss-card__siblings a").get_text() == "Attention Is All You Need"
    venue = soup(out / "notes" / "venue" /
                 f"{slug('Advances in Neural Information Processing Systems')}.html")
    assert "Attention, again" in venue.select_one("article").get_text()
    nav = [a.get_text() for a in soup(out / "notes" / "index.html").select(".sidebar-tree a")]
    assert "Attention, again" in nav  # no toctree edit needed


def test_editing_a_note_rewrites_every_page_that_lists_it(sandbox: Path, tmp_path: Path) -> None:
    rebuild(sandbox, tmp_path)
    note = sandbox / "notes" / "morphling.md"
    note.write_text(note.read_text().replace("# Morphling (SoCC ’21)", "# Morphling revisited"))
    out = rebuild(sandbox, tmp_path)
    for name in ("index.html", "notes/index.html", "publications/wang2021morphling.html"):
        text = soup(out / name).get_text()
        assert "Morphling revisited" in text and "Morphling (SoCC ’21)" not in text, name
    assert re.search(r"Morphling revisited", (out / "notes" / "atom.xml").read_text())


def test_editing_a_note_rewrites_the_notes_on_the_same_paper(sandbox: Path,
                                                           tmp_path: Path) -> None:
    sibling = sandbox / "notes" / "morphling-again.md"
    sibling.write_text("---\npaper: wang2021morphling\n---\n\n# Morphling, second look\n")

    rebuild(sandbox, tmp_path)
    note = sandbox / "notes" / "morphling.md"
    note.write_text(note.read_text().replace("# Morphling (SoCC ’21)", "# Morphling renamed"))
    out = rebuild(sandbox, tmp_path)
    card = soup(out / "notes" / "morphling-again.html").select_one(".ss-card__siblings")
    assert card.select_one("a").get_text() == "Morphling renamed"
