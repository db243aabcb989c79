"""The two hosts, emulated from the files a site holds: Read the Docs' build from
``.readthedocs.yaml`` and the GitHub Pages workflow's steps, each in a fresh virtual
environment that installs what the file says (scholarsite from a local wheel folder, its
dependencies from the package index, as CI gets them).

What cannot run here is stood in for, and only that: ``actions/checkout`` is a fresh clone,
``actions/setup-python`` a fresh venv first on PATH, ``actions/cache`` a folder kept between
runs under the key the workflow computes, ``upload-pages-artifact``/``deploy-pages`` take the
uploaded folder as the deployed site. Every ``run:`` step runs as GitHub runs it
(``bash --noprofile --norc -eo pipefail``), in order.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: what Read the Docs runs for a Sphinx project (its build documentation), from the folder of
#: conf.py; ``-W --keep-going`` when ``fail_on_warning`` is set
READTHEDOCS_BUILD = ["-T", "-b", "html", "-d", "_build/doctrees", "-D", "language=en", "."]


def fresh_venv(folder: Path, wheelhouse: Path) -> dict[str, str]:
    """A new virtual environment; the environment variables that put it first on PATH and
    let pip find the local wheels beside the index."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("READTHEDOCS", "GITHUB_", "VIRTUAL_ENV", "PYTHON"))}
    links = " ".join(filter(None, [str(wheelhouse), os.environ.get("PIP_FIND_LINKS", "")]))
    env.update(PATH=f"{folder / 'bin'}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(folder),
               PIP_FIND_LINKS=links, PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def run(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def read_the_docs(site: Path, work: Path, wheelhouse: Path, canonical: str) -> Path:
    """Build ``site`` as Read the Docs does; the HTML folder."""
    config = yaml.safe_load((site / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    for package in config["build"].get("apt_packages", []):  # the image installs them
        assert subprocess.run(["dpkg", "-s", package], capture_output=True).returncode == 0, \
            f"{package} is not installed here, as Read the Docs would install it"
    env = fresh_venv(work / "venv", wheelhouse)
    for item in config["python"]["install"]:
        if "requirements" in item:
            run(["python", "-m", "pip", "install", "-r", item["requirements"]], site, env)
        else:
            assert item["method"] == "pip"
            run(["python", "-m", "pip", "install", item["path"]], site, env)
    output = work / "_readthedocs"
    env.update(READTHEDOCS="True", READTHEDOCS_VERSION="latest", READTHEDOCS_VERSION_TYPE="branch",
               READTHEDOCS_VERSION_NAME="latest", READTHEDOCS_PROJECT="site",
               READTHEDOCS_LANGUAGE="en", READTHEDOCS_OUTPUT=str(output),
               READTHEDOCS_CANONICAL_URL=canonical)
    sphinx = config["sphinx"]
    strict = ["-W", "--keep-going"] if sphinx.get("fail_on_warning") else []
    docs = site / Path(sphinx["configuration"]).parent
    run(["python", "-m", "sphinx", *strict, *READTHEDOCS_BUILD, f"{output}/html"], docs, env)
    return output / "html"


EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Runner:
    """One GitHub-hosted runner's view of a repository: its Actions cache lives on."""

    repository: Path
    wheelhouse: Path
    work: Path
    cache: dict[str, Path] = field(default_factory=dict)
    runs: int = 0

    def evaluate(self, text: str, workspace: Path, sha: str) -> str:
        def value(match: re.Match[str]) -> str:
            expression = match.group(1)
            if expression == "github.sha":
                return sha
            files = re.fullmatch(r"hashFiles\((.*)\)", expression)
            assert files, f"the emulator does not know {expression!r}"
            digest = hashlib.sha256()
            for name in re.findall(r"'([^']*)'", files.group(1)):
                digest.update(hashlib.sha256((workspace / name).read_bytes()).digest())
            return digest.hexdigest()

        return EXPRESSION.sub(value, text)

    def deploy(self) -> tuple[Path, list[str]]:
        """Run the Pages workflow on the repository's HEAD; the deployed folder and each run
        step's output."""
        self.runs += 1
        run_dir = self.work / f"run{self.runs}"
        workspace = self.work / "workspace"  # the runner's: the same path on every run
        shutil.rmtree(workspace, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", str(self.repository), str(workspace)], check=True)
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, check=True,
                             capture_output=True, text=True).stdout.strip()
        workflow = yaml.safe_load((workspace / ".github/workflows/pages.yml").read_text())
        env = dict(os.environ)
        saves: list[tuple[str, Path]] = []
        artifact: Path | None = None
        printed: list[str] = []
        for step in workflow["jobs"]["build"]["steps"]:
            action, given = step.get("uses", ""), step.get("with", {})
            if action.startswith("actions/checkout@"):
                continue  # the clone above
            if action.startswith("actions/setup-python@"):
                python = self.work / "python"  # the tool cache's: the same path on every run
                shutil.rmtree(python, ignore_errors=True)
                env = fresh_venv(python, self.wheelhouse)
                env.update(GITHUB_SHA=sha, GITHUB_WORKSPACE=str(workspace), CI="true",
                           RUNNER_TEMP=str(run_dir))
            elif action.startswith("actions/cache@"):
                key = self.evaluate(given["key"], workspace, sha)
                prefixes = [self.evaluate(line, workspace, sha) for line in
                            str(given.get("restore-keys", "")).splitlines() if line.strip()]
                hit = self.cache.get(key) or next(  # else the newest under a restore key
                    (folder for name, folder in reversed(self.cache.items())
                     if any(name.startswith(prefix) for prefix in prefixes)), None)
                if hit is not None:
                    shutil.copytree(hit, workspace / given["path"], symlinks=True)
                saves.append((key, workspace / given["path"]))
            elif action.startswith("actions/upload-pages-artifact@"):
                artifact = workspace / given["path"]
            elif "run" in step:
                printed.append(run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                    step["run"]], workspace, env))
            else:
                raise AssertionError(f"the emulator does not know the step {step}")
        for key, folder in saves:  # the cache's post step, after the job succeeded
            if key not in self.cache:
                self.cache[key] = self.work / "cache" / key
                shutil.copytree(folder, self.cache[key], symlinks=True)
        deploy_steps = workflow["jobs"]["deploy"]["steps"]
        assert workflow["jobs"]["deploy"]["needs"] == "build"
        assert [step["uses"].split("@")[0] for step in deploy_steps] == ["actions/deploy-pages"]
        assert artifact is not None and artifact.is_dir()
        return artifact, printed
