"""Build-speed benchmark: scholarsite against the plain Sphinx stack on the same pages.

Usage: python scripts/bench.py [--sizes 200/1000,1000/5000] [--work DIR] [--only ours|plain]

For each N/M size it generates a site of N reading notes (3 citations each, drawn from M
entries of tests/data/bib/cdl) plus the owner's real pages, and builds it with
scholarsite and with a plain conf.py (myst-parser, sphinxcontrib-bibtex, furo only) on the
same sources. Each is built the way a researcher builds it: ``scholarsite build`` for ours,
``python -m sphinx`` for the plain stack. For each it measures, in separate processes: a full
build, a no-op rebuild (and one through ``python -m sphinx`` alone, as Read the Docs builds,
which skips our up-to-date check), a rebuild after editing one note (also through ``python -m
sphinx``), and after editing one bib entry; the live preview's round trip from saving a note to
the server serving the changed page, and from saving a bib entry's edit to the references
page showing it (``scholarsite serve`` against sphinx-autobuild); peak RSS
of the build process; the size of one note page and of the whole site. Each rebuild and round
trip is the median of three (one run of a second swings by a tenth either way). It prints a
Markdown table with the plain/ours ratios. Timings belong here, never in tests.

The plain side is the site a plain-Sphinx owner would really have, not our docs/ with our
directives left unknown: the pages that use scholarsite's directives and roles (home, CV,
research, teaching, publications, the notes index) are rewritten as hand-written Markdown
from the same cv.yaml and refs.bib (lists, sphinxcontrib-bibtex bibliographies), and the
notes index is a globbing toctree, so every note, generated or imported, sits in the
navigation, as Sphinx requires and as furo then writes into every page's sidebar. Earlier
the plain notes were in no toctree: the plain build skipped that sidebar and warned about
every note, a baseline cheaper than any real plain site. So that this cannot come back
unnoticed, each side's first full build must print no WARNING or ERROR line; one stops the
benchmark with the lines and the log (``<work>/<side>-N-M.log``).

Builds run as on a researcher's machine: Python writes its bytecode caches (an environment
that sets ``PYTHONDONTWRITEBYTECODE``, as some sandboxes do, would compile the editable
package's sources again in every process).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CDL = ROOT / "tests" / "data" / "bib" / "cdl" / "cdl.bib"
WORDS = ("cluster scheduling GPU fragmentation serving latency throughput batching memory "
         "placement preemption locality elasticity autoscaling inference training pipeline "
         "kernel network storage consistency replication fault tolerance workload trace").split()

PLAIN_CONF = '''\
project = "bench"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
html_theme = "furo"
bibtex_bibfiles = ["../refs.bib", "../bench.bib"]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
exclude_patterns = ["_build"]
# the cdl corpus has entries without a journal or booktitle; sphinxcontrib-bibtex's style warns
# about each cited one (scholarsite's lists them as they are): an owner silences that, as here
suppress_warnings = ["bibtex.missing_field"]
'''


#: the environment builds run in: as the caller's, with bytecode caches written
ENVIRONMENT = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}
REPEATS = 3
#: a line of a build's output that says the site did not build clean
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b")


@dataclass
class Run:
    seconds: float
    peak_mb: float


def bib_entries(count: int) -> list[tuple[str, str]]:
    """The first ``count`` entries of the cdl corpus, as (key, BibTeX source)."""
    text = CDL.read_text(encoding="utf-8", errors="replace")
    starts = [m.start() for m in re.finditer(r"^@(?!string|preamble|comment)\w+\s*\{", text,
                                             re.M | re.I)]
    entries = []
    for start, end in zip(starts, [*starts[1:], len(text)]):
        source = text[start:end].strip()
        key = re.match(r"@\w+\s*\{\s*([^,\s]+)", source)
        if key:
            entries.append((key[1], source))
        if len(entries) == count:
            break
    return entries


def generate(site: Path, notes: int, entries: int, plain: bool) -> list[str]:
    """Write the benchmark site; return the bib keys the notes cite."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(ROOT / "docs", site / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copy(ROOT / "refs.bib", site / "refs.bib")
    chosen = bib_entries(entries)
    # The plain stack crashes on @conference (pybtex's styles have no format_conference);
    # both stacks get the same input, so it is written as the @inproceedings it means.
    text = "\n\n".join(source for _, source in chosen) + "\n"
    text = re.sub(r"^@conference\b", "@inproceedings", text, flags=re.M | re.I)
    (site / "bench.bib").write_text(text, encoding="utf-8")
    conf = site / "docs" / "conf.py"
    if plain:
        conf.write_text(PLAIN_CONF, encoding="utf-8")
        write_plain_pages(site / "docs")
    else:
        conf.write_text(conf.read_text().replace('bibtex_bibfiles = ["../refs.bib"]',
                                                 'bibtex_bibfiles = ["../refs.bib", '
                                                 '"../bench.bib"]'), encoding="utf-8")
    rng = random.Random(1)
    keys = [key for key, _ in chosen]
    cited = []
    for index in range(notes):
        picks = rng.sample(keys, 3)
        cited += picks
        words = " ".join(rng.choice(WORDS) for _ in range(120))
        tag = rng.choice(WORDS)
        (site / "docs" / "notes" / f"bench-{index:05d}.md").write_text(
            f"---\ndate: 20{10 + index % 15:02d}-{1 + index % 12:02d}-{1 + index % 28:02d}\n"
            f"tags: [{tag}]\nstatus: read\nsummary: Benchmark note {index}.\n---\n\n"
            f"# Benchmark note {index}: {tag}\n\n"
            f"This note reads {{cite:t}}`{picks[0]}` and compares it with "
            f"{{cite:p}}`{picks[1]}` and {{cite:p}}`{picks[2]}`.\n\n## Key ideas\n\n{words}\n\n"
            f"## Thoughts\n\n{words[::-1]}\n", encoding="utf-8")
    return cited


