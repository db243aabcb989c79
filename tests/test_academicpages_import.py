"""``scholarsite import-academicpages``: a messy academicpages site becomes a site that builds
and passes ``check``, with its publications (BibTeX when the site has it, else made of what
each page states), talks (a CV section: page, PDF, cv.json), teaching, portfolio, posts and
the author's profile; the template's examples and whatever has no place are reported."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from academicpages_fixture import write_academicpages
from bs4 import BeautifulSoup
from pybtex.database import parse_file
from site_files import import_and_check

from scholarsite.cli import main
from scholarsite.cv.load import load_cv


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(site, checked output, report): imported once, checked once."""
    return import_and_check(tmp_path_factory, "import-academicpages", write_academicpages)


def page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")


def test_every_real_publication_is_listed_as_the_owners(site: tuple[Path, Path, str]) -> None:
    _, out, report = site
    listing = page(out, "publications.html")
    titles = {li.select_one(".ss-pub__title").get_text(" ", strip=True)
              for li in listing.select("li.ss-pub")}
    assert titles == {"Fungal ecology of caves", "Bats & spores: a 50% survey",
                      "A census of cave lichens (accepted version)", "Spore dispersal in karst",
                      "Cave Microclimates"}
    for li in listing.select("li.ss-pub"):  # the owner, in whatever form, is an author
        assert li.select_one(".ss-pub__me, strong"), li.get_text(" ", strip=True)
    assert "Paper Title Number" not in listing.get_text()
    assert "'Paper Title Number 1' is the template's example: left out" in report
    assert "the same work as doe2018census" in report  # two pages, one DOI


def test_entries_state_only_what_the_pages_give(site: tuple[Path, Path, str]) -> None:
    root, out, report = site
    entries = parse_file(str(root / "refs.bib")).entries
    fungal = entries["doe2020fungal"]
    assert [str(p) for p in fungal.persons["author"]] == ["Doe, J. Q.", "Smith, A.", "Roe, B."]
    assert (fungal.type, fungal.fields["journal"], fungal.fields["year"],
            fungal.fields["month"]) == ("article", "Ecology", "2020", "3")
    assert fungal.fields["pdf"] == "papers/paper-a.pdf" and (out / "papers" / "paper-a.pdf"
                                                             ).read_bytes() == b"%PDF-1.4 paper a"
    bats = entries["doe2019bats"]
    assert bats.type == "inproceedings" and bats.fields["year"] == "2019"
    assert "month" not in bats.fields  # 1/2/2019: January or February? not said
    assert entries["doe2018census"].fields["doi"] == "10.1000/lichens"
    assert entries["doe2016microclimates"].fields["volume"] == "12"  # from pubs.bib
    spores = next(e for e in entries.values() if "karst" in e.fields["title"])
    assert [str(p) for p in spores.persons["author"]][-1] == "others"
    assert "no authors and no citation naming them" in report
    assert not any("doi" in e.fields or "url" in e.fields for e in (spores,))


def test_profile_about_page_and_photo(site: tuple[Path, Path, str]) -> None:
    root, out, report = site
    cv = load_cv(root / "docs" / "cv.yaml")[0]
    who = cv.identity
    assert (who.name, who.native_name, who.position, who.university) == (
        "Jane Q. Doe", "多伊", "Assistant Professor of Ecology", "Example University")
    assert (who.email, who.github, who.orcid) == ("jane@example.edu", "janedoe",
                                                  "https://orcid.org/0000-0002-1825-0097")
    assert cv.interests == "I study **fungal ecology** in caves."
    assert "[papers](/publications.md)" in (who.bio or "") and "<" not in (who.bio or "")
    home = page(out, "index.html")
    assert home.select_one("img.ss-profile__photo, .ss-profile img")
    assert "researchgate: no place for this profile yet" in report


def test_talks_on_the_cv_page_pdf_and_json_and_their_own_pages(site: tuple[Path, Path, str]
                                                                ) -> None:
    _, out, report = site
    section = page(out, "cv.html").select_one("#cv-talks")
    assert section is not None
    link = section.find("a", href="https://example.org/slides.pdf")
    assert link.get_text() == "Fungi under ground"
    assert "Annual Cave Meeting, Bristol, UK" in section.get_text()
    assert "Sept. 2016" in section.get_text() and "Lichen Day" in section.get_text()
    talks = json.loads((out / "cv.json").read_text())["x-scholarsite-talks"]
    assert talks[1] == {"name": "Fungi under ground", "date": "2016-09",
                        "event": "Annual Cave Meeting", "location": "Bristol, UK",
                        "url": "https://example.org/slides.pdf"}
    pdf = subprocess.run(["pdftotext", str(out / "cv.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "TALKS" in pdf.upper() and "Fungi under ground" in pdf
    talk = page(out, "talks/2016-09-14-cave-talk.html")
    assert talk.find("a", href="../publications/doe2020fungal.html")  # the old link, cited
    assert "Talk 1 on Relevant Topic" not in page(out, "cv.html").get_text()
    # files whose names slug alike, or like the talks page, each keep a page of their own
    assert "Bats at night" in page(out, "talks/2016-09-14-cave-talk-2.html").get_text()
    assert "Caves, an overview" in page(out, "talks/index-2.html").get_text()
    assert {a.get_text() for a in page(out, "talks/index.html").select("article a")} >= {
        "Fungi under ground", "Bats at night", "Caves, an overview"}


def test_teaching_portfolio_and_posts(site: tuple[Path, Path, str]) -> None:
    _, out, report = site
    course = page(out, "teaching/info-203.html")
    assert "Cave Ecology" in course.get_text() and "I taught the labs." in course.get_text()
    assert "Spring 2012" in course.get_text()
    project = page(out, "projects/portfolio-1.html")
    assert project.select_one("article img")["src"].startswith("../_images/")
    assert project.find("a", href="https://caves.example.org")
    post = page(out, "news/2021-01-05-field-season.html")
    assert post.select_one("code").get_text().strip() == "\\humidity"  # kept as written
    assert post.select_one("div.highlight-python")
    assert post.select_one("math")  # $T$ renders
    assert "Jekyll value '{{ site.title }}': left out" in report
    assert "'Blog Post number 1' is the template's example: left out" in report


def test_a_lab_site_whose_head_only_its_description_names(tmp_path: Path, capsys) -> None:
    """A lab's site (the author block names the lab; its papers share no author, as members'
    papers do not) is the head's whom the description names, never the lab's; every paper
    is listed."""
    src = write_academicpages(tmp_path / "src")
    config = src / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "name             : ", "name             : \"OM lab @ Example\"\n  old_name: ", 1)
        .replace("bio              : ", "bio              : \"Research laboratory directed "
                 "by Prof. Ana van Berg\"\n  old_bio: ", 1), encoding="utf-8")
    for path in [*(src / "_publications").iterdir(), *src.rglob("*.bib")]:
        path.unlink()  # the owner's own papers gone: only members' are left
    for number in range(4):  # papers of members, none by the same person
        (src / "_publications" / f"2021-0{number + 1}-01-m{number}.md").write_text(
            f"---\ntitle: Member paper {number}\ndate: 2021-0{number + 1}-01\nvenue: Ecology\n"
            f"authors: Member{number} Person{number}\n---\n", encoding="utf-8")
    assert main(["import-academicpages", str(src), str(tmp_path / "site")]) == 0
    assert "whom the site names as its head" in capsys.readouterr().out
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert cv.identity.name == "Ana van Berg"
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0
    listing = page(tmp_path / "out", "publications.html").get_text()
    assert all(f"Member paper {number}" in listing for number in range(4))
