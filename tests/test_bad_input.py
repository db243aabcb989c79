"""Bad input fails the build with file, line, what is wrong and what to do."""

from __future__ import annotations

import re
from pathlib import Path



def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``path``; return the 1-based line where it stood."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_wrong_type_names_file_line_field_and_expectation(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "cv.yaml", "date: 2019-10, issuer: China", "date: soon, issuer: China")
    message = failing_build(sandbox)
    assert f"cv.yaml:{line}: honors[3].date" in message
    assert "expected a date like 2019 or 2019-05, got 'soon'" in message
    assert "function-before" not in message and "Value error" not in message


def test_missing_required_field(failing_build, sandbox: Path) -> None:
    edit(sandbox / "cv.yaml", "  name: Lingyun Yang\n", "")
    message = failing_build(sandbox)
    assert re.search(r"cv\.yaml:\d+: identity\.name: Field required; add this required",
                     message)


def test_unknown_key(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "cv.yaml", "  github: mental2008", "  githib: mental2008")
    message = failing_build(sandbox)
    assert f"cv.yaml:{line}: identity.githib: Extra inputs are not permitted" in message
    assert "remove it or fix its spelling" in message


def test_duplicate_yaml_key(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "cv.yaml", "  office: BDI 101, UC, HKUST\n",
                "  office: BDI 101, UC, HKUST\n  office: elsewhere\n")
    message = failing_build(sandbox)
    assert f"cv.yaml:{line + 1}: duplicate key 'office' (first on line {line})" in message


def test_unsafe_url_in_cv(failing_build, sandbox: Path) -> None:
    edit(sandbox / "cv.yaml", "homepage: https://www.lingyunyang.com/",
         "homepage: javascript:alert(1)")
    message = failing_build(sandbox)
    assert "identity.homepage" in message and "is not allowed" in message


def test_unknown_citation_key_in_a_page(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "notes" / "morphling.md", "{cite:p}`wang2021morphling`",
                "{cite:p}`nobody2099`")
    message = failing_build(sandbox)
    assert f"morphling.md:{line}: unknown citation key 'nobody2099'" in message
    assert "add the entry to" in message and "refs.bib" in message


def test_unknown_paper_in_cv_item(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "cv.yaml", "papers: [weng2023beware]", "papers: [weng2099]")
    message = failing_build(sandbox)
    assert f"cv.yaml:{line}: experience[0].projects[0].items[1].papers[0]: unknown paper " \
           "'weng2099'" in message


def test_unknown_course_page(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "teaching" / "comp3511.md", "{course} COMP3511", "{course} COMP9999")
    message = failing_build(sandbox)
    assert f"comp3511.md:{line}: course 'COMP9999' is not in the CV's teaching section" in message


def test_course_without_page(failing_build, sandbox: Path) -> None:
    (sandbox / "teaching" / "comp3511.md").unlink()
    message = failing_build(sandbox)
    assert "course COMP3511 has no page: create teaching/comp3511.md" in message


def test_javascript_url_in_bib_is_refused(failing_build, sandbox: Path) -> None:
    refs = sandbox.parent / "refs.bib"
    line = edit(refs, "  month     = jul,\n", "  month     = jul,\n  url = {javascript:alert(1)},\n")
    message = failing_build(sandbox)
    assert re.search(r"refs\.bib:\d+: entry 'weng2023beware': field 'url' has URL "
                     r"'javascript:alert\(1\)'", message), message
    assert line  # the entry exists where we edited it


def test_bib_strings_are_escaped(build_sandbox, sandbox: Path) -> None:
    refs = sandbox.parent / "refs.bib"
    edit(refs, "title     = {Beware of Fragmentation:",
         "title     = {<script>alert(1)</script> Beware of Fragmentation:")
    app = build_sandbox(sandbox)
    html = (Path(app.outdir) / "publications.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_cv_field_in_role(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "index.md", "{cv}`identity.name`", "{cv}`identity.nickname`")
    message = failing_build(sandbox)
    assert f"index.md:{line}: {{cv}} role: 'identity.nickname' is not a CV field" in message


def test_yaml_syntax_error_in_cv_names_the_line(failing_build, sandbox: Path) -> None:
    line = edit(sandbox / "cv.yaml", "  github: mental2008", "  github: [mental2008")
    message = failing_build(sandbox)
    assert re.search(rf"cv\.yaml:{line + 1}: invalid YAML: ", message), message


def test_yaml_syntax_error_in_note_front_matter(failing_build, sandbox: Path) -> None:
    edit(sandbox / "notes" / "morphling.md", "tags: [model-serving, auto-configuration]",
         "tags: [model-serving, auto-configuration")
    message = failing_build(sandbox)
    assert re.search(r"morphling\.md:\d+: invalid YAML: ", message), message


def test_sidebar_limit_below_one_names_the_setting(failing_build, sandbox: Path) -> None:
    conf = sandbox / "conf.py"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text + "scholarsite_nav_limit = 0\n", encoding="utf-8")
    message = failing_build(sandbox)
    line = text.count("\n") + 1
    assert f"conf.py:{line}: scholarsite_nav_limit = 0: set it to 1 or more" in message
