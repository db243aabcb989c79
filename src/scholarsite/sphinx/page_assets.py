"""Each page loads the stylesheets and scripts it uses.

Extensions add their assets to every page: sphinx-design's 55 KB stylesheet and its tabs
script, sphinx-copybutton's clipboard scripts and Pygments' colours load on a course page that has
no tabs and no code. Which a page needs shows in its body (``sd-`` classes; Pygments'
``highlight`` blocks, which copybutton decorates), so the lists in the page's context are
trimmed by that. (furo puts the scripts at the end of the body, so those left block nothing;
the stylesheets in the head do, and on a phone each costs a round trip before first paint.)
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

#: what a page's body may use: a substring to look for first (fast), then the class it means
_USES = {
    "design": ("sd-", re.compile(r'class="[^"]*\bsd-')),
    "tabs": ("sd-tab", re.compile(r'class="[^"]*\bsd-tab')),
    "code": ("highlight", re.compile(r'class="[^"]*\bhighlight\b')),
}
#: asset file name -> the use that needs it
_NEEDS = {
    "sphinx-design.min.css": "design", "design-tabs.js": "tabs", "copybutton.css": "code",
    "copybutton.js": "code", "clipboard.min.js": "code", "pygments.css": "code",
}


def _kept(assets: list[Any], used: set[str]) -> list[Any]:
    names = (str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1] for asset in assets)
    return [asset for asset, name in zip(assets, names, strict=True)
            if name not in _NEEDS or _NEEDS[name] in used]


def trim(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
         doctree: object) -> None:
    body = str(context.get("body", ""))
    used = {use for use, (marker, pattern) in _USES.items()
            if marker in body and pattern.search(body)}
    for name in ("css_files", "script_files"):
        if name in context:
            context[name] = _kept(list(context[name]), used)
