"""``scholarsite add``: entries from identifiers, against local fakes of every service.

The fakes answer with the services' own shapes (``tests/data/lookup``), and with what goes
wrong in the world: unknown identifiers, garbage bytes, a 429 storm, a long Retry-After, a
redirect, a server that is not there, a retraction notice, a 500-author paper. Every failure
is one line naming the identifier and leaves refs.bib byte for byte as it was; a second run
adds nothing and asks nothing (the response cache).
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import ROOT
from scholarsite import net

EXAMPLE = ROOT / "tests" / "data" / "example-site"
DATA = ROOT / "tests" / "data" / "lookup"
SCHOLARSITE = [sys.executable, "-c", "from scholarsite.cli import run; run()"]
Answer = tuple[int, dict[str, str], bytes]


def _file(name: str, kind: str = "application/json") -> Answer:
    return 200, {"Content-Type": kind}, (DATA / name).read_bytes()


def _many_authors(count: int) -> Answer:
    message = json.loads((DATA / "crossref-plos.json").read_text(encoding="utf-8"))["message"]
    message.update(DOI="10.1000/many.authors", title=["A Census of Large Collaborations"],
                   author=[{"given": f"Author {n}", "family": f"Person{n}"}
                           for n in range(count)])
    return 200, {}, json.dumps({"status": "ok", "message": message}).encode()


def _published_swiftdiffusion() -> Answer:
    message = json.loads((DATA / "crossref-proceedings.json").read_text(
        encoding="utf-8"))["message"]
    message.update(DOI="10.1145/9999999.1234567", published={"date-parts": [[2025, 5]]},
                   title=["SwiftDiffusion: Efficient Diffusion Model Serving with Add-on "
                          "Modules"], author=[{"given": "Suyi", "family": "Li"},
                                              {"given": "Lingyun", "family": "Yang"}])
    return 200, {}, json.dumps({"status": "ok", "message": message}).encode()


def _hostile() -> Answer:
    message = {"type": "journal-article", "DOI": "10.1000/hostile",
               "title": ["Braces }{ and \\input{/etc/passwd} and 100% <script>alert(1)</script>"
                         " $x"],
               "author": [{"given": "Eve } and {", "family": "Robert}); \\write18{rm -rf /}"},
                          {"name": "Org, with and in it"}],
               "container-title": ["J. {Evil} & Co"], "issued": {"date-parts": [[2024]]},
               "URL": "javascript:alert(1)", "page": "1-2"}
    return 200, {}, json.dumps({"status": "ok", "message": message}).encode()


ORCID, DBLP_PID, S2 = "0000-0002-1825-0097", "123/4567", "1741101"
ROUTES: dict[str, Answer | Callable[[], Answer]] = {
    f"/orcid/{ORCID}/works": _file("orcid-works.json"),
    f"/openalex/works?filter=author.orcid%3A{ORCID}&per-page=200": _file("openalex-works.json"),
    f"/dblp/pid/{DBLP_PID}.xml": _file("dblp-person.xml", "application/xml"),
    f"/semantic_scholar/author/{S2}/papers?fields=title%2Cyear%2CexternalIds&limit=1000":
        _file("s2-papers.json"),
    "/crossref/works/10.1145/9999999.1234567": _published_swiftdiffusion(),
    "/crossref/works/10.1000/hostile": _hostile(),
    "/crossref/works/10.1145/3600006.3613175": _file("crossref-proceedings.json"),
    "/crossref/works/10.1371/journal.pone.0033693": _file("crossref-plos.json"),
    "/crossref/works/10.1016/j.example.2020.01.001": _file("crossref-retraction.json"),
    "/crossref/works/10.1000/many.authors": _many_authors(500),
    "/crossref/works/10.1000/moved": (301, {"Location": "/crossref/works/10.1371/journal.pone"
                                                       ".0033693"}, b""),
    "/crossref/works/10.1000/garbage": (200, {}, b"\x00\xff\xfe{not json"),
    "/crossref/works/10.1000/busy": (429, {"Retry-After": "0"}, b"slow down"),
    "/crossref/works/10.1000/closed": (429, {"Retry-After": "3600"}, b"come back in an hour"),
    "/crossref/works/10.1000/broken": (503, {}, b"<html>maintenance</html>"),
    "/datacite/dois/10.5281/zenodo.3403967": _file("datacite-zenodo.json"),
    "/arxiv/query?id_list=2305.05665&max_results=1": _file("arxiv-preprint.xml",
                                                           "application/atom+xml"),
    "/arxiv/query?id_list=2310.00001&max_results=1": _file("arxiv-published.xml",
                                                           "application/atom+xml"),
    "/arxiv/query?id_list=9999.99999&max_results=1": _file("arxiv-error.xml",
                                                           "application/atom+xml"),
    "/dblp/rec/conf/nsdi/WengXYWWHLZLD22.xml": _file("dblp-osdi.xml", "application/xml"),
    "/pubmed/esummary.fcgi?db=pubmed&id=31452104&retmode=json": _file("pubmed-esummary.json"),
    "/pubmed/esummary.fcgi?db=pubmed&id=99999999&retmode=json": _file("pubmed-unknown.json"),
    "/openlibrary/api/books?bibkeys=ISBN%3A9780262033848&format=json&jscmd=data":
        _file("openlibrary-books.json"),
}


class Services:
    """The fake services: each request recorded (path, User-Agent), answered from ROUTES, 404
    otherwise."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        services = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                services.requests.append((self.path, self.headers.get("User-Agent", "")))
                answer = ROUTES.get(self.path, (404, {}, b'{"status":"error"}'))
                status, headers, body = answer() if callable(answer) else answer
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the slow answer's test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def env(self) -> dict[str, str]:
        import os

        return {**os.environ, **{f"SCHOLARSITE_{name.upper()}_URL": f"{self.url}/{name}"
                                 for name in net.SERVICES}}


