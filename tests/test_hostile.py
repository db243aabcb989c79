"""Hostile and broken input, tried the way an attacker or a careless owner would.

Each case edits the fixture site (``fixture_site.py``) and states its outcome: the build fails
with one clear paragraph (a pattern it must match: file, line, what to do) and exit status 1,
with no traceback or crash report; or it succeeds and a check of the output holds (nothing
unsafe published, nothing lost). Every case runs both build ways: ``python -m sphinx`` (what
Read the Docs runs) and ``scholarsite build``, in-process; ``test_subprocess_*`` runs a few
of them as real processes. Importer and command cases follow.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import build_status
from edits import png
from fixture_site import write_site
from scholarsite.cli import main as scholarsite_main


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Path], None]
    error: str | None = None  # a regex the error must match; None: the build succeeds
    check: Callable[[Path], None] | None = None  # given the output folder, after success


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def append(name: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as file:
            file.write(text)
    return edit


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return edit


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)
    return edit


def bib_entry(key: str, **fields: str) -> Callable[[Path], None]:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return append("refs.bib", f"\n@misc{{{key},\n{body}\n}}\n")


def note(name: str, text: str) -> Callable[[Path], None]:
    return write(f"docs/notes/{name}", text)


# ---------------------------------------------------------------- output checks

def text_of(out: Path, suffixes: tuple[str, ...] = (".html", ".js", ".xml", ".json")) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.is_file() and p.suffix in suffixes)


def _finds(name: str | None, needles: tuple[str, ...], wanted: bool) -> Callable[[Path], None]:
    """A check that each needle is (or is not) in page ``name``, or in any page if None."""
    def check(out: Path) -> None:
        text = text_of(out) if name is None else (out / name).read_text(encoding="utf-8")
        for needle in needles:
            assert (needle in text) is wanted, needle
    return check


def absent(*needles: str) -> Callable[[Path], None]:
    return _finds(None, needles, False)


def absent_in(name: str, *needles: str) -> Callable[[Path], None]:
    return _finds(name, needles, False)


def present(name: str, *needles: str) -> Callable[[Path], None]:
    return _finds(name, needles, True)


def no_script(out: Path) -> None:
    """No page runs the payload: no script element or event handler carries it, no link
    uses ``javascript:`` (parsed as a browser would, so text inside attributes is inert)."""
    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            if tag.name == "script":
                data = tag.get("type") == "application/ld+json"  # inert, "<" escaped
                assert data or "alert(1)" not in (tag.string or ""), page
                assert "</" not in (tag.string or ""), page
            for name, value in tag.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not (name.startswith("on") and "alert" in value), (page, tag)
                if name in {"href", "src", "action"}:
                    assert not value.strip().lower().startswith("javascript:"), (page, tag)


def only_inside(out: Path) -> None:
    """Nothing landed beside or above the output folder, where a ``../`` key would put it."""
    for folder in (out.parent, out.parent.parent, out.parent.parent.parent):
        assert not list(folder.glob("pwned*")) and not list(folder.glob("abs*")), folder


def all_of(*checks: Callable[[Path], None]) -> Callable[[Path], None]:
    def check(out: Path) -> None:
        for one in checks:
            one(out)
    return check


SCRIPT = "<script>alert(1)</script>"
#: nine anchors of nine aliases each: 9**9 values once expanded
ALIAS_BOMB = "x: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
    f"x{i}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
CV, BIB, NOTE = "docs/cv.yaml", "refs.bib", "docs/notes/first.md"

CASES = [
    # --- cv.yaml: dates, encodings, YAML features
    Case("cv-month-13", replace(CV, "updated: 2024-01-15", "updated: 2024-13-45"),
         r"cv\.yaml:1: invalid YAML: '2024-13-45' is not a date .*write YYYY-MM-DD"),
    Case("cv-feb-30", replace(CV, "updated: 2024-01-15", "updated: 2024-02-30"),
         r"cv\.yaml:1: .*'2024-02-30' is not a date \(day is out of range"),
    Case("cv-date-word", replace(CV, "updated: 2024-01-15", "updated: yesterday"),
         r"cv\.yaml:1: updated: .*valid date"),
    Case("cv-latin1", write(CV, "updated: 2024-01-15\nidentity:\n  name: Jos\xe9\n".encode(
        "latin-1")), r"cv\.yaml:3: byte 0xe9 is not UTF-8: save the file as UTF-8"),
    Case("cv-bom", lambda root: (root / CV).write_bytes(b"\xef\xbb\xbf" + (root / CV).read_bytes()),
         check=present("cv.html", "Ada Example")),
    Case("cv-control-escaped", replace(CV, "name: Ada Example", 'name: "Ada\\x01Example"'),
         r"cv\.yaml:3: control character '\\x01'.*remove it"),
    Case("cv-control-raw", replace(CV, "name: Ada Example", "name: Ada\x02Example"),
         r"cv\.yaml:3: character '\\x02' is not allowed in YAML: remove it"),
    Case("cv-tab-indent", replace(CV, "  position: Researcher", "\tposition: Researcher"),
         r"cv\.yaml:4: invalid YAML: found character '\\t'"),
    Case("cv-duplicate-key", replace(CV, "  position: Researcher",
                                     "  position: Researcher\n  position: Other"),
         r"cv\.yaml:5: duplicate key 'position' \(first on line 4\): keep one of them"),
    Case("cv-merge-key", replace(CV, "honors:\n  - {title: Best Paper Award, date: 2023-05, "
                                     "issuer: Example Conference}",
                                 "base: &honor {title: Base, date: 2020}\nhonors:\n"
                                 "  - <<: *honor\n    title: Merged Honor"),
         r"cv\.yaml:\d+: base: Extra inputs"),  # the merge itself is fine; 'base' is no field
    Case("cv-merge-key-override", replace(CV, "honors:\n  - {title: Best Paper Award, date: "
                                              "2023-05, issuer: Example Conference}",
                                          "honors:\n  - &h {title: First Honor, date: 2020}\n"
                                          "  - <<: *h\n    title: Second Honor"),
         check=present("cv.html", "First Honor", "Second Honor")),
    Case("cv-alias-bomb", append(CV, ALIAS_BOMB),
        r"cv\.yaml:\d+: its aliases expand to more than 100,000 values"),
    Case("cv-alias-loop", append(CV, "loop: &l\n  - *l\n"),
         r"cv\.yaml:\d+: an alias \(\*name\) used inside its own anchor"),
    Case("cv-python-tag", append(CV, "evil: !!python/object/apply:os.system ['true']\n"),
         r"cv\.yaml:\d+: invalid YAML: could not determine a constructor"),
    Case("cv-empty", write(CV, ""), r"cv\.yaml:1: expected a mapping of CV sections"),
    Case("cv-list", write(CV, "- a\n- b\n"), r"cv\.yaml:1: expected a mapping of CV sections"),
    Case("cv-syntax", replace(CV, "  position: Researcher", "  position: [Researcher"),
         r"cv\.yaml:\d+: invalid YAML: "),
    Case("cv-missing-file", lambda root: (root / CV).unlink(),
         r"cv\.yaml: no CV data file: create it or set scholarsite_cv"),
    Case("cv-is-folder", lambda root: ((root / CV).unlink(), (root / CV).mkdir()),
         r"cv\.yaml: no CV data file"),
    # --- cv.yaml: values
    Case("cv-blank-name", replace(CV, "name: Ada Example", 'name: "   "'),
         r"cv\.yaml:3: identity\.name: .*is blank"),
    Case("cv-name-script", replace(CV, "name: Ada Example", f'name: "X </title>{SCRIPT}"'),
         check=all_of(no_script, present("index.html", "X &lt;/title&gt;&lt;script&gt;"))),
    Case("cv-name-quote", replace(CV, "name: Ada Example", """name: 'X" onmouseover="alert(1)'"""),
         check=no_script),
    Case("cv-name-entity", replace(CV, "name: Ada Example", 'name: "Ada &amp; Co"'),
         check=present("index.html", "Ada &amp;amp; Co")),
    Case("cv-javascript-homepage", replace(CV, "homepage: https://ada.example.org/",
                                           "homepage: javascript:alert(1)"),
         r"cv\.yaml:7: identity\.homepage: .*'javascript:alert\(1\)' is not allowed"),
    Case("cv-javascript-markdown", replace(CV, "  - Likes hiking.",
                                           "  - '[click](javascript:alert(1))'"),
         r"cv\.yaml:\d+: misc\[0\]: .*links to 'javascript:alert\(1\)'"),
    Case("cv-backslash-host", replace(CV, "      - text: Thesis on storage systems.",
                                      "      - text: Thesis.\n"
                                      "        links: {x: '/\\\\evil.example/x'}"),
         r"cv\.yaml:\d+: education\[0\]\.items\[0\]\.links\.x: .*is not allowed"),
    Case("cv-protocol-relative", replace(CV, "  - Likes hiking.", "  - '[x](//evil.example/)'"),
         r"links to '//evil\.example/'"),
    Case("cv-data-url", replace(CV, "  - Likes hiking.", "  - '[x](data:text/html,hi)'"),
         r"links to 'data:text/html,hi'"),
    Case("cv-raw-html", replace(CV, "  - Likes hiking.", f"  - '{SCRIPT} hiking'"),
         check=no_script),
    Case("cv-end-before-start", replace(CV, "    start: 2019\n    end: present",
                                        "    start: 2019\n    end: 2017"),
         r"cv\.yaml:\d+: education\[0\]: .*ends \(2017\) before it starts \(2019\)"),
    Case("cv-honor-end-before", replace(CV, "date: 2023-05,", "date: 2023-05, end: 2022,"),
         r"honors\[0\]: .*ends \(2022\) before it starts"),
    Case("cv-sections-twice", append(CV, "sections: [education, education]\n"),
         r"sections: .*'education' is listed twice"),
    Case("cv-unknown-section", append(CV, "sections: [hobbies]\n"),
         r"cv\.yaml:\d+: sections: 'hobbies' is not a section: use interests, education"),
    Case("cv-unknown-key", replace(CV, "  homepage:", "  hompage:"),
         r"cv\.yaml:7: identity\.hompage: Extra inputs are not permitted; remove it"),
    Case("cv-missing-name", replace(CV, "  name: Ada Example\n", ""),
         r"identity\.name: Field required; add this required field"),
    Case("cv-wrong-type", replace(CV, "interests: Operating systems and *storage*.",
                                  "interests: [a, b]"), r"cv\.yaml:\d+: interests: "),
    Case("cv-bad-email", replace(CV, "email: ada@example.org", "email: not-an-address"),
         r"identity\.email: .*expected an e-mail address"),
    Case("cv-unknown-paper", replace(CV, "papers: [example2023own]", "papers: [nobody2099]"),
         r"cv\.yaml:\d+: education\[0\]\.items\[0\]\.papers\[0\]: unknown paper 'nobody2099'"),
    Case("cv-month-0", replace(CV, "date: 2023-05", "date: 2023-00"),
         r"honors\[0\]\.date: expected a date like 2019 or 2019-05, got '2023-00'"),
    Case("cv-end-soon", replace(CV, "    end: present", "    end: soon"),
         r"cv\.yaml:13: education\[0\]\.end: expected a date like 2019 or 2019-05, or "
         r"present, got 'soon'; fix the value\n(?!.*literal)"),
    Case("cv-period-in-one-field", replace(CV, "    start: 2019\n    end: present",
                                           "    start: 2019 - now"),
         check=present("cv.html", "2019 – Present")),
    Case("cv-end-now", replace(CV, "    end: present", "    end: Now"),
         check=present("cv.html", "2019 – Present")),
    # --- privacy
    Case("phone-role-private", append("docs/cv.md", "\nCall {cv}`identity.phone`.\n"),
         r"cv\.md:\d+: \{cv\} role: the phone number is private: set scholarsite_show_phone"),
    Case("phone-role-opted-in", both(append("docs/cv.md", "\nCall {cv}`identity.phone`.\n"),
                                     append("docs/conf.py", "scholarsite_show_phone = True\n")),
         check=present("cv.html", "+1 555 0100")),
    Case("phone-never-by-default", lambda root: None, check=absent("555 0100", "5550100")),
    Case("email-role-obfuscated", append("docs/cv.md", "\nWrite to {cv}`identity.email`.\n"),
         check=all_of(absent("ada@example.org", "ada&#64;example.org", "ada&#x40;"),
                      present("cv.html", "data-ss-email"))),
    Case("email-never-plain", lambda root: None,
         check=absent("ada@example.org", "gro.elpmaxe@ada")),
    Case("email-non-ascii", replace(CV, "email: ada@example.org", "email: jörg@exämple.org"),
         check=lambda out: _decodes(out, "jörg@exämple.org")),
    Case("bad-cv-field-role", append("docs/cv.md", "\n{cv}`identity.nickname`\n"),
         r"cv\.md:\d+: \{cv\} role: 'identity\.nickname' is not a CV field"),
    Case("cv-role-list-field", append("docs/cv.md", "\n{cv}`education`\n"),
         r"\{cv\} role: 'education' is empty or not a single value"),
    # --- refs.bib: unsafe names and strings
    Case("bib-key-traversal",
         both(replace(BIB, "@inproceedings{example2023own,", "@inproceedings{../../../pwned,"),
              replace(CV, "papers: [example2023own]", "papers: ['../../../pwned']"),
              replace(NOTE, "{cite:p}`example2023own`", "")),
         check=all_of(only_inside, lambda out: _one_paper_page(out, "pwned-"))),
    Case("bib-key-absolute", both(replace(BIB, "@inproceedings{example2023own,",
                                          "@inproceedings{/tmp/abs,"),
                                  replace(CV, "papers: [example2023own]", "papers: [/tmp/abs]"),
                                  replace(NOTE, "{cite:p}`example2023own`", "")),
         check=all_of(only_inside, lambda out: _one_paper_page(out, "tmp-abs-"))),
    Case("bib-key-script", both(replace(BIB, "@inproceedings{example2023own,",
                                        "@inproceedings{<script>,"),
                                replace(CV, "papers: [example2023own]", "papers: ['<script>']"),
                                replace(NOTE, "{cite:p}`example2023own`", "")),
         check=all_of(absent("<script>,"), lambda out: _one_paper_page(out, "script-"))),
    Case("bib-title-script", replace(BIB, "title     = {An Own Paper on Storage}",
                                     f"title = {{{SCRIPT} Own}}"),
         check=all_of(no_script, present("publications.html", "&lt;script&gt;"))),
    Case("bib-title-img", replace(BIB, "title   = {A Paper Read}",
                                  "title = {<img src=x onerror=alert(1)>}"),
         check=no_script),
    Case("bib-abstract-close-script", replace(BIB, "  selected  = {true}",
                                              "  selected  = {true},\n  abstract = {</script>"
                                              "<script>alert(1)</script>}"),
         check=no_script),
    Case("bib-javascript-url", replace(BIB, "  selected  = {true}",
                                       "  selected  = {true},\n  url = {javascript:alert(1)}"),
         r"refs\.bib:1: entry 'example2023own': field 'url' has URL 'javascript:alert\(1\)'"),
    Case("bib-backslash-url", replace(BIB, "  selected  = {true}",
                                      "  selected  = {true},\n  code = {/\\evil.example/x}"),
         r"field 'code' has URL '/\\\\evil\.example/x'"),
    Case("bib-award-markdown", replace(BIB, "  selected  = {true}",
                                       "  selected  = {true},\n  award = {Received the **Best Paper"
                                       " Award** <script>alert(1)</script>}"),
         check=all_of(no_script, present("publications.html",
                                         "<strong>Best Paper Award</strong>"),
                      absent_in("publications.html", "**Best"))),
    Case("bib-award-name", replace(BIB, "  selected  = {true}",
                                   "  selected  = {true},\n  award_name = {Best Paper},\n"
                                   "  award = {Chosen from *120* papers}"),
         check=all_of(present("publications.html", ">Best Paper</span>",
                              "About the award", "Chosen from <em>120</em> papers"),
                      present("publications/example2023own.html", "About the award"))),
    Case("bib-href-javascript", replace(BIB, "title   = {A Paper Read}",
                                        "title = {\\href{javascript:alert(1)}{Clicked}}"),
         check=no_script),
    Case("bib-unknown-macro", replace(BIB, "title   = {A Paper Read}",
                                      "title = {A \\weirdmacro{Paper} Read}"),
         check=all_of(absent_in("references.html", "\\weirdmacro"),
                      present("references.html", "Paper"))),
    # --- refs.bib: broken
    Case("bib-duplicate", bib_entry("doe2020read", title="Again", year="2020"),
         r"refs\.bib:\d+: duplicate key 'doe2020read', first used at .*refs\.bib:9"),
    Case("bib-unbalanced", append(BIB, "\n@misc{broken,\n  title = {Open,\n  year = 2020\n}\n"),
         r"refs\.bib:\d+: .*check the braces"),
    Case("bib-undefined-string", append(BIB, "\n@misc{s, title = undefinedmacro, year = 2020}\n"),
         r"refs\.bib:\d+: .*undefinedmacro.*define it with @string"),
    Case("bib-unknown-type", append(BIB, "\n@foo{odd, title = {T}, year = 2020}\n"),
         r"refs\.bib:\d+: entry 'odd' has unknown type @foo"),
    Case("bib-no-title", append(BIB, "\n@misc{notitle, year = 2020}\n"),
         r"refs\.bib:\d+: entry 'notitle' \(@misc\) lacks title: add it"),
    Case("bib-no-year", append(BIB, "\n@misc{noyear, title = {T}}\n"),
         r"entry 'noyear' \(@misc\) lacks year"),
    Case("bib-no-author", append(BIB, "\n@article{noauthor, title = {T}, journal = {J}, "
                                      "year = 2020}\n"), r"entry 'noauthor' .* lacks author"),
    Case("bib-crossref-missing", bib_entry("child", title="T", year="2020", crossref="nowhere"),
         r"entry 'child' has crossref 'nowhere', which no file defines"),
    Case("bib-crossref-self", bib_entry("selfref", title="T", year="2020", crossref="selfref"),
         r"entry 'selfref': crossref goes round in a loop \(selfref -> selfref\)"),
    Case("bib-crossref-cycle", both(bib_entry("ca", title="A", year="2020", crossref="cb"),
                                    bib_entry("cb", title="B", year="2020", crossref="ca")),
         r"entry 'ca': crossref goes round in a loop \(ca -> cb -> ca\)"),
    Case("bib-year-words-own", replace(BIB, "  year      = {2023}",
                                       "  year      = {circa two thousand}"),
         r"refs\.bib:1: entry 'example2023own': year 'circa two thousand' holds no year"),
    Case("bib-year-words-other", replace(BIB, "  year    = {2020}", "  year    = {in press}"),
         check=absent('content="0000"', '"datePublished":"0000"')),
    Case("bib-unbalanced-dollar", replace(BIB, "title   = {A Paper Read}",
                                          "title = {Cost $O(n) Read}"),
         r"refs\.bib:\d+: entry 'doe2020read': field 'title' has a \$ that opens math"),
    Case("bib-escaped-dollar", replace(BIB, "title   = {A Paper Read}",
                                       "title = {Costs \\$5 Read}"),
         check=present("references.html", "Costs $5 Read")),
    Case("bib-brace-depth", replace(BIB, "title   = {A Paper Read}",
                                    "title = {" + "{" * 40 + "x" + "}" * 40 + "}"),
         r"field 'title' nests braces more than 32 deep"),
    Case("bib-preamble-recursive", append(BIB, '\n@preamble{"\\newcommand{\\two}{\\two\\two}"}\n'),
         r"refs\.bib:\d+: @preamble: macro \\two uses itself"),
    Case("bib-preamble-exponential", append(BIB, '\n@preamble{"' + "".join(
        f"\\newcommand{{\\m{chr(97 + i)}}}{{\\m{chr(98 + i)}\\m{chr(98 + i)}}}" for i in range(20))
        + '\\newcommand{\\mu}{xxxxxxxxxx}"}\n'), r"@preamble: macro \\m\w expands to more than"),
    Case("bib-preamble-mutual", append(BIB, '\n@preamble{"\\newcommand{\\pa}{\\pb}'
                                            '\\newcommand{\\pb}{\\pa}"}\n'),
         r"macro \\p[ab] uses itself \(\\p[ab] -> \\p[ab] -> \\p[ab]\)"),
    Case("bib-latin1", lambda root: (root / BIB).write_bytes(
        (root / BIB).read_bytes() + b"\n@misc{x,\n  title = {Caf\xe9},\n  year = 2020}\n"),
         r"refs\.bib:\d+: byte 0xe9 is not UTF-8"),
    Case("bib-bom", lambda root: (root / BIB).write_bytes(b"\xef\xbb\xbf" + (root / BIB)
                                                          .read_bytes()),
         check=present("publications.html", "An Own Paper on Storage")),
    Case("bib-missing-file", replace("docs/conf.py", '["../refs.bib"]', '["../nothere.bib"]'),
         r"nothere\.bib: bibliography file not found: fix bibtex_bibfiles"),
    Case("bib-control-char", replace(BIB, "title   = {A Paper Read}", "title = {A Paper\x07Read}"),
         check=absent("\x07")),
    Case("bib-comment-garbage", append(BIB, "\n@comment{ anything } goes {{ here\n"),
         check=present("publications.html", "An Own Paper")),
    Case("bib-others", replace(BIB, "author  = {Doe, Jane and Roe, Richard}",
                               "author  = {Doe, Jane and others}"),
         check=all_of(present("references.html", "Jane Doe et al."),
                      absent_in("references.html", "and others"))),
    Case("bib-tex-name", replace(BIB, "author  = {Doe, Jane and Roe, Richard}",
                                 "author  = {{\\relax Ch}ristopher Doe and M{\\\"u}ller, J.}"),
         check=all_of(absent_in("references.html", "\\relax"),
                      present("references.html", "Müller"))),
    # --- citations and note front matter
    Case("cite-unknown", replace(NOTE, "{cite:t}`doe2020read`", "{cite:t}`nobody2099`"),
         r"first\.md:11: unknown citation key 'nobody2099': add the entry to"),
    Case("note-paper-case", replace(NOTE, "paper: doe2020read", "paper: DOE2020READ"),
         check=lambda out: _papers_read(out, ["doe2020read.html"])),
    Case("note-bom", lambda root: (root / NOTE).write_bytes(b"\xef\xbb\xbf" + (root / NOTE)
                                                            .read_bytes()),
         check=present("notes/index.html", "tag/storage.html")),
    Case("note-latin1", write(NOTE, "---\ntags: [a]\n---\n\n# Caf\xe9 note\n".encode("latin-1")),
         r"first\.md:5: byte 0xe9 is not UTF-8"),
    Case("note-control-title", write(NOTE, "# A \x01 title\n\nText.\n"),
         r"first\.md:1: the title 'A \\x01 title' holds a control character"),
    Case("note-duplicate-key", replace(NOTE, "status: read", "status: read\nstatus: reading"),
         r"first\.md:5: duplicate key 'status' \(first on line 4\)"),
    Case("note-yaml-syntax", replace(NOTE, "tags: [storage, systems]", "tags: [storage"),
         r"first\.md:\d+: invalid YAML: "),
    Case("note-unknown-field", replace(NOTE, "tags:", "tgas:"),
         r"first\.md:3: front matter tgas: Extra inputs are not permitted; remove it"),
    Case("note-unknown-paper", replace(NOTE, "paper: doe2020read", "paper: nobody2099"),
         r"first\.md:2: front matter paper: unknown key 'nobody2099'"),
    Case("note-date-feb-30", replace(NOTE, "date: 2024-01-10", "date: 2024-02-30"),
         r"first\.md:5: invalid YAML: '2024-02-30' is not a date"),
    Case("note-bad-status", replace(NOTE, "status: read", "status: done"),
         r"first\.md:4: front matter status: "),
    Case("note-alias-bomb", replace(NOTE, "status: read",
                                    "status: read\n" + ALIAS_BOMB.rstrip("\n")),
         r"first\.md:\d+: its aliases expand to more than 100,000 values"),
    Case("note-tags-collide", replace(NOTE, "tags: [storage, systems]", "tags: [C++, C#, c]"),
         check=lambda out: _distinct_tag_pages(out, ["#C++", "#C#", "#c"])),
    Case("note-tags-cjk", replace(NOTE, "tags: [storage, systems]", "tags: [调度, 集群]"),
         check=lambda out: _distinct_tag_pages(out, ["#调度", "#集群"])),
    Case("note-title-script", replace(NOTE, "---\npaper:", f"---\ntitle: '{SCRIPT}'\npaper:"),
         check=no_script),
    Case("note-summary-script", replace(NOTE, "summary: What the paper does.",
                                        f"summary: '{SCRIPT}'"), check=no_script),
    Case("bib-control-char-bibtex", replace(BIB, "  selected  = {true}",
                                            "  selected  = {true},\n  note = {x\x1by}"),
         check=absent("\x1b")),
    Case("note-merge-key", replace(NOTE, "tags: [storage, systems]",
                                   "base: &b [one]\ntags: *b"),
         r"first\.md:\d+: front matter base: Extra inputs"),
    # --- files a page names
    Case("image-traversal", append(NOTE, "\n![p](../../../../../../etc/passwd)\n"),
         r"first\.md:\d+: '\.\./\.\./\.\./\.\./\.\./\.\./etc/passwd' is outside the site's "
         r"source folder"),
    Case("image-absolute", append(NOTE, "\n![p](/etc/hostname)\n"),
         check=absent("root:x:0:0")),  # "/x" is the source folder's root to Sphinx: missing
    Case("image-symlink-out", both(lambda root: (root / "docs/notes/link.png").symlink_to(
        "/etc/passwd"), append(NOTE, "\n![p](link.png)\n")),
         r"first\.md:\d+: 'link\.png' is outside the site's source folder"),
    Case("download-traversal", append(NOTE, "\n{download}`x <../../../etc/passwd>`\n"),
         r"first\.md:\d+: '\.\./\.\./\.\./etc/passwd' is outside the site's source folder"),
    Case("html-img-traversal", append(NOTE, '\n<img src="../../../../etc/passwd" alt="x">\n'),
         r"is outside the site's source folder"),
    Case("image-inside", both(write("docs/notes/fig.png", png(4)),
                              append(NOTE, "\n![figure](fig.png)\n")),
         check=lambda out: _has_images(out, 1)),
    Case("image-remote", append(NOTE, "\n![remote](https://example.org/x.png)\n"),
         check=present("notes/first.html", "https://example.org/x.png")),
    # --- settings
    Case("nav-limit-zero", append("docs/conf.py", "scholarsite_nav_limit = 0\n"),
         r"conf\.py:6: scholarsite_nav_limit = 0: set it to 1 or more"),
    Case("pdf-email-off", lambda root: None, check=lambda out: _pdf_has(out, "ada@", False)),
    Case("pdf-email-on", append("docs/conf.py", "scholarsite_pdf_email = True\n"),
         check=lambda out: _pdf_has(out, "ada@example.org", True)),
    Case("source-date-epoch-bad", lambda root: os.environ.__setitem__("SOURCE_DATE_EPOCH", "abc"),
         r"SOURCE_DATE_EPOCH='abc' is not a time"),
]


def _decodes(out: Path, address: str) -> None:
    encoded = re.search(r'data-ss-email="([^"]+)"', (out / "index.html").read_text())[1]
    assert base64.b64decode(encoded).decode("utf-8")[::-1] == address
    assert address not in text_of(out)


def _one_paper_page(out: Path, prefix: str) -> None:
    pages = [p.name for p in (out / "publications").iterdir()]
    assert len(pages) == 1 and pages[0].startswith(prefix), pages


def _papers_read(out: Path, names: list[str]) -> None:
    assert sorted(p.name for p in (out / "papers").iterdir()) == names


def _distinct_tag_pages(out: Path, tags: list[str]) -> None:
    """Each tag has a page of its own, titled by it, linked from the index with its name."""
    pages = sorted((out / "notes" / "tag").glob("*.html"))
    assert len(pages) == len(tags), pages
    titles = {re.search(r"<h1>Notes tagged (.*?)<", p.read_text(encoding="utf-8"))[1]
              for p in pages}
    assert titles == set(tags)
    index = unquote((out / "notes/index.html").read_text(encoding="utf-8"))  # hrefs are %-encoded
    assert all(f'href="tag/{p.name}"' in index for p in pages)


def _has_images(out: Path, count: int) -> None:
    """``count`` images of the page's own (the site's sharing card aside)."""
    assert len([p for p in (out / "_images").iterdir() if not p.name.startswith("card-")]) \
        == count


def _pdf_has(out: Path, needle: str, expected: bool) -> None:
    import subprocess
    text = subprocess.run(["pdftotext", str(out / "cv.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert (needle in text) is expected


WAYS = ("python -m sphinx", "scholarsite build")


def build(way: str, docs: Path, out: Path) -> int:
    """One build, in-process; the exit status (a bad-input stop raises SystemExit)."""
    if way == "python -m sphinx":
        return build_status(["-q", "-b", "html", "-d", str(out.parent / "doctrees"),
                             str(docs), str(out)])
    try:
        return scholarsite_main(["build", str(docs), "--out", str(out)])
    except SystemExit as stop:
        return int(stop.code or 0)


@pytest.fixture
def clean_environment():
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_build_input(case: Case, way: str, tmp_path: Path, capsys,
                             clean_environment) -> None:
    docs = write_site(tmp_path / "site")
    case.edit(tmp_path / "site")
    out = tmp_path / "build" / "html"
    status = build(way, docs, out)
    printed = capsys.readouterr()
    errors = re.sub(r"\x1b\[[0-9;]*m", "", printed.err)
    assert "Traceback" not in errors and "sphinx-err-" not in errors, errors
    assert "Please also report this" not in errors, errors
    if case.error is None:
        assert status == 0, errors
        case.check(out) if case.check else None
    else:
        assert status == 1, errors
        assert re.search(case.error, errors), errors
        assert errors.count("ERROR:") + errors.count("error:") == 1, errors


# ---------------------------------------------------------------- real processes

SUBPROCESS_CASES = ["cv-month-13", "bib-preamble-recursive", "note-latin1", "image-traversal",
                    "cv-alias-bomb", "bib-brace-depth"]


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_subprocess_error_is_one_paragraph(case_id: str, tmp_path: Path) -> None:
    """As a user runs them: ``python -m sphinx`` and the ``scholarsite`` console script."""
    case = next(case for case in CASES if case.id == case_id)
    docs = write_site(tmp_path / "site")
    case.edit(tmp_path / "site")
    scholarsite = Path(sys.executable).with_name("scholarsite")
    for command in ([sys.executable, "-m", "sphinx", "-b", "html", str(docs),
                     str(tmp_path / "a")],
                    [str(scholarsite), "build", str(docs), "--out", str(tmp_path / "b")]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr and "sphinx-err-" not in done.stderr
        assert re.search(case.error, done.stderr), done.stderr


def test_parallel_build_reports_a_bad_note_cleanly(tmp_path: Path) -> None:
    """A bad note read in a worker process (``-j 2``) is reported like a serial one."""
    docs = write_site(tmp_path / "site")
    for number in range(6):  # enough pages for Sphinx to read in parallel
        (docs / "notes" / f"more-{number}.md").write_text(f"# More {number}\n")
    (docs / "notes" / "more-5.md").write_text("---\ntgas: [x]\n---\n\n# Bad\n")
    done = subprocess.run([sys.executable, "-m", "sphinx", "-j", "2", "-b", "html", str(docs),
                           str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "parallel build error" not in done.stderr
    assert re.search(r"more-5\.md:2: front matter tgas: Extra inputs", done.stderr)


def test_deleting_an_entry_a_note_names_fails_cleanly_on_rebuild(tmp_path: Path) -> None:
    """Incremental: the note was read before the entry went; the rebuild reads it again and
    names it (it used to crash with a KeyError)."""
    root = tmp_path / "site"
    docs = write_site(root)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(docs), str(out)]
    assert subprocess.run(command, capture_output=True).returncode == 0
    bib = root / "refs.bib"
    bib.write_text(re.sub(r"@article\{doe2020read,.*?\n\}\n", "", bib.read_text(), flags=re.S))
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert re.search(r"first\.md:\d+: .*(unknown key|unknown citation key) 'doe2020read'",
                     done.stderr), done.stderr


# ---------------------------------------------------------------- commands

def run_cli(args: list[str], capsys) -> tuple[int, str]:
    status = scholarsite_main(args)
    return status, capsys.readouterr().err


def test_cv_pdf_on_a_latin1_cv_names_the_line(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    (docs / "cv.yaml").write_bytes("updated: 2024-01-15\nidentity:\n  name: Ren\xe9\n"
                                   .encode("latin-1"))
    status, err = run_cli(["cv-pdf", str(docs), "--out", str(tmp_path / "cv.pdf")], capsys)
    assert status == 1 and re.search(r"cv\.yaml:3: byte 0xe9 is not UTF-8", err), err
    assert not (tmp_path / "cv.pdf").exists()


def test_new_note_key_cannot_leave_the_notes_folder(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    entry = "@misc{../../../escape, title = {T}, author = {Doe, J.}, year = 2020}"
    status, _ = run_cli(["new-note", "../../../escape", str(docs), "--bib", entry], capsys)
    assert status == 0
    written = [p for p in (docs / "notes").iterdir() if p.name.startswith("escape-")]
    assert len(written) == 1 and not (tmp_path / "escape.md").exists()


def test_new_note_never_overwrites(tmp_path: Path, capsys) -> None:
    docs = write_site(tmp_path / "site")
    (docs / "notes" / "doe2020read.md").write_text("mine")
    status, err = run_cli(["new-note", "doe2020read", str(docs)], capsys)
    assert status == 1 and "exists already" in err
    assert (docs / "notes" / "doe2020read.md").read_text() == "mine"


def test_build_of_a_missing_folder_says_so(tmp_path: Path, capsys) -> None:
    status = build("scholarsite build", tmp_path / "nothing", tmp_path / "out")
    assert status != 0
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- GitBook import

def space(root: Path, pages: dict[str, str | bytes], summary: str | None = None) -> Path:
    for name, content in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (root / "SUMMARY.md").write_text(summary or "".join(
        f"* [{name}]({name})\n" for name in pages if name.endswith(".md")))
    return root


def import_space(src: Path, dest: Path, capsys, *extra: str) -> tuple[int, str, str]:
    status = scholarsite_main(["import-gitbook", str(src), str(dest), *extra])
    printed = capsys.readouterr()
    return status, printed.out, printed.err


@pytest.mark.parametrize("reference", [
    "![p](../../../../../../etc/passwd)", "![p](/etc/passwd)",
    '<figure><img src="../../../../../../etc/passwd"><figcaption>cap</figcaption></figure>',
    '<figure><img src="/../../../../etc/passwd" alt="x"></figure>',
])
def test_gitbook_image_outside_the_space_is_refused(reference: str, tmp_path: Path,
                                                    capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "a.md": f"# A\n\n{reference}\n"})
    status, out, _ = import_space(src, tmp_path / "dest", capsys)
    assert status == 0
    written = (tmp_path / "dest" / "a.md").read_text()
    assert "root:x" not in written  # refused: alt text or caption; missing: kept, and named
    assert not (tmp_path / "dest" / "_assets").exists()
    assert re.search(r"a\.md:3: image .* (is outside the space|not found)", out), out


def test_gitbook_symlinks_out_of_the_space_are_refused(tmp_path: Path, capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "a.md": "# A\n\n![p](p.png)\n"})
    (src / "p.png").symlink_to("/etc/passwd")
    (src / "leak.md").symlink_to("/etc/hostname")
    status, out, _ = import_space(src, tmp_path / "dest", capsys)
    assert status == 0
    assert not (tmp_path / "dest" / "leak.md").exists()
    assert not (tmp_path / "dest" / "_assets").exists()
    assert "leak.md:1: a link to a file outside the space" in out
    assert "a.md:3: image 'p.png' is outside the space" in out


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_gitbook_source_and_destination_must_not_overlap(where: str, tmp_path: Path,
                                                         capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n"})
    dest = {"same": src, "inside": src / "out", "around": tmp_path}[where]
    before = sorted(p.name for p in src.rglob("*"))
    status, _, err = import_space(src, dest, capsys, "--force")
    assert status == 1 and "contain one another" in err
    assert sorted(p.name for p in src.rglob("*")) == before


def test_gitbook_import_never_overwrites_without_force(tmp_path: Path, capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "a.md": "# A\n"})
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "a.md").write_text("my edits")
    status, _, err = import_space(src, dest, capsys)
    assert status == 1 and "holds files already (a.md)" in err and "--force" in err
    assert (dest / "a.md").read_text() == "my edits"
    status, out, _ = import_space(src, dest, capsys, "--force")
    assert status == 0 and (dest / "a.md").read_text().startswith("# A")
    assert (dest / "a.md.bak").read_text() == "my edits"  # what --force wrote over is kept
    assert "what it held kept in a.md.bak" in out
    status, _, _ = import_space(src, dest, capsys, "--force")  # the same again: no new backup
    assert status == 0 and sorted(p.name for p in dest.glob("a.md*")) == ["a.md", "a.md.bak"]


@pytest.mark.parametrize(("page", "expected"), [
    ("---\ndescription: [unclosed\n---\n\n# A\n", r"a\.md:[23]: invalid YAML: "),
    ("# Caf\xe9\n".encode("latin-1"), r"a\.md:1: byte 0xe9 is not UTF-8"),
    ("---\ndescription: x\ndescription: y\n---\n# A\n", r"a\.md:3: duplicate key"),
])
def test_gitbook_bad_page_names_the_line_and_writes_nothing(page: str | bytes, expected: str,
                                                           tmp_path: Path, capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "a.md": page})
    dest = tmp_path / "dest"
    status, _, err = import_space(src, dest, capsys)
    assert status == 1 and re.search(expected, err), err
    assert "Traceback" not in err
    assert not dest.exists() or not any(dest.iterdir())


def test_gitbook_missing_source_is_an_error(tmp_path: Path, capsys) -> None:
    status, _, err = import_space(tmp_path / "nowhere", tmp_path / "dest", capsys)
    assert status == 1 and "no such GitBook folder" in err


def test_gitbook_hash_in_a_file_name_keeps_its_summary_entry(tmp_path: Path, capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "c#d.md": "# CD\n"},
                summary="* [Intro](README.md)\n* [C sharp](c%23d.md)\n")
    status, out, _ = import_space(src, tmp_path / "dest", capsys)
    assert status == 0 and "not in SUMMARY.md" not in out
    assert "c#d" in (tmp_path / "dest" / "index.md").read_text()


@pytest.mark.parametrize(("body", "fences", "problem"), [
    ('{% hint style="info" %}\nouter\n{% hint style="warning" %}\ninner\n{% endhint %}\n'
     "still outer\n{% endhint %}\n", ["::::{note}", ":::{warning}", ":::", "::::"], None),
    ('{% hint style="danger" %}\nnever closed\n\n# Next section\n', [],
     r"a\.md:3: \{% hint style=\"danger\" %\} is never closed: kept as text"),
    ("text\n{% endhint %}\n", [], r"a\.md:4: \{% endhint %\} closes no block"),
    ('{% tabs %}\n{% tab title="One" %}\n{% hint style="info" %}\nx\n{% endhint %}\n'
     "{% endtab %}\n{% endtabs %}\n",
     [":::::{tab-set}", "::::{tab-item} One", ":::{note}", ":::", "::::", ":::::"], None),
])
def test_gitbook_blocks_pair_like_brackets(body: str, fences: list[str], problem: str | None,
                                           tmp_path: Path, capsys) -> None:
    src = space(tmp_path / "space", {"README.md": "# Space\n", "a.md": f"# A\n\n{body}"})
    status, out, _ = import_space(src, tmp_path / "dest", capsys)
    assert status == 0
    written = (tmp_path / "dest" / "a.md").read_text()
    assert [line for line in written.splitlines() if line.startswith(":::")] == fences
    if problem:
        assert re.search(problem, out), out
        assert "# Next section" in written or "closes no block" in problem


def test_a_bug_keeps_its_traceback(tmp_path: Path, capsys, monkeypatch) -> None:
    """Bad input and bugs are told apart: an exception that is not ours is Sphinx's crash
    report with the traceback (exit 2), never dressed up as a bad-input message."""
    from scholarsite.sphinx import notes

    def broken(app, doctree) -> None:
        raise KeyError("a bug in scholarsite")

    monkeypatch.setattr(notes, "collect", broken)
    docs = write_site(tmp_path / "site")
    status = build("python -m sphinx", docs, tmp_path / "out")
    errors = capsys.readouterr().err
    assert status == 2
    assert "a bug in scholarsite" in errors and "Extension error" in errors
    assert "ERROR:" not in errors


# ---------------------------------------------------------------- files the bibliography links

def test_a_relative_pdf_is_served_and_linked_from_every_depth(tmp_path: Path) -> None:
    docs = write_site(tmp_path / "site")
    (docs / "papers").mkdir()
    (docs / "papers" / "own.pdf").write_bytes(b"%PDF-1.4 own")
    (docs / "papers" / "read.pdf").write_bytes(b"%PDF-1.4 read")
    both(replace(BIB, "  selected  = {true}", "  selected  = {true},\n  pdf = {papers/own.pdf}"),
         replace(BIB, "  year    = {2020}", "  year    = {2020},\n  pdf = {papers/read.pdf}"))(
        tmp_path / "site")
    out = tmp_path / "out"
    assert build("python -m sphinx", docs, out) == 0
    assert (out / "papers" / "own.pdf").read_bytes() == b"%PDF-1.4 own"
    for page, href in (("publications.html", "papers/own.pdf"),
                       ("publications/example2023own.html", "../papers/own.pdf"),
                       ("index.html", "papers/own.pdf"),
                       ("notes/first.html", "../papers/read.pdf"),
                       ("papers/doe2020read.html", "read.pdf")):
        soup = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        assert href in [a["href"] for a in soup.select("a.ss-button")], page
    head = (out / "publications" / "example2023own.html").read_text(encoding="utf-8")
    assert 'name="citation_pdf_url" content="https://ada.example.org/papers/own.pdf"' in head


@pytest.mark.parametrize("path", ["papers/missing.pdf", "../outside.pdf"])
def test_a_relative_pdf_that_is_not_in_the_site_fails_naming_the_entry(path: str,
                                                                        tmp_path: Path,
                                                                        capsys) -> None:
    docs = write_site(tmp_path / "site")
    (tmp_path / "site" / "outside.pdf").write_bytes(b"%PDF")
    replace(BIB, "  selected  = {true}", f"  selected  = {{true}},\n  pdf = {{{path}}}")(
        tmp_path / "site")
    assert build("scholarsite build", docs, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert re.search(rf"refs\.bib:1: entry 'example2023own': pdf = \{{{re.escape(path)}\}} "
                     r"names no file in", err), err


@pytest.mark.parametrize(("entry", "message"), [
    ("@misc{k, title = {T}, author = {Doe, J.}, year = 2020, url = {javascript:alert(1)}}",
     "javascript"),
    ("@string{doe = {X}}\n@misc{k, title = {T}, author = {Doe, J.}, year = 2020}",
     "exactly one entry"),
    ("@misc{k, title = {Unbalanced $x}, author = {Doe, J.}, year = 2020}", "$"),
    ("@misc{k, title = {T}, author = {Doe, J.}, year = 2020", "--bib"),
    ("@misc{other, title = {T}, author = {Doe, J.}, year = 2020}", "exactly one entry"),
])
def test_new_note_refused_bib_entry_leaves_every_file_as_it_was(
        tmp_path: Path, capsys, entry: str, message: str) -> None:
    docs = write_site(tmp_path / "site")
    files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    status, err = run_cli(["new-note", "k", str(docs), "--bib", entry], capsys)
    assert status == 1 and message in err and "Traceback" not in err, err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == files
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 0


def test_new_note_title_with_markup_is_text(tmp_path: Path, capsys) -> None:
    """A title holding a role, raw HTML or a substitution is the note's heading as text."""
    docs = write_site(tmp_path / "site")
    entry = ("@misc{k, title = {A {raw}`<script>alert(1)</script>` and <img src=x "
             "onerror=alert(2)> {{ x }}}, author = {Doe, J.}, year = 2020}")
    status, err = run_cli(["new-note", "k", str(docs), "--bib", entry], capsys)
    assert status == 0, err
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 0
    page = BeautifulSoup((tmp_path / "out" / "notes" / "k.html").read_text(), "html.parser")
    assert page.h1.get_text().startswith("A raw") and not page.find("img", onerror=True)
    assert not [s for s in page.find_all("script") if "alert" in s.text]


