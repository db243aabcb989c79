"""Publications on the built site: paper pages, Scholar tags, JSON-LD, reveals, badges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def test_citation_lists_written_early_equal_what_docutils_writes(sandbox: Path, tmp_path: Path,
                                                                 monkeypatch) -> None:
    """Citation lists are written to HTML right after they are made (a references page of
    thousands stays a small doctree): every page and the search index are byte for byte what
    docutils' own visitors write, with same-page back-references, another pybtex style's web
    links, and a citation that keeps its nodes (a link that is not http) between others; and
    again when the citations' HTML comes from the last build."""
    from io import StringIO

    from docutils import nodes
    from sphinx.testing.util import SphinxTestApp

    from scholarsite.build import citation_html
    from scholarsite.sphinx import citation_markup
    from scholarsite.sphinx.citation_markup import CitationListHTML

    refs = sandbox.parent / "refs.bib"
    refs.write_text(refs.read_text(encoding="utf-8") + """
@article{web2019, author = {Roe, Rick and {\\"O}z, Ay}, title = {On {Webs} \\& Links},
  journal = {J. Webs}, year = 2019, url = {https://example.org/webs?a=1&b=2},
  doi = {10.1000/webs}}
@misc{odd2018, author = {Poe, Pat}, title = {Odd}, year = 2018, url = {ftp://example.org/odd}}
@misc{last2017, author = {Zed, Zoe}, title = {Last <b>}, year = 2017}
""", encoding="utf-8")
    (sandbox / "cites.md").write_text("""# Cites

Twice {cite:p}`web2019`, then {cite:p}`web2019` and {cite:t}`wang2021morphling`.

```{bibliography}
:filter: docname in docnames
```

## Every entry, plain

```{bibliography}
:all:
:style: plain
:keyprefix: p-
```
""", encoding="utf-8")
    index = sandbox / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n```{toctree}\n:hidden:\n\ncites\n```\n",
                     encoding="utf-8")
    pages, left = {}, {}
    for early in (True, False):
        app = SphinxTestApp("html", srcdir=sandbox, builddir=tmp_path / f"build-{early}",
                            warning=StringIO())
        try:
            if not early:
                app.registry.post_transforms.remove(CitationListHTML)
            app.connect("doctree-resolved", lambda _, doctree, docname, early=early:
                        left.__setitem__((early, docname),
                                         len(list(doctree.findall(nodes.citation)))))
            app.build()
            pages[early] = {path.relative_to(app.outdir).as_posix(): path.read_bytes()
                            for path in app.outdir.rglob("*")
                            if path.suffix in {".html", ".js"} and "_static" not in path.parts}
        finally:
            app.cleanup()
    # every page written again by a new process, from the citations' HTML kept by the first
    assert (tmp_path / "build-True" / "doctrees" / citation_html.STORE).is_file()
    again = SphinxTestApp("html", srcdir=sandbox, builddir=tmp_path / "build-True",
                          warning=StringIO())
    written = []
    monkeypatch.setattr(citation_markup, "_written",
                        lambda *args: written.append(args) or pytest.fail("not kept"))
    try:
        again.build(force_all=True)
        assert written == []
        assert pages[True] == {name: (again.outdir / name).read_bytes() for name in pages[True]}
    finally:
        again.cleanup()
    assert left[False, "cites"] == 3 + 6 and left[False, "references"] >= 3
    assert left[True, "references"] == 0 and left[True, "cites"] == 1  # the ftp one
    assert pages[True].keys() == pages[False].keys()
    for name in pages[True]:
        assert pages[True][name] == pages[False][name], name
    cites = BeautifulSoup(pages[True]["cites.html"], "html.parser")
    assert len(cites.select('div[role="list"] > div.citation[role="listitem"]')) == 9
    assert cites.select_one("#cite-web2019 .backrefs") is not None  # cited twice here
    assert cites.select_one('a[href="https://example.org/webs?a=1&b=2"]') is not None


def test_kept_citation_html_is_dropped_when_the_writer_changes(tmp_path: Path) -> None:
    """HTML kept under one key (translator, versions, this package, configuration) is not
    given to a build with another: after an upgrade every citation is written afresh."""
    from scholarsite.build.citation_html import CitationHTML

    store = tmp_path / "kept.pickle"
    kept = CitationHTML(store, "writer 1")
    kept.put(b"shape", "<div>old</div>", "old")
    kept.save()
    assert CitationHTML(store, "writer 1").get(b"shape") == ("<div>old</div>", "old")
    assert CitationHTML(store, "writer 2").get(b"shape") is None
