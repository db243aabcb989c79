"""Jinja rendering of HTML fragments and the typst CV from the models.

Templates live in ``templates/`` as package data. HTML templates autoescape, so every string
from owner data (CV fields, bib fields) is escaped unless a filter here produced it as markup;
typst templates (``*.typ``) instead pass every value through the ``lit``/``typst_*`` filters.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .cv import typst_markup
from .markup import inline_html
from .urls import is_site_file, safe_url


def obfuscated_email(address: str) -> str:
    """The address reversed and base64-encoded: never plain text in the page source.

    ``static/scholarsite.js`` turns it back into a working ``mailto:`` link for visitors.
    """
    return base64.b64encode(address[::-1].encode("utf-8")).decode("ascii")


#: Links to files the build serves, resolved per page when it is written (sphinx/pagelinks).
ROOT_SCHEME = "ss-root:"


def root_url(path: str) -> str:
    """A link to ``path`` in the output folder (cv.pdf, a paper's PDF), from any page."""
    return f"{ROOT_SCHEME}{path}"


def site_file(url: str) -> str:
    """A relative link (a file of the site, as a bib field may name one) as a root link;
    absolute URLs and anchors unchanged."""
    return root_url(url) if is_site_file(url) else url


def json_script(data: object) -> Markup:
    """``data`` as the body of a ``<script type="application/ld+json">`` element: compact,
    and with every ``<`` escaped, so no string in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c"))


def yaml_string(value: str) -> str:
    """A YAML scalar that reads back as ``value``, whatever it holds: a JSON string, with the
    characters YAML refuses or reads as line breaks (DEL, C1 controls, U+2028/9, a BOM)
    escaped too."""
    return re.sub(r"[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]",
                  lambda found: f"\\u{ord(found[0]):04x}", json.dumps(value, ensure_ascii=False))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("scholarsite", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["md"] = inline_html
    env.filters["safe_url"] = safe_url
    env.filters["obfuscated_email"] = obfuscated_email
    env.filters["lit"] = typst_markup.lit
    env.filters["typst_md"] = typst_markup.markdown
    env.filters["typst_rich"] = typst_markup.rich
    env.filters["site_file"] = site_file
    env.filters["yaml"] = yaml_string
    env.filters["py"] = repr
    return env


def render(template: str, **context: Any) -> Markup:
    """Render ``templates/<template>`` with ``context`` to a safe HTML fragment."""
    return Markup(environment().get_template(template).render(**context).strip())
