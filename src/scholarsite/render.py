"""Jinja rendering of HTML fragments from the models.

Templates live in ``templates/`` as package data. Autoescaping is on, so every string from
owner data (CV fields, bib fields) is escaped unless a filter here produced it as markup.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .markup import inline_html
from .urls import safe_url


def obfuscated_email(address: str) -> str:
    """The address reversed and base64-encoded: never plain text in the page source.

    ``static/scholarsite.js`` turns it back into a working ``mailto:`` link for visitors.
    """
    return base64.b64encode(address[::-1].encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("scholarsite", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["md"] = inline_html
    env.filters["safe_url"] = safe_url
    env.filters["obfuscated_email"] = obfuscated_email
    return env


def render(template: str, **context: Any) -> Markup:
    """Render ``templates/<template>`` with ``context`` to a safe HTML fragment."""
    return Markup(environment().get_template(template).render(**context).strip())
