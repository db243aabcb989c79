"""The example owner's site as it is in docs/ and refs.bib: every fact of his CV
(tests/data/seed-cv.md), the publications, privacy, links.

This is the one test module about the example content. A researcher who replaces docs/ and
refs.bib with their own deletes this file and tests/data/seed-cv.md; every other test
builds its own fixtures (tests/data/example-site is a snapshot the machinery tests use)."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scholarsite.bib.load import load_bibliography
from scholarsite.bib.tex import to_text
from scholarsite.cv.load import load_cv
from scholarsite.links import check_site

from conftest import ROOT, pages_of, strict_build

DOCS, REFS = ROOT / "docs", ROOT / "refs.bib"
SEED_CV = ROOT / "tests" / "data" / "seed-cv.md"
CV, _ = load_cv(DOCS / "cv.yaml")
BIB = load_bibliography([REFS]).data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live docs/ (not conftest's snapshot), built as ``scholarsite check`` does."""
    out = tmp_path_factory.mktemp("owner-site") / "html"
    assert strict_build(DOCS, out) == 0, "the example site must build without warnings"
    return out


@pytest.fixture(scope="module")
def page(site: Path):
    return pages_of(site)


def squash(text: str) -> str:
    """Compare text ignoring whitespace and quote styles (layout differs, facts must not)."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("&amp;", "&")
    return re.sub(r"\s+", "", text)


def seed_bullets() -> list[str]:
    """Every bullet (◊) of the seed CV, Markdown or pasted HTML, as plain text."""
    seed = SEED_CV.read_text(encoding="utf-8")
    bullets = re.findall(r"◊([^◊<\n]+)", seed)
    out = []
    for bullet in bullets:
        text = re.sub(r"\[\[code\]\(#\)\]", "", bullet)  # a link with no target: see cv.yaml
        text = text.replace("\\*", "*").replace("**", "").replace("*", "")
        out.append(text.strip())
    return out


@pytest.fixture(scope="module")
def cv_text(page) -> str:
    return squash(page("cv.html").select_one("article").get_text())


def test_every_seed_bullet_is_on_the_cv_page(cv_text: str) -> None:
    bullets = seed_bullets()
    assert len(bullets) > 40  # the seed has honors, services, teaching, projects...
    missing = [bullet for bullet in bullets if squash(bullet) not in cv_text]
    assert not missing


@pytest.mark.parametrize("fact", [
    "Lingyun Yang", "杨凌云", "Updated July 23, 2024", "Ph.D. Candidate",
    "Department of Computer Science and Engineering",
    "Hong Kong University of Science and Technology", "Clear Water Bay, Kowloon, Hong Kong",
    "Office: BDI 101, UC, HKUST", "mental2008", "stephenyang1999", "www.lingyunyang.com",
    "paper.lingyunyang.com",
    "I am broadly interested in resource management for large-scale data centers",
    "Ph.D. in Computer Science and Engineering", "2020 – Present",
    "South China University of Technology (SCUT)", "School of Computer Science and Engineering",
    "B.Eng. in Computer Science and Technology", "2016 – 2020",
    "Alibaba Group", "Hangzhou, China", "Research Intern, Cluster Management Group",
    "Dec. 2020 – Present", "Mitigate GPU Resource Fragmentation",
    "Large-Scale GPU Sharing in Production", "Efficient Diffusion Model Serving System",
    "Auto-Configuration for AI Serving Service", "Microsoft Research Asia (MSRA)",
    "Beijing, China", "Innovation Engineering Group (IEG)", "Jul. 2019 – Jun. 2020",
    "* denotes co-first authors", "Artifact Evaluation Committee", "External Reviewer",
    "Student Helper", "Teaching Assistant, Department of Computer Science and Engineering",
    "ACM-ICPC Competition Group", "Group Member & Team Leader", "2016 – 2019",
    "Machine Learning & Cybernetics Research Group", "Undergraduate Research Assistant",
    "2017 – 2019", "Tencent Innovation Club", "Vice Chairman", "2018 – 2019",
    "ByteDance Summer Camp", "Camper, Algorithm track", "Aug. 2019",
    "Programming Languages", "Golang, C++, Python", "Toolkits",
    "Kubernetes, Git, LaTeX, Linux Shell, Qt, MySQL, Markdown",
    "English (fluent), Mandarin (Native speaker)",
    "Play basketball & badminton & squash, workout at the gym, foodie.",
    "My paper reading notes are available at https://paper.lingyunyang.com/.",
])
def test_seed_fact_on_cv_page(cv_text: str, fact: str) -> None:
    assert squash(fact) in cv_text


def test_cv_sections_in_order_with_their_items(page) -> None:
    article = page("cv.html").select_one("article")
    ids = [section["id"] for section in article.select("section section")]
    filled = [name for name in CV.sections  # a section without data has no heading
              if name == "publications" or CV.custom_section(name) or getattr(CV, name)]
    assert "talks" not in filled and ids == [f"cv-{name.replace('_', '-')}" for name in filled]
    honors = [squash(li.get_text()) for li in article.select("#cv-honors li")]
    assert honors == [squash(h.title + h.when + (f", {h.issuer}" if h.issuer else ""))
                      for h in CV.honors]
    assert len(article.select("#cv-experience .ss-project")) == sum(
        len(pos.projects) for pos in CV.experience)


def test_teaching_terms_on_course_pages_and_cv(page, cv_text: str) -> None:
    for group, course in CV.courses():
        html = page(f"teaching/{course.slug}.html")
        assert html.select_one("h1").get_text().rstrip("¶#") == f"{course.code}: {course.title}"
        assert [li.get_text() for li in html.select(".ss-terms li")] == course.terms
        assert squash(group.role) in squash(html.get_text())
        assert squash(f"{course.code}: {course.title} ({', '.join(course.terms)})") in cv_text
    links = {a["href"] for a in page("teaching/index.html").select("article a")}
    assert {f"{course.slug}.html" for _, course in CV.courses()} <= links


def test_all_own_publications_listed_like_the_cv(page) -> None:
    html = page("publications.html")
    entries = {li["id"]: li for li in html.select("li.ss-pub")}
    assert set(entries) == set(BIB.entries)
    for key, entry in BIB.entries.items():
        text = squash(entries[key].get_text())
        assert squash(to_text(entry.fields["title"])) in text
        assert entries[key].select_one(".ss-owner").get_text().startswith("Lingyun Yang")
    labels = [li.select_one(".ss-pub__label").get_text() for li in html.select("li.ss-pub")]
    assert labels == ["[C3]", "[C2]", "[C1]", "[P1]"]
    weng = squash(entries["weng2023beware"].get_text())
    assert squash("Qizhen Weng*, Lingyun Yang*, Yinghao Yu") in weng
    assert squash("in the Proceedings of USENIX Annual Technical Conference (ATC '23), "
                  "Boston, MA, USA, July 2023.") in weng
    assert "arXiv preprint arXiv:2407.02031" in entries["li2024swiftdiffusion"].get_text()
    assert html.select_one(".ss-legend").get_text() == "* denotes co-first authors"


def test_home_page(page) -> None:
    home = page("index.html")
    assert home.select_one("h1").get_text().rstrip("¶#") == CV.identity.name
    assert "杨凌云" in home.get_text()
    selected = [li["id"] for li in home.select("li.ss-pub")]
    assert selected == [k for k in ("li2024swiftdiffusion", "weng2023beware",
                                    "wang2021morphling") if BIB.entries[k].fields["selected"]]
    notes = [a.get_text() for a in home.select(".ss-note__title")]
    # the dated notes first, newest first; then undated ones (the imported GitBook space)
    assert notes[:2] == ["Beware of Fragmentation (ATC ’23)", "Morphling (SoCC ’21)"]
    assert len(notes) == 5
    actions = [(a.get_text(), a["href"]) for a in home.select(".ss-actions > a")]
    assert actions == [("CV (PDF)", "cv.pdf"), ("Publications", "publications.html"),
                       ("Reading notes", "notes/index.html")]


def test_research_page_cites_project_papers(page) -> None:
    research = page("research.html")
    refs = {a.get_text(): a["href"] for a in research.select("a.ss-paperref")}
    assert refs == {"[C3]": "publications/weng2023beware.html",
                    "[C1]": "publications/wang2021morphling.html"}
    titles = [h.get_text().rstrip("¶#") for h in research.select("section section h2, h3")]
    assert "Mitigate GPU Resource Fragmentation" in titles
    assert "Microsoft Research Asia (MSRA)" in titles


def test_citations_of_own_papers_lead_to_paper_pages_and_back(page) -> None:
    note = page("notes/morphling.html")
    cites = {a["href"] for a in note.select("article p a[title]")}
    assert cites == {"../publications/wang2021morphling.html"}
    paper = page("publications/wang2021morphling.html")
    backlinks = {a["href"]: a.get_text() for a in paper.select("#notes a")}
    assert backlinks == {"../notes/morphling.html": "Morphling (SoCC ’21)"}
    assert "No notes cite this paper yet." in page("publications/zhang2022workload.html").get_text()


def test_references_page_lists_every_cited_work_once_in_cv_style(page) -> None:
    references = page("references.html")
    ids = [div["id"] for div in references.select("div.citation")]
    assert sorted(ids) == ["cite-wang2021morphling", "cite-weng2023beware"]
    text = references.select_one("#cite-wang2021morphling").get_text()
    assert "Morphling: Fast, Near-Optimal Auto-Configuration" in text  # never lowercased
    assert references.select_one("#cite-wang2021morphling strong").get_text() == "Lingyun Yang*"
    assert references.select_one("p.ss-legend").get_text() == "* denotes co-first authors"


def test_phone_never_published(site: Path) -> None:
    digits = re.sub(r"\D", "", CV.identity.phone)
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            assert digits not in re.sub(r"\D", "", text.replace("\n", " ")) or not digits
            assert CV.identity.phone not in text


def test_email_obfuscated_yet_recoverable(site: Path, page) -> None:
    address = CV.identity.email
    forms = [address, address[::-1], address.replace("@", "&#64;"), f"mailto:{address}",
             base64.b64encode(address.encode()).decode()]
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="ignore")
            for form in forms:
                assert form not in text, f"{form!r} in {path}"
    encoded = page("index.html").select_one("[data-ss-email]")["data-ss-email"]
    assert base64.b64decode(encoded).decode()[::-1] == address


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert check_site(site) == []


def test_hosting_files(site: Path, page) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://www.lingyunyang.com/cv.html" in sitemap
    assert (site / "404.html").exists()
    head = page("cv.html").select_one("head")
    assert head.select_one('meta[property="og:title"]')["content"] == "Curriculum Vitae"
    assert head.select_one('meta[property="og:url"]')["content"] == (
        "https://www.lingyunyang.com/cv.html")
    assert "Lingyun Yang" in head.select_one('meta[name="description"]')["content"]
    icon = head.select_one('link[rel~="icon"]')["href"]
    assert (site / icon).exists()


SPACE = DOCS / "notes" / "awesome-papers"  # the owner's GitBook space, imported (MIT, LICENSE)


def test_every_page_and_image_of_the_owners_gitbook_space_is_served(site: Path) -> None:
    pages = sorted(SPACE.rglob("*.md"))
    assert len(pages) == 160
    for source in pages:
        built = site / source.relative_to(DOCS).with_suffix(".html")
        assert built.is_file(), built
        article = BeautifulSoup(built.read_text(encoding="utf-8"), "html.parser") \
            .select_one("article")
        text = article.get_text(" ")
        assert "{%" not in text and "$$" not in text, source  # no GitBook or TeX syntax left
    images = sorted(p.name for p in (SPACE / "_assets").iterdir())
    assert len(images) == 22
    assert images == sorted(p.name for p in (site / "_images").iterdir() if p.name in images)
    assert (SPACE / "LICENSE").read_text().startswith("MIT License")


def test_the_owners_space_keeps_math_hints_links_and_his_papers(site: Path, page) -> None:
    space = "notes/awesome-papers"
    packing = page(f"{space}/reading-notes/miscellaneous/msr-technical-report/"
                   "heuristics-for-vector-bin-packing.html")
    assert packing.select("article math")  # GitBook's $$...$$ as MathML
    sharing = page(f"{space}/paper-list/hardware-virtualization/gpu-sharing.html")
    assert sharing.select("article div.admonition")  # {% hint %} blocks
    fragmentation = page(f"{space}/paper-list/resource-fragmentation.html")
    links = [a["href"] for a in fragmentation.select("article a")]
    assert "../reading-notes/conference/atc-2023/index.html" in links  # between notes
    note = page(f"{space}/reading-notes/conference/atc-2023/fgd.html")
    assert any(a["href"].endswith("publications/weng2023beware.html")
               for a in note.select("article a"))  # his own paper: its publication page
