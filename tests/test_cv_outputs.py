"""One CV, three outputs: the PDF and JSON Resume beside the CV page, from the same sources."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest
import typst
from bs4 import BeautifulSoup

from scholarsite.cli import main
from scholarsite.cv import pdf as cv_pdf
from scholarsite.cv.load import load_cv
from scholarsite.errors import ScholarsiteError
from scholarsite.sources import load_sources

from conftest import DOCS, REFS, ROOT

CV, _ = load_cv(DOCS / "cv.yaml")
SCHEMA = json.loads((ROOT / "tests" / "data" / "jsonresume-schema-1.3.1.json").read_text())
SPECIALS = '# $ * _ @ < > \\ ~ [ ] " `'


def pdf_text(path: Path) -> str:
    """The PDF's text without the page footers ("1 / 3") that split entries across pages."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"(?m)^\s*\d+\s*/\s*\d+\s*$", "", text)


def pdf_info(path: Path, *flags: str) -> str:
    return subprocess.run(["pdfinfo", *flags, str(path)], capture_output=True,
                          text=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("’", "'"))


def site_sources():
    return load_sources(DOCS, {"bibtex_bibfiles": ["../refs.bib"],
                              "scholarsite_author_aliases": ["L. Yang", "Yang, Lingyun"]})


def test_build_writes_pdf_and_json_linked_from_cv_and_home(site: Path, page) -> None:
    assert (site / "cv.pdf").stat().st_size > 10_000
    assert (site / "cv.pdf").stat().st_mode & 0o044 == 0o044  # readable by a web server
    for name in ("cv.html", "index.html"):
        hrefs = {a["href"] for a in page(name).select(".ss-downloads a, .ss-actions a")}
        assert "cv.pdf" in hrefs
    assert "cv.json" in {a["href"] for a in page("cv.html").select(".ss-downloads a")}


def test_pdf_is_the_cv(site: Path) -> None:
    pdf = site / "cv.pdf"
    text = pdf_text(pdf)
    info = pdf_info(pdf)
    assert re.search(r"Title:\s+Curriculum Vitae of Lingyun Yang", info)
    assert re.search(r"Author:\s+Lingyun Yang", info)
    assert 1 <= int(re.search(r"Pages:\s+(\d+)", info)[1]) <= 3
    assert "杨凌云" in text
    headings = ["RESEARCH INTERESTS", "EDUCATION", "PROFESSIONAL EXPERIENCE", "PUBLICATIONS",
                "HONORS AND SCHOLARSHIPS", "ACADEMIC SERVICES", "TEACHING ACTIVITIES",
                "OTHER EXPERIENCE", "SKILLS", "LANGUAGES", "MISCELLANEOUS"]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    flat = squash(text)
    for label in ("[C3]", "[C2]", "[C1]", "[P1]"):
        assert label in text
    assert squash("Qizhen Weng*, Lingyun Yang*, Yinghao Yu") in flat
    assert squash("* denotes co-first authors") in flat
    for honor in CV.honors:
        assert squash(honor.title) in flat
    assert re.sub(r"\D", "", CV.identity.phone) not in re.sub(r"\D", "", text)
    urls = pdf_info(pdf, "-url")
    assert "https://github.com/mental2008" in urls
    assert "https://arxiv.org/abs/2407.02031" in urls