def test_sitemap_addresses_are_percent_encoded(tmp_path: Path) -> None:
    """A note named with a space and accents is listed in sitemap.xml as a valid URL."""
    docs = write_site(tmp_path / "site")
    (docs / "notes" / "my note é.md").write_text("---\ntitle: Accents\n---\n# Accents\n\nText.\n",
                                                encoding="utf-8")
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "out")]) == 0
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert "https://ada.example.org/notes/my%20note%20%C3%A9.html" in locations
    assert all(re.fullmatch(r"[\x21-\x7e]+", loc) for loc in locations), locations


def test_a_bad_source_date_epoch_is_one_line_from_the_command(tmp_path: Path) -> None:
    """Sphinx reads SOURCE_DATE_EPOCH while it loads, before any extension runs, and crashes
    on one that is not a number; the command checks it first (a fresh process: in this one
    Sphinx has loaded already)."""
    docs = write_site(tmp_path / "site")
    done = subprocess.run([sys.executable, "-c", "from scholarsite.cli import run; run()",
                           "build", str(docs), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "abc"})
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert done.stderr.strip() == ("error: SOURCE_DATE_EPOCH='abc' is not a time: set it to "
                                   "seconds since 1970 (e.g. $(git log -1 --format=%ct)) or "
                                   "unset it")


