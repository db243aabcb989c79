"""Math as MathML written at build time: formulas render with no script, no CDN, no network.

Sphinx's default renderer loads MathJax from a CDN, so a page opened from disk or offline shows
raw TeX, and every visitor fetches a third-party script. Chromium, Firefox and Safari all
render MathML Core, so the formulas are converted when the page is written (latex2mathml:
inline, display, ``aligned``, ``cases``, ``\\mathbb``, ``\\text``, ``\\left...\\right``,
``\\operatorname``), and shown at first paint with nothing to fetch; the alternative, a
renderer shipped in ``_static``, would add hundreds of kilobytes of script and fonts to every
page with math (measurements in the README, "Math").

latex2mathml copies ``\\text{...}`` into the markup unescaped and turns ``\\href`` into an
``href`` attribute, so its element tree is rebuilt here from an allowlist of MathML
presentation elements and attributes and serialised with escaping; the TeX source rides along
as an ``annotation`` (copied with the formula, read by assistive tools). A formula that does
not convert, or uses a command the converter does not know, is a warning naming the page and
line (an error under ``-W``) and is shown as its TeX source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from docutils import nodes
from latex2mathml.converter import convert_to_element
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

MATHML = "http://www.w3.org/1998/Math/MathML"
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mstyle", "merror", "mpadded", "mphantom", "mfenced",
    "menclose", "mtable", "mtr", "mtd", "mlabeledtr", "munder", "mover", "munderover",
    "mmultiscripts", "mprescripts", "none", "semantics", "annotation",
})
ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "separators", "lspace",
    "rspace", "minsize", "maxsize", "movablelimits", "accent", "accentunder", "columnalign",
    "rowalign", "rowspacing", "columnspacing", "columnlines", "rowlines", "frame",
    "displaystyle", "scriptlevel", "width", "height", "depth", "linethickness", "align",
    "notation", "symmetric", "largeop", "form", "open", "close", "voffset", "mathsize",
    "columnspan", "rowspan", "encoding", "equalrows", "equalcolumns",
})
_ENTITY = re.compile(r"&amp;(#x?[0-9A-Fa-f]+;)")  # numeric references latex2mathml wrote


class MathError(ValueError):
    pass


def _clean(element: ET.Element) -> ET.Element:
    tag = element.tag.removeprefix(f"{{{MATHML}}}")
    if tag not in ELEMENTS:
        raise MathError(f"the converter wrote a <{tag}> element")
    clean = ET.Element(tag, {name: value for name, value in element.attrib.items()
                             if name in ATTRIBUTES})
    clean.text, clean.tail = element.text, element.tail
    clean.extend(_clean(child) for child in element)
    return clean


def to_mathml(tex: str, display: bool) -> str:
    """``tex`` as a safe ``<math>`` element; MathError when it does not convert."""
    try:
        converted = convert_to_element(tex, display="block" if display else "inline")
    except Exception as exc:  # the converter raises many types on malformed input
        raise MathError(f"{type(exc).__name__} {exc}".strip()) from None
    unknown = sorted({el.text for el in converted.iter() if el.text
                      and re.fullmatch(r"\\[A-Za-z]+", el.text.strip())})
    if unknown:
        raise MathError(f"unknown command {', '.join(unknown)}")
    body = _clean(converted)
    math = ET.Element("math", {"display": "block" if display else "inline"})
    semantics = ET.SubElement(math, "semantics")
    row = ET.SubElement(semantics, "mrow")
    row.extend(list(body))
    annotation = ET.SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    annotation.text = tex
    return _ENTITY.sub(r"&\1", ET.tostring(math, encoding="unicode"))


def _render(self: HTML5Translator, node: nodes.Element, tex: str, display: bool) -> str:
    try:
        return to_mathml(tex, display)
    except MathError as exc:
        logger.warning("math %r does not render (%s): fix the formula", tex[:80], exc,
                       location=node, type="scholarsite", subtype="math")
        return f'<code class="ss-math-source">{self.encode(tex)}</code>'


def visit_inline(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(f'<span class="math">{_render(self, node, node.astext(), False)}</span>')
    raise nodes.SkipNode


def visit_block(self: HTML5Translator, node: nodes.math_block) -> None:
    number = ""
    if node.get("number"):
        ident = node["ids"][0] if node["ids"] else ""
        number = (f'<span class="eqno">({node["number"]})'
                  f'<a class="headerlink" href="#{ident}" title="Link to this equation">¶</a>'
                  "</span>")
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight")
                     + number + _render(self, node, node.astext(), True) + "</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
