"""The ``scholarsite`` command: build, serve and check the site; typeset the CV PDF.

Each command is a thin layer over Sphinx (and sphinx-autobuild for ``serve``), so
``python -m sphinx -b html docs OUT`` (what Read the Docs runs) gives the same site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import re
import socket
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sphinx.cmd.build import build_main
from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from . import __version__, compat, options
from .bib.lint import Finding, lint
from .bib.load import Bibliography, load_bibliography
from .bib.tex import to_text
from .bib.venues import load_venues
from .build.uptodate import Manifest
from .console import INTERRUPTED
from .counts_fetch import update_counts
from .cv.load import load_cv
from .cv.pdf import PAPERS, compile_pdf, source_date_epoch
from .deploy import custom_domain, fresh_output, publish, repository_of
from .errors import ScholarsiteError
from .importers.academicpages import import_academicpages
from .importers.alfolio import import_alfolio
from .importers.gitbook import import_gitbook, title_key
from .importers.hugoblox import import_hugoblox
from .importers.jsonresume import Converter, cv_yaml, read_resume, replace_cv
from .init import HOSTS, QUESTIONS, Answers, ask, init_site, interactive, site_from_cv
from .links import check_site
from .notes.new import new_note
from .paths import reading_inside
from .requirement import requirement
from .sources import load_sources
from .urls import is_site_file


def _doctrees(out: Path) -> Path:
    return out.parent / f".{out.name}-doctrees"


def _sphinx_args(source: Path, out: Path, strict: bool) -> list[str]:
    args = ["-b", "html", "-d", str(_doctrees(out))]
    if strict:
        args += ["-W", "--keep-going", "-n"]
    return [*args, str(source), str(out)]


def build_site(source: Path, out: Path, changed: bool = False) -> int:
    """Build the site, unless the last build had the very same inputs (:mod:`.uptodate`);
    ``changed``: a file is known to have changed (the live preview saw it, and builds again
    on every change), so neither the check nor the record of the files (1,000 notes: two
    hundredths of a second before the build): the next ``scholarsite build`` runs Sphinx."""
    conf_file(source)  # a missing folder or conf.py is bad input, not a crash report
    sphinx_args = _sphinx_args(source, out, strict=False)
    manifest = Manifest(source, out, _doctrees(out), sphinx_args)
    if changed:
        manifest.forget()
        return build_main(sphinx_args)
    if manifest.current():  # never recorded with caches off (below)
        print(f"{out} is up to date: no source, setting or package changed since it was built")
        return 0
    if not options.value(owner_settings(source), "scholarsite_caches"):
        manifest.forget()
        return build_main(sphinx_args)
    return manifest.build(lambda: build_main(sphinx_args))


def cmd_build(args: argparse.Namespace) -> int:
    conf_file(args.source)  # before the output folder is made
    writable(args.out)
    return build_site(args.source, args.out)


def writable(folder: Path) -> None:
    """``folder`` (an output) exists or can be made, and takes files: checked before Sphinx
    starts, which would end in a crash report on a folder it cannot write."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise ScholarsiteError(f"{folder}: cannot write the output there ({exc.strerror}): "
                               "choose another folder with --out, or fix its permissions"
                               ) from None


def port(text: str) -> int:
    """``--port``: a TCP port number."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give 1 to 65535, e.g. 8000")
    return int(text)


def conf_file(source: Path) -> Path:
    conf = source.resolve() / "conf.py"
    if not conf.is_file():
        raise ScholarsiteError(f"{conf}: no conf.py: run from the repository root or name the "
                               "site's source folder")
    return conf


def owner_settings(source: Path) -> dict[str, Any]:
    """conf.py's namespace, read the way Sphinx reads it (for commands that build no site)."""
    conf = conf_file(source)
    try:
        return eval_config_file(conf, Tags())
    except ConfigError as exc:
        raise ScholarsiteError(f"{conf}: {exc}") from None


