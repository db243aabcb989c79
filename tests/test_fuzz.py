"""Fuzzing (hypothesis) of the code that reads untrusted text: the TeX reader, owner name
matching, the URL policy, the BibTeX chunker and the GitBook converter. Each property is run
on a fixed budget of generated inputs, the same on every run (``derandomize``)."""

from __future__ import annotations

import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import Person
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError

from scholarsite.bib.chunks import parse_reusing
from scholarsite.bib.names import OwnerMatcher
from scholarsite.bib.tex import MacroError, TeX
from scholarsite.errors import ScholarsiteError
from scholarsite.importers.gitbook import import_gitbook
from scholarsite.importers.raw_html import ATTRIBUTES, TAGS
from scholarsite.urls import is_safe_url

FUZZ = settings(max_examples=300, deadline=None, derandomize=True)
SLOW = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


def pieces(*tokens: str, size: int = 40) -> st.SearchStrategy[str]:
    """Strings made of the given tokens and single characters: denser in the constructs that
    matter than random text."""
    return st.lists(st.sampled_from(tokens) | st.characters(codec="utf-8"),
                    max_size=size).map("".join)


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


# ---------------------------------------------------------------- TeX reader

TEX = pieces("\\emph{", "\\textbf{", "\\'", "\\\"", "\\c ", "\\url{", "\\href{", "\\frac",
             "\\sqrt", "\\mathbb{", "\\unknown", "\\\\", "\\$", "$", "{", "}", "^", "_", "~",
             "--", "``", "''", "<script>", "&amp;", "\x01", "é", "\\ss", "\\i", " ", "a")


@FUZZ
@given(TEX)
def test_tex_reader_never_emits_raw_html_or_a_macro(value: str) -> None:
    tex = TeX()
    html = str(tex.html(value))
    allowed = {"em", "strong", "sup", "sub", "code", "span"}
    assert {tag for tag, _ in _Tags(html).tags} <= allowed
    text = tex.text(value)
    for out in (html, text):
        assert not re.search(r"\\[A-Za-z]", out), out
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out), out


@SLOW
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 2),
                          pieces("\\a", "\\b", "\\c", "\\d", "#1", "#2", "{", "}", "x", size=8)),
                max_size=6), TEX)
def test_tex_macros_expand_boundedly_or_are_refused(macros, value: str) -> None:
    preamble = "".join(f"\\newcommand{{\\{name}}}[{count}]{{{body}}}"
                       for name, count, body in macros)
    try:
        tex = TeX.from_preamble(preamble)
    except MacroError:
        return
    html = str(tex.html(value + "".join(f"\\{name}{{1}}{{2}}" for name, _, _ in macros)))
    assert len(html) < 200_000
    assert {tag for tag, _ in _Tags(html).tags} <= {"em", "strong", "sup", "sub", "code",
                                                     "span"}


# ---------------------------------------------------------------- names

NAME = st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=2, max_size=8)


@FUZZ
@given(NAME, NAME)
def test_owner_matches_every_form_of_their_name(first: str, last: str) -> None:
    first, last = first.capitalize(), last.capitalize()
    owner = OwnerMatcher([f"{first} {last}"])
    for form in (f"{first} {last}", f"{last}, {first}", f"{first[0]}. {last}",
                 f"{{{first}}} {{{last}}}"):
        assert owner.matches(Person(form)), form


@FUZZ
@given(pieces("{", "}", ",", " and ", "\\'", "~", ".", "-", "von ", "Jr", "others", " ", "a"),
       pieces("{", "}", ",", " ", "\\\"", "A", "b", size=12))
def test_name_matching_never_raises(name: str, alias: str) -> None:
    try:
        person, owner = Person(name), OwnerMatcher([alias or "A B"])
    except PybtexError:
        return  # pybtex refuses the name itself; the loader reports that with its line
    assert isinstance(owner.matches(person), bool)


# ---------------------------------------------------------------- URL policy

def browser_view(url: str) -> str:
    """How a browser reads an href (WHATWG URL parsing, in the parts that matter here):
    leading/trailing C0 controls and spaces stripped, tabs and newlines removed anywhere,
    backslashes read as slashes."""
    url = url.strip("".join(map(chr, range(0x21))))
    return re.sub(r"[\t\n\r]", "", url).replace("\\", "/")


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(pieces("javascript:", "JaVaScRiPt:", "data:", "vbscript:", "file:", "http:", "https:",
              "mailto:", "//", "\\\\", "/\\", "\\/", "\t", "\n", "\x00", " ", ":", "/", "&#58;",
              "%3a", "evil.example", "a", size=10))
