"""Publications on the built site: paper pages, Scholar tags, JSON-LD, reveals, badges."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from scholarsite.bib.load import load_bibliography

from conftest import REFS

BIB = load_bibliography([REFS]).data


def test_one_paper_page_per_own_paper_with_scholar_tags(site: Path, page) -> None:
    assert sorted(p.stem for p in (site / "publications").glob("*.html")) == sorted(BIB.entries)
    head = page("publications/weng2023beware.html").select_one("head")
    meta = [(m["name"], m["content"]) for m in head.select("meta[name^=citation_]")]
    authors = [value for name, value in meta if name == "citation_author"]
    assert authors == ["Qizhen Weng", "Lingyun Yang", "Yinghao Yu", "Wei Wang",
                       "Xiaochuan Tang", "Guodong Yang", "Liping Zhang"]
    assert ("citation_publication_date", "2023/07") in meta
    assert ("citation_conference_title",
            "Proceedings of USENIX Annual Technical Conference (ATC ’23)") in meta
    assert ("citation_title", "Beware of Fragmentation: Scheduling GPU-Sharing Workloads with "
                              "Fragmentation Gradient Descent") in meta
    preprint = page("publications/li2024swiftdiffusion.html").select_one("head")
    assert preprint.select_one('meta[name="citation_arxiv_id"]')["content"] == "2407.02031"
    assert not head.select('meta[name="citation_doi"]')  # refs.bib gives no DOI: none invented


def test_paper_page_json_ld_and_content(page) -> None:
    paper = page("publications/li2024swiftdiffusion.html")
    data = json.loads(paper.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"].startswith("SwiftDiffusion")
    assert data["author"][1] == {"@type": "Person", "name": "Lingyun Yang"}
    assert data["url"] == "https://www.lingyunyang.com/publications/li2024swiftdiffusion.html"
    assert paper.select_one("article h1").get_text() == (
        "SwiftDiffusion: Efficient Diffusion Model Serving with Add-on Modules")
    assert paper.select_one(".ss-owner").get_text() == "Lingyun Yang*"
    bibtex = paper.select_one("#bibtex pre").get_text()
    assert "@misc{li2024swiftdiffusion" in bibtex and "selected" not in bibtex
    assert "equal" not in bibtex
    links = {a.get_text(): a["href"] for a in paper.select(".ss-pub__actions a")}
    assert links == {"arXiv": "https://arxiv.org/abs/2407.02031"}


def test_list_entries_reveal_bibtex_without_js_and_link_paper_pages(page) -> None:
    entry = page("publications.html").select_one("li#wang2021morphling")
    reveal = entry.select_one("details.ss-reveal")
    assert reveal.select_one("summary").get_text() == "BibTeX"
    assert reveal.select_one("div.highlight pre").get_text().startswith("@inproceedings{")
    assert entry.select_one(".ss-pub__title a")["href"] == "publications/wang2021morphling.html"


def test_abstract_badges_links_and_year_grouping(build_sandbox, sandbox: Path) -> None:
    refs = sandbox.parent / "refs.bib"
    refs.write_text(refs.read_text().replace("  equal     = {1,2},\n  selected  = {true},\n}", """\
  equal     = {1,2},
  selected  = {true},
  abstract  = {We study \\emph{fragments} of $n^2$ GPUs.},
  award     = {Best Paper},
  artifact  = {available, functional, reproduced},
  pdf       = {https://example.org/fgd.pdf},
  code      = {https://example.org/fgd},
}""", 1))
    listing = sandbox / "publications.md"
    listing.write_text(listing.read_text().replace("```{publications}", "```{publications}\n"
                                                                         ":group-by: year"))
    out = Path(build_sandbox(sandbox).outdir)
    html = BeautifulSoup((out / "publications.html").read_text(), "html.parser")
    assert [h.get_text().rstrip("¶") for h in html.select("article section section h2")] == [
        "2024", "2023", "2022", "2021"]
    entry = html.select_one("li#weng2023beware")
    assert [b.get_text() for b in entry.select(".ss-badge")] == [
        "Best Paper", "Artifacts Available", "Artifacts Functional", "Results Reproduced"]
    abstract = entry.select("details.ss-reveal")[0]
    assert abstract.select_one("summary").get_text() == "Abstract"
    assert abstract.select_one("em").get_text() == "fragments"
    assert abstract.select_one("sup").get_text() == "2"
    buttons = [a.get_text() for a in entry.select(".ss-pub__actions > a")]
    assert buttons == ["PDF", "Code"]
    bibtex = entry.select("details.ss-reveal")[1].get_text()
    assert "award" not in bibtex and "artifact" not in bibtex and "abstract" not in bibtex
    paper = BeautifulSoup((out / "publications" / "weng2023beware.html").read_text(),
                          "html.parser")
    assert paper.select_one('meta[name="citation_pdf_url"]')["content"] == (
        "https://example.org/fgd.pdf")
    assert "fragments" in paper.select_one("#abstract").get_text()
