"""Citation counts: ``scholarsite citations update`` against a local fake of OpenAlex and
Semantic Scholar (answers shaped like theirs, errors and rate limits included), the file it
writes, and the build that reads only that file: counts per paper, total and h-index on the CV
page and in the PDF when the owner turns them on."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from fixture_site import write_site
from scholarsite import net
from scholarsite.cli import main

ENTRIES = """
@inproceedings{example2024arxiv, author = {Example, Ada}, title = {Only on arXiv},
  booktitle = {Some Conference}, year = {2024}, eprint = {2401.00001}, archiveprefix = {arXiv}}
@inproceedings{example2022busy, author = {Example, Ada}, title = {Busy Service},
  booktitle = {Some Conference}, year = {2022}, doi = {10.1/busy}}
@inproceedings{example2021unknown, author = {Example, Ada}, title = {Nobody Knows},
  booktitle = {Some Conference}, year = {2021}, doi = {10.1/unknown}}
@inproceedings{example2019deep, author = {Example, Ada}, title = {Deep Answer},
  booktitle = {Some Conference}, year = {2019}, doi = {10.1/deep}}
@inproceedings{example2020noid, author = {Example, Ada}, title = {No Identifier},
  booktitle = {Some Conference}, year = {2020}}
"""

#: path -> (status, body): OpenAlex's /works and Semantic Scholar's /paper, as they answer
ANSWERS = {
    "/openalex/works/doi:10.1/own": (200, {
        "id": "https://openalex.org/W1", "doi": "https://doi.org/10.1/own",
        "title": "An Own Paper on Storage", "cited_by_count": 12,
        "counts_by_year": [{"year": 2024, "cited_by_count": 5}]}),
    "/openalex/works/doi:10.48550/arXiv.2401.00001": (404, {"error": "Not Found"}),
    "/s2/paper/arXiv:2401.00001?fields=citationCount": (200, {
        "paperId": "abc", "citationCount": 3}),
    "/openalex/works/doi:10.1/busy": (429, {"error": "Too Many Requests"}),
    "/s2/paper/DOI:10.1/busy?fields=citationCount": (429, {"message": "Too Many Requests"}),
    "/openalex/works/doi:10.1/unknown": (404, {"error": "Not Found"}),
    "/openalex/works/doi:10.1/deep": (200, "DEEP"),
    "/s2/paper/DOI:10.1/unknown?fields=citationCount": (404, {"error": "Paper not found"}),
}


class FakeApis(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        status, body = ANSWERS.get(self.path, (500, {"error": f"unexpected {self.path}"}))
        data = b"[" * 100_000 + b"]" * 100_000 if body == "DEEP" else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def apis(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApis)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("SCHOLARSITE_OPENALEX_URL", base + "/openalex")
    monkeypatch.setenv("SCHOLARSITE_SEMANTIC_SCHOLAR_URL", base + "/s2")
    yield base
    server.shutdown()
    server.server_close()


def site(root: Path) -> Path:
    docs = write_site(root)
    bib = root / "refs.bib"
    bib.write_text(bib.read_text().replace("  selected  = {true}", "  selected  = {true},\n"
                                           "  doi       = {10.1/own}") + ENTRIES)
    # an earlier run counted the busy paper: a rate limit now must not lose that count
    (docs / "citations.yml").write_text(
        "papers:\n  example2022busy: {count: 7, source: OpenAlex, fetched: 2024-01-02}\n")
    return docs


def test_update_writes_counts_and_reports_what_it_could_not(
        tmp_path: Path, apis: str, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(net, "pause", waits.append)  # the backoff, counted
    docs = site(tmp_path)
    assert main(["citations", "update", str(docs)]) == 0
    printed = capsys.readouterr()
    today = dt.date.today()
    papers = yaml.safe_load((docs / "citations.yml").read_text())["papers"]
    assert papers == {
        "example2023own": {"count": 12, "source": "OpenAlex", "fetched": today},
        "example2024arxiv": {"count": 3, "source": "Semantic Scholar", "fetched": today},
        "example2022busy": {"count": 7, "source": "OpenAlex", "fetched": dt.date(2024, 1, 2)},
    }
    assert "example2022busy: OpenAlex: the service answered 429 4 times: rate limited" in \
        printed.err
    assert "(kept 7 of 2024-01-02)" in printed.err
    assert "example2021unknown: unknown to OpenAlex and Semantic Scholar" in printed.err
    assert "example2020noid: no doi, eprint or arxiv field" in printed.err
    assert "example2019deep: OpenAlex: an answer nested too deeply to be read" in printed.err
    assert "Traceback" not in printed.err
    assert "2 of 6 papers counted, 4 not" in printed.out
    # the 429s retried with backoff at both services, and the 500 the fake gives for a path it
    # does not know (Semantic Scholar asked for the paper whose OpenAlex answer was unreadable)
    assert waits == [1.0, 2.0, 4.0] * 3


def test_unreachable_services_are_reported_never_fatal(tmp_path: Path, capsys,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(net, "pause", lambda seconds: None)
    docs = site(tmp_path)
    monkeypatch.setenv("SCHOLARSITE_OPENALEX_URL", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("SCHOLARSITE_SEMANTIC_SCHOLAR_URL", "http://127.0.0.1:9")
    assert main(["citations", "update", str(docs)]) == 0
    err = capsys.readouterr().err
    assert "example2023own: OpenAlex: could not connect (offline?)" in err
    assert "Semantic Scholar: could not connect (offline?)" in err
    papers = yaml.safe_load((docs / "citations.yml").read_text())["papers"]
    assert papers["example2022busy"]["count"] == 7


def test_build_shows_counts_and_the_summary_when_turned_on(tmp_path: Path, apis: str) -> None:
    docs = site(tmp_path)
    assert main(["citations", "update", str(docs)]) == 0
    out = tmp_path / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    page = BeautifulSoup((out / "publications.html").read_text(), "html.parser")
    cited = page.find("li", id="example2023own").select_one(".ss-cited")
    assert cited.get_text() == "Cited by 12"
    assert cited["title"] == f"OpenAlex, {dt.date.today().isoformat()}"
    assert page.find("li", id="example2021unknown").select_one(".ss-cited") is None
    cv = BeautifulSoup((out / "cv.html").read_text(), "html.parser")
    assert cv.select_one(".ss-citesum") is None  # off unless the owner turns it on
    conf = docs / "conf.py"
    conf.write_text(conf.read_text() + "scholarsite_citation_summary = True\n")
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    cv = BeautifulSoup((out / "cv.html").read_text(), "html.parser")
    summary = re.sub(r"\s+", " ", cv.select_one(".ss-citesum").get_text().strip())
    assert summary.startswith("Citations: 22 · h-index: 3 (OpenAlex, Semantic Scholar, as of "
                              "January 2, 2024)")  # 12, 7, 3: three papers cited 3+ times
    pdf = subprocess.run(["pdftotext", str(out / "cv.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "Citations: 22 · h-index: 3" in pdf


def test_bad_citations_file_names_its_line(tmp_path: Path, failing_build) -> None:
    docs = write_site(tmp_path)
    (docs / "citations.yml").write_text(
        "papers:\n  example2023own:\n    count: many\n    source: OpenAlex\n"
        "    fetched: 2024-01-02\n")
    assert "citations.yml:3: papers.example2023own.count:" in failing_build(docs)


ASKED = threading.Event()  # set when the dripping service gets its first request


class Dripping(BaseHTTPRequestHandler):
    """A service that answers one byte every half second, for ever."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        ASKED.set()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def dripping() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def update_process(docs: Path, base: str, deadline: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from scholarsite.cli import run; run()", "citations", "update",
         str(docs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "SCHOLARSITE_OPENALEX_URL": base + "/openalex",
             "SCHOLARSITE_SEMANTIC_SCHOLAR_URL": base + "/s2",
             "SCHOLARSITE_CITATIONS_DEADLINE": deadline},
        # as from a terminal: a test run before may have left SIGINT ignored, which a child
        # inherits (and Python then never raises KeyboardInterrupt)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_a_service_that_drips_cannot_hold_the_run(tmp_path: Path, dripping: str) -> None:
    """The run has a deadline of its own: papers not asked by then keep their counts; each
    paper's outcome is shown as it comes."""
    docs = site(tmp_path)
    before = (docs / "citations.yml").read_bytes()
    started = time.monotonic()
    process = update_process(docs, dripping, "3")
    out, err = process.communicate(timeout=120)
    assert time.monotonic() - started < 60 and process.returncode == 0, err
    assert "Traceback" not in err and "[1/" in err and "no whole answer within" in err
    assert "not asked: the run's time was up" in err
    kept = yaml.safe_load((docs / "citations.yml").read_text())["papers"]
    assert kept["example2022busy"]["count"] == 7 and before  # the old count stays


