"""Hosting: Read the Docs and GitHub Pages files valid by the hosts' checkers and run the way
the hosts run them, for this repository, a site from init and imported sites; the canonical
URL."""

from __future__ import annotations

import filecmp
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from alfolio_fixture import write_alfolio
from conftest import ROOT
from fixture_site import write_site
from hosts import Runner, read_the_docs
import scholarsite
from scholarsite.cli import main
from scholarsite.init import HOST_FILES, HOSTS

BIN = Path(sys.executable).parent
WORKFLOW, READTHEDOCS = ".github/workflows/pages.yml", ".readthedocs.yaml"


def hosting_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The GitHub workflows and Read the Docs configurations a site (or this repo) holds."""
    return (sorted((folder / ".github" / "workflows").glob("*.y*ml")),
            [folder / READTHEDOCS] if (folder / READTHEDOCS).exists() else [])


def assert_valid(workflows: list[Path], configs: list[Path]) -> None:
    """actionlint and check-jsonschema's vendored schemas, as the ecosystems run them."""
    if workflows:
        lint = subprocess.run([BIN / "actionlint", "-no-color", *map(str, workflows)],
                              capture_output=True, text=True)
        assert lint.returncode == 0, lint.stdout + lint.stderr
        schema = subprocess.run([BIN / "check-jsonschema", "--builtin-schema",
                                 "vendor.github-workflows", *map(str, workflows)],
                                capture_output=True, text=True)
        assert schema.returncode == 0, schema.stdout + schema.stderr
    for config in configs:
        schema = subprocess.run([BIN / "check-jsonschema", "--builtin-schema",
                                 "vendor.readthedocs", str(config)], capture_output=True,
                                text=True)
        assert schema.returncode == 0, schema.stdout + schema.stderr


def imported_site(kind: str, tmp_path: Path, *host: str) -> Path:
    """A new site written by an importer."""
    site = tmp_path / f"{kind}-site"
    tmp_path.mkdir(parents=True, exist_ok=True)
    if kind == "al-folio":
        args = ["import-al-folio", str(write_alfolio(tmp_path / "al-folio")), str(site)]
    else:
        resume = tmp_path / "resume.json"
        resume.write_text(json.dumps({"basics": {"name": "Grace Hopper", "label": "Professor",
                                                 "url": "https://grace.example.org/"}}))
        args = ["import-jsonresume", str(resume), str(site)]
    assert main([*args, *host]) == 0
    return site


def test_this_repositorys_hosting_files_pass_the_checkers() -> None:
    workflows, configs = hosting_files(ROOT)
    assert {path.name for path in workflows} >= {"pages.yml", "release.yml"}
    assert_valid(workflows, configs)


@pytest.mark.parametrize("host", list(HOSTS))
def test_init_writes_valid_files_for_the_chosen_hosts_only(tmp_path: Path, host: str,
                                                           capsys) -> None:
    site = tmp_path / "site"
    assert main(["init", str(site), "--yes", "--host", host,
                 "--url", "https://ada.example.org/"]) == 0
    wanted = {name for chosen in HOSTS[host] for name in HOST_FILES[chosen]}
    present = {name for names in HOST_FILES.values() for name in names
               if (site / name).exists()}
    assert present == wanted
    assert (site / "requirements.txt").exists()  # what both hosts and the owner install
    readme = (site / "README.md").read_text()
    assert ("GitHub Pages" in readme) == ("github-pages" in HOSTS[host])
    assert ("Read the Docs" in readme) == ("readthedocs" in HOSTS[host])
    assert 'html_baseurl = "https://ada.example.org/"' in \
        (site / "docs" / "conf.py").read_text().replace("'", '"')
    assert_valid(*hosting_files(site))
    if WORKFLOW in wanted:  # the deploy job's steps are a list, not text glued to the URL
        deploy = yaml.safe_load((site / WORKFLOW).read_text())["jobs"]["deploy"]
        assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
        assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_an_unknown_host_is_refused_and_nothing_written(tmp_path: Path, capsys,
                                                        monkeypatch) -> None:
    with pytest.raises(SystemExit):  # the flag
        main(["init", str(tmp_path / "site"), "--yes", "--host", "netlify"])
    assert "invalid choice: 'netlify'" in capsys.readouterr().err
    replies = iter(["Ada", "", "", "", "", "", "", "netlify"])  # the question, in a terminal
    monkeypatch.setattr("builtins.input", lambda question: next(replies))
    monkeypatch.setattr("scholarsite.init.interactive", lambda: True)
    monkeypatch.setattr("scholarsite.cli.interactive", lambda: True)
    assert main(["init", str(tmp_path / "site")]) == 1
    assert "--host 'netlify' is not a host" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("kind", ["al-folio", "jsonresume"])
