"""Screenshots of the built site: every page type, desktop and mobile, light and dark.

Usage: python scripts/screenshots.py [BUILD_DIR] [OUT_DIR]
       python scripts/screenshots.py --showcase [OUT_DIR]
Serves BUILD_DIR (default _build/html) on localhost and writes PNGs to OUT_DIR (default
_build/screenshots) with Debian's Chromium, for a person to look at. ``--showcase`` builds
tests/showcase_site.py (a made-up site using every publication and profile feature at once)
and shoots its home, publications, paper and CV pages instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import PAGES, VIEWPORTS, launch, serve  # noqa: E402
from showcase_site import write_showcase  # noqa: E402
from sphinx.cmd.build import build_main  # noqa: E402

SHOWCASE_PAGES = {"home": "index.html", "publications": "publications.html",
                  "paper": "publications/example2024osdi.html", "cv": "cv.html"}


def shoot(root: Path, out: Path, pages: dict[str, str], prefix: str = "") -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serve(root) as base, launch() as browser:
        for scheme in ("light", "dark"):
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    target = out / f"{prefix}{name}-{device}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--showcase"]:
        out = Path(args[1] if len(args) > 1 else "_build/screenshots")
        with tempfile.TemporaryDirectory(prefix="scholarsite-showcase-") as tmp:
            docs = write_showcase(Path(tmp))
            html = Path(tmp) / "html"
            if build_main(["-q", "-b", "html", str(docs), str(html)]):
                sys.exit("the showcase site did not build")
            shoot(html, out, SHOWCASE_PAGES, prefix="showcase-")
        return
    shoot(Path(args[0] if args else "_build/html"),
          Path(args[1] if len(args) > 1 else "_build/screenshots"), PAGES)


if __name__ == "__main__":
    main()
