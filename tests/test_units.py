"""Small pieces on their own: names, URLs, inline markup, dates, the link checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import Person

from scholarsite.bib.names import OwnerMatcher
from scholarsite.bib.tex import to_text
from scholarsite.cv.schema import PartialDate, _parse_date
from scholarsite.links import check_site
from scholarsite.markup import inline_html, plain_text
from scholarsite.urls import is_safe_url


@pytest.mark.parametrize(("name", "expected"), [
    ("Yang, Lingyun", True), ("Lingyun Yang", True), ("L. Yang", True), ("Yang, L.", True),
    ("{L}ingyun Yang", True), ("Yang, {L}ingyun", True), ("LINGYUN YANG", True),
    ("Guodong Yang", False), ("Lingyun Yan", False), ("Yang, Lingyun Z.", False),
])
def test_owner_name_forms(name: str, expected: bool) -> None:
    assert OwnerMatcher(["Lingyun Yang", "L. Yang"]).matches(Person(name)) is expected


def test_owner_accents_fold() -> None:
    assert OwnerMatcher(["Jose Muller"]).matches(Person(r"M{\"u}ller, Jos{\'e}"))


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/x", True), ("http://example.org", True), ("mailto:a@b.org", True),
    ("../cv.html#top", True), ("#anchor", True), ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False), ("data:text/html,x", False), ("//evil.example", False),
    ("java\tscript:x", False), ("file:///etc/passwd", False), ("", False),
])
def test_url_policy(url: str, ok: bool) -> None:
    assert is_safe_url(url) is ok


def test_inline_markdown_escapes_html_and_drops_unsafe_links() -> None:
    html = inline_html("*a* **b** <script>x</script> [c](javascript:alert(1)) <https://e.org/>")
    assert "<em>a</em>" in html and "<strong>b</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://e.org/">https://e.org/</a>' in html
    assert plain_text("*ParaSet*, a **best-effort** workload") == "ParaSet, a best-effort workload"


@pytest.mark.parametrize(("raw", "text"), [
    (2020, "2020"), ("2019-09", "Sept. 2019"), ("2020-12", "Dec. 2020"),
])
def test_partial_dates_print_like_the_cv(raw: object, text: str) -> None:
    assert str(_parse_date(raw)) == text


@pytest.mark.parametrize("raw", ["2020-13", "soon", "20", True])
def test_bad_dates_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        _parse_date(raw)


def test_partial_dates_order() -> None:
    assert PartialDate(2019, 5) < PartialDate(2019, 10) < PartialDate(2020)


@pytest.mark.parametrize(("tex", "text"), [
    (r"Beware of {GPU}-Sharing", "Beware of GPU-Sharing"),
    (r"M{\"u}ller \& Sons -- 1999", "Müller & Sons – 1999"),
    ("ATC '23", "ATC ’23"),
])
def test_tex_to_text(tex: str, text: str) -> None:
    assert to_text(tex) == text


def test_link_checker_finds_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="b.html#gone">x</a><a href="c.html">x</a>'
        '<a href="https://example.org/">ext</a><a id="top" href="#top">self</a>')
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>')
    broken = [(str(link.page), link.url) for link in check_site(tmp_path)]
    assert broken == [("a.html", "b.html#gone"), ("a.html", "c.html")]
