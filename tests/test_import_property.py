"""Property: whatever a real site holds, an imported site builds and passes ``check``.

hypothesis draws al-folio, academicpages and Hugo Blox sites from a vocabulary of what the
corpus of real sites (scripts/corpus.py) showed: HTML about pages, Liquid and shortcodes with
and without an equivalent, formulas with macros of the old site, code blocks in languages
Pygments cannot lex, R Markdown chunks, rules at odd places, links to the old site's pages,
reference definitions to nowhere, footnotes, missing and present images, titles and names
full of markup characters, dates in every format seen. Each drawn site is imported with the
command a user runs, then built with ``scholarsite check`` (warnings are errors); the
importer may refuse a site only with one clear line, never a traceback.
"""

from __future__ import annotations

import subprocess
import sys

import yaml
from academicpages_fixture import PNG
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from site_files import write_files

SCHOLARSITE = [sys.executable, "-c", "from scholarsite.cli import run; run()"]

#: page text seen on real sites (each a paragraph or block)
PIECES = [
    "Plain text with *emphasis*, `code`, {curly} braces, <angle> and 50% & more.",
    "<p>HTML <b>bold</b> and <a href='/publications/'>my papers</a>, <a href='/group/'>"
    "group</a>, <a href='example.org'>a bare domain</a>.</p>",
    "<img src='/images/missing.png' alt='gone'> and <img src='/images/here.png'>",
    "![a figure](/images/here.png) ![missing](nowhere.png)",
    "{{ site.title }} {% include base_path %} {% if site.x %}maybe{% endif %}",
    "{{ '/assets/x' | relative_url }} {% cite nosuchkey %}",
    '{{< figure src="/images/here.png" caption="A *caption*" >}}',
    "{{% callout note %}}\nA callout with $x^2$.\n{{% /callout %}}",
    "{{< gallery >}} {{< youtube abc_DEF-123 >}} {{< icon name=\"x\" >}}",
    "Math $x^2$ and $\\mymacro{y}$ and $\\score_j$.",
    "Display\n$$\n\\begin{align*} a &= \\mymacro b \\\\ c &= d \\end{align*}\n$$\nafter.",
    "```{r setup}\nx <- 1\n```",
    "```toml\n+++\ntitle = 1\n+++\n```",
    "```mermaid\ngraph TD; A-->B\n```",
    "------",
    "## A heading\n\n------\n\n#### A deep heading",
    "[a relative link](relative/page) and [empty]() and [anchor](#nowhere)",
    "[a reference][x] and [another][y]\n\n[x]: #\n[y]: /post/old-post",
    "A footnote[^1].\n\n[^1]: The note.",
    "A mark before a colon[^a]:\n\n[^a]: A note with $x$.\n[^b]: A note no mark points to.",
    "A mark without a note[^missing].",
    "<script>alert(1)</script><!-- an unclosed comment",
    "<div style='color:red' onclick='x()'><span class='MsoNormal'>Word HTML</span></div>",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> A quote with a [link](/cv/).",
    "See [the slides](/files/slides.pdf ) and [a project](../../project/p0/ \"P\") and "
    "[a file beside it](./here.png).",
    "Figure <a href=\"#fig:one\">1</a> and <a href='#gone'>2</a>.\n\n"
    "<span id=\"fig:one\"></span>Figure 1",
    "{{% callout note %}}\nSee [my CV](/cv/), [old](/old/page/) and $\\mymacro{x}$.\n"
    "{{% /callout %}}",
    "```{raw} html\n<script>alert('raw')</script>\n```",
    "````{note}\nA note\n```{include} /etc/passwd\n```\n````",
    "``` \n<script>alert('fence')</script>\n````\n\n<img src=x onerror=alert('img')>",
    "<!--><script>alert('comment')</script>--> and {raw}`<script>alert('role')</script>`",
    "![accented](/images/été.png) [<svg viewBox='0 0 1 1'><path d='M0 0'/></svg>](/images/été.png)",
]
TITLE = st.text(alphabet=st.sampled_from(list("Abc xyz ÉüØ日本{}$*_#[]<>&%~^|`\\'\"")),
                min_size=1, max_size=24).filter(lambda t: any(c.isalpha() for c in t))
DATES = st.sampled_from(["2020-03-01", "1/2/2019", "07/08/2020", "14-Sep", "2018",
                         "2021-05-08T00:00:00Z", ""])
BODY = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("\n\n".join)
NAMES = st.sampled_from(["Jane Q. Doe", "Doe, Jane", "J. Doe", "Jane Doe*†", "Ana Díaz",
                         "Bob Roe", "et al.", "Ana Díaz, Bob Roe, Carl Poe"])
PAPER = st.fixed_dictionaries({"title": TITLE, "date": DATES, "body": BODY,
                               "authors": st.lists(NAMES, min_size=0, max_size=4),
                               "venue": st.sampled_from(["Ecology", "Proc. of CHI", "",
                                                         "arXiv preprint", "<i>Nature</i>"])})
