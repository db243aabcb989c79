"""Math is MathML written at build time: every form the notes use renders in a browser with
the network blocked, nothing is fetched from a CDN, hostile TeX stays inert, and a formula
that cannot be converted is named by page and line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from sphinx.cmd.build import build_main

from browser import launch, serve
from fixture_site import write_site
from scholarsite.sphinx.mathml import MathError, to_mathml

FORMS = {
    "inline": r"$a^2 + b_{i,j}'$",
    "aligned": "$$\n\\begin{aligned} a &= \\mathbb{R}^{n} \\\\ b &= \\text{two words} "
               "\\end{aligned}\n$$",
    "cases": "$$\nf(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}\n$$",
    "left-right": r"$\left( \frac{a}{b} \right)$",
    "operatorname": r"$\operatorname{argmax}_x f(x)$",
    "sum": r"$\sum_{i=1}^{n} x_i \leq \mathcal{O}(n \log n)$",
    "labelled": "```{math}\n:label: eq-energy\nE = mc^2\n```",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("math")
    docs = write_site(root)
    body = "\n\n".join(f"Form {name}: {tex}" if tex.startswith("$") and "\n" not in tex
                       else f"Form {name}:\n\n{tex}" for name, tex in FORMS.items())
    (docs / "notes" / "math.md").write_text(
        "---\npaper: doe2020read\n---\n\n# Math heavy\n\n" + body +
        "\n\nSee {eq}`eq-energy`.\n")
    out = root / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    return out


def test_every_form_is_mathml_with_its_tex(built: Path) -> None:
    page = BeautifulSoup((built / "notes" / "math.html").read_text(), "html.parser")
    maths = page.select("article math")
    assert len(maths) == len(FORMS)
    sources = [m.select_one("annotation").get_text() for m in maths]
    assert any(r"\mathbb{R}" in s for s in sources) and any("cases" in s for s in sources)
    assert all(m.find(["mi", "mn", "mo", "mtext"]) for m in maths)
    assert page.select_one("div.math#equation-eq-energy .eqno").get_text().startswith("(1)")
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert not any("mathjax" in src.lower() or "//" in src for src in scripts), scripts
    assert r"\(" not in page.select_one("article").get_text()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch() as chromium:
        yield chromium


def test_formulas_render_with_the_network_blocked(built: Path, browser: Browser) -> None:
    with serve(built) as base:
        context = browser.new_context()
        requests: list[str] = []
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"),
                      lambda route: (requests.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(base + "notes/math.html", wait_until="load")
        boxes = page.locator("article math").evaluate_all(
            "ms => ms.map(m => { const r = m.getBoundingClientRect(); "
            "return [r.width, r.height, m.querySelector('annotation').getBoundingClientRect()"
            ".width]; })")
        context.close()
    assert requests == []  # nothing outside the site was even asked for
    assert len(boxes) == len(FORMS)
    for width, height, annotation in boxes:  # laid out as math; the TeX itself is not shown
        assert width > 5 and height > 5 and annotation == 0


@pytest.mark.parametrize("tex", [r"\text{<script>alert(1)</script>}",
                                 r"\href{javascript:alert(1)}{x}", r"a < b \& c"])
def test_hostile_tex_stays_inert(tex: str) -> None:
    html = to_mathml(tex, display=False)
    assert "<script" not in html and "javascript:" not in html.replace(
        "<annotation encoding=\"application/x-tex\">" + tex.replace("&", "&amp;").replace(
            "<", "&lt;").replace(">", "&gt;"), "")
    assert "href" not in re.sub(r"<annotation.*?</annotation>", "", html)


def test_unconvertible_formula_is_named(tmp_path: Path, failing_build) -> None:
    with pytest.raises(MathError, match="unknown command"):
        to_mathml(r"\notacommand{x}", display=False)
    docs = write_site(tmp_path)
    (docs / "notes" / "bad.md").write_text("---\npaper: doe2020read\n---\n\n# Bad\n\n"
                                           "Text $\\notacommand{x}$ here.\n")
    out = tmp_path / "html"
    status = build_main(["-q", "-W", "-b", "html", str(docs), str(out)])
    assert status != 0
