"""The guard over imported pages (importers/guard.py), judged by the parsers that matter:
MyST's own markdown-it set-up for what the build would run, and the built HTML.

Hand-picked bypasses of the first round (fences closed by longer ones, unequal backtick
runs, ``<!-->``, directives inside callouts, roles, substitutions) and hypothesis mixing
them with ordinary Markdown: whatever comes in, what goes out holds no directive, role, raw
HTML, link or image the build would run, read a file with or leave the site by.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite.importers.guard import _PARSER, DIRECTIVES, ROLES, _html_clean, _site_file, guard
from scholarsite.importers.report import Report
from scholarsite.urls import is_safe_url


def _is_inside(target: str, here: str) -> bool:
    return _site_file(target, here) is not None


BYPASSES = [
    "```{raw} html\n<script>alert(1)</script>\n```",
    "```{include} /etc/passwd\n```",
    "```{literalinclude} ../../../../etc/passwd\n```",
    ":::{raw} html\n<script>1</script>\n:::",
    "````{note}\nA note\n```{raw} html\n<img src=x onerror=alert(1)>\n```\n````",
    "```{tab-set}\n````{tab-item} A\n```{include} ~/.ssh/id_rsa\n```\n````\n```",
    "```{eval-rst}\n.. raw:: html\n\n   <script>x</script>\n```",
    "```{csv-table} T\n:file: /etc/passwd\n```",
    "```{figure} ../../../../etc/passwd\nA caption\n```",
    "```{image} /../../etc/hosts\n```",
    "```\n<script>a</script>\n````\n\n<script>b</script>",
    "``` `x` ``\n<script>c</script>",
    "`` `code` ``<script>d</script>",
    "\\`<script>e</script>\\`",
    "<!--><script>alert(1)</script>-->",
    "<!--->\n<img src=x onerror=alert(2)>",
    "<!-- a --!><script>x</script>",
    "<div>\n<script>f</script>\n</div>",
    "Text <img src=x onerror=alert(3)> more",
    "<a href='javascript:alert(4)'>x</a>",
    "<svg><script>g</script></svg>",
    "A {raw}`<script>h</script>` role",
    "{download}`secret <../../../../etc/passwd>`",
    "{eval-rst}`:raw-html:`<script>i</script>``",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "[x](javascript:alert(5)) [y](vbscript:z) [z](data:text/html,<script>j</script>)",
    "![y](../../../../etc/passwd) ![z](file:///etc/passwd)",
    "<details><summary>s</summary><iframe src='https://evil.example'></iframe></details>",
    "   ```{raw} html\n   <script>k</script>\n   ```",
    "> ```{raw} html\n> <script>l</script>\n> ```",
    "- item\n\n  ```{include} /etc/passwd\n  ```",
    "~~~{raw} html\n<script>m</script>\n~~~",
]
ORDINARY = [
    "Plain *text* with `code`, [a link](https://example.org) and <b>bold</b>.",
    "```python\nprint('<script>n</script>')\n```",
    "```{note}\nA note with [a link](/cv.md).\n```",
    "![a figure](images/x.png)",
    "{cite:p}`doe2020` and $x^2$",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- one\n- two",
    "Hugo's summary mark\n\n<!--more-->\n\nand a <!-- note to self --> comment",
    "",
]


def live(body: str, here: str = ".") -> list[str]:
    """What the build would run in ``body``, as MyST parses it (allowed directives' contents
    parsed too, as MyST does)."""
    found = []
    for token in _PARSER.parse(body):
        if token.type in {"fence", "colon_fence"} and token.info.strip().startswith("{"):
            name = re.match(r"\{([^}]*)\}\s*(.*)", token.info.strip())
            if name is None or name[1] not in DIRECTIVES:
                found.append(f"directive {token.info}")
            elif name[1] in {"figure", "image"} and not _is_inside(name[2], here):
                found.append(f"file {name[2]}")
            elif name[1] not in {"math", "code", "code-block", "sourcecode"}:
                found += live(token.content, here)
        if token.type in {"html_block", "substitution_block"} and (
                token.type == "substitution_block" or not _html_clean(token.content)):
            found.append(f"html {token.content}")
        for child in token.children or []:
            if child.type == "myst_role" and child.meta.get("name") not in ROLES:
                found.append(f"role {child.meta.get('name')}")
            target = re.sub(r"^.*<(.*)>\s*$", r"\1", child.content, flags=re.S)
            if child.type == "myst_role" and child.meta.get("name") == "download" and \
                    not _is_inside(target, here):
                found.append(f"download {target}")
            if child.type in {"html_inline", "substitution_inline"} and (
                    child.type == "substitution_inline" or not _html_clean(child.content)):
                found.append(f"html {child.content}")
            if child.type == "link_open" and not is_safe_url(str(child.attrs["href"])):
                found.append(f"link {child.attrs['href']}")
            if child.type == "image" and not (_is_inside(str(child.attrs["src"]), here) or
                                              str(child.attrs["src"]).startswith("https://")):
                found.append(f"image {child.attrs['src']}")
    return found


@pytest.mark.parametrize("body", BYPASSES)
def test_each_bypass_is_live_before_and_shown_as_text_after(body: str) -> None:
    assert live(body), "the case no longer tests anything"
    report = Report()
    out = guard(Path("page.md"), 10, body, report)
    assert live(out) == []
    assert report.skipped and all(re.match(r"page\.md:1\d: ", line) for line in report.skipped)
    # nothing is lost: every line written is still there, as text
    assert all(line.strip() in out for line in body.split("\n"))


@pytest.mark.parametrize("body", ORDINARY)
def test_ordinary_markdown_passes_untouched(body: str) -> None:
    report = Report()
    assert guard(Path("page.md"), 0, body, report) == body and not report.skipped


def test_files_stay_inside_the_root_the_page_is_in() -> None:
    body = "![a](../assets/x.png)"
    assert guard(Path("p.md"), 0, body, Report(), here="space/sub") == body
    assert guard(Path("p.md"), 0, body, Report(), here=".") != body


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(BYPASSES + ORDINARY), min_size=1, max_size=6),
       st.sampled_from(["\n\n", "\n", "\n> ", "\n- ", "\n   "]))
def test_whatever_is_mixed_nothing_live_is_left(pieces: list[str], joint: str) -> None:
    body = joint.join(pieces)
    out = guard(Path("page.md"), 0, body, Report())
    assert live(out) == [], out
    # a second judge: the HTML markdown-it writes (raw HTML passed through as a browser
    # gets it), parsed as a browser would: no script, frame, event handler or script URL
    for element in BeautifulSoup(_PARSER.render(out), "html.parser").find_all(True):
        assert element.name not in {"script", "iframe", "svg", "object", "embed"}, out
        for name, value in element.attrs.items():
            assert not name.startswith("on"), out
            if name in {"href", "src"}:
                assert is_safe_url(str(value)), out


@pytest.mark.parametrize(("body", "expected"), [
    ("# Title <script>x</script>", "# Title \\<script\\>x\\<\\/script\\>"),
    ("Title {raw}`y`\n===", "# Title \\{raw\\}\\`y\\`"),
    ("> ## q <b onclick=1>x</b>", "> ## q \\<b onclick\\=1\\>x\\<\\/b\\>"),
])
def test_a_heading_stays_a_heading_with_its_markup_as_text(body: str, expected: str) -> None:
    report = Report()
    out = guard(Path("p.md"), 0, body, report)
    assert out == expected and report.skipped
    heading = BeautifulSoup(_PARSER.render(out), "html.parser").find(re.compile(r"h\d"))
    assert heading is not None and heading.find(True) is None  # text alone


def test_a_figure_or_download_of_a_file_the_site_lacks_is_text() -> None:
    body = "```{figure} images/x.png\nA caption\n```\n\n{download}`slides <files/s.pdf>`"
    assert guard(Path("p.md"), 0, body, Report(), exists=lambda where: True) == body
    report = Report()
    out = guard(Path("p.md"), 0, body, report, exists=lambda where: where == "images/x.png")
    assert out.startswith("```{figure}") and "```text\n{download}" in out
    assert "'files/s.pdf', a file that was not found" in report.skipped[0]


def test_an_emptied_callout_is_left_out_not_shown_empty() -> None:
    report = Report()
    assert guard(Path("p.md"), 0, "a\n\n```{note}\n\n```\n\nb", report) == "a\n\n\nb"
    assert "empty {note}" in report.skipped[0]
