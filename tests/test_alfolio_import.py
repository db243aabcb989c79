"""``scholarsite import-al-folio``: a messy al-folio site becomes a site that builds and passes
``check``; every own paper is listed whatever form of the owner's name it uses; the report
accounts for what was repaired and what was not converted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from alfolio_fixture import CV_YML, write_alfolio
from bs4 import BeautifulSoup

from scholarsite.bib.load import load_bibliography
from scholarsite.cli import main
from scholarsite.cv.load import load_cv


@pytest.fixture
def imported(tmp_path: Path, capsys) -> tuple[Path, str]:
    src = write_alfolio(tmp_path / "al-folio")
    status = main(["import-al-folio", str(src), str(tmp_path / "site")])
    printed = capsys.readouterr()
    assert status == 0, printed.err
    return tmp_path / "site", printed.out


def test_site_builds_passes_check_and_lists_every_own_paper(imported: tuple[Path, str],
                                                            tmp_path: Path, capsys) -> None:
    site, _ = imported
    assert main(["check", str(site / "docs"), "--out", str(tmp_path / "out")]) == 0, \
        capsys.readouterr().err
    page = BeautifulSoup((tmp_path / "out" / "publications.html").read_text(), "html.parser")
    titles = {li.select_one(".ss-pub__title").get_text(" ", strip=True) for li in
              page.select("li.ss-pub")}
    assert titles == {"A sparse additive model for high-dimensional interactions",
                      "Simultaneous SNP selection and adjustment for population structure",
                      "Fitting smooth-in-time prognostic risk functions",
                      "Lecture notes on survival analysis"}
    assert "Einstein" not in (tmp_path / "out" / "publications.html").read_text()
    assert page.select_one('a.ss-coauthor[href="https://example.org/lu"]').get_text() == \
        "Tianyuan Lu"  # _data/coauthors.yml came along
    sail = page.find("li", id="bhatnagar2020sail")  # abbr and _data/venues.yml
    assert sail.select_one('a.ss-venue[href^="https://www.tandfonline.com/"]').get_text() == "JCGS"
    casebase = next(li for li in page.select("li.ss-pub") if "prognostic" in li.get_text())
    assert casebase.select_one(".ss-pub__annotation").get_text(strip=True) == "(* Equal contribution)"
    assert casebase.select_one('a.ss-button[href="https://casebase.example.org"]').get_text() == \
        "Website"


def test_news_become_items_with_a_news_page(imported: tuple[Path, str], tmp_path: Path,
                                           capsys) -> None:
    site, report = imported
    assert "news: 1 items" in report
    item = (site / "docs" / "news" / "announcement-1.md").read_text(encoding="utf-8")
    assert item.startswith("---\ndate: 2023-01-15\ninline: true\n---\n\n# Joined the lab.")
    assert main(["build", str(site / "docs"), "--out", str(tmp_path / "out")]) == 0, \
        capsys.readouterr().err
    home = BeautifulSoup((tmp_path / "out" / "index.html").read_text(), "html.parser")
    assert home.select_one(".ss-news__when")["datetime"] == "2023-01-15"
    assert "Joined the lab." in home.select_one(".ss-news__body").get_text()
    assert (tmp_path / "out" / "news" / "index.html").is_file()


def test_owner_and_aliases_from_the_config_and_the_bib(imported: tuple[Path, str]) -> None:
    site, report = imported
    conf = (site / "docs" / "conf.py").read_text()
    for alias in ("Sahir Bhatnagar", "Bhatnagar, SR", "Rai Bhatnagar, Sahir"):
        assert repr(alias) in conf, alias
    assert "scholar: names are the template's Einstein" in report
    cv = load_cv(site / "docs" / "cv.yaml")[0]
    assert cv.identity.name == "Sahir Bhatnagar"
    assert (cv.identity.email, cv.identity.github) == ("sahir@example.org", "sahirbhatnagar")
    assert cv.identity.homepage == "https://sahirbhatnagar.example.org"
    assert cv.interests == "I develop statistical methods for *high-dimensional* data in " \
                           "genetics."
    assert cv.identity.bio == "Outside work, I run."
    assert (cv.identity.orcid, cv.identity.google_scholar, cv.identity.mastodon) == (
        "0000-0002-1825-0097", "qyhmnyLat1gC", "@sahir@mastodon.social")
    assert cv.identity.photo == "images/prof_pic.png"
    assert (site / "docs" / "images" / "prof_pic.png").read_bytes()[:4] == b"\x89PNG"


def test_fields_marks_and_repairs(imported: tuple[Path, str]) -> None:
    site, report = imported
    bib = load_bibliography([site / "refs.bib"]).data.entries
    assert "einstein1920relativity" not in bib and "PhysRev.47.777" not in bib
    sail = bib["bhatnagar2020sail"].fields
    assert (sail["eprint"], sail["archiveprefix"]) == ("1903.05355", "arXiv")
    assert sail["url"].startswith("https://www.tandfonline.com/")
    ggmix = bib["rai_bhatnagar_2021"]
    assert ggmix.fields["year"] == "2021" and ggmix.fields["award_name"] == "Highlight"
    assert ggmix.fields["pdf"] == "papers/ggmix.pdf"
    assert (site / "docs" / "papers" / "ggmix.pdf").read_bytes() == b"%PDF-1.4 ggmix"
    casebase = bib["https://doi.org/10.1/casebase"]
    assert [str(p) for p in casebase.persons["author"]] == ["Morabito, Samuel",
                                                            "Bhatnagar, Sahir R"]
    assert casebase.fields["equal"] == "1,2"
    assert casebase.fields["website"] == "https://casebase.example.org"
    for line in (r"key 'rai bhatnagar 2021' has spaces: now 'rai_bhatnagar_2021'",
                 r"gives 'year' twice: the first kept",
                 r"_config\.yml: tabs in YAML read as spaces"):
        assert re.search(line, report), line


def test_everything_not_converted_is_listed(imported: tuple[Path, str]) -> None:
    _, report = imported
    for what in (r"einstein1920relativity: the template's example \(Einstein\): left out",
                 r"bhatnagar2020sail: preview = \{sail.png\}: no such file in assets/img",
                 r"resume\.json: .*not converted",
                 r"socials\.yml: dblp_url: 'not a url' is not a valid DBLP id",
                 r"socials\.yml: researchgate_profile: no place",
                 r"1_project\.md:12: attribute onclick='alert\(1\)' of <div> dropped",
                 r"rai_bhatnagar_2021: slides = \{missing\.pdf\}"):
        assert re.search(what, report), what
    assert "papers: 4 of 6 entries imported" in report
    assert "co-authors: 1 with homepages" in report
    assert "venues: 1 (badges beside their papers)" in report
    assert "abbr" not in report and "venues.yml" not in report
    assert "citation badges: 1 entries asked for altmetric" in report
    assert "altmetric = " not in report and "bibtex_show" not in report


def test_cv_yml_when_there_is_no_resume_json(tmp_path: Path, capsys) -> None:
    src = write_alfolio(tmp_path / "al-folio")
    (src / "assets" / "json" / "resume.json").unlink()
    (src / "_data" / "cv.yml").write_text(CV_YML)
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert [(e.degree, e.institution, e.period, [i.text for i in e.items])
            for e in cv.education] == [
        ("PhD", "McGill University", "2013 – 2018", ["Biostatistics", "Thesis: Sparse models"]),
        ("BSc", "University of Example", "2009", [])]
    assert [(p.role, p.organization, p.period) for p in cv.experience] == [
        ("Assistant Professor", "McGill University", "2019 – Present")]
    assert [(h.title, h.when) for h in cv.honors] == [
        ("Doctoral Award (Example Agency)", "2016 – 2018"), ("Travel Award", "2014")]
    assert cv.misc == ["Open Source Projects: ggmix 2018; An R package."]
    assert cv.identity.position is None  # no source states one: none is invented
    assert "General Information: Languages: no place for it" in report
    assert re.search(r"Open Source Projects: .*javascript:alert\(1\).* not converted", report)
    assert main(["check", str(tmp_path / "site" / "docs"), "--out",
                 str(tmp_path / "out")]) == 0, capsys.readouterr().err
    assert "Researcher" not in (tmp_path / "out" / "index.html").read_text()


def test_projects_become_pages_in_the_navigation(imported: tuple[Path, str], tmp_path: Path,
                                                 capsys) -> None:
    site, report = imported
    assert "projects: 2 pages" in report
    assert main(["build", str(site / "docs"), "--out", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    page = BeautifulSoup((out / "projects" / "1-project.html").read_text(), "html.parser")
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == "ggmix"
    assert "mixed models" in page.get_text() and "Details" in page.get_text()
    assert page.select_one("article img")["src"].startswith("../_images/1-project-1")
    assert not page.select("[onclick]") and "{%" not in page.get_text()
    index = BeautifulSoup((out / "projects" / "index.html").read_text(), "html.parser")
    assert [a.get_text() for a in index.select("article li a")] == ["casebase", "ggmix"]
    assert "Projects" in (out / "index.html").read_text()  # in the navigation


def test_not_an_al_folio_site(tmp_path: Path, capsys) -> None:
    (tmp_path / "src").mkdir()
    assert main(["import-al-folio", str(tmp_path / "src"), str(tmp_path / "site")]) == 1
    assert "not an al-folio site: no _config.yml" in capsys.readouterr().err


def test_broken_config_is_named(tmp_path: Path, capsys) -> None:
    src = write_alfolio(tmp_path / "al-folio")
    (src / "_config.yml").write_text("first_name: [unclosed\n")
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "_config.yml" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()


GROUP_PAPERS = "\n".join(f"""\
@article{{paper{number},
  title={{Result number {number}}},
  author={{{head} and Student{number}, Pat}},
  journal={{Journal of Examples}},
  year={{20{10 + number}}},
}}
""" for number, head in enumerate(["Brown*†, A.E.", "Brown, AE†", "Brown, Alice E.",
                                   "Brown*, Alice Emma"]))


@pytest.mark.parametrize(("config", "papers", "owner"), [
    # scholar: names as one string, not a list: never read letter by letter
    ("first_name: Ellis\nlast_name: Brown\nscholar:\n  last_name: Brown\n  first_name: Ellis\n",
     GROUP_PAPERS.replace("Alice Emma", "Ellis").replace("Alice E.", "Ellis")
     .replace("A.E.", "E.").replace("AE", "E"), "Ellis Brown"),
    # a group site: the title names no person, scholar: is still the template's
    ("first_name: Brown Research\nlast_name: Group\nscholar:\n  last_name: [Einstein]\n"
     "  first_name: [Albert, A.]\n", GROUP_PAPERS, "Alice Emma Brown"),
    # the title is the group's, scholar: names the person
    ("first_name: Alice Brown's\nlast_name: Group\nscholar:\n  last_name: [Brown]\n"
     "  first_name: [Alice, A. E.]\n", GROUP_PAPERS, "Alice Brown"),
])
def test_the_owner_is_a_person_and_every_paper_is_listed(tmp_path: Path, capsys, config: str,
                                                         papers: str, owner: str) -> None:
    src = write_alfolio(tmp_path / "al-folio")
    (src / "_config.yml").write_text(config)
    (src / "_bibliography" / "papers.bib").write_text(papers)
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0, \
        capsys.readouterr().err
    printed = capsys.readouterr().out
    assert f"wrote a site for {owner} in" in printed
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert cv.identity.name == owner
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0
    page = BeautifulSoup((tmp_path / "out" / "publications.html").read_text(), "html.parser")
    assert len(page.select("li.ss-pub")) == 4  # every paper listed as the owner's
    conf = (tmp_path / "site" / "docs" / "conf.py").read_text()
    assert "Group" not in conf.split("scholarsite_author_aliases")[1].splitlines()[0]


HTML_ABOUT = """\
---
layout: about
profile:
  image: prof_pic.png