def write_plain_pages(docs: Path) -> None:
    """Rewrite the copied pages that use scholarsite's directives and roles as the plain
    Markdown a plain-Sphinx owner would write by hand from the same facts (cv.yaml,
    ../refs.bib): headings and lists, sphinxcontrib-bibtex bibliographies for the
    publications, and a globbing toctree that puts every note in the navigation."""
    cv = yaml.safe_load((docs / "cv.yaml").read_text(encoding="utf-8"))
    identity = {key: value for key, value in cv["identity"].items() if key != "phone"}
    home = (docs / "index.md").read_text(encoding="utf-8")
    toctree = re.search(r"^```\{toctree\}.*?^```$", home, re.MULTILINE | re.DOTALL)[0]
    _page(docs / "index.md", "---", "hide-toc: true", "---", "", f"# {identity.pop('name')}",
          "", *_bullets(identity), "", cv["interests"], "", "## Selected publications", "",
          "```{bibliography} ../refs.bib", ':filter: selected == "true"',
          ":keyprefix: selected-", "```", "", "See [all publications](publications.md).", "",
          "See [all reading notes](notes/index.md).", "", toctree)
    _page(docs / "publications.md", "# Publications", "", "```{bibliography} ../refs.bib",
          ":all:", ":keyprefix: pub-", "```")
    sections = [line for key, value in cv.items() if key not in ("identity", "updated")
                for line in ("", f"## {_label(key)}", "",
                             *(_bullets(value) if isinstance(value, (dict, list))
                               else [str(value)]))]
    _page(docs / "cv.md", "# Curriculum Vitae", "", *_bullets(identity), *sections)
    research = [line for job in cv["experience"]
                for line in ("", f"## {job['organization']}", "",
                             *_bullets({k: v for k, v in job.items() if k != "organization"}))]
    _page(docs / "research.md", "# Research", "",
          "The projects behind the papers: what each was for and what came out of it.",
          *research)
    _page(docs / "teaching" / "index.md", "# Teaching", "", *_bullets(cv["teaching"]), "",
          "```{toctree}", ":maxdepth: 1", ":glob:", "", "*", "```")
    for group in cv["teaching"]:
        for course in group["courses"]:
            page = docs / "teaching" / f"{course['code'].lower()}.md"
            if page.exists():
                _page(page, f"# {course['code']}: {course['title']}", "",
                      f"- Role: {group['role']}",
                      f"- Institution: {group['institution']}, {group['department']}",
                      f"- Terms: {', '.join(course['terms'])}")
    _page(docs / "notes" / "index.md", "# Reading notes", "",
          "Notes on papers I read: what they do, what I think of them.", "",
          "```{toctree}", ":maxdepth: 1", ":glob:", "", "awesome-papers/index", "*", "```")