SITE = st.fixed_dictionaries({"about": BODY, "papers": st.lists(PAPER, min_size=1,
                                                                max_size=3),
                              "pages": st.lists(st.tuples(TITLE, DATES, BODY), max_size=3)})


def front(data: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n"


def al_folio(site: dict) -> dict[str, str | bytes]:
    entries = "".join(
        f"@article{{p{i},\n  title = {{{paper['title'].replace('{', '').replace('}', '')}}},\n"
        f"  author = {{{' and '.join(paper['authors']) or 'Doe, Jane'}}},\n"
        f"  journal = {{{paper['venue'] or 'J'}}},\n  year = {{2020}},\n"
        f"  html = {{/publications/p{i}.html}}\n}}\n\n" for i, paper in enumerate(site["papers"]))
    files: dict[str, str | bytes] = {
        "_config.yml": "first_name: Jane\nlast_name: Doe\nscholar:\n  last_name: [Doe]\n"
                       "  first_name: [Jane, J.]\n",
        "_bibliography/papers.bib": entries,
        "_pages/about.md": front({"layout": "about"}) + site["about"],
        "images/here.png": PNG, "assets/img/here.png": PNG, "images/été.png": PNG}
    for i, (title, date, body) in enumerate(site["pages"]):
        files[f"_projects/{i}_p.md"] = front({"title": title}) + body
        files[f"_news/n{i}.md"] = front({"date": date or "2020-01-01"}) + body
    return files


def academicpages(site: dict) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "_config.yml": yaml.safe_dump({"author": {"name": "Jane Q. Doe", "bio": "Ecologist"},
                                       "url": "https://jane.example.org"}),
        "_pages/about.md": front({"permalink": "/"}) + site["about"],
        "images/here.png": PNG, "images/été.png": PNG}
    for i, paper in enumerate(site["papers"]):
        citation = ", ".join(paper["authors"]) + f' (2020). "{paper["title"]}."'
        files[f"_publications/2020-01-0{i + 1}-p{i}.md"] = front({
            "title": paper["title"], "date": paper["date"], "venue": paper["venue"],
            "citation": citation, "collection": "publications"}) + paper["body"]
    for i, (title, date, body) in enumerate(site["pages"]):
        files[f"_talks/2019-05-0{i + 1}-t{i}.md"] = front({"title": title, "date": date,
                                                          "venue": "A meeting"}) + body
        files[f"_posts/2019-05-0{i + 1}-post{i}.md"] = front({"title": title}) + body
        files[f"_portfolio/item{i}.md"] = front({"title": title, "excerpt": body[:40]}) + body
    return files


def hugo_blox(site: dict) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "config/_default/params.yaml": "x: 1\n",
        "content/authors/admin/_index.md": front({"title": "Jane Q. Doe",
                                                  "role": "Ecologist"}) + site["about"],
        "static/images/here.png": PNG, "content/post/here.png": PNG,
        "static/images/été.png": PNG}
    for i, paper in enumerate(site["papers"]):
        files[f"content/publication/p{i}/index.md"] = front({
            "title": paper["title"], "date": paper["date"] or "2020-01-01",
            "authors": ["admin", *paper["authors"]], "publication": paper["venue"],
            "publication_types": [str(i)]}) + paper["body"]
    for i, (title, date, body) in enumerate(site["pages"]):
        files[f"content/event/e{i}/index.md"] = front({"title": title, "date": date,
                                                       "event": "A meeting"}) + body
        files[f"content/post/post{i}.md"] = front({"title": title, "date": "2020-02-02"}) + body
        files[f"content/project/p{i}/index.en.md"] = front({"title": title}) + body
        files[f"content/projects/p{i}.md"] = front({"title": title, "summary": body}) + body
    return files


KINDS = {"import-al-folio": al_folio, "import-academicpages": academicpages,
         "import-hugo-blox": hugo_blox}


@settings(max_examples=24, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(KINDS)), site=SITE)
def test_an_imported_site_always_builds_and_passes_check(tmp_path_factory, kind: str,
                                                         site: dict) -> None:
    root = tmp_path_factory.mktemp("import")
    src = write_files(root / "src", KINDS[kind](site))
    done = subprocess.run([*SCHOLARSITE, kind, str(src), str(root / "site")],
                          capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    event(f"refused: {done.stderr[:60]}" if done.returncode else "imported")
    if done.returncode != 0:  # refused: one clear line naming what to do
        assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1, \
            done.stderr
        return
    checked = subprocess.run([*SCHOLARSITE, "check", "docs", "--out", str(root / "out")],
                             cwd=root / "site", capture_output=True, text=True)
    assert checked.returncode == 0, (site, checked.stdout[-3000:], checked.stderr[-3000:])
    for page in (root / "out").rglob("*.html"):  # nothing imported runs in a browser
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not [script for script in html.find_all("script") if "alert(" in script.text]
        assert not [element for element in html.find_all(True)
                    if any(name.startswith("on") for name in element.attrs)], page
    assert "root:x:0" not in "".join(p.read_text(errors="replace")
                                     for p in (root / "out").rglob("*.html"))