def test_imported_sites_hosting_files_pass_the_checkers(kind: str, tmp_path: Path) -> None:
    site = imported_site(kind, tmp_path)
    workflows, configs = hosting_files(site)
    assert [path.name for path in workflows] == ["pages.yml"] and configs
    assert_valid(workflows, configs)
    only_pages = imported_site(kind, tmp_path / "pages", "--host", "github-pages")
    assert not (only_pages / READTHEDOCS).exists() and (only_pages / WORKFLOW).exists()


def tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def assert_same_site(built: Path, expected: Path) -> None:
    files = [name for name in tree(expected) if name != ".buildinfo"]  # build settings' hash
    assert [name for name in tree(built) if name != ".buildinfo"] == files
    _, mismatch, errors = filecmp.cmpfiles(expected, built, files, shallow=False)
    assert (mismatch, errors) == ([], [])


def read_counts(printed: list[str]) -> tuple[int, int, int]:
    """What the workflow's check step read: documents added, changed and removed."""
    check = next(text for text in printed if "check passed" in text)
    found = re.search(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed",
                      re.sub(r"\x1b\[[0-9;]*m", "", check))
    assert found, check
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def commit_all(repo: Path, message: str) -> None:
    for command in (["add", "-A"], ["-c", "user.name=Owner", "-c", "user.email=o@example.org",
                                    "commit", "-q", "-m", message]):
        subprocess.run(["git", *command], cwd=repo, check=True)