---

<p>I study <b>statistical genetics</b> at <a href="https://example.edu">Example University</a>.</p>

<p>Before that I was at <a href="{{ '/cv/' | relative_url }}">a startup</a>; see my
<a href="/al-folio/publications/">papers</a>, my <a href="/group/">group</a> and
<a href="javascript:alert(1)">this</a>.<br>
<img src="/assets/img/lab.png" alt="The lab"> {{ site.data.misc.motto }}</p>
<script>alert(1)</script>

{% if site.news %}{% include news.liquid %}{% endif %}
"""


def test_an_html_about_page_becomes_the_bio(tmp_path: Path, capsys) -> None:
    """Most real about pages are HTML: converted to Markdown, not dropped, and the site
    builds and passes check (links to the old site's pages mapped or made text)."""
    src = write_alfolio(tmp_path / "al-folio")
    (src / "_pages" / "about.md").write_text(HTML_ABOUT)
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    cv = load_cv(tmp_path / "site" / "docs" / "cv.yaml")[0]
    assert cv.interests == ("I study **statistical genetics** at "
                            "[Example University](https://example.edu).")
    bio = cv.identity.bio or ""
    assert "[a startup](/cv.md)" in bio and "[papers](/publications.md)" in bio
    assert "group" in bio and "/group/" not in bio and "javascript" not in bio
    assert "The lab" in bio and "<" not in bio and "{{" not in bio
    for what in ("link to the old site's page '/group/': its text kept",
                 "link to 'javascript:alert(1)' is not allowed",
                 "image '/assets/img/lab.png': left out, its alt text kept",
                 "Jekyll value '{{ site.data.misc.motto }}': left out",
                 "Jekyll tag '{% if site.news %}': left out"):
        assert what in report, what
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0
    home = BeautifulSoup((tmp_path / "out" / "index.html").read_text(), "html.parser")
    links = {a.get_text(): a["href"] for a in home.select("article a")}
    assert links["a startup"] == "cv.html" and links["papers"] == "publications.html"
    assert not [s for s in home.select("article script") if s.get("type") != "application/ld+json"]
    assert "alert(1)" not in home.get_text()


def test_forthcoming_papers_and_relative_html_links(tmp_path: Path, capsys) -> None:
    src = write_alfolio(tmp_path / "al-folio")
    papers = src / "_bibliography" / "papers.bib"
    papers.write_text(papers.read_text() + """
@article{bhatnagar2026next,
  author={Bhatnagar, Sahir},
  title={A paper not out yet},
  journal={Journal of Examples},
  year={forthcoming},
  html={next.html},
}
""")
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    assert "bhatnagar2026next: html = {next.html}: a page of the old site" in report
    refs = (tmp_path / "site" / "refs.bib").read_text()
    assert "next.html" not in refs
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0
    page = BeautifulSoup((tmp_path / "out" / "publications.html").read_text(), "html.parser")
    assert "Forthcoming" in page.find("li", id="bhatnagar2026next").get_text()


def test_project_headings_that_jump_are_closed_up(tmp_path: Path, capsys) -> None:
    """Jekyll pages jump from # to ####; MyST would warn and check would fail."""
    src = write_alfolio(tmp_path / "al-folio")
    (src / "_projects" / "2_project.md").write_text(
        "---\nlayout: page\ntitle: casebase\n---\n\n# Overview\n\n#### Details\n\nText.\n\n"
        "```python\n# a comment, not a heading\n```\n\n### Results\n\nMore.\n")
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    text = next(p for p in (tmp_path / "site" / "docs" / "projects").glob("*.md")
                if "casebase" in p.read_text()).read_text()
    assert re.findall(r"^#+ .*$", text, re.M) == ["# casebase", "## Overview", "### Details",
                                                 "# a comment, not a heading", "### Results"]
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0


def test_links_out_of_the_site_are_not_followed(tmp_path: Path, capsys) -> None:
    """A page, a news item or a data file that is a symbolic link to a file outside the site
    (``/etc/passwd``, ``~/.ssh/id_rsa``) is not read: left out and reported, or the import
    refused naming the link; its text is in no file written."""
    secret = tmp_path / "secret.txt"
    secret.write_text("---\ntitle: TOP SECRET\n---\nTOP SECRET private key\n")
    src = write_alfolio(tmp_path / "src")
    (src / "_news" / "leak.md").symlink_to(secret)
    (src / "_projects" / "leak.md").symlink_to(secret)
    (src / "_data" / "coauthors.yml").unlink(missing_ok=True)
    (src / "_data" / "coauthors.yml").symlink_to(secret)
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert out.count("outside the site") + out.count("outside the folder being imported") >= 3
    written = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert written and not any(b"TOP SECRET" in p.read_bytes() for p in written)
    (src / "_pages" / "about.md").unlink()
    (src / "_pages" / "about.md").symlink_to(secret)
    assert main(["import-al-folio", str(src), str(tmp_path / "site2")]) == 1
    assert "outside the folder being imported" in capsys.readouterr().err
    assert not (tmp_path / "site2").exists()


def test_dates_that_do_not_exist_lose_nothing_else(tmp_path: Path, capsys) -> None:
    """``last_updated: 2020-13-45`` in _config.yml and news dated 2020-02-31: the settings
    are still read; a news item keeps its file name's date, or is reported; no traceback."""
    src = write_alfolio(tmp_path / "src")
    config = src / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "last_updated: 2020-13-45\n",
                      encoding="utf-8")
    (src / "_news" / "2021-03-04-moved.md").write_text("---\ndate: 2021-02-31\n---\nMoved.\n")
    (src / "_news" / "bad.md").write_text("---\ndate: 2021-13-01 10:00\n---\nLost.\n")
    assert main(["import-al-folio", str(src), str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "2021-02-31 is no day of the calendar: the file name's 2021-03-04 used" in out
    assert "2021-13-01 is no day of the calendar: news item not imported" in out
    moved = [p for p in (tmp_path / "site" / "docs" / "news").glob("*moved*.md")]
    assert moved and "date: 2021-03-04" in moved[0].read_text()
    assert main(["check", str(tmp_path / "site" / "docs"), "--out", str(tmp_path / "out")]) == 0
