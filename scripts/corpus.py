"""Import a corpus of real sites and say, per site, how far each got.

Usage: python scripts/corpus.py [LIST] [--mirror DIR] [--work DIR] [--only REPO]

LIST (default scripts/corpus-sites.tsv) names public repositories by ``repo``, ``commit``,
``kind`` (al-folio, academicpages, hugo-blox) and a ``note``; the sites themselves stay outside
this repository: each is read from a snapshot of the repository (``DIR/owner+name/repo``, a
git directory as the search tool's ``fetch`` leaves it; default /work/.mirror) at that commit.
For each site the script runs, as a user would and in separate processes, the kind's
importer, ``scholarsite build`` and ``scholarsite check``, then counts the papers the built
publication list shows against the entries of the site's bibliography, and prints one
Markdown row: imported, builds, check passes, papers listed / papers in the source, papers
the source lists twice (one DOI, one title: merged into one entry), items the importer
reported (repaired or left out), the owner it found, and the first line of any failure.
Totals last.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SCHOLARSITE = Path(sys.executable).parent / "scholarsite"
IMPORTERS = {"al-folio": "import-al-folio", "academicpages": "import-academicpages",
             "hugo-blox": "import-hugo-blox"}
ENTRY = re.compile(r"^\s*@\s*(?!string\b|comment\b|preamble\b)\w+\s*[{(]", re.I | re.M)
TITLE = re.compile(r"^title\s*[:=]\s*['\"]?(.*?)['\"]?\s*$", re.M)
DRAFT = re.compile(r"^draft\s*[:=]\s*true\b", re.M | re.I)
EXAMPLE = re.compile(r"paper title number \d|an example (journal article|conference paper|"
                     r"preprint)", re.I)


def papers_in_source(kind: str, src: Path) -> int:
    """The papers the old site lists, counted from its files as its generator would show
    them: al-folio's papers.bib entries (the template's Einstein examples aside), the pages
    of academicpages' _publications/ and Hugo Blox's publication section (drafts and the
    templates' examples aside)."""
    if kind == "al-folio":
        bib = src / "_bibliography" / "papers.bib"
        text = bib.read_text(encoding="utf-8", errors="replace") if bib.is_file() else ""
        return sum("einstein" not in chunk.split("@", 1)[0].casefold()
                   for chunk in ENTRY.split(text)[1:])
    if kind == "academicpages":
        pages = [p for p in (src / "_publications").glob("*") if p.suffix in {".md", ".markdown",
                                                                              ".html"}]
    else:
        content = src / "content" / ("en" if (src / "content" / "en").is_dir() else "")
        pages = [p for name in ("publication", "publications") for p in [
            *(content / name).glob("*.md"), *(content / name).glob("*/index.md")]
            if not p.name.startswith("_index")]
    count = 0
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        title = TITLE.search(text)
        count += not DRAFT.search(text.split("\n---", 2)[0] if text.startswith("---") else
                                  text) and not (title and EXAMPLE.search(title[1]))
    return count


@dataclass
class Row:
    repo: str
    kind: str
    imported: bool = False
    builds: bool = False
    checks: bool = False
    listed: int = 0
    source: int = 0
    merged: int = 0  # the source's pages or entries that are another's work again (same DOI)
    reported: int = 0
    owner: str = ""
    failure: str = ""

    def markdown(self) -> str:
        mark = {True: "yes", False: "no"}
        papers = f"{self.listed}/{self.source}" if self.source else "-"
        return (f"| {self.repo} | {self.kind} | {mark[self.imported]} | {mark[self.builds]} | "
                f"{mark[self.checks]} | {papers} | {self.merged} | {self.reported} | "
                f"{self.owner} | "
                f"{self.failure.replace('|', '/')[:120]} |")


def checkout(mirror: Path, repo: str, commit: str, into: Path) -> int:
    """The site's files at ``commit``; the number a snapshot lacks (files of 4 MiB and more
    are not kept in one, and ``git archive`` would stop at the first)."""
    snapshot = mirror / repo.replace("/", "+") / "repo"
    if (snapshot / ".git").is_dir():  # some snapshots come with a work tree
        snapshot = snapshot / ".git"
    gitdir = ["git", "--git-dir", str(snapshot)]
    listing = subprocess.run([*gitdir, "ls-tree", "-r", "-z", commit], capture_output=True,
                             check=True).stdout.decode("utf-8", "surrogateescape")
    blobs = [(entry.split("\t", 1)[1], entry.split()[2]) for entry in listing.split("\0")
             if entry and entry.split()[1] == "blob"]
    batch = subprocess.run([*gitdir, "cat-file", "--batch"], capture_output=True, check=True,
                           input="".join(f"{sha}\n" for _, sha in blobs).encode()).stdout
    missing, at = 0, 0
    for name, _ in blobs:
        header_end = batch.index(b"\n", at)
        header = batch[at:header_end].split()
        at = header_end + 1
        if header[-1] == b"missing":
            missing += 1
            continue
        size = int(header[2])
        target = into / name
        if ".." not in Path(name).parts:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(batch[at:at + size])
        at += size + 1
    return missing


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCHOLARSITE), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900)


