"""BibTeX field values (TeX) to rich text a reader expects: Unicode, emphasis, sub/superscripts.

Why by hand: pybtex's LaTeX reader decodes accents but passes formatting and unknown macros
through (``\\emph x``, ``\\url``, ``\\cal``), and latexcodec decodes text symbols but not math.
This is a small recursive-descent reader over the TeX subset bibliographies use: groups,
accents, text and math symbols, font commands and declarations, ``$...$`` math with ``^``/``_``,
dashes and quotes, and the owner's own macros from ``@preamble`` (``\\newcommand`` /
``\\providecommand``). Protected capitals stay as written and nothing is ever lowercased.
Whatever it does not know still never reaches a page as a raw macro: an unknown command
renders its arguments (or its bare name), and is reported in :attr:`TeX.unknown` for the linter.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from markupsafe import Markup, escape

from ..text import CONTROL


@dataclass
class Rich:
    """A run of text with one style: None (plain), em, strong, sup, sub, code or math."""

    style: str | None = None
    children: list[str | Rich] = field(default_factory=list)

    def html(self) -> Markup:
        inner = Markup("").join(
            escape(child) if isinstance(child, str) else child.html() for child in self.children)
        if self.style is None:
            return inner
        if self.style == "math":
            return Markup('<span class="ss-math">') + inner + Markup("</span>")
        return Markup(f"<{self.style}>") + inner + Markup(f"</{self.style}>")

    def text(self) -> str:
        inner = "".join(c if isinstance(c, str) else c.text() for c in self.children)
        if self.style in {"sup", "sub"}:
            table = _SUPERSCRIPT if self.style == "sup" else _SUBSCRIPT
            if inner and all(ch in table for ch in inner):
                return inner.translate(str.maketrans(table))
            return ("^" if self.style == "sup" else "_") + (
                inner if len(inner) == 1 else f"({inner})")
        return inner


_SUPERSCRIPT = dict(zip("0123456789+-=()nix", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣ"))
_SUBSCRIPT = dict(zip("0123456789+-=()aeioux", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒᵤₓ"))

ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
MATH_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7",
                "dot": "\u0307", "ddot": "\u0308", "overline": "\u0305"}

SYMBOLS = {
    "&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
    ",": "\u2009", ";": " ", ":": " ", "!": "", "-": "", "/": "", "\\": " ", "@": "",
    "i": "ı", "j": "ȷ", "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ",
    "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "slash": "/", "LaTeX": "LaTeX",
    "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e", "ldots": "…", "dots": "…",
    "textemdash": "—", "textendash": "–", "textregistered": "®", "texttrademark": "™",
    "copyright": "©", "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "pounds": "£",
    "euro": "€", "textdegree": "°", "textquotedbl": '"', "textasciitilde": "~",
    "textbackslash": "\\", "textbar": "|", "textless": "<", "textgreater": ">",
    "textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^",
    "quad": " ", "qquad": "  ", "noindent": "", "relax": "", "protect": "", "par": " ",
    "xspace": "", "null": "", "unskip": "", "ignorespaces": "", "newline": " ",
    "linebreak": " ", "break": " ", "allowbreak": "", "hfill": " ", "bf": "", "it": "",
}
MATH_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω", "times": "×", "pm": "±", "mp": "∓", "div": "÷",
    "cdot": "·", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "•", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "simeq": "≃",
    "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "in": "∈", "notin": "∉", "ni": "∋",
    "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "cap": "∩", "cup": "∪",
    "setminus": "∖", "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃",
    "neg": "¬", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "infty": "∞",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "rightarrow": "→",
    "to": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Leftrightarrow": "⇔", "mapsto": "↦", "uparrow": "↑",
    "downarrow": "↓", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "prime": "′",
    "ell": "ℓ", "hbar": "ℏ", "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "mid": "|", "|": "‖",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "log": "log", "ln": "ln", "exp": "exp", "min": "min", "max": "max", "arg": "arg",
    "sin": "sin", "cos": "cos", "tan": "tan", "lim": "lim", "sup": "sup", "inf": "inf",
    "det": "det", "deg": "deg", "gcd": "gcd", "Pr": "Pr", "top": "⊤", "bot": "⊥",
    "left": "", "right": "", "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "",
    "bigr": "", "Bigl": "", "Bigr": "", "displaystyle": "", "textstyle": "", "limits": "",
    "nolimits": "", "cal": "", "rm": "", "mathcal": "", "ldotp": ".", "colon": ":",
}
#: Letters written as control words, used inside words.
IN_WORD = {"i", "j", "l", "L", "o", "O", "ss", "ae", "AE", "oe", "OE", "aa", "AA"}
BLACKBOARD = dict(zip("RNZQCPH", "ℝℕℤℚℂℙℍ"))
#: One-argument commands and the style their argument gets (None: plain).
STYLED = {
    "emph": "em", "textit": "em", "textsl": "em", "mathit": "em", "textbf": "strong",
    "mathbf": "strong", "boldsymbol": "strong", "texttt": "code", "mathtt": "code",
    "textsc": None, "textup": None, "textrm": None, "textsf": None, "textnormal": None,
    "textmd": None, "mbox": None, "hbox": None, "text": None, "mathrm": None, "mathsf": None,
    "operatorname": None, "url": None, "nolinkurl": None, "NoCaseChange": None,
    "ensuremath": None, "mathcal": None, "mathscr": None, "mathfrak": None, "uppercase": None,
    "MakeUppercase": None, "textsuperscript": "sup", "textsubscript": "sub",
}
#: Group-local declarations: ``{\em x}``.
DECLARATIONS = {"em": "em", "it": "em", "itshape": "em", "sl": "em", "bf": "strong",
                "bfseries": "strong", "tt": "code", "ttfamily": "code", "sc": None,
                "scshape": None, "rm": None, "sf": None, "upshape": None, "normalfont": None,
                "cal": None, "small": None, "footnotesize": None, "large": None, "Large": None}
#: Commands whose arguments are dropped (citations and spacing have no text of their own).
DROPPED = {"cite": 1, "citep": 1, "citet": 1, "hspace": 1, "vspace": 1, "label": 1,
           "index": 1, "footnote": 1}

_TOKEN = re.compile(r"\\([A-Za-z@]+)\*?|\\(.)|(\$\$?)|([{}])|(---|--|``|''|~|\^|_|')"
                    r"|(\s+)|([^\\${}\-`'~^_\s]+|.)", re.S)
_KINDS = ("cmd", "cmd", "dollar", "brace", "punct", "space", "text")

Token = tuple[str, str]


def tokenize(value: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(CONTROL.sub(" ", value)):
        index = next(i for i, group in enumerate(match.groups()) if group is not None)
        tokens.append((_KINDS[index], match.groups()[index]))
    return tokens


#: The most text all of a macro's expansions may come to. Macros may use other macros, so
#: ``\\a`` → ``\\b\\b``, ``\\b`` → ``\\c\\c``, ... doubles at each level; a preamble whose
#: macros stand for more than this is refused when it is read, not expanded for minutes.
MAX_EXPANSION = 10_000


class MacroError(ValueError):
    """A ``@preamble`` macro that TeX would expand forever or into too much text."""


@dataclass
class TeX:
    """A TeX reader with the owner's ``@preamble`` macros; records macros it does not know."""

    macros: dict[str, tuple[int, str]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    expanding: list[str] = field(default_factory=list)

    @classmethod
    def from_preamble(cls, preamble: str) -> TeX:
        tex = cls()
        pattern = re.compile(r"\\(?:re)?(?:newcommand|providecommand)\*?\s*\{?\\([A-Za-z]+)\}?"
                             r"\s*(?:\[(\d)\])?\s*")
        for match in pattern.finditer(preamble):
            body, _ = _balanced(preamble, match.end())
            tex.macros[match[1]] = (int(match[2] or 0), body)
        tex.check_expansion()
        return tex

    def check_expansion(self) -> None:
        """Refuse macros that use themselves (directly or through others) and macros whose
        full expansion exceeds :data:`MAX_EXPANSION` characters (sizes counted once per
        macro, so the check is linear)."""
        uses = {name: [ref for ref in re.findall(r"\\([A-Za-z]+)", body) if ref in self.macros]
                for name, (_, body) in self.macros.items()}
        size: dict[str, int] = {}

        def measure(name: str, path: tuple[str, ...]) -> int:
            if name in path:
                loop = " -> ".join(f"\\{n}" for n in (*path[path.index(name):], name))
                raise MacroError(f"macro \\{name} uses itself ({loop}): TeX would expand it "
                                 "forever; remove the loop")
            if name not in size:
                body = self.macros[name][1]
                size[name] = len(body) + sum(measure(ref, (*path, name)) for ref in uses[name])
                if size[name] > MAX_EXPANSION:
                    raise MacroError(f"macro \\{name} expands to more than {MAX_EXPANSION:,} "
                                     "characters: simplify it")
            return size[name]

        for name in self.macros:
            measure(name, ())

    def rich(self, value: str) -> Rich:
        root = Rich()
        _Reader(self, tokenize(value)).read(root, math=False, until=None)
        return root

    def html(self, value: str) -> Markup:
        return self.rich(value).html()

    def unknown_macros(self, value: str) -> set[str]:
        """The macros of ``value`` this reader does not know (they are also kept in
        :attr:`unknown`)."""
        saved, self.unknown = self.unknown, set()
        try:
            self.rich(value)
            return set(self.unknown)
        finally:
            self.unknown = saved | self.unknown

    def text(self, value: str) -> str:
        return re.sub(r"\s+", " ", self.rich(value).text()).strip()


def _balanced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group at ``start`` (or one character), and the end index."""
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text):
        return "", start
    if text[start] != "{":
        return text[start], start + 1
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "{" and (index == 0 or text[index - 1] != "\\"):
            depth += 1
        elif text[index] == "}" and text[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:index], index + 1
    return text[start + 1:], len(text)


class _Reader:
    """Reads tokens into :class:`Rich` runs; ``until`` is what ends the current group."""

    def __init__(self, tex: TeX, tokens: list[Token]) -> None:
        self.tex = tex
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def skip_space(self) -> None:
        while (tok := self.peek()) is not None and tok[0] == "space":
            self.pos += 1

    def argument(self, math: bool) -> Rich:
        """The next group, or single token (a word gives its first letter, as in TeX)."""
        self.skip_space()
        out = Rich()
        tok = self.peek()
        if tok is None:
            return out
        if tok == ("brace", "{"):
            self.pos += 1
            self.read(out, math, until="}")
        elif tok[0] == "text" and len(tok[1]) > 1:
            out.children.append(tok[1][0])
            self.tokens[self.pos] = ("text", tok[1][1:])
        else:
            self.read_one(out, math, until=None)
        return out

    def raw_argument(self) -> str:
        """The next group's source text (URLs, macro arguments)."""
        self.skip_space()
        if self.peek() != ("brace", "{"):
            return ""
        depth, parts = 0, []
        while (tok := self.peek()) is not None:
            self.pos += 1
            if tok == ("brace", "{"):
                depth += 1
                if depth == 1:
                    continue
            elif tok == ("brace", "}"):
                depth -= 1
                if depth == 0:
                    break
            parts.append("\\" + tok[1] if tok[0] == "cmd" else tok[1])
        return "".join(parts)

    def read(self, out: Rich, math: bool, until: str | None, consume: bool = True) -> None:
        while (tok := self.peek()) is not None:
            if (until == "}" and tok == ("brace", "}")) or (until == "$" and tok[0] == "dollar"):
                self.pos += consume
                return
            self.read_one(out, math, until)

    def read_one(self, out: Rich, math: bool, until: str | None) -> None:
        kind, value = self.tokens[self.pos]
        self.pos += 1
        if kind == "cmd":
            self.command(out, value, math, until)
        elif kind == "dollar":
            inner = Rich("math")
            self.read(inner, True, until="$")
            out.children.append(inner)
        elif value == "{":
            group = Rich()
            self.read(group, math, until="}")
            out.children.append(group)
        elif value == "}":
            pass  # an unbalanced closing brace: the loader reports it; never print it
        elif kind == "punct":
            self.punctuation(out, value, math)
        elif kind == "space":
            out.children.append("" if math else " ")
        else:
            out.children.append(value)

    def punctuation(self, out: Rich, punct: str, math: bool) -> None:
        if punct in {"^", "_"} and math:
            out.children.append(Rich("sup" if punct == "^" else "sub",
                                     self.argument(math).children))
        elif punct in {"^", "_"}:
            out.children.append(punct)
        elif punct == "'":
            out.children.append("′" if math else "\u2019")
        else:
            out.children.append({"---": "—", "--": "–", "``": "“", "''": "”",
                                 "~": "\u00a0"}[punct])

    def command(self, out: Rich, name: str, math: bool, until: str | None) -> None:
        if name in self.tex.macros:
            count, body = self.tex.macros[name]
            for number in range(1, count + 1):
                body = body.replace(f"#{number}", self.raw_argument())
            if len(self.tex.expanding) < 20:  # a macro that expands to itself stops here
                self.tex.expanding.append(name)
                out.children.append(self.tex.rich(body))
                self.tex.expanding.pop()
            return
        if name in ACCENTS and not (math and name in {"'", "^"}):
            base = self.argument(math).text().replace("ı", "i").replace("ȷ", "j") or " "
            out.children.append(unicodedata.normalize("NFC", base[0] + ACCENTS[name] + base[1:]))
        elif math and name in MATH_ACCENTS:
            base = self.argument(math).text() or " "
            out.children.append(unicodedata.normalize("NFC", base + MATH_ACCENTS[name]))
        elif name in STYLED:
            out.children.append(Rich(STYLED[name], self.argument(math).children))
        elif name in {"mathbb", "mathds"}:
            letters = self.argument(math).text()
            out.children.append("".join(BLACKBOARD.get(ch, ch) for ch in letters))
        elif name == "sqrt":
            out.children.extend(["√", self.argument(math)])
        elif name in {"frac", "dfrac", "tfrac", "binom"}:
            top, bottom = self.argument(math), self.argument(math)
            out.children.extend(["(", top, " choose " if name == "binom" else "/", bottom, ")"])
        elif name == "href":
            self.raw_argument()
            out.children.append(self.argument(math))
        elif name in DROPPED:
            for _ in range(DROPPED[name]):
                self.raw_argument()
        elif name in DECLARATIONS:
            rest = Rich(DECLARATIONS[name])  # runs to the end of the enclosing group
            self.read(rest, math, until=until, consume=False)
            out.children.append(rest)
        elif math and name in MATH_SYMBOLS:
            out.children.append(MATH_SYMBOLS[name])
        elif name in SYMBOLS:
            out.children.append(SYMBOLS[name])
            if name in IN_WORD:  # TeX eats the space after a control word: Stra\ss e
                self.skip_space()
        elif name in MATH_SYMBOLS:
            out.children.append(MATH_SYMBOLS[name])
        else:
            out.children.append(self.unknown(name, math))

    def unknown(self, name: str, math: bool) -> Rich:
        decoded = codecs.decode("\\" + name, "ulatex").strip()
        if decoded and "\\" not in decoded:
            return Rich(children=[decoded])
        self.tex.unknown.add(name)
        start = self.pos
        self.skip_space()
        if self.peek() == ("brace", "{"):
            return self.argument(math)
        self.pos = start
        return Rich(children=[name])


@lru_cache(maxsize=1)
def _plain() -> TeX:
    return TeX()


def to_text(value: str) -> str:
    """One field value as plain Unicode text (no preamble macros)."""
    return _plain().text(value)


def to_html(value: str) -> Markup:
    """One field value as escaped HTML with emphasis, bold and sub/superscripts."""
    return _plain().html(value)