def test_url_policy_lets_nothing_leave_or_run(url: str) -> None:
    if not is_safe_url(url):
        return
    seen = browser_view(url)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", seen)
    assert scheme is None or scheme[1].lower() in {"http", "https", "mailto"}, url
    assert not seen.startswith("//"), url


# ---------------------------------------------------------------- BibTeX chunker

KEY = st.text(alphabet="abcdefgh0123456789:-_", min_size=1, max_size=8)
VALUE = pieces("{", "}", "@", "@misc{", "\"", "#", "\\'e", "word", " ", "\n", size=12)


def _balanced(value: str) -> str:
    depth, out = 0, []
    for char in value:
        if char == "}" and depth == 0:
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char)
    return "".join(out) + "}" * depth


@st.composite
def bib_files(draw) -> list[str]:
    keys = draw(st.lists(KEY, min_size=1, max_size=8, unique_by=str.lower))
    commands = []
    if draw(st.booleans()):
        commands.append('@string{venue = "Conf"}')
    for key in keys:
        title = _balanced(draw(VALUE)).replace("\"", "")
        venue = " # venue" if commands and draw(st.booleans()) else ""
        commands.append(f"@misc{{{key},\n  title = {{{title}}}{venue and ','}"
                        f"{'  note = {x}' + venue if venue else ''}\n}}")
        if draw(st.booleans()):
            commands.append("@comment{ a comment @with braces {} }")
    split = draw(st.integers(0, len(commands)))
    return ["\n\n".join(commands[:split]), "\n".join(commands[split:])]


def _entries(data) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [(key, entry.type, sorted(entry.fields.items()))
            for key, entry in data.entries.items()]


@SLOW
@given(bib_files(), st.data())
def test_chunked_parse_equals_pybtex_before_and_after_an_edit(files: list[str], data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = tuple(Path(folder) / f"{n}.bib" for n in range(len(files)))
        for path, text in zip(paths, files):
            path.write_text(text, encoding="utf-8")

        def whole():
            parser = Parser(encoding="UTF-8")
            for path in paths:
                parser.parse_file(str(path))
            return parser.data

        try:
            expected = whole()
        except PybtexError:
            assert parse_reusing(paths, {}, {}) is None
            return
        first: dict = {}
        assert _entries(parse_reusing(paths, {}, first)) == _entries(expected)
        target = data.draw(st.sampled_from(paths))
        target.write_text(target.read_text() + "\n@misc{added, title = {New}}\n")
        try:
            expected = whole()
        except PybtexError:
            return
        again = parse_reusing(paths, first, {})
        assert again is not None and _entries(again) == _entries(expected)


# ---------------------------------------------------------------- GitBook converter

PAGE = pieces('{% hint style="info" %}', "{% endhint %}", "{% tabs %}", "{% endtabs %}",
              '{% tab title="T" %}', "{% endtab %}", '{% embed url="javascript:x" %}',
              '{% embed url="https://e.org" %}', "$$", "$$x^2$$", "\\[", "\\]", "<script>",
              "</script>", '<img src="x" onerror="alert(1)">', '<a href="javascript:x">',
              "<figure>", "</figure>", "<iframe>", "![i](../../../etc/passwd)",
              "[l](javascript:alert(1))", "[p](b.md)", "```\n", "`", "\n", "# ", "---\n",
              "description: #tag\n", " ", "a", size=30)


@SLOW
@given(PAGE, PAGE)
def test_gitbook_converter_emits_only_safe_html(page: str, other: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src, dest = Path(folder) / "space", Path(folder) / "dest"
        src.mkdir()
        (src / "README.md").write_text("# Space\n")
        (src / "a.md").write_text(page)
        (src / "b.md").write_text(other)
        (src / "SUMMARY.md").write_text("* [A](a.md)\n* [B](b.md)\n")
        try:
            import_gitbook(src, dest)
        except ScholarsiteError:
            return  # bad input (front matter): named, nothing written
        for written in dest.rglob("*.md"):
            text = written.read_text()
            # a fence left open is code to the end of the page, as CommonMark reads it
            outside_code = re.sub(r"^```.*?(^```|\Z)|`[^`\n]*`", "", text, flags=re.M | re.S)
            outside_code = re.sub(r"<https?://[^>\s]*>", "", outside_code)  # autolinks
            for tag, attrs in _Tags(outside_code).tags:
                assert tag in TAGS, (tag, text)
                for name, value in attrs:
                    assert name in ATTRIBUTES, (name, text)
                    if name in {"href", "src"}:
                        assert is_safe_url(value or ""), (value, text)
            assert "](javascript:" not in outside_code and "<javascript:" not in outside_code
            assert "passwd" not in "".join(p.name for p in dest.rglob("*"))
