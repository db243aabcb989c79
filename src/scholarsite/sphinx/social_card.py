"""The picture a shared link shows (``og:image``) when the owner has no photo: a card.

Social sites show a link to a page with no ``og:image`` as a bare line of text. With a photo
in cv.yaml that photo is the image (:mod:`.photo`); without one, a 1200×630 card with the
owner's name, position and affiliation and the site's address is drawn at build time with
Pillow (already used for the photo) and its bundled font, so no browser, no font files and
nothing fetched. sphinxext-opengraph's own social cards need matplotlib and draw one per page.
The digest of what the card shows names the file, so an edit is a new URL that caches never
confuse with the old one; the file is drawn once and kept while its name is current.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import PIL
from PIL import Image, ImageDraw, ImageFont
from sphinx.application import Sphinx
from sphinx.config import Config

from ..atomic import write_atomically
from ..sources import SiteData

SIZE = (1200, 630)
MARGIN = 80
#: light ground, dark ink, one accent bar: legible as a thumbnail on any site's background
GROUND, INK, MUTED, ACCENT = "#ffffff", "#1a1a1a", "#555555", "#2962ff"


@dataclass(frozen=True)
class Card:
    name: str  # the output file, relative to the output folder
    lines: tuple[tuple[str, int, str], ...]  # (text, font size, colour), top to bottom
    footer: str


_CARDS: WeakKeyDictionary[Config, Card | None] = WeakKeyDictionary()


def _drawable(text: str) -> bool:
    """Whether Pillow's bundled font (Latin, Greek, Cyrillic) has every letter of ``text``."""
    return all(ord(char) < 0x530 or char in "–—‘’“”…" for char in text)


def plan(app: Sphinx, site: SiteData) -> Card | None:
    """At ``config-inited``: what the card shows and its file name (no pixels drawn yet);
    None when the name is in a script the bundled font lacks (a card of empty boxes is worse
    than none)."""
    _CARDS[app.config] = None
    who = site.cv.identity
    if not _drawable(who.name):
        return None
    lines = [(who.name, 76, INK)]
    lines += [(text, 40, MUTED) for text in (who.position, who.university)
              if text and _drawable(text)]
    footer = urlsplit(app.config.html_baseurl).netloc
    key = repr((lines, footer, PIL.__version__, SIZE))
    card = Card(f"_images/card-{hashlib.sha256(key.encode()).hexdigest()[:12]}.png",
                tuple(lines), footer)
    _CARDS[app.config] = card
    return card


def card(config: Config) -> Card | None:
    return _CARDS.get(config)


def _fitted(text: str, size: int, width: int) -> tuple[str, ImageFont.FreeTypeFont]:
    """The text in the largest font up to ``size`` that fits ``width``, else cut short."""
    font = ImageFont.load_default(size=size)
    while font.getlength(text) > width and size > 28:
        size -= 4
        font = ImageFont.load_default(size=size)
    while font.getlength(text) > width and len(text) > 1:
        text = text[:-2].rstrip() + "…"
    return text, font


def draw(found: Card) -> bytes:
    image = Image.new("RGB", SIZE, GROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 24, SIZE[1]), fill=ACCENT)
    width, top = SIZE[0] - 2 * MARGIN, MARGIN + 40
    for text, size, colour in found.lines:
        shown, font = _fitted(text, size, width)
        pen.text((MARGIN, top), shown, font=font, fill=colour)
        top += round(font.size * 1.45)
    if found.footer:
        shown, font = _fitted(found.footer, 34, width)
        pen.text((MARGIN, SIZE[1] - MARGIN - font.size), shown, font=font, fill=ACCENT)
    encoded = io.BytesIO()
    image.save(encoded, "PNG", optimize=True)
    return encoded.getvalue()


def write(app: Sphinx, exception: BaseException | None) -> None:
    """At ``build-finished``: the card, unless this very file is already there."""
    found = card(app.config)
    if exception is not None or app.builder.format != "html" or found is None:
        return
    target = Path(app.outdir) / found.name
    if not target.is_file():
        write_atomically(target, draw(found))


def output_files(app: Sphinx) -> set[str]:
    """The outputs this module writes (for :mod:`scholarsite.build.outputs`)."""
    found = card(app.config)
    return {found.name} if found else set()