def test_ctrl_c_stops_cleanly_and_writes_nothing(tmp_path: Path, dripping: str) -> None:
    docs = site(tmp_path)
    before = (docs / "citations.yml").read_bytes()
    ASKED.clear()
    process = update_process(docs, dripping, "600")
    assert ASKED.wait(120)  # asking the first paper
    for _ in range(12):  # as a user would, pressing again if the machine is slow to notice
        process.send_signal(signal.SIGINT)
        try:
            out, err = process.communicate(timeout=5)
            break
        except subprocess.TimeoutExpired:
            continue
    else:
        process.kill()
        pytest.fail("Ctrl-C did not stop the command")
    assert process.returncode == 130 and "Traceback" not in err
    assert err.strip().endswith("error: interrupted (Ctrl-C): run the command again")
    assert (docs / "citations.yml").read_bytes() == before


@pytest.mark.parametrize(("text", "message"), [
    ("papers:\n  example2023own: {count: true, source: OpenAlex, fetched: 2024-01-02}\n",
     "citations.yml:2: papers.example2023own.count:"),
    ("papers:\n  nosuchpaper: {count: 3, source: OpenAlex, fetched: 2024-01-02}\n",
     "papers: 'nosuchpaper' is no entry of the bibliography"),
])
def test_counts_that_would_be_wrong_or_lost_fail_the_build(tmp_path: Path, failing_build,
                                                           text: str, message: str) -> None:
    docs = write_site(tmp_path)
    (docs / "citations.yml").write_text(text)
    assert message in failing_build(docs)