def test_pdf_bytes_are_reproducible(tmp_path: Path, monkeypatch) -> None:
    data = site_sources()
    first = cv_pdf.compile_pdf(data, tmp_path / "a.pdf").read_bytes()
    second = cv_pdf.compile_pdf(data, tmp_path / "b.pdf").read_bytes()
    assert first == second
    assert "Updated July 23, 2024" in pdf_text(tmp_path / "a.pdf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    dated = cv_pdf.compile_pdf(data, tmp_path / "c.pdf")
    assert "Updated January 1, 2025" in pdf_text(dated)
    assert dated.read_bytes() == cv_pdf.compile_pdf(data, tmp_path / "d.pdf").read_bytes()


def test_phone_only_when_owner_opts_in(tmp_path: Path) -> None:
    data = site_sources()
    text = pdf_text(cv_pdf.compile_pdf(data, tmp_path / "cv.pdf", show_phone=True))
    assert CV.identity.phone in text


def test_typst_specials_print_literally_from_cv_and_bib(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    cv_text = (DOCS / "cv.yaml").read_text()
    cv_text = cv_text.replace("{title: National Scholarship,",
                              "{title: " + json.dumps("National " + SPECIALS) + ",")
    cv_text = cv_text.replace("  office: BDI 101, UC, HKUST",
                              "  office: " + json.dumps("Room " + SPECIALS))
    (tmp_path / "docs" / "cv.yaml").write_text(cv_text)
    bib = REFS.read_text().replace(
        "title     = {Beware of Fragmentation:",
        "title     = {Specials \\# \\$ * \\_ @ < > [ ] \\textbackslash{} \\textasciitilde{} "
        "\"q\" ` Beware of Fragmentation:")
    (tmp_path / "refs.bib").write_text(bib)
    data = load_sources(tmp_path / "docs", {"bibtex_bibfiles": ["../refs.bib"]})
    text = pdf_text(cv_pdf.compile_pdf(data, tmp_path / "cv.pdf"))
    flat = re.sub(r"\s+", " ", text)
    assert "National " + SPECIALS in flat
    assert "Room " + SPECIALS in flat
    assert 'Specials # $ * _ @ < > [ ] \\ ~ "q" ` Beware' in flat


def test_typst_error_names_the_cv_field_and_leaves_no_pdf(tmp_path: Path, monkeypatch) -> None:
    source = cv_pdf.typst_source(site_sources())
    broken = source.replace("// cv: honors[3]\n", "// cv: honors[3]\n  #nonexistent-function(),\n")
    assert broken != source
    with pytest.raises(typst.TypstError) as info:
        typst.compile(broken.encode())
    assert "CV field honors[3]" in cv_pdf._explain(broken, info.value)
    out = tmp_path / "cv.pdf"
    monkeypatch.setattr(cv_pdf, "typst_source", lambda *args, **kwargs: broken)
    with pytest.raises(ScholarsiteError, match=r"CV field honors\[3\]"):
        cv_pdf.compile_pdf(site_sources(), out)
    assert list(tmp_path.iterdir()) == []


def test_cv_pdf_command_with_paper_size(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert main(["cv-pdf", str(DOCS), "--out", str(out), "--paper", "us-letter"]) == 0
    assert "612 x 792 pts (letter)" in pdf_info(out)
    assert main(["cv-pdf", str(DOCS), "--out", str(tmp_path / "a4.pdf")]) == 0
    assert "(A4)" in pdf_info(tmp_path / "a4.pdf")


def test_json_resume_is_valid_and_complete(site: Path) -> None:
    document = json.loads((site / "cv.json").read_text())
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
        document)
    assert document["basics"]["name"] == CV.identity.name
    assert [a["title"] for a in document["awards"]] == [h.title for h in CV.honors]
    assert len(document["publications"]) == 4
    assert [v["position"] for v in document["volunteer"]] == [s.role for s in CV.services]
    assert [e["studyType"] for e in document["education"]] == [e.degree for e in CV.education]
    assert "email" not in document["basics"] and "phone" not in document["basics"]
    assert {p["network"] for p in document["basics"]["profiles"]} >= {"GitHub", "LinkedIn"}


def test_one_change_in_each_source_reaches_all_three_outputs(build_sandbox,
                                                            sandbox: Path) -> None:
    refs = sandbox.parent / "refs.bib"
    refs.write_text(refs.read_text().replace("Workload Management in {Alibaba} Clusters",
                                             "Cluster Workloads Revisited at {Alibaba}"))
    cv_file = sandbox / "cv.yaml"
    cv_file.write_text(cv_file.read_text().replace("National Scholarship",
                                                   "National Excellence Scholarship"))
    out = Path(build_sandbox(sandbox).outdir)
    page = squash(BeautifulSoup((out / "cv.html").read_text(), "html.parser").get_text())
    pdf = squash(pdf_text(out / "cv.pdf"))
    resume = json.loads((out / "cv.json").read_text())
    for changed in ("Cluster Workloads Revisited at Alibaba", "National Excellence Scholarship"):
        assert squash(changed) in page
        assert squash(changed) in pdf
    assert any(p["name"].startswith("Cluster Workloads Revisited at Alibaba:")
               for p in resume["publications"])
    assert "National Excellence Scholarship" in {a["title"] for a in resume["awards"]}


def test_pdf_is_typeset_again_only_when_its_source_or_file_changed(sandbox: Path,
                                                                   build_sandbox) -> None:
    out = Path(build_sandbox(sandbox).outdir)
    pdf = out / "cv.pdf"
    typeset = pdf.stat().st_mtime_ns
    (sandbox / "notes" / "morphling.md").write_text(
        (sandbox / "notes" / "morphling.md").read_text(encoding="utf-8") + "\nMore.\n",
        encoding="utf-8")
    build_sandbox(sandbox)
    assert pdf.stat().st_mtime_ns == typeset  # a note edit leaves the CV as it was
    cv = sandbox / "cv.yaml"
    cv.write_text(cv.read_text(encoding="utf-8").replace("Ph.D. Candidate", "Ph.D. Student"),
                  encoding="utf-8")
    build_sandbox(sandbox)
    assert "Ph.D. Student" in pdf_text(pdf)
    pdf.write_bytes(b"damaged")
    build_sandbox(sandbox)
    assert "Ph.D. Student" in pdf_text(pdf)  # a file not as the last build left it
