"""News items: dated pages under news/, listed newest first (inline ones whole, with their
citations), limited on the home page, all on the news page, in news/atom.xml; items that
come or go reach every list; a bad item is named by file and line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site

ITEMS = {
    "joined.md": "---\ndate: 2023-01-15\ninline: true\n---\n\n# Joined the lab\n\n"
                 "Joined the *Example Lab*; our paper {cite:p}`example2023own` is out.\n",
    "award.md": "---\ndate: 2024-03-02\n---\n\n# Best paper award\n\nA long story.\n\n"
                "With two paragraphs.\n",
    "talk.md": "---\nlayout: post\ndate: 2022-05-01 10:00:00-0400\ninline: true\n---\n\n"
               "# Talk\n\nGave a talk at [Example](https://example.org/).\n",
}
ATOM = "{http://www.w3.org/2005/Atom}"


def news_site(root: Path) -> Path:
    docs = write_site(root)
    index = docs / "index.md"
    index.write_text(index.read_text().replace(
        "```{toctree}", "```{news}\n:heading: News\n:limit: 2\n```\n\n```{toctree}").replace(
        "references\n```", "references\nnews/index\n```"))
    (docs / "news").mkdir()
    (docs / "news" / "index.md").write_text("# News\n\n```{news}\n```\n")
    for name, text in ITEMS.items():
        (docs / "news" / name).write_text(text)
    return docs


def build(docs: Path, out: Path) -> None:
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = news_site(tmp_path_factory.mktemp("news"))
    build(docs, docs.parent / "html")
    return docs.parent / "html"


def test_home_lists_the_newest_inline_whole_long_as_links(built: Path) -> None:
    home = page(built, "index.html")
    items = home.select(".ss-news__item")
    assert [i.select_one("time")["datetime"] for i in items] == ["2024-03-02", "2023-01-15"]
    assert items[0].select_one("a.ss-news__title")["href"] == "news/award.html"
    assert "long story" not in items[0].get_text()
    inline = items[1].select_one(".ss-news__body")
    assert inline.find("em").get_text() == "Example Lab"
    assert inline.select_one(".bibtex-citation a")["href"] == "publications/example2023own.html"
    assert home.select_one(".ss-news__more a")["href"] == "news/index.html"
    assert home.find("link", rel="alternate", title="News")["href"] == \
        "https://ada.example.org/news/atom.xml"


def test_news_page_lists_all_and_items_join_the_navigation(built: Path) -> None:
    news = page(built, "news/index.html")
    assert [t["datetime"] for t in news.select(".ss-news__when")] == [
        "2024-03-02", "2023-01-15", "2022-05-01"]
    assert news.select_one(".ss-news__more") is None
    nav = {a.get_text(strip=True) for a in news.select(".sidebar-tree a")}
    assert {"Joined the lab", "Best paper award", "Talk"} <= nav
    item = page(built, "news/award.html")
    assert item.select_one(".ss-news__date time")["datetime"] == "2024-03-02"


def test_feed_has_every_item_newest_first(built: Path) -> None:
    feed = ET.parse(built / "news" / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Best paper award", "Joined the lab", "Talk"]
    assert entries[1].find(f"{ATOM}link").get("href") == "https://ada.example.org/news/joined.html"
    summary = entries[1].findtext(f"{ATOM}summary")
    assert "Example Lab" in summary and "{cite" not in summary and "*" not in summary


def test_items_that_come_and_go_reach_every_list(tmp_path: Path) -> None:
    docs = news_site(tmp_path)
    out = tmp_path / "html"
    build(docs, out)
    (docs / "news" / "new.md").write_text("---\ndate: 2025-06-01\ninline: true\n---\n\n"
                                          "# Newest\n\nA brand new item.\n")
    build(docs, out)
    assert page(out, "index.html").select_one(".ss-news__when")["datetime"] == "2025-06-01"
    assert "Newest" in (out / "news" / "atom.xml").read_text(encoding="utf-8")
    (docs / "news" / "new.md").unlink()
    (docs / "news" / "award.md").write_text(ITEMS["award.md"].replace("Best paper", "Top paper"))
    build(docs, out)
    home = page(out, "index.html")
    assert home.select_one(".ss-news__when")["datetime"] == "2024-03-02"
    assert "Top paper award" in home.get_text() and "Newest" not in home.get_text()
    assert "Newest" not in (out / "news" / "atom.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "expected"), [
    ("---\ninline: true\n---\n\n# T\n\nx\n", "news/bad.md:1: news date None"),
    ("---\ndate: soon\n---\n\n# T\n\nx\n", "news/bad.md:2: news date 'soon'"),
    ("---\ndate: 2024-01-01\ninline: yes please\n---\n\n# T\n", "news/bad.md:3: inline:"),
    ("---\ndate: 2024-01-01\ntitel: T\n---\n\n# T\n", "news/bad.md:3: front matter titel"),
    ("---\ndate: 2024-01-01\n---\n\nNo heading here.\n", "news/bad.md:5: a news item starts "
                                                         "with a '# Title' heading"),
])
def test_bad_news_item_is_named(tmp_path: Path, failing_build, text: str,
                                expected: str) -> None:
    docs = news_site(tmp_path)
    (docs / "news" / "bad.md").write_text(text)
    assert expected in failing_build(docs)


def test_paper_page_tells_notes_from_other_pages_that_cite_it(built: Path) -> None:
    paper = page(built, "publications/example2023own.html")
    notes = [a.get_text() for a in paper.select("#notes a.ss-note__title")]
    mentioned = [a.get_text() for a in paper.select("#mentioned a.ss-note__title")]
    assert notes == ["A first note"]
    assert "Joined the lab" in mentioned and "A first note" not in mentioned
