"""The extension's settings, and the defaults it gives the extensions it brings in.

``extensions = ["scholarsite"]`` must be enough for a complete site, so the settings that
make the portfolio (furo, MyST syntax, static files, canonical URL, the 404 page's URL prefix,
the site title from the CV) are filled in here at ``config-inited``, unless conf.py set them.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx
from sphinx.config import Config

from ..compat import user_set
from ..cv.pdf import source_date_epoch
from ..errors import ScholarsiteError, located
from ..options import SETTINGS
from . import photo, reference_style, site_files, social_card
from .data import store_site_data

PACKAGE = Path(__file__).resolve().parent.parent
STATIC = PACKAGE / "static"
TEMPLATES = PACKAGE / "sphinx_templates"

MYST_EXTENSIONS = (
    "amsmath", "attrs_block", "attrs_inline", "colon_fence", "deflist", "dollarmath",
    "fieldlist", "html_image", "substitution", "tasklist",
)


def add_config_values(app: Sphinx) -> None:
    """The settings declared in :mod:`scholarsite.options`."""
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild,
                             types=[setting.kind])


def _default(config: Config, name: str, value: object) -> None:
    if not user_set(config, name):
        setattr(config, name, value)


def config_inited(app: Sphinx, config: Config) -> None:
    source_date_epoch()  # before Sphinx reads it for the copyright year (priority 800)
    if config.scholarsite_nav_limit < 1:
        conf = Path(app.confdir) / "conf.py"
        lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
        line = next((n for n, text in enumerate(lines, 1)
                     if text.startswith("scholarsite_nav_limit")), None)
        raise ScholarsiteError(located(
            conf, line, f"scholarsite_nav_limit = {config.scholarsite_nav_limit}: set it to 1 "
            "or more (the most items a sidebar list shows before it links to its section page)"))
    # the owner's html_baseurl; Read the Docs' address only when there is none (the same
    # site on two hosts keeps one canonical address)
    config.html_baseurl = config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")
    if config.html_baseurl and not config.html_baseurl.endswith("/"):
        config.html_baseurl += "/"
    data = store_site_data(app)
    site_files.check(Path(app.srcdir), data)
    photo.check(app, data)
    found = photo.photo(config)
    if found and config.html_baseurl:  # the owner's photo is what a shared link shows
        _default(config, "ogp_image", config.html_baseurl + found.name)
        _default(config, "ogp_image_alt", data.cv.identity.photo_alt or data.cv.identity.name)
    elif config.html_baseurl and not user_set(config, "ogp_image"):  # else a drawn card
        card = social_card.plan(app, data)
        if card is not None:
            config.ogp_image = config.html_baseurl + card.name
            _default(config, "ogp_image_alt", ", ".join(text for text, _, _ in card.lines))
    # a wide card shows large, a photo as a square beside the text (every page's head,
    # sphinx_templates/page.html; not when conf.py's custom tags already name one)
    twitter_card = "" if any("twitter:card" in tag for tag in config.ogp_custom_meta_tags) \
        else "summary_large_image" if social_card.card(config) else "summary"
    config.html_context = {**config.html_context, "ss_sharing": {
        "image": config.ogp_image or "", "image_alt": config.ogp_image_alt or "",
        "twitter_card": twitter_card}}
    reference_style.use(data)
    name = data.cv.identity.name
    _default(config, "html_math_renderer", "mathml")  # no CDN, no script (mathml.py)
    _default(config, "project", name)
    _default(config, "author", name)
    # Sphinx and furo print html_title as markup (it may hold HTML), the name is text
    _default(config, "html_title", html.escape(name))
    _default(config, "copyright", name)
    _default(config, "html_theme", "furo")
    _default(config, "html_show_sourcelink", False)
    _default(config, "html_copy_source", False)
    _default(config, "html_favicon", str(STATIC / "favicon.svg"))
    _default(config, "myst_heading_anchors", 3)
    _default(config, "myst_enable_extensions", list(MYST_EXTENSIONS))  # the owner's, if set
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    # Stable citation anchors (references.html#cite-<key>) let own papers' citations be
    # traced back to their key and sent to the paper page.
    _default(config, "bibtex_cite_id", "cite-{key}")
    _default(config, "bibtex_default_style", reference_style.NAME)
    if not config.html_baseurl:  # no sitemap then; `scholarsite check` says so, once
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
    _default(config, "ogp_site_url", config.html_baseurl)
    _default(config, "notfound_urls_prefix", urlsplit(config.html_baseurl).path or "/")
    _default(config, "sitemap_url_scheme", "{link}")
    # only pages worth finding: not the 404 page, the empty general index or the search page
    _default(config, "sitemap_excludes", ["404.html", "genindex.html", "search.html"])
    # Social cards render a PNG per page with matplotlib: slow, and not a fact of the CV.
    _default(config, "ogp_social_cards", {"enable": False})