def _page(path: Path, *lines: str) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _bullets(value: object, indent: int = 0) -> list[str]:
    """cv.yaml data as nested Markdown bullets: a record's plain fields on its line, its
    lists below it, the papers it names cited."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if key == "papers":
                lines.append(f"{pad}- {{cite:p}}`{','.join(item)}`")
            elif key in ("items", "projects"):  # what the record's line is about
                lines += _bullets(item, indent)
            elif isinstance(item, (dict, list)):
                lines += [f"{pad}- {_label(key)}:", *_bullets(item, indent + 1)]
            else:
                lines.append(f"{pad}- {_label(key)}: {item}")
        return lines
    lines = []
    for item in value:
        if isinstance(item, dict):
            lines.append(pad + "- " + " · ".join(str(field) for field in item.values()
                                                   if not isinstance(field, (dict, list))))
            lines += _bullets({key: field for key, field in item.items()
                               if isinstance(field, (dict, list))}, indent + 1)
        else:
            lines.append(f"{pad}- {item}")
    return lines


def build(site: Path, ours: bool, sphinx_alone: bool = False, clean: bool = False) -> Run:
    """One build in its own process, as a researcher runs it (``scholarsite build`` for
    ours, ``python -m sphinx`` for the plain stack, or for ours too with ``sphinx_alone``):
    wall time and that process's peak RSS. Its output goes to ``<site>.log`` beside the site;
    with ``clean`` a single WARNING or ERROR line in it stops the benchmark."""
    html = site / "_build" / "html"
    if ours and not sphinx_alone:
        command = [sys.executable, "-m", "scholarsite", "build", str(site / "docs"), "--out",
                   str(html)]
    else:
        command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d",
                   str(site / "_build" / ".html-doctrees"), str(site / "docs"), str(html)]
    log = site.with_name(site.name + ".log")
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                   env=ENVIRONMENT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {site} failed (output in {log}); rerun the command by "
                         f"hand: {' '.join(command)}")
    if clean:
        problems = [line for line in log.read_text(encoding="utf-8", errors="replace")
                    .splitlines() if PROBLEM.search(line)]
        if problems:
            shown = "\n  ".join(problems[:10])
            raise SystemExit(
                f"bench: the full build of {site} printed {len(problems)} warning or error "
                f"line(s); both sides must build clean, or the comparison is not of the sites "
                f"their owners would have. First ones:\n  {shown}\nAll output: {log}\n"
                f"Command: {' '.join(command)}")
    return Run(seconds, usage.ru_maxrss / 1024)


def edit_note(site: Path) -> None:
    note = next((site / "docs" / "notes").glob("bench-00001.md"))
    note.write_text(note.read_text() + "\nOne more thought.\n", encoding="utf-8")


def edit_bib(site: Path, key: str, word: str = "Edited") -> None:
    bib = site / "bench.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("{" + key + ",")
    title = re.compile(r"(title\s*=\s*[{\"])", re.I)
    match = title.search(text, start)
    bib.write_text(text[: match.end()] + word + ": " + text[match.end():], encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_round_trip(site: Path, ours: bool, bib_key: str, saves: int = REPEATS,
                     ) -> tuple[float, float]:
    """Median seconds from saving a note, and from saving an edit of the bib entry
    ``bib_key``, to the live preview serving the changed page (the note; the references
    page): ``scholarsite serve`` for ours, sphinx-autobuild for the plain stack."""
    port = free_port()
    html = site / "_build" / "html"
    if ours:
        command = [sys.executable, "-m", "scholarsite", "serve", str(site / "docs"), "--out",
                   str(html), "--port", str(port)]
    else:
        command = [sys.executable, "-m", "sphinx_autobuild", str(site / "docs"), str(html),
                   "--port", str(port), "-d", str(site / "_build" / ".html-doctrees"),
                   "--watch", str(site / "bench.bib")]  # ours watches conf.py's .bib files
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=ENVIRONMENT)
    url = f"http://127.0.0.1:{port}/notes/bench-00002.html"
    references = f"http://127.0.0.1:{port}/references.html"
    note = site / "docs" / "notes" / "bench-00002.md"
    note_times, bib_times = [], []
    try:
        _served(url, "Benchmark note 2", limit=600)
        for save in range(saves):
            token = f"{time.time_ns()}{save}"  # digits: no style changes their case
            start = time.perf_counter()
            note.write_text(note.read_text() + f"\n{token}\n", encoding="utf-8")
            _served(url, token, limit=120)
            note_times.append(time.perf_counter() - start)
            time.sleep(1)  # let the watcher settle before the next save
            start = time.perf_counter()
            edit_bib(site, bib_key, token)
            _served(references, token, limit=120)
            bib_times.append(time.perf_counter() - start)
            time.sleep(1)
    finally:
        server.terminate()
        server.wait()
    return sorted(note_times)[saves // 2], sorted(bib_times)[saves // 2]


def _served(url: str, text: str, limit: float) -> None:
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except (OSError, http.client.HTTPException):  # a page read while it is being written
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {text!r}")


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def measure(site: Path, cited: list[str], ours: bool) -> dict[str, float]:
    full = build(site, ours, clean=True)
    noop = median([build(site, ours) for _ in range(REPEATS)])
    build(site, ours, sphinx_alone=True)  # the same files: a no-op for Sphinx, but for our
    # check another command line's first
    sphinx_noop = median([build(site, ours, sphinx_alone=True) for _ in range(REPEATS)])

    def after(edit: Callable[[int], None], sphinx_alone: bool = False) -> Run:
        runs = []
        for index in range(REPEATS):
            edit(index)
            runs.append(build(site, ours, sphinx_alone))
        return median(runs)

    note = after(lambda _: edit_note(site))
    sphinx_note = after(lambda _: edit_note(site), sphinx_alone=True)
    bib = after(lambda index: edit_bib(site, cited[index], f"Edited{index}"))
    served, served_bib = serve_round_trip(site, ours, cited[6])  # one note 2 cites
    html = site / "_build" / "html"
    page = html / "notes" / "bench-00001.html"
    size = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    runs = (full, noop, sphinx_noop, note, sphinx_note, bib)
    return {"full build (s)": full.seconds, "no-op rebuild (s)": noop.seconds,
            "no-op, Sphinx alone (s)": sphinx_noop.seconds,
            "one-note edit (s)": note.seconds,
            "one-note edit, Sphinx alone (s)": sphinx_note.seconds,
            "one-bib-entry edit (s)": bib.seconds,
            "serve: note save to served page (s)": served,
            "serve: bib save to served page (s)": served_bib,
            "peak RSS (MB)": max(run.peak_mb for run in runs),
            "note page (KB)": page.stat().st_size / 1024, "site (MB)": size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200/1000,1000/5000",
                        help="comma-separated NOTES/ENTRIES pairs")
    parser.add_argument("--work", type=Path, default=ROOT / "_build" / "bench")
    parser.add_argument("--only", choices=("ours", "plain"), default=None)
    args = parser.parse_args()
    for size in args.sizes.split(","):
        notes, entries = (int(part) for part in size.split("/"))
        results: dict[str, dict[str, float]] = {}
        for name in ("plain", "ours"):
            if args.only and name != args.only:
                continue
            site = args.work / f"{name}-{notes}-{entries}"
            cited = generate(site, notes, entries, plain=name == "plain")
            results[name] = measure(site, cited, ours=name == "ours")
            print(f"  {name} {notes}/{entries}: done", file=sys.stderr)
        print(f"\n### {notes} notes, {entries} bib entries\n")
        names = list(results)
        header = "| metric | " + " | ".join(names) + (" | plain/ours |" if len(names) == 2
                                                       else " |")
        print(header)
        print("|" + "---|" * (len(names) + 1 + (len(names) == 2)))
        for metric in results[names[0]]:
            values = [results[name][metric] for name in names]
            row = f"| {metric} | " + " | ".join(f"{v:.2f}" for v in values)
            if len(names) == 2:
                row += f" | {values[0] / values[1]:.1f}×" if values[1] else " | –"
            print(row + " |")


if __name__ == "__main__":
    main()
