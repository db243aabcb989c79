"""Screenshots of the built site: every page type, desktop and mobile, light and dark.

Usage: python scripts/screenshots.py [BUILD_DIR] [OUT_DIR]
Serves BUILD_DIR (default _build/html) on localhost and writes PNGs to OUT_DIR (default
_build/screenshots) with Debian's Chromium, for a person to look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import PAGES, VIEWPORTS, launch, serve  # noqa: E402


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "_build/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serve(root) as base, launch() as browser:
        for scheme in ("light", "dark"):
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, color_scheme=scheme)
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    target = out / f"{name}-{device}-{scheme}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                context.close()


if __name__ == "__main__":
    main()