def bibliography_files(source: Path, settings: dict[str, Any]) -> list[Path]:
    """The .bib files conf.py names (``settings``), resolved from the source folder."""
    return [(source / name).resolve() for name in settings.get("bibtex_bibfiles", [])]


def owner_cv(source: Path, settings: dict[str, Any]) -> Any:
    """The CV data file conf.py names, loaded (file and line on bad input)."""
    return load_cv((source / options.value(settings, "scholarsite_cv")).resolve())[0]


#: thumbnails larger than this slow the publication list down (check warns)
MAX_PREVIEW = 300 * 1024


def site_bibliography(source: Path, settings: dict[str, Any]) -> Bibliography:
    """The .bib files conf.py names, loaded (named relative to the working folder in
    messages)."""
    return load_bibliography([Path(os.path.relpath((source / name).resolve()))
                              for name in settings.get("bibtex_bibfiles", [])])


def lint_bibliography(source: Path) -> int:
    """Lint the .bib files conf.py names; the number of errors (warnings do not count)."""
    settings = owner_settings(source)
    bib = site_bibliography(source, settings)
    venues = (source / options.value(settings, "scholarsite_venues")).resolve()
    findings = lint(bib, load_venues(venues))
    for key, entry in bib.data.entries.items():  # thumbnails are fetched with the list
        preview = entry.fields.get("preview", "").strip()
        path = source / preview if preview and is_site_file(preview) else None
        if path and path.is_file() and path.stat().st_size > MAX_PREVIEW:
            place = bib.place(key)
            findings.append(Finding(str(place.path), place.line, "warning",
                                    f"{key}: preview {preview} is {path.stat().st_size // 1024}"
                                    " KB: make it smaller than 300 KB (it loads with the list)"))
    for finding in findings:
        print(finding, file=sys.stderr)
    errors = sum(finding.severity == "error" for finding in findings)
    print(f"bibliography: {len(bib.data.entries)} entries, {errors} error(s), "
          f"{len(findings) - errors} warning(s)", file=sys.stderr)
    return errors


def site_warnings(source: Path) -> list[str]:
    """Settings that build fine but are likely wrong: no public URL, or one that is not the
    owner's (a site copied from someone else keeps their html_baseurl)."""
    settings, conf = owner_settings(source), conf_file(source)
    base = settings.get("html_baseurl", "") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if not base:
        return [f"{conf}: html_baseurl is not set, so the site has no sitemap, no notes feed "
                "and no canonical or sharing URLs: set it to the site's public URL"]
    homepage = owner_cv(source, settings).identity.homepage
    if homepage and urlsplit(homepage).hostname != urlsplit(base).hostname:
        return [f"{conf}: html_baseurl {base!r} is not on the host of the homepage in the CV "
                f"({homepage}): set it to this site's public URL"]
    return []