@pytest.fixture
def services() -> Iterator[Services]:
    fake = Services()
    yield fake
    fake.server.shutdown()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "site", ignore=shutil.ignore_patterns("_build"))
    return tmp_path / "site"


def add(site: Path, services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCHOLARSITE, "add", *args], cwd=site, env=services.env(),
                          capture_output=True, text=True, timeout=120)


def _keys(bib: Path) -> list[str]:
    return list(parse_file(str(bib)).entries)


IDS = {"10.1145/3600006.3613175": "Fast \\& Fair", "arXiv:2305.05665": "Llumnix",
       "https://dblp.org/rec/conf/nsdi/WengXYWWHLZLD22.html": "MLaaS",
       "PMID: 31452104": "atlas of neuron types", "ISBN 978-0-262-03384-8":
       "Introduction to algorithms", "https://doi.org/10.5281/zenodo.3403967": "trace",
       "10.1000/many.authors": "Census"}


def test_each_kind_of_identifier_gives_an_entry_the_build_lists(site: Path,
                                                                 services: Services) -> None:
    before = _keys(site / "refs.bib")
    with (site / "docs" / "venues.yml").open("a", encoding="utf-8") as venues:
        venues.write("SOSP:\n  name: Symposium on Operating Systems Principles\n"
                     "  kind: conference\n")
    done = add(site, services, *IDS)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    added = [key for key in _keys(site / "refs.bib") if key not in before]
    assert len(added) == len(IDS)
    text = (site / "refs.bib").read_text(encoding="utf-8")
    for title in IDS.values():
        assert title in text and title in done.stdout  # each entry printed as written
    entries = parse_file(str(site / "refs.bib")).entries
    census = next(entries[key] for key in added if "Census" in entries[key].fields["title"])
    assert len(census.persons["author"]) == 500
    sosp = next(entries[key] for key in added if "Fair" in entries[key].fields["title"])
    assert [str(p) for p in sosp.persons["author"]][1:] == [
        "García-López, José", "杨, 凌云", "{The OpenAI Team}"]
    assert "{GPU}" in sosp.fields["title"] and "$\\alpha$" in sosp.fields["title"]
    assert sosp.fields["month"] == "October"  # written as the macro oct
    assert sosp.fields["abbr"] == "SOSP"  # the venue found in venues.yml by its name
    assert "month = oct," in text
    # every one cited on a page; the strict build lists them all, no warning
    (site / "docs" / "reading.md").write_text(
        "---\norphan: true\n---\n# Reading\n\n" + "".join(f"{{cite}}`{key}` " for key in added)
        + "\n", encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "docs",
                            "_build/html"], cwd=site, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    references = BeautifulSoup((site / "_build/html/references.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ")
    for title in ("Fast & Fair", "Llumnix", "MLaaS in the Wild", "atlas of neuron types",
                  "Introduction to algorithms", "Alibaba GPU cluster trace", "Census"):
        assert title in " ".join(references.split()), title
    # a second run adds nothing and asks nothing
    asked, bib = len(services.requests), (site / "refs.bib").read_bytes()
    again = add(site, services, *IDS)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("already in the bibliography as") == len(IDS)
    assert (site / "refs.bib").read_bytes() == bib
    assert len(services.requests) == asked
    assert all("mailto:lyangbk@cse.ust.hk" in agent for _, agent in services.requests)


@pytest.mark.parametrize(("written", "said"), [
    ("10.1000/unknown", "the service does not know this doi"),
    ("10.1000/garbage", "not JSON"),
    ("10.1000/busy", "rate limited"),
    ("10.1000/closed", "rate limited for 3600 s"),
    ("10.1000/broken", "503"),
    ("10.1016/j.example.2020.01.001", "retraction notice of 10.1016/j.example.2018.05.002"),
    ("9999.99999", "does not know this arxiv"),
    ("PMID:99999999", "does not know this pubmed"),
    ("not-an-id", "not a DOI, arXiv id"),
])
def test_a_failure_is_one_line_and_refs_bib_is_untouched(written: str, said: str, site: Path,
                                                         services: Services) -> None:
    bib = (site / "refs.bib").read_bytes()
    done = add(site, services, written)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {written}: ") and said in lines[0]
    assert "Traceback" not in done.stderr
    assert (site / "refs.bib").read_bytes() == bib


def test_offline_is_one_line(site: Path, services: Services) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    env = {**services.env(), "SCHOLARSITE_CROSSREF_URL": f"http://127.0.0.1:{closed}"}
    bib = (site / "refs.bib").read_bytes()
    done = subprocess.run([*SCHOLARSITE, "add", "10.1371/journal.pone.0033693"], cwd=site,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "could not connect (offline?)" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert (site / "refs.bib").read_bytes() == bib


def test_a_partial_run_keeps_what_it_got_and_a_redirect_is_followed(site: Path,
                                                                    services: Services) -> None:
    done = add(site, services, "10.1000/moved", "10.1000/unknown")
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert "Methylphenidate" in (site / "refs.bib").read_text(encoding="utf-8")


def test_a_preprint_whose_published_version_arxiv_knows(site: Path, services: Services) -> None:
    done = add(site, services, "https://arxiv.org/abs/2310.00001v1")
    assert done.returncode == 0, done.stderr
    entry = parse_file(str(site / "refs.bib")).entries[
        next(key for key in _keys(site / "refs.bib") if key.startswith("yang2023fast"))]
    assert entry.type == "inproceedings" and entry.fields["doi"] == "10.1145/3600006.3613175"
    assert entry.fields["eprint"] == "2310.00001"  # both identifiers kept
    # the published DOI and the arXiv id both name it now
    again = add(site, services, "10.1145/3600006.3613175")
    assert "already in the bibliography as yang2023fast" in again.stdout


def test_update_rewrites_from_the_source_and_keeps_the_owners_fields(site: Path,
                                                                     services: Services) -> None:
    bib = site / "refs.bib"
    mine = ("@article{plos2012,\n  title = {An old wrong title},\n  author = {Sadasivan, S.},\n"
            "  year = {2012},\n  doi = {10.1371/journal.pone.0033693},\n"
            "  selected = {true},\n  pdf = {papers/plos.pdf},\n}\n")
    original = bib.read_text(encoding="utf-8")
    bib.write_text(original + "\n" + mine, encoding="utf-8")
    held = add(site, services, "10.1371/journal.pone.0033693")
    assert "already in the bibliography as plos2012" in held.stdout
    assert bib.read_text(encoding="utf-8") == original + "\n" + mine
    done = add(site, services, "--update", "10.1371/journal.pone.0033693")
    assert done.returncode == 0, done.stderr
    text = bib.read_text(encoding="utf-8")
    assert text.startswith(original)  # the other entries as they were
    entry = parse_file(str(bib)).entries["plos2012"]
    assert entry.fields["title"].startswith("Methylphenidate Exposure")
    assert entry.fields["selected"] == "true" and entry.fields["pdf"] == "papers/plos.pdf"
    assert len(entry.persons["author"]) == 6


def test_the_client_bounds_a_slow_answer_and_honours_retry_after(
        monkeypatch: pytest.MonkeyPatch, services: Services) -> None:
    waits: list[float] = []
    ROUTES["/crossref/slow"] = lambda: (time.sleep(1.5), (200, {}, b"{}"))[1]
    monkeypatch.setattr(net, "TIMEOUT", 0.5)
    monkeypatch.setenv("SCHOLARSITE_CROSSREF_URL", f"{services.url}/crossref")
    client = net.Client(sleep=waits.append)
    try:
        with pytest.raises(net.Unavailable, match="answer within 0.5 s"):
            client.get("crossref", "/slow")
    finally:
        del ROUTES["/crossref/slow"]
    assert len(waits) == net.ATTEMPTS - 1
    ROUTES["/crossref/later"] = (503, {"Retry-After": "7"}, b"")
    try:
        with pytest.raises(net.Unavailable, match="503"):
            net.Client(sleep=waits.append).get("crossref", "/later")
    finally:
        del ROUTES["/crossref/later"]
    assert waits[-(net.ATTEMPTS - 1):] == [7.0] * (net.ATTEMPTS - 1)


def test_new_note_from_an_arxiv_id_adds_the_entry_and_builds(site: Path,
                                                             services: Services) -> None:
    done = subprocess.run([*SCHOLARSITE, "new-note", "arXiv:2305.05665"], cwd=site,
                          env=services.env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    note = site / "docs" / "notes" / "sun2023llumnix.md"
    assert f"wrote {Path('docs/notes/sun2023llumnix.md')}" in done.stdout and note.is_file()
    assert "sun2023llumnix" in _keys(site / "refs.bib")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "docs",
                            "_build/html"], cwd=site, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup((site / "_build/html/notes/sun2023llumnix.html").read_text(
        encoding="utf-8"), "html.parser")
    assert "Llumnix" in page.title.get_text()
    links = [a["href"] for a in page.select("article a[href]")]
    assert any("sun2023llumnix" in href for href in links), links  # the paper it is on
    again = subprocess.run([*SCHOLARSITE, "new-note", "2305.05665"], cwd=site,
                           env=services.env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 1 and "exists already" in again.stderr  # the same paper


def _with_profiles(site: Path) -> None:
    cv = site / "docs" / "cv.yaml"
    text = cv.read_text(encoding="utf-8")
    cv.write_text(text.replace("  email: lyangbk@cse.ust.hk\n", "  email: lyangbk@cse.ust.hk\n"
                               f"  orcid: {ORCID}\n  dblp: {DBLP_PID}\n"
                               f"  semantic_scholar: {S2}\n"), encoding="utf-8")  # a number


def sync(site: Path, services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCHOLARSITE, "sync", *args], cwd=site, env=services.env(),
                          capture_output=True, text=True, timeout=120)


def test_sync_reports_the_missing_papers_and_the_published_preprint(
        site: Path, services: Services) -> None:
    _with_profiles(site)
    bib = (site / "refs.bib").read_bytes()
    done = sync(site, services)
    assert done.returncode == 0, done.stderr
    assert "asked ORCID, DBLP, Semantic Scholar, OpenAlex: 3 of your papers are not in the " \
           "bibliography, 1 preprint(s) have a published version" in done.stdout
    missing = [line for line in done.stdout.splitlines() if line.startswith("missing: ")]
    assert missing == [
        "missing: Fast & Fair: Scheduling GPU Clusters with α-Fairness under Kubernetes (2023) "
        "10.1145/3600006.3613175 [ORCID, Semantic Scholar, OpenAlex]",
        "missing: MLaaS in the Wild: Workload Analysis and Scheduling in Large-Scale "
        "Heterogeneous GPU Clusters (2022) conf/nsdi/WengXYWWHLZLD22 [DBLP]",
        "missing: Llumnix: Dynamic Scheduling for Large Language Model Serving (2023) "
        "arXiv:2305.05665 [Semantic Scholar]"]
    assert "published: li2024swiftdiffusion is a preprint; its published version is " \
           "10.1145/9999999.1234567" in done.stdout
    assert (site / "refs.bib").read_bytes() == bib  # nothing written without --write
    before = _keys(site / "refs.bib")
    written = sync(site, services, "--write")
    assert written.returncode == 0, written.stderr
    added = [key for key in _keys(site / "refs.bib") if key not in before]
    assert sorted(added) == ["sun2023llumnix", "weng2022mlaas", "yang2023fast"]  # exactly those
    swift = parse_file(str(site / "refs.bib")).entries["li2024swiftdiffusion"]
    assert "doi" not in swift.fields  # the preprint is left as it was without --update
    updated = sync(site, services, "--write", "--update")
    assert updated.returncode == 0, updated.stderr
    assert _keys(site / "refs.bib") == [*before, *added]  # rewritten in place, none added
    swift = parse_file(str(site / "refs.bib")).entries["li2024swiftdiffusion"]
    assert swift.fields["doi"] == "10.1145/9999999.1234567" and swift.type == "inproceedings"
    assert swift.fields["selected"] == "true" and swift.fields["eprint"] == "2407.02031"
    again = sync(site, services)
    assert "0 of your papers are not in the bibliography, 0 preprint(s)" in again.stdout


def test_sync_without_profiles_or_with_one_down(site: Path, services: Services) -> None:
    done = sync(site, services)
    assert done.returncode == 1 and "names no ORCID, DBLP or Semantic Scholar profile" in \
        done.stderr and "Traceback" not in done.stderr
    _with_profiles(site)
    ROUTES[f"/dblp/pid/{DBLP_PID}.xml"], kept = (503, {}, b""), ROUTES[f"/dblp/pid/{DBLP_PID}.xml"]
    try:
        down = sync(site, services)
    finally:
        ROUTES[f"/dblp/pid/{DBLP_PID}.xml"] = kept
    assert down.returncode == 1
    assert down.stderr.strip().splitlines() == [
        "error: DBLP: the service answered 503 4 times: try again later (the other profiles "
        "are compared)"]
    assert "missing: Fast & Fair" in down.stdout  # ORCID and OpenAlex still compared


def test_hostile_answers_stay_text(site: Path, services: Services) -> None:
    """A service's strings are data: braces, TeX commands, HTML and a script address become
    text in a well-formed entry; the strict build shows them as written."""
    done = add(site, services, "10.1000/hostile")
    assert done.returncode == 0, done.stderr
    entry = parse_file(str(site / "refs.bib")).entries[
        next(key for key in _keys(site / "refs.bib") if key.startswith("robert"))]
    assert "url" not in entry.fields  # not an http(s) address
    assert len(entry.persons["author"]) == 2
    (site / "docs" / "reading.md").write_text(
        f"---\norphan: true\n---\n# Reading\n\n{{cite}}`{entry.key}`\n", encoding="utf-8")
    build = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "docs",
                            "_build/html"], cwd=site, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    page = BeautifulSoup((site / "_build/html/references.html").read_text(encoding="utf-8"),
                         "html.parser")
    text = " ".join(page.get_text(" ").split())
    assert "Braces }{ and \\input{/etc/passwd} and 100% alert(1) $x" in text
    assert not page.select("article script") and "javascript:" not in str(page)


def test_line_endings_are_kept_and_to_writes_a_new_file(site: Path, services: Services) -> None:
    bib = site / "refs.bib"
    bib.write_bytes(bib.read_bytes().replace(b"\n", b"\r\n"))
    done = add(site, services, "10.1371/journal.pone.0033693")
    assert done.returncode == 0, done.stderr
    written = bib.read_bytes()
    assert b"Methylphenidate" in written and b"\n" not in written.replace(b"\r\n", b"")
    failed = add(site, services, "--to", "more.bib", "10.1000/unknown")
    assert failed.returncode == 1 and not (site / "more.bib").exists()  # nothing, not even empty
    done = add(site, services, "--to", "more.bib", "ISBN 9780262033848")
    assert done.returncode == 0, done.stderr
    assert _keys(site / "more.bib") == ["cormen2009introduction"]
