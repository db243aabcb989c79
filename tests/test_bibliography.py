"""The bibliography engine: real corpora, every bad-input case, TeX, co-first marks, lint."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pybtex.database import BibliographyData

import shutil

from scholarsite.bib import cache as bib_cache
from scholarsite.bib.cache import cached_bibliography
from scholarsite.bib.chunks import Commands, parse_reusing, split_commands
from scholarsite.bib.lint import lint
from scholarsite.bib.load import Bibliography, load_bibliography, parse_files
from scholarsite.bib.names import OwnerMatcher
from scholarsite.bib.publications import Context, describe, entry_digest, own_publications
from scholarsite.bib.tex import to_html, to_text
from scholarsite.errors import ScholarsiteError
from scholarsite.render import render

from conftest import ROOT

CORPORA = ROOT / "tests" / "data" / "bib"
IRIDIA_ORDER = "abbrev.bib journals.bib authors.bib biblio.bib articles.bib crossref.bib".split()
CORPUS_FILES = {
    "cdl": [CORPORA / "cdl" / "cdl.bib"],
    "iridia": [CORPORA / "iridia" / name for name in IRIDIA_ORDER],
}
LEFTOVER_TEX = re.compile(r"\\[A-Za-z@]+|\\[^A-Za-z\s]")


def write_bib(tmp_path: Path, text: str, name: str = "refs.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("corpus", list(CORPUS_FILES))
def test_corpus_loads_and_formats_every_entry_without_tex(corpus: str) -> None:
    bib = load_bibliography(CORPUS_FILES[corpus])
    assert len(bib.data.entries) == bib.entry_count_in_files() > 3000
    formatted = 0
    leftovers = []
    for key in bib.data.entries:
        pub = describe(bib, key)
        html = render("publications/list.html", pubs=[pub], paper_href=None)
        html = re.sub(r"<pre>.*?</pre>", "", html, flags=re.S)  # the BibTeX source, on purpose
        for text in (html, pub.title, pub.venue, pub.details, *(a.name for a in pub.authors)):
            if LEFTOVER_TEX.search(text):
                leftovers.append((key, LEFTOVER_TEX.search(text)[0]))
        formatted += 1
    assert formatted == len(bib.data.entries)
    assert leftovers == []


def test_strings_across_files_crossref_and_case(tmp_path: Path) -> None:
    macros = write_bib(tmp_path, '@string{proc = "Proceedings of the "}\n'
                                 "@preamble{ \"\\providecommand{\\sys}{SysName}\" }\n", "a.bib")
    body = write_bib(tmp_path, "@CONFERENCE{child,\n  AUTHOR = {Doe, Jane},\n"
                               "  TITLE = {On \\sys{} at {Scale}},\n  crossref = {parent}}\n"
                               "@proceedings{parent,\n  title = proc # {Conf},\n  year = 2020,\n"
                               "  doi = {10.1/volume},\n  editor = {Roe, Rick}}\n", "b.bib")
    bib = load_bibliography([macros, body])
    child = bib.data.entries["child"]
    assert child.type == "inproceedings"
    assert child.fields["booktitle"] == "Proceedings of the Conf"
    assert child.fields["year"] == "2020" and "doi" not in child.fields
    assert [str(p) for p in child.persons["editor"]] == ["Roe, Rick"]
    pub = describe(bib, "child")
    assert pub.title == "On SysName at Scale" and pub.kind == "conference"


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("@article{a, title={A}, author={X}, journal={J}, year=2000}\n\n"
     "@article{a, title={B}, author={Y}, journal={J}, year=2001}\n",
     3, "duplicate key 'a', first used at {path}:1: rename one"),
    ("@article{a,\n title={A {B},\n author={X}, year=2000}\n@article{b, title={B}}\n",
     4, "'}' expected: check the braces"),
    ("@article{a,\n title=undefinedmacro # {A},\n author={X}, year=2000}\n",
     2, "undefined string"),
    ("@gibberish{a,\n title={A}, author={X}, year=2000}\n",
     1, "unknown type @gibberish: use a BibTeX type"),
    ("@article{a,\n author={X}, journal={J}, year=2000}\n", 1, "lacks title: add it"),
    ("@article{a,\n title={A}, journal={J}, year=2000}\n", 1, "lacks author: add it"),
    ("@article{a,\n title={A}, author={X}, journal={J}}\n", 1, "lacks year: add it"),
    ("@inproceedings{a,\n title={A}, author={X}, year=2000, crossref={nowhere}}\n",
     1, "crossref 'nowhere', which no file defines: add that entry"),
])
def test_bad_bibtex_names_file_line_and_fix(tmp_path: Path, text: str, line: int,
                                            expected: str) -> None:
    path = write_bib(tmp_path, text)
    with pytest.raises(ScholarsiteError) as info:
        load_bibliography([path])
    assert f"{path}:{line}: " in str(info.value)
    assert expected.replace("{path}", str(path)) in str(info.value)


def test_bad_bib_fails_the_site_build(failing_build, sandbox: Path) -> None:
    refs = sandbox.parent / "refs.bib"
    refs.write_text(refs.read_text() + "\n@misc{weng2023beware,\n  title = {Copy}, year = 2023}\n")
    assert re.search(r"refs\.bib:\d+: duplicate key 'weng2023beware'", failing_build(sandbox))


@pytest.mark.parametrize(("tex", "html"), [
    (r"\emph{Deep} and \textbf{bold} \textit{it}", "<em>Deep</em> and <strong>bold</strong> "
                                                   "<em>it</em>"),
    (r"{\"u}ber {\'E}cole \c{c}a {\ss} \v{S}", "über École ça ß Š"),
    (r"A \& B -- C --- D", "A &amp; B – C — D"),
    (r"$O(n^2)$ time", '<span class="ss-math">O(n<sup>2</sup>)</span> time'),
    (r"{GPU}s for {DNN} {T}raining", "GPUs for DNN Training"),
    (r"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_tex_fields_render_as_a_reader_expects(tex: str, html: str) -> None:
    assert to_html(tex) == html
    assert not LEFTOVER_TEX.search(to_text(tex))


def test_co_first_marks_from_equal_and_biblatex_annotation(tmp_path: Path) -> None:
    path = write_bib(tmp_path, "@article{a, title={A}, journal={J}, year=2020,\n"
                               " author={Li, Suyi and Yang, {L}ingyun and Doe, Jane},\n"
                               " author+an = {1=equal; 2=equal}}\n"
                               "@article{b, title={B}, journal={J}, year=2021,\n"
                               " author={Yang, L. and Doe, Jane}, equal = {1,2}}\n")
    bib = load_bibliography([path])
    owner = OwnerMatcher(["Lingyun Yang", "L. Yang"])
    pubs = {pub.key: pub for pub in own_publications(bib, Context(owner))}
    assert [(a.name, a.is_owner, a.equal) for a in pubs["a"].authors] == [
        ("Suyi Li", False, True), ("Lingyun Yang", True, True), ("Jane Doe", False, False)]
    assert [(a.is_owner, a.equal) for a in pubs["b"].authors] == [(True, True), (False, True)]
    assert [pub.label for pub in pubs.values()] == ["J2", "J1"]


def test_javascript_url_is_refused_with_place(tmp_path: Path) -> None:
    path = write_bib(tmp_path, "@misc{a,\n title={A}, year=2020,\n code={javascript:alert(1)}}\n")
    bib = load_bibliography([path])
    with pytest.raises(ScholarsiteError, match=rf"{re.escape(str(path))}:1: entry 'a': field "
                                               r"'code' has URL 'javascript:alert\(1\)'"):
        describe(bib, "a")


def test_lint_findings(tmp_path: Path) -> None:
    path = write_bib(tmp_path, """\