def check(source: Path, out: Path) -> int:
    """Strict build into ``out``, internal links, then the bibliography lint."""
    conf_file(source)
    status = build_main(_sphinx_args(source, out, strict=True))
    if status:
        return status
    broken = check_site(out)
    for link in broken:
        print(f"broken link: {link}", file=sys.stderr)
    if broken:
        print(f"{len(broken)} broken internal link(s): fix the pages named above",
              file=sys.stderr)
        return 1
    if lint_bibliography(source):
        print("check failed: fix the bibliography errors above", file=sys.stderr)
        return 1
    warnings = site_warnings(source)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print("check passed: the build has no warnings, every internal link and anchor resolves, "
          "no bibliography errors" + (" (see the warnings above)" if warnings else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.out:
        writable(args.out)
        return check(args.source, args.out)
    with tempfile.TemporaryDirectory(prefix="scholarsite-check-") as tmp:
        return check(args.source, Path(tmp) / "html")


def cmd_deploy(args: argparse.Namespace) -> int:
    """Check the site, then publish the checked build on a branch (:mod:`.deploy`)."""
    repo = repository_of(args.source, args.remote, args.branch)
    fresh_output(args.out, args.source, repo)
    if check(args.source, args.out):
        print(f"deploy refused: the check above failed, so nothing was pushed to "
              f"{args.remote}/{args.branch}: fix what it names and run scholarsite deploy "
              "again", file=sys.stderr)
        return 1
    base = owner_settings(args.source).get("html_baseurl", "")
    cname = custom_domain(base) if isinstance(base, str) else None
    commit = publish(args.out, repo, args.remote, args.branch, cname)
    print(f"pushed {args.out} to {args.remote}/{args.branch} ({commit[:12]})"
          + (f" with CNAME {cname}" if cname else ""))
    return 0


def _advise(folder: Path, written: list[Path]) -> None:
    """Say what to change where no host can install a new site's requirements as written."""
    advice = requirement().advice
    if advice and folder / "requirements.txt" in written:
        print(f"note: {advice}")


def cmd_cv_pdf(args: argparse.Namespace) -> int:
    """The CV PDF alone, from the same sources and settings as the site."""
    settings = owner_settings(args.source)
    data = load_sources(args.source, settings)
    paper = args.paper or options.value(settings, "scholarsite_cv_paper")
    compile_pdf(data, args.out, paper=paper,
                show_phone=options.value(settings, "scholarsite_show_phone"),
                show_email=options.value(settings, "scholarsite_pdf_email"),
                fonts=tuple(options.value(settings, "scholarsite_cv_fonts")),
                citation_summary=options.value(settings, "scholarsite_citation_summary"))
    print(f"wrote {args.out}")
    return 0


def cmd_citations_update(args: argparse.Namespace) -> int:
    """Fetch the own papers' citation counts into the citations file (network needed here,
    never in a build); what could not be fetched is reported and keeps its old count."""
    settings = owner_settings(args.source)
    data = load_sources(args.source, settings)
    path = (args.source / options.value(settings, "scholarsite_citations")).resolve()
    update = update_counts(path, list(data.publications), dt.date.today(),
                           progress=lambda line: print(line, file=sys.stderr, flush=True),
                           contact=data.cv.identity.email or "")
    for problem in update.problems:
        print(f"not updated: {problem}", file=sys.stderr)
    print(f"wrote {path}: {len(update.found)} of {len(data.publications)} papers counted"
          + (f", {len(update.problems)} not (see above)" if update.problems else ""))
    return 0


#: answers of the services, so a repeated `add` asks nothing (beside the build's output)
RESPONSES = Path("_build") / "scholarsite-responses.json"


def _added(source: Path, ids: list[str], to: Path | None = None, update: bool = False,
           into: dict[str, str] | None = None) -> tuple[Any, int]:
    """``add`` of :mod:`.lookup.add` with this site's settings: its outcome, after printing
    each held and failed identifier (one line each); and the exit status."""
    from .lookup.add import add
    from .net import Client

    settings = owner_settings(source)
    bibfiles = bibliography_files(source, settings)
    if not bibfiles and to is None:
        raise ScholarsiteError("conf.py names no bibliography (bibtex_bibfiles): add one, or "
                               "pass --to FILE")
    pattern = options.value(settings, "scholarsite_key_pattern")
    if not isinstance(pattern, str) or not re.fullmatch(
            r"(?:[^{}]|\{(?:surname|year|firstword)\})*", pattern):
        raise ScholarsiteError(f"scholarsite_key_pattern = {pattern!r}: use only {{surname}}, "
                               "{year} and {firstword} (and letters)")
    cv = owner_cv(source, settings)
    # a run has a minute, and half a minute more per identifier, however the services answer
    client = Client(contact=cv.identity.email or "", cache=RESPONSES,
                    until=time.monotonic() + 60 + 30 * len(ids))
    venues = load_venues((source / options.value(settings, "scholarsite_venues")).resolve())
    try:
        outcome = add(ids, bibfiles, (to or bibfiles[0]).resolve(), client, venues, pattern,
                      update=update, into=into)
    finally:
        client.save()
    for line in outcome.held:
        print(line)
    for problem in outcome.problems:
        print(f"error: {problem}", file=sys.stderr)
    return outcome, 1 if outcome.problems else 0


def cmd_add(args: argparse.Namespace) -> int:
    """Entries from identifiers (:mod:`.lookup.add`); one line per identifier that failed."""
    return _added(args.source, args.ids, args.to, args.update)[1]


def cmd_sync(args: argparse.Namespace) -> int:
    """The owner's papers the profiles of cv.yaml list and refs.bib lacks (:mod:`.lookup.sync`),
    added with ``--write``; preprints published since, rewritten with ``--update``."""
    from .lookup.sync import compare, profile_ids
    from .net import Client

    settings = owner_settings(args.source)
    cv = owner_cv(args.source, settings)
    if not profile_ids(cv.identity):
        raise ScholarsiteError("cv.yaml names no ORCID, DBLP or Semantic Scholar profile: add "
                               "one under identity (orcid: 0000-0002-1825-0097, dblp: 123/4567,"
                               " semantic_scholar: 1741101)")
    bibfiles = bibliography_files(args.source, settings)
    client = Client(contact=cv.identity.email or "", cache=RESPONSES)
    try:
        found = compare(client, cv.identity, load_bibliography(bibfiles))
    finally:
        client.save()
    for problem in found.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"asked {', '.join(found.asked)}: {len(found.missing)} of your papers are not in "
          f"the bibliography, {len(found.published)} preprint(s) have a published version")
    for work in found.missing:
        print(f"missing: {work.title} ({work.year or 'no year'}) "
              f"{work.identifier or '(no identifier)'} "
              f"[{', '.join(work.sources)}]")
    for key, work in found.published:
        print(f"published: {key} is a preprint; its published version is {work.doi}"
              + ("" if args.update else " (--write --update rewrites the entry)"))
    status = 1 if found.problems else 0
    known = [work.identifier for work in found.missing if work.identifier]
    if args.write and len(known) < len(found.missing):
        print("not added (no DOI, arXiv id or DBLP key to add them by: add them by hand): "
              + "; ".join(work.title for work in found.missing if not work.identifier))
    if args.write and known:
        status = max(status, _added(args.source, known, args.to)[1])
    if args.write and args.update and found.published:
        status = max(status, _added(args.source, [work.doi for _, work in found.published],
                                    args.to, update=True,
                                    into={work.doi: key for key, work in found.published})[1])
    return status


def cmd_new_note(args: argparse.Namespace) -> int:
    """A note skeleton for a bibliography entry (optionally adding the entry first); the
    entry may be named by an identifier (DOI, arXiv id...), added when missing."""
    from .lookup.ids import UnknownIdentifier, parse

    settings = owner_settings(args.source)
    notes_dir = args.source / options.value(settings, "scholarsite_notes_dir")
    bibfiles = [args.source / name for name in settings.get("bibtex_bibfiles", [])]
    key = args.key
    try:
        parse(key)  # most keys are no identifier: the bibliography is then loaded once
    except UnknownIdentifier:
        identifier = False
    else:
        identifier = args.bib is None and bibfiles and \
            key not in load_bibliography(bibfiles).data.entries
    if identifier:
        outcome, status = _added(args.source, [key])
        if status:
            return status
        key = outcome.keys[key]
    print(f"wrote {new_note(notes_dir, bibfiles, key, args.bib)}")
    return 0


def bibliography_titles(dest: Path) -> dict[str, str]:
    """The entries of the bibliography of the site ``dest`` lies in (the nearest folder
    above it with a conf.py), by title: a page on one of them becomes a note on it. Titles
    that two entries share are left out rather than guessed."""
    source = next((folder for folder in dest.resolve().parents
                   if (folder / "conf.py").is_file()), None)
    if source is None:
        return {}
    bib = site_bibliography(source, owner_settings(source))
    keys: dict[str, list[str]] = {}
    for key, entry in bib.data.entries.items():
        if title := entry.fields.get("title"):
            keys.setdefault(title_key(to_text(title)), []).append(key)
    return {title: found[0] for title, found in keys.items() if len(found) == 1 and title}


def cmd_import_gitbook(args: argparse.Namespace) -> int:
    """Convert a GitBook space; print what came in, what went out and what could not."""
    papers = bibliography_titles(args.dest)
    with reading_inside(args.src, args.dest.parent):
        report = import_gitbook(args.src, args.dest, force=args.force, update=args.update,
                                papers=papers)
    print(report)
    print(f"wrote {args.dest}; under the notes folder, it joins the notes navigation by itself")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """A new site in ``args.folder``: questions in a terminal, flags otherwise."""
    answers = Answers(**{name: value for name in QUESTIONS
                         if (value := getattr(args, name)) is not None})
    if not args.yes and interactive():
        ask(answers)
    written = init_site(args.folder, answers, skip_existing=args.skip_existing)
    print(f"wrote {len(written)} files in {args.folder}:")
    for path in written:
        print(f"  {path.relative_to(args.folder)}")
    _advise(args.folder, written)
    print(f"next: edit {args.folder / 'docs' / 'cv.yaml'} and {args.folder / 'refs.bib'}, then "
          f"run 'scholarsite build' in {args.folder}")
    return 0


def cmd_import_jsonresume(args: argparse.Namespace) -> int:
    """A JSON Resume as the CV of a new site in DIR, or (``--force``) of the site there."""
    resume, note = read_resume(args.file)
    converter = Converter(args.file, resume)
    if note:
        converter.report.notes.append(note)
    cv, bib = converter.convert()
    text = cv_yaml(cv, f"{args.file.name} (JSON Resume)")
    cv_file, refs = args.dir / "docs" / "cv.yaml", args.dir / "refs.bib"
    if cv_file.exists() and not args.force:
        raise ScholarsiteError(f"{cv_file}: exists already: import into a new folder, or pass "
                               "--force to replace this CV (refs.bib gains the publications)")
    if cv_file.exists():
        replace_cv(cv_file, text, refs, bib, converter.report)
    else:
        _advise(args.dir, site_from_cv(args.dir, cv, {"docs/cv.yaml": text, "refs.bib": bib},
                                        host=args.host))
    print(converter.report)
    print(f"wrote {cv_file}" + (f" and {refs}" if bib else ""))
    return 0


def cmd_import_site(args: argparse.Namespace) -> int:
    """Another template's site (al-folio, academicpages, Hugo Blox) as a new site in DIR."""
    with reading_inside(args.src):
        cv, files, report, owner = args.importer(args.src)
    _advise(args.dir, site_from_cv(args.dir, cv, files, aliases=owner.aliases, host=args.host))
    print(report)
    print(f"wrote a site for {owner.name} in {args.dir}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Live preview (:mod:`.serve`): every rebuild is ``scholarsite build`` in a warm process."""
    conf_file(args.source)
    writable(args.out)
    with socket.socket() as probe:  # a port in use is said before the first build
        try:
            probe.bind(("127.0.0.1", args.port))
        except OSError:
            raise ScholarsiteError(f"port {args.port} is in use: stop what uses it, or pass "
                                   "--port with another number") from None
    bibs = bibliography_files(args.source, owner_settings(args.source))
    if not compat.autobuild():  # its parts changed: its own command, plain rebuilds
        compat.run_autobuild([str(args.source), str(args.out), "--host", "127.0.0.1",
                              "--port", str(args.port), "-d", str(_doctrees(args.out)),
                              *(f"--watch={path}" for path in [*bibs, *args.watch])])
        return 0
    from .serve import serve

    serve(partial(build_site, args.source, args.out), watch=[args.source, *bibs, *args.watch],
          ignore=[args.out, _doctrees(args.out)], out=args.out, host="127.0.0.1",
          port=args.port, source=args.source, doctrees=_doctrees(args.out))
    return 0


def host_flag(command: argparse.ArgumentParser) -> None:
    """An importer's ``--host``: which hosts' files the new site gets (as ``init --host``)."""
    command.add_argument("--host", choices=list(HOSTS), default="both", help=QUESTIONS["host"])


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="scholarsite", description=__doc__.splitlines()[0])
    main.add_argument("--version", action="version", version=f"scholarsite {__version__}")
    sub = main.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="start a new site in a folder")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."))
    for name, question in QUESTIONS.items():
        init.add_argument(f"--{name}", help=question,
                          **({"choices": list(HOSTS)} if name == "host" else {}))
    init.add_argument("--yes", action="store_true",
                      help="ask nothing: take the flags and the defaults")
    init.add_argument("--skip-existing", action="store_true",
                      help="keep files that exist (e.g. a repository's README) and write the rest")
    init.set_defaults(func=cmd_init)

    build = sub.add_parser("build", help="build the HTML site")
    build.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    build.add_argument("--out", type=Path, default=Path("_build/html"))
    build.set_defaults(func=cmd_build)

    check = sub.add_parser("check", help="strict build, internal links, bibliography lint")
    check.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    check.add_argument("--out", type=Path, default=None, help="keep the built site here")
    check.set_defaults(func=cmd_check)

    deploy = sub.add_parser("deploy", help="check the site and push it to a gh-pages branch")
    deploy.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    deploy.add_argument("--out", type=Path, default=Path("_build/html"))
    deploy.add_argument("--remote", default="origin", help="the git remote to push to")
    deploy.add_argument("--branch", default="gh-pages", help="the branch to publish")
    deploy.set_defaults(func=cmd_deploy)

    cv_pdf = sub.add_parser("cv-pdf", help="typeset the CV PDF alone")
    cv_pdf.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    cv_pdf.add_argument("--out", type=Path, default=Path("_build/cv.pdf"))
    cv_pdf.add_argument("--paper", choices=PAPERS, default=None,
                        help="page size (default: scholarsite_cv_paper in conf.py, else a4)")
    cv_pdf.set_defaults(func=cmd_cv_pdf)

    add = sub.add_parser("add", help="add papers to refs.bib by DOI, arXiv id, DBLP key, "
                         "PubMed id or ISBN")
    add.add_argument("ids", nargs="+", metavar="ID", help="an identifier or its URL")
    add.add_argument("--source", type=Path, default=Path("docs"), help="the site's folder")
    add.add_argument("--to", type=Path, help="the .bib file to write (default: the first "
                     "conf.py names)")
    add.add_argument("--update", action="store_true",
                     help="rewrite entries already there from the source, keeping your fields")
    add.set_defaults(func=cmd_add)

    sync = sub.add_parser("sync", help="compare your profiles (ORCID, DBLP, OpenAlex, "
                          "Semantic Scholar) with refs.bib")
    sync.add_argument("--source", type=Path, default=Path("docs"), help="the site's folder")
    sync.add_argument("--to", type=Path, help="the .bib file to write (default: the first "
                      "conf.py names)")
    sync.add_argument("--write", action="store_true", help="add the missing papers")
    sync.add_argument("--update", action="store_true",
                      help="with --write: rewrite preprints from their published versions")
    sync.set_defaults(func=cmd_sync)

    note = sub.add_parser("new-note",
                          help="write a note skeleton for a bib entry or an identifier")
    note.add_argument("key", help="the bibliography key of the paper, or its DOI, arXiv id, "
                      "DBLP key, PubMed id or ISBN (the entry is added when missing)")
    note.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    note.add_argument("--bib", help="a BibTeX entry to add to the first .bib file first")
    note.set_defaults(func=cmd_new_note)

    gitbook = sub.add_parser("import-gitbook", help="convert a GitBook space into MyST notes")
    gitbook.add_argument("src", type=Path, help="the GitBook space (with SUMMARY.md)")
    gitbook.add_argument("dest", type=Path, help="a folder under docs/notes/")
    gitbook.add_argument("--update", action="store_true",
                         help="refresh an earlier import: pages edited since are kept")
    gitbook.add_argument("--force", action="store_true",
                         help="write over files the destination holds already")
    gitbook.set_defaults(func=cmd_import_gitbook)

    resume = sub.add_parser("import-jsonresume", help="a JSON Resume file as the site's CV")
    resume.add_argument("file", type=Path, help="the JSON Resume (resume.json)")
    resume.add_argument("dir", nargs="?", type=Path, default=Path("."),
                        help="a new folder for the site, or a site's folder with --force")
    resume.add_argument("--force", action="store_true",
                        help="replace the CV of the site in DIR")
    host_flag(resume)
    resume.set_defaults(func=cmd_import_jsonresume)

    for name, template, importer in (("import-al-folio", "al-folio", import_alfolio),
                                     ("import-academicpages", "academicpages",
                                      import_academicpages),
                                     ("import-hugo-blox", "Hugo Blox (Wowchemy, Hugo Academic)",
                                      import_hugoblox)):
        command = sub.add_parser(name, help=f"a {template} site as a new site")
        command.add_argument("src", type=Path, help=f"the {template} repository's folder")
        command.add_argument("dir", type=Path, help="a new folder for the site")
        host_flag(command)
        command.set_defaults(func=cmd_import_site, importer=importer)

    citations = sub.add_parser("citations", help="citation counts of the own papers")
    citations_sub = citations.add_subparsers(dest="action", required=True)
    update = citations_sub.add_parser(
        "update", help="ask OpenAlex (then Semantic Scholar) and write the citations file")
    update.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    update.set_defaults(func=cmd_citations_update)

    serve = sub.add_parser("serve", help="live-reloading preview on localhost")
    serve.add_argument("source", nargs="?", type=Path, default=Path("docs"))
    serve.add_argument("--out", type=Path, default=Path("_build/html"))
    serve.add_argument("--port", type=port, default=8000)
    serve.add_argument("--watch", type=Path, action="append", default=[],
                       help="extra files or folders to watch (the source folder and the .bib "
                            "files conf.py names are watched)")
    serve.set_defaults(func=cmd_serve)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        source_date_epoch()  # Sphinx crashes on a bad one while loading, before any extension
        return args.func(args)
    except ScholarsiteError as exc:  # bad input: the message says where and what to do
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the machine, not the input: a folder that is a file, no room
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}: check that the folder "
              "exists, is a folder and can be written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: every command writes its files whole, or not at all
        print(INTERRUPTED, file=sys.stderr)
        return 130


#: the cyclic collector's thresholds for a build (see run for the measurements)
GC_THRESHOLD = (50_000, 20, 100)


def run() -> None:
    """The console script: :func:`main` tuned for one build per process.

    - A build keeps millions of objects alive to its end (doctrees, the environment), and
      Python's cyclic collector, at its default threshold of 700 allocations, walks them over
      and over; a higher threshold cut a one-note rebuild at 1,000 notes from 2.4 to 1.95 s and
      the full build by 8 %, for 35 MB more peak memory.
    - Freeing them object by object at exit takes about a second and serves nothing, so the
      process exits without tearing the interpreter down (as mypy does), output flushed first.
      A serial build leaves no child process behind (:mod:`.sphinx.completeness`).
    """
    gc.set_threshold(*GC_THRESHOLD)
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