def last_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "Traceback" in line]
    return (errors or lines or ["failed"])[-1].strip()


def one(repo: str, commit: str, kind: str, mirror: Path, work: Path) -> Row:
    row = Row(repo, kind)
    if kind not in IMPORTERS:
        row.failure = f"no importer for {kind} yet"
        return row
    src, site = work / "src", work / "site"
    checkout(mirror, repo, commit, src)
    row.source = papers_in_source(kind, src)
    done = run([IMPORTERS[kind], str(src), str(site)], work)
    row.imported = done.returncode == 0
    if not row.imported:
        row.failure = last_error(done)
        return row
    lines = done.stdout.splitlines()
    row.reported = sum(line.startswith(("not converted:", "repaired:")) for line in lines)
    row.merged = sum("(same DOI or arXiv id): left out" in line for line in lines)
    owner = re.search(r"^wrote a site for (.*) in ", done.stdout, re.M)
    row.owner = owner[1] if owner else ""
    built = run(["build", "docs", "--out", "_build/html"], site)
    row.builds = built.returncode == 0
    if not row.builds:
        row.failure = last_error(built)
        return row
    listing = site / "_build" / "html" / "publications.html"
    if listing.is_file():
        page = BeautifulSoup(listing.read_text(encoding="utf-8"), "html.parser")
        row.listed = len(page.select("li.ss-pub"))
    checked = run(["check", "docs", "--out", "_build/check"], site)
    row.checks = checked.returncode == 0
    if not row.checks:
        row.failure = last_error(checked)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("list", nargs="?", type=Path, default=ROOT / "scripts" /
                        "corpus-sites.tsv")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--work", type=Path, default=ROOT / "_build" / "corpus")
    parser.add_argument("--only", default=None, help="one repository (owner/name)")
    args = parser.parse_args()
    with args.list.open(encoding="utf-8") as file:
        sites = [site for site in csv.DictReader(file, delimiter="\t")
                 if not args.only or site["repo"] == args.only]
    print("| site | kind | imported | builds | check | papers listed/source | duplicates merged "
          "| reported | owner | failure |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for number, site in enumerate(sites):
        work = args.work / f"{number:03d}"
        subprocess.run(["rm", "-rf", str(work)], check=True)
        work.mkdir(parents=True)
        try:
            row = one(site["repo"], site["commit"], site["kind"], args.mirror, work)
        except (subprocess.SubprocessError, OSError, ValueError) as exc:
            row = Row(site["repo"], site["kind"], failure=f"{type(exc).__name__}: {exc}")
        rows.append(row)
        print(row.markdown(), flush=True)
    papers = sum(row.source for row in rows if row.source)
    merged = sum(row.merged for row in rows)
    print(f"\n{len(rows)} sites: {sum(r.imported for r in rows)} imported, "
          f"{sum(r.builds for r in rows)} build, {sum(r.checks for r in rows)} pass check; "
          f"papers listed {sum(r.listed for r in rows)} of {papers} in the sources, "
          f"{papers - merged} of them distinct ({merged} listed twice, same DOI)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
