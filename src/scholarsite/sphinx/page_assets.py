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

#: asset file name -> what in a page's body needs it
_NEEDS = {
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab'),
    "copybutton.css": re.compile(r'class="[^"]*\bhighlight\b'),
    "copybutton.js": re.compile(r'class="[^"]*\bhighlight\b'),
    "clipboard.min.js": re.compile(r'class="[^"]*\bhighlight\b'),
    "pygments.css": re.compile(r'class="[^"]*\bhighlight\b'),
}


def _used(asset: object, body: str) -> bool:
    name = str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1]
    need = _NEEDS.get(name)
    return need is None or bool(need.search(body))


def trim(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
         doctree: object) -> None:
    body = str(context.get("body", ""))
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if _used(css, body)]
    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if _used(js, body)]
