"""The link policy: only http(s), mailto and relative URLs ever become links.

Every URL that comes from owner data (CV fields, bib fields, front matter) passes through
:func:`safe_url` before it reaches an ``href``; anything else (``javascript:``, ``data:``,
``file:``) is refused by the loader with an error rather than silently dropped.
"""

from __future__ import annotations

from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_url(url: str) -> bool:
    """True for http(s), mailto and scheme-less (relative or fragment) URLs."""
    stripped = url.strip()
    if not stripped or any(ord(ch) < 0x20 for ch in stripped):
        return False
    # Browsers read a backslash as a slash, so "/\\host" is "//host" to them.
    slashed = stripped.replace("\\", "/")
    scheme = urlsplit(slashed).scheme.lower()
    if not scheme:
        # "//host/path" is protocol-relative: it leaves the site, so treat it as absolute.
        return not slashed.startswith("//")
    return scheme in ALLOWED_SCHEMES


def is_site_file(url: str) -> bool:
    """A relative link to a file of the site itself (``papers/x.pdf``): no scheme, not
    absolute, not an anchor alone."""
    parts = urlsplit(url)
    return not parts.scheme and not url.startswith(("/", "#", "\\")) and bool(parts.path)


def safe_url(url: str) -> str:
    """Return ``url`` unchanged if allowed, else raise ``ValueError`` naming the scheme."""
    if not is_safe_url(url):
        raise ValueError(
            f"URL {url!r} is not allowed: use an http(s), mailto or relative URL"
        )
    return url.strip()


def http_url(url: str) -> str:
    """An absolute http(s) URL, else ``ValueError``: for links that must work from any page
    (a homepage, a venue's site), where a relative URL would point somewhere else on each."""
    url = safe_url(url)
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"expected an absolute http(s) URL, got {url!r}")
    return url
