"""Hosting: Read the Docs and GitHub Pages configuration, and the canonical URL."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT


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


def test_canonical_url_from_read_the_docs(build_sandbox, sandbox: Path, monkeypatch) -> None:
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", "https://lyang.readthedocs.io/en/latest/")
    app = build_sandbox(sandbox)
    html = BeautifulSoup((Path(app.outdir) / "cv.html").read_text(), "html.parser")
    assert html.select_one('link[rel="canonical"]')["href"] == (
        "https://lyang.readthedocs.io/en/latest/cv.html")
    not_found = (Path(app.outdir) / "404.html").read_text()
    assert 'href="/en/latest/_static/' in not_found