@inproceedings{pre, author={X, A}, title={Fast Things at Scale}, year=2020,
  booktitle={Proceedings of the 1st Symposium on Things (SoT '20)}, doi={10.1/x}, pages={1--2}}
@inproceedings{pub, author={X, A}, title={Fast things at scale.}, year=2021,
  booktitle={Proc. Symp. Things (SoT '21)}, doi={10.1/X}, pages={1--2}}
@article{art, author={X, A}, title={Other \\weird{Work}}, journal={J}, year=2021,
  titel={Typo}, abbr={JX}}
""")
    findings = [str(f) for f in lint(load_bibliography([path]))]
    assert f"{path}:3: error: pub: same DOI 10.1/x as pre ({path}:1): keep one entry" in findings
    assert any(f.startswith(f"{path}:3: warning: pub: title nearly identical to pre")
               for f in findings)
    assert any("venue SOT is written 2 ways" in f for f in findings)
    assert f"{path}:5: warning: art: @article without volume, pages: add them if known" \
        in findings
    assert any("art: unknown TeX macro(s) weird" in f for f in findings)
    assert f"{path}:5: warning: art: field(s) titel unknown to scholarsite (a typo, or " \
        "a field of another tool): fix the name or remove them" in findings


def test_check_fails_on_bibliography_errors(sandbox: Path, tmp_path: Path, capsys) -> None:
    from scholarsite.cli import main

    refs = sandbox.parent / "refs.bib"
    refs.write_text(refs.read_text().replace("  eprint        = {2407.02031},",
                                             "  eprint        = {2407.02031},\n"
                                             "  doi = {10.9/same},")
                    + "\n@misc{copy2024, author = {Li, Suyi}, title = {Another}, year = 2024,"
                      " doi = {10.9/same}}\n")
    assert main(["check", str(sandbox), "--out", str(tmp_path / "out")]) == 1
    assert "error: copy2024: same DOI 10.9/same as li2024swiftdiffusion" in capsys.readouterr().err


def _as_written(bib: BibliographyData) -> list[object]:
    return [(key, entry.type, list(entry.fields.items()),
             {role: [str(person) for person in people] for role, people in entry.persons.items()})
            for key, entry in bib.entries.items()] + [bib.preamble_list]


@pytest.mark.parametrize("corpus", list(CORPUS_FILES))
def test_command_by_command_parse_equals_pybtex_on_real_corpora(corpus: str) -> None:
    paths = tuple(CORPUS_FILES[corpus])
    whole = _as_written(parse_files(paths))
    first: Commands = {}
    parsed = parse_reusing(paths, {}, first)
    assert parsed is not None and _as_written(parsed) == whole
    again: Commands = {}
    reused = parse_reusing(paths, first, again)
    assert reused is not None and _as_written(reused) == whole and again.keys() == first.keys()


def test_reused_commands_follow_edits_and_macros(tmp_path: Path) -> None:
    bib = write_bib(tmp_path, '@string{venue = "Venue A"}\n\n'
                              "@inproceedings{one, author = {Doe, Jane}, title = {One},\n"
                              "  booktitle = venue, year = 2020}\n\n"
                              "@misc{two, author = {Roe, Rick}, title = {Two}, year = 2021}\n")
    first: Commands = {}
    assert parse_reusing((bib,), {}, first) is not None
    bib.write_text(bib.read_text().replace("Venue A", "Venue B").replace("{Two}", "{Deux}"))
    parsed = parse_reusing((bib,), first, {})
    assert parsed is not None
    assert parsed.entries["one"].fields["booktitle"] == "Venue B"
    assert parsed.entries["two"].fields["title"] == "Deux"


def test_bad_command_falls_back_to_the_whole_file_error(tmp_path: Path) -> None:
    bib = write_bib(tmp_path, "@misc{ok, title = {Fine}, year = 2020}\n\n"
                              "@misc{broken, title = {Unclosed, year = 2020\n")
    assert parse_reusing((bib,), {}, {}) is None
    with pytest.raises(ScholarsiteError, match=r"refs\.bib:\d+: .*braces"):
        cached_bibliography([bib], tmp_path / "cache")


def test_loading_leaves_the_parsed_entries_as_written() -> None:
    """Inheriting crossref fields works on copies: the parsed commands a warm process keeps
    stay as the files wrote them."""
    paths = tuple(CORPUS_FILES["iridia"])
    parsed = parse_reusing(paths, {}, {})
    assert parsed is not None
    written = _as_written(parsed)
    bib = load_bibliography(list(paths), parsed)
    assert _as_written(parsed) == written
    assert bib.data.entries["AarKorMic2005"].fields["booktitle"].startswith("Search Methodolog")
    assert "booktitle" not in parsed.entries["AarKorMic2005"].fields


def _loaded(bib: Bibliography) -> tuple[object, dict[str, str]]:
    return _as_written(bib.data), {key: entry_digest(bib, key) for key in bib.data.entries}


def test_warm_reload_after_edits_equals_a_cold_load(tmp_path: Path) -> None:
    """serve's process keeps the bibliography: after edits (a crossref parent, a plain
    entry, a @conference) it checks only what changed, and the result, its digests and the
    cache it writes later are those of a cold load; a new error is still reported."""
    paths = [Path(shutil.copy(path, tmp_path)) for path in CORPUS_FILES["iridia"]]
    biblio, crossref = tmp_path / "biblio.bib", tmp_path / "crossref.bib"
    cache = tmp_path / "cache"
    cache.mkdir()
    bib_cache.keep_in_memory()
    try:
        first = cached_bibliography(paths, cache)
        assert not (cache / bib_cache.CACHE_NAME).exists()  # written once served
        assert cached_bibliography(paths, cache) is first
        crossref.write_text(crossref.read_text().replace(
            "Decision Support Techniques}", "Decision Support Techniques, Edited}"))
        biblio.write_text(biblio.read_text().replace(
            "@InProceedings{Abb2002selfpde,", "@Conference{Abb2002selfpde,").replace(
            "{Simulated Annealing}", "{Simulated Annealing, Edited}"))
        second = cached_bibliography(paths, cache)
        cold = load_bibliography(paths)
        assert _loaded(second) == _loaded(cold)
        assert second.places == cold.places
        child = second.data.entries["AarKorMic2005"]
        assert child.fields["booktitle"].endswith("Techniques, Edited")
        assert second.data.entries["Abb2002selfpde"].type == "inproceedings"
        assert second.data.entries["CEC2002"] is first.data.entries["CEC2002"]  # not copied
        bib_cache.save()
        assert (cache / bib_cache.CACHE_NAME).exists()
        edited = biblio.read_text()
        biblio.write_text(edited.replace("{Simulated Annealing, Edited}", "{}"))
        with pytest.raises(ScholarsiteError, match=r"biblio\.bib:\d+: entry '\w+' "
                                                   r"\(@incollection\) lacks title"):
            cached_bibliography(paths, cache)
    finally:
        bib_cache.keep_in_memory(False)
    biblio.write_text(edited)
    assert _loaded(cached_bibliography(paths, cache)) == _loaded(second)  # the saved cache


def test_an_edit_checks_only_the_entries_it_touched(tmp_path: Path, monkeypatch) -> None:
    """A build after an edit reads the last bibliography from the cache with its parsed
    commands, and checks only the edited entry and those whose crossref parent may have
    changed; the result is a cold load's."""
    from scholarsite.bib import load

    paths = [Path(shutil.copy(path, tmp_path)) for path in CORPUS_FILES["iridia"]]
    cache = tmp_path / "cache"
    first = cached_bibliography(paths, cache)
    biblio = tmp_path / "biblio.bib"
    biblio.write_text(biblio.read_text().replace("{Network Flows: Theory",
                                                 "{Network Flows, Edited: Theory"))
    checked: list[str] = []
    problems = load.entry_problems
    monkeypatch.setattr(load, "entry_problems", lambda key, entry: checked.append(key) or
                        problems(key, entry))
    second = cached_bibliography(paths, cache)
    monkeypatch.undo()
    assert _loaded(second) == _loaded(load_bibliography(paths))
    children = {key for key, entry in first.data.entries.items()
                if entry.fields.get("crossref")}
    assert "AhujMagOrl1993netflows" not in children
    assert set(checked) == children | {"AhujMagOrl1993netflows"}
    assert len(checked) < len(first.data.entries) / 2


@pytest.mark.parametrize("corpus", list(CORPUS_FILES))
def test_a_file_split_again_around_an_edit_is_split_as_whole(corpus: str) -> None:
    """After an edit (inserted, removed or replaced text, braces and ``@`` included, at the
    start, the end or anywhere), splitting around it gives the very commands a whole split
    gives."""
    import random

    text = CORPUS_FILES[corpus][-1].read_text(encoding="utf-8")
    rng = random.Random(14)
    pieces = ["x", "{", "}", "\n@misc{new, title = {T}, year = 2020}\n", "\n", "@", " ",
              "title = {Edited}, "]
    last = split_commands(text)
    for _ in range(60):
        at = rng.choice([0, len(text), rng.randrange(len(text))])
        cut = rng.choice([0, 0, 1, 5, 300])
        edited = text[:at] + rng.choice(pieces) * rng.randint(0, 3) + text[at + cut:]
        again = split_commands(edited, (text, last[1]))
        assert again == split_commands(edited), (at, cut)
        text, last = edited, again
