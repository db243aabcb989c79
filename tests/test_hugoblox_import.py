"""``scholarsite import-hugo-blox``: a messy Hugo Blox site becomes a site that builds and
passes ``check``: publications from cite.bib or from the page, the ``admin`` profile (role,
organization, interests, education, social links, avatar, biography), events as talks,
projects and posts with their shortcodes converted or reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hugoblox_fixture import write_hugoblox
from pybtex.database import parse_file
from site_files import import_and_check

from scholarsite.cli import main
from scholarsite.cv.load import load_cv


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(site, checked output, report): imported once, checked once."""
    return import_and_check(tmp_path_factory, "import-hugo-blox", write_hugoblox)


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_publications_from_cite_bib_or_the_page(site: tuple[Path, Path, str]) -> None:
    root, out, report = site
    entries = parse_file(str(root / "refs.bib")).entries
    assert set(entries) == {"roe2021mixing", "roe2019eddies", "waves"}
    mixing = entries["roe2021mixing"]  # cite.bib, plus the page's links
    assert (mixing.fields["volume"], mixing.fields["code"], mixing.fields["pdf"]) == (
        "3", "https://github.com/joroe/mixing", "papers/paper.pdf")
    assert (out / "papers" / "paper.pdf").read_bytes() == b"%PDF-1.4 mixing"
    eddies = entries["roe2019eddies"]  # made of the page: admin is the owner
    assert eddies.type == "inproceedings"
    assert [str(p) for p in eddies.persons["author"]] == ["Roe, Jo", "Díaz, Ana", "others"]
    assert eddies.fields["booktitle"] == "Proceedings of the Ocean Conference"
    assert (eddies.fields["year"], eddies.fields["month"]) == ("2019", "11")
    assert eddies.fields["slides"] == "https://example.org/slides.pdf"
    listing = page(out, "publications.html")
    titles = {li.select_one(".ss-pub__title").get_text(" ", strip=True)
              for li in listing.select("li.ss-pub")}
    assert titles == {"Mixing in the Deep Ocean", "Eddies & the 2°C target", "Waves in a tank"}
    assert "An example conference paper' is the template's example: left out" in report
    assert "a draft, not published: left out" in report


def test_the_admin_profile_is_the_owner(site: tuple[Path, Path, str]) -> None:
    root, out, report = site
    cv = load_cv(root / "docs" / "cv.yaml")[0]
    who = cv.identity
    assert (who.name, who.position, who.university, who.email) == (
        "Jo Roe", "Associate Professor of Oceanography", "Example Institute", "jo@example.org")
    assert who.google_scholar == "AbCdEfGhIjKl"  # from a scholar.google.co.uk link
    assert who.homepage == "https://jroe.example.org"
    assert cv.interests == "Ocean mixing; Climate models."
    assert [(e.degree, e.institution) for e in cv.education] == [
        ("PhD in Oceanography", "Example University")]
    assert "*Mixing Lab*" in (who.bio or "") and "{{" not in (who.bio or "")
    assert page(out, "index.html").select_one(".ss-profile img")
    assert "researchgate.net/profile/Jo_Roe': no place for this profile yet" in report
    assert "Hugo shortcode 'icon': no equivalent: left out" in report


def test_events_are_talks_with_pages(site: tuple[Path, Path, str]) -> None:
    _, out, _ = site
    cv_page = page(out, "cv.html").select_one("#cv-talks")
    assert cv_page.find("a", href="https://example.org/osm-slides.pdf").get_text() == \
        "Mixing, explained"
    assert "Example Talk" not in page(out, "cv.html").get_text()
    talks = json.loads((out / "cv.json").read_text())["x-scholarsite-talks"]
    assert talks == [{"name": "Mixing, explained", "date": "2022-02",
                      "event": "Ocean Sciences Meeting", "location": "Honolulu",
                      "url": "https://example.org/osm-slides.pdf"}]
    talk = page(out, "talks/ocean-talk.html")
    assert talk.select_one(".admonition.note").get_text(" ", strip=True).endswith(
        "Slides are online.")
    assert talk.select_one("article img")["src"].startswith("../_images/")
    assert "The mixing tank" in talk.get_text()


def test_posts_and_projects_shortcodes(site: tuple[Path, Path, str]) -> None:
    _, out, report = site
    post = page(out, "news/hello.html")
    assert post.find("a", href="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert post.find("a", href="../publications/roe2021mixing.html")  # a ref to a paper
    assert "{{" not in post.get_text()
    assert "Hugo shortcode 'gallery': no equivalent: left out" in report
    project = page(out, "projects/tank.html")
    assert project.find("a", href=lambda h: h and h.endswith("tank.pdf")).get_text() == \
        "Tank plans"
    assert "A tank that mixes" in project.get_text() and project.find("math")  # a lead's
    assert "{{" not in project.get_text() and "*" not in project.get_text()  # math shortcode


def test_bundles_links_and_anchors_of_real_pages(site: tuple[Path, Path, str]) -> None:
    """Two project sections, one page of three files (R Markdown source, its rendered
    Markdown, a translation), links relative to the page and in a callout, HTML anchors,
    files named with accents (MyST percent-encodes such names, so they are copied as ASCII)."""
    root, out, report = site
    assert {a.get_text() for a in page(out, "projects/index.html").select("article li a")} \
        == {"The mixing tank", "Drifting buoys"}
    assert sorted(p.name for p in (root / "docs" / "projects").glob("*.md")) == \
        ["buoys.md", "index.md", "tank.md"]  # the translation and the source left out
    buoys = page(out, "projects/buoys.html")
    assert "Drifting buoys" in buoys.h1.get_text() and "français" not in buoys.get_text()
    assert buoys.find("a", href="tank.html", string="the tank")  # ../../project/tank/
    assert buoys.select_one(".admonition").find("a", href="tank.html")  # inside the callout
    assert buoys.find("a", href="#imported-fig:drift") and buoys.find(id="imported-fig:drift")
    assert not buoys.find("a", href="#fig:gone") and "anchor '#fig:gone'" in report
    image = buoys.find("img", alt="A buoy")
    assert image and (out / "projects" / image["src"]).is_file() and image["src"].isascii()
    sketch = buoys.find("a", href=lambda h: h and "sketch" in h)
    assert sketch and sketch["href"].isascii() and (out / "projects" / sketch["href"]).is_file()


def test_a_cite_bib_without_year_or_authors_takes_the_pages(site: tuple[Path, Path, str]
                                                          ) -> None:
    root, out, report = site
    waves = parse_file(str(root / "refs.bib")).entries["waves"]
    assert waves.fields["year"] == "2019" and waves.fields["journal"] == "Tank Letters"
    assert [str(p) for p in waves.persons["author"]][1] == "Lee, Sam"
    assert "waves: no year in cite.bib: the page's (2019)" in report
    assert "Waves in a tank" in page(out, "publications.html").get_text()


@pytest.mark.parametrize("social", ["7", "'a text'", "[1, {icon: x, link: 'https://x.org'}]"])
def test_social_links_of_the_wrong_shape_are_reported_not_a_crash(social: str, tmp_path: Path,
                                                                   capsys) -> None:
    src = write_hugoblox(tmp_path / "src")
    profile = src / "content/authors/admin/_index.md"
    text = profile.read_text(encoding="utf-8")
    start, end = text.index("social:\n"), text.index("superuser:")
    profile.write_text(text[:start] + f"social: {social}\n" + text[end:], encoding="utf-8")
    assert main(["import-hugo-blox", str(src), str(tmp_path / "site")]) == 0
    assert "is not a link with an icon and a URL: left out" in capsys.readouterr().out
