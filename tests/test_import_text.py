"""Text of imported pages that the reader would otherwise see as raw markup: kramdown's
inline ``$$x$$``, shortcodes and Markdown in one-line front-matter texts, links in plain
text (found by scanning the 63 built corpus sites for raw markup)."""

from __future__ import annotations

from pathlib import Path

from scholarsite.importers.bibtex import plain
from scholarsite.importers.mathcode import plain_math_and_code
from scholarsite.importers.report import Report
from scholarsite.importers.site import Site
from scholarsite.importers.templating import shortcodes


def test_kramdown_inline_math_becomes_inline_math() -> None:
    body = "let $$(x_i,y_i)$$ be **data** of size $$n$$.\n\n$$\nx^2\n$$\n\n$$y$$"
    out = plain_math_and_code(Path("p.md"), 0, body, Report())
    assert out.startswith("let $(x_i,y_i)$ be **data** of size $n$.")
    assert "$$\nx^2\n$$" in out and "$$y$$" in out  # display math stays display


def test_a_front_matter_line_keeps_math_and_drops_markup() -> None:
    site = Site(Path("."), Report(), markup=shortcodes)
    line = site.line(Path("p.md"), "Aspect ratio {{< math >}}$\\chi = r_i/r_o${{< /math >}}, "
                                   "*bold* <b>x</b> [a link](https://a.example) $\\nomacro$")
    assert line == "Aspect ratio $\\chi = r_i/r_o$, bold x a link \\$\\\\nomacro\\$"


def test_plain_text_keeps_a_link_s_text() -> None:
    assert plain("In [the Tribune](https://example.org/x \"T\") and ![img](x.png)") == \
        "In the Tribune and ![img](x.png)"