@pytest.mark.parametrize("command", [
    ["init", "{file}", "--yes"],
    ["init", "/proc/scholarsite-test", "--yes"],
    ["build", "{docs}", "--out", "/proc/scholarsite-out"],
    ["check", "{docs}", "--out", "{file}/out"],
    ["cv-pdf", "{docs}", "--out", "/proc/cv.pdf"],
    ["import-jsonresume", "{resume}", "{file}"],
    ["serve", "{docs}", "--port", "70000"],
    ["serve", "{docs}", "--port", "{busy}"],
])
def test_environment_failures_are_one_line(tmp_path: Path, command: list[str]) -> None:
    """A folder that is a file or cannot be made, a port out of range or in use: one line
    saying what to do, before anything is built or written (a fresh process, as run)."""
    docs = write_site(tmp_path / "site")
    (tmp_path / "afile").write_text("x")
    (tmp_path / "resume.json").write_text('{"basics": {"name": "Ada"}}')
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        args = [part.format(file=tmp_path / "afile", docs=docs, busy=busy.getsockname()[1],
                            resume=tmp_path / "resume.json") for part in command]
        done = subprocess.run([sys.executable, "-c", "from scholarsite.cli import run; run()",
                               *args], capture_output=True, text=True, timeout=120)
    assert done.returncode in {1, 2} and "Traceback" not in done.stderr + done.stdout
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and ("port" in errors[0] or "folder" in errors[0]), done.stderr


def test_builds_started_together_wait_for_each_other(tmp_path: Path) -> None:
    """Three builds of one project at once (two terminals and a save hook): each waits for the
    one before, none dies on another's temporary files, and the output is a clean build's."""
    docs = write_site(tmp_path / "site")
    command = [sys.executable, "-c", "from scholarsite.cli import run; run()", "build",
               str(docs), "--out", str(tmp_path / "out")]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    results = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], results
    assert any("waiting for another build" in out + err for out, err in results)
    assert build_status(["-q", "-b", "html", str(docs), str(tmp_path / "clean")]) == 0
    built = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*")
                   if p.is_file() and p.name != ".buildinfo" and "scholarsite-" not in p.name)
    clean = sorted(p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean").rglob("*")
                   if p.is_file() and p.name != ".buildinfo" and ".doctrees" not in p.parts)
    assert built == clean