@pytest.mark.parametrize("kind", ["init", "al-folio"])
def test_hosts_install_from_the_files_and_build_what_scholarsite_builds(
        kind: str, tmp_path: Path, dist: Path) -> None:
    """Read the Docs' steps and every step of the Pages workflow, read from the site's own
    files, in fresh environments that install scholarsite from a wheel folder; then a second
    push reads only the changed note, from the build the workflow's cache kept."""
    url = "https://ada.example.org/"
    if kind == "init":
        site = tmp_path / "init-site"
        assert main(["init", str(site), "--yes", "--name", "Ada Lovelace", "--url", url]) == 0
    else:
        site = imported_site(kind, tmp_path)
        conf = site / "docs" / "conf.py"
        url = str(re.search(r"html_baseurl = '([^']*)'", conf.read_text()).group(1))
    (site / "docs" / "notes" / "old.md").write_text("# An old note\n\nDeleted later.\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(site)], check=True)
    commit_all(site, "the site")
    expected = tmp_path / "expected"
    assert main(["build", str(site / "docs"), "--out", str(expected)]) == 0

    rtd = read_the_docs(site, tmp_path / "rtd", dist, canonical=url)
    assert_same_site(rtd, expected)
    # scholarsite as installed from an index: a new site's requirement is that release
    probe = subprocess.run([tmp_path / "rtd" / "venv" / "bin" / "scholarsite", "init",
                            str(tmp_path / "probe"), "--yes"], capture_output=True, text=True,
                           check=True)
    assert "note:" not in probe.stdout
    assert (tmp_path / "probe" / "requirements.txt").read_text().splitlines()[-1] == \
        f"scholarsite=={scholarsite.__version__}"

    runner = Runner(site, dist, tmp_path / "pages")
    deployed, printed = runner.deploy()
    assert_same_site(deployed, expected)
    first = read_counts(printed)
    assert first[1:] == (0, 0)

    note = site / "docs" / "notes" / "hosting-test.md"
    note.write_text("# A note written after the first deploy\n\nIt is read alone.\n")
    (site / "docs" / "notes" / "old.md").unlink()  # its page must not be deployed again
    commit_all(site, "a note")
    deployed, printed = runner.deploy()
    added, changed, _ = read_counts(printed)
    assert added == 1 and added + changed < first[0], printed  # not the whole site again
    assert not (deployed / "notes" / "old.html").exists()
    again = tmp_path / "expected-again"
    assert main(["build", str(site / "docs"), "--out", str(again)]) == 0
    assert_same_site(deployed, again)


def test_readthedocs_config() -> None:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    assert config["build"]["tools"]["python"] == "3.11"
    assert "fonts-noto-cjk" in config["build"]["apt_packages"]  # the CV PDF needs CJK glyphs
    assert config["python"]["install"] == [{"method": "pip", "path": "."}]
    assert config["sphinx"]["configuration"] == "docs/conf.py"


def test_pages_workflow_builds_with_the_package_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = [step.get("uses", step.get("run", "")) for job in workflow["jobs"].values()
             for step in job["steps"]]
    assert "pip install ." in steps
    assert any(step.startswith("actions/upload-pages-artifact@") for step in steps)
    assert any(step.startswith("actions/deploy-pages@") for step in steps)


@pytest.mark.parametrize("owners", ["https://www.lingyunyang.com/", ""])
def test_canonical_url_from_read_the_docs_only_when_the_owner_gives_none(
        owners: str, build_sandbox, sandbox: Path, monkeypatch) -> None:
    conf = sandbox / "conf.py"
    text = conf.read_text(encoding="utf-8")
    written = re.search(r"^html_baseurl = .*$", text, re.M)
    conf.write_text(text.replace(written[0], f"html_baseurl = {owners!r}"), encoding="utf-8")
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://lyang.readthedocs.io/en/latest/")
    app = build_sandbox(sandbox)
    html = BeautifulSoup((Path(app.outdir) / "cv.html").read_text(), "html.parser")
    base = owners or "https://lyang.readthedocs.io/en/latest/"
    assert html.select_one('link[rel="canonical"]')["href"] == base + "cv.html"
    assert html.select_one('meta[property="og:url"]')["content"] == base + "cv.html"
    not_found = (Path(app.outdir) / "404.html").read_text()
    assert f'href="{urlsplit(base).path}_static/' in not_found


def test_404_links_resolve_from_a_nested_missing_url(site: Path) -> None:
    """GitHub Pages and Read the Docs serve 404.html at any missing URL, at any depth."""
    page = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    missing = "https://www.lingyunyang.com/notes/missing/deep.html"
    links = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    checked = 0
    for link in links:
        if link.startswith("#"):
            continue
        url = urlsplit(urljoin(missing, link))
        if url.scheme not in {"http", "https"} or url.hostname != "www.lingyunyang.com":
            continue
        path = url.path.lstrip("/") or "index.html"
        assert (site / path).is_file() or (site / path / "index.html").is_file(), link
        checked += 1
    assert checked >= 15  # assets, the sidebar and the page's own links


def test_index_pages_are_canonical_as_folders(site: Path) -> None:
    for name, url in (("index.html", "https://www.lingyunyang.com/"),
                      ("notes/index.html", "https://www.lingyunyang.com/notes/")):
        page = BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")
        assert page.select_one('link[rel="canonical"]')["href"] == url
        assert page.select_one('meta[property="og:url"]')["content"] == url
    cv = BeautifulSoup((site / "cv.html").read_text(encoding="utf-8"), "html.parser")
    assert cv.select_one('link[rel="canonical"]')["href"].endswith("/cv.html")


def test_sitemap_lists_only_pages_worth_finding(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert not [url for url in locations
                if url.rsplit("/", 1)[-1] in {"404.html", "genindex.html", "search.html"}]
    assert any("/publications/weng2023beware.html" in url for url in locations)


def test_builds_print_only_what_the_owner_should_act_on(tmp_path: Path) -> None:
    docs = write_site(tmp_path)
    out = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "-b", "html", str(docs), str(out)]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    (docs / "notes" / "first.md").write_text(
        (docs / "notes" / "first.md").read_text() + "\nMore.\n")
    again = subprocess.run(command, capture_output=True, text=True, check=True)
    for printed in (first.stdout + first.stderr, again.stdout + again.stderr):
        assert "matplotlib" not in printed and "MdParserConfig" not in printed
    assert "The configuration has changed" not in again.stdout
    changed = subprocess.run([*command, "-D", "html_title=Elsewhere"], capture_output=True,
                             text=True, check=True)
    line = next(line for line in changed.stdout.splitlines()
                if "The configuration has changed" in line)  # the owner's change still shows
    assert "'html_title'" in line


def test_every_page_describes_itself(site: Path) -> None:
    """Search engines and shared links show a page's description: every page has one, and
    it is sentences, not a run of section headings."""
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        if name in {"genindex.html", "search.html"}:
            continue  # noindex pages
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        meta = page.select_one('meta[name="description"]')
        assert meta is not None and meta["content"].strip(), name
        assert not re.search(r"(By \w+: ){2}", meta["content"]), name
