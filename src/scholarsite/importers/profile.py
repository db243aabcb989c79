"""The owner's identity from another template's settings: profile links and contact.

Each template names networks its own way (academicpages' ``googlescholar`` URL, Hugo Blox's
``social`` list of icons and links, al-folio's ``scholar_userid``); each value is given to
:func:`..cv.profiles.profile_url`, which accepts an id or a profile URL, after the repairs
real settings need (``http://`` written for ``https://``, Mastodon as ``instance/@user``).
What does not fit is reported, never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..cv.profiles import profile_url
from .report import Report

_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def add_profile(who: dict[str, Any], network: str, value: object, where: Path | str,
                report: Report, label: str = "") -> None:
    """``who[network]`` from ``value`` (an id or a URL) when the network accepts it;
    ``label``: the setting's name, for the report."""
    text = str(value or "").strip()
    if not text or network in who:
        return
    text = re.sub(r"^http://", "https://", text, flags=re.I)
    if network == "mastodon" and (m := re.fullmatch(r"(?:https://)?([\w.-]+)/@(\w+)/?", text)):
        text = f"@{m[2]}@{m[1]}"
    try:
        profile_url(network, text.rstrip("/") if text.startswith("https://") else text)
    except ValueError as exc:
        report.skip(where, None, f"{label or network}: {exc}: not converted")
        return
    who[network] = text.rstrip("/") if text.startswith("https://") else text


def add_email(who: dict[str, Any], value: object) -> None:
    """The e-mail address, as people obfuscate it (``name [at] host``), if it is one."""
    text = re.sub(r"\s*[\[(]\s*at\s*[\])]\s*", "@", str(value or ""), flags=re.I)
    text = re.sub(r"\s*[\[(]\s*dot\s*[\])]\s*", ".", text, flags=re.I).removeprefix("mailto:")
    found = _EMAIL.fullmatch(text.strip())
    if found and "email" not in who:
        who["email"] = found[0]


def add_homepage(who: dict[str, Any], url: object, where: Path | str, report: Report) -> None:
    """The site's address as the homepage: a host without scheme gets https (reported)."""
    text = str(url or "").strip().rstrip("/")
    if not text or "homepage" in who:
        return
    if not re.match(r"https?://", text, re.I) and re.fullmatch(r"[\w.-]+\.[a-z]{2,}(/\S*)?",
                                                               text, re.I):
        report.repair(where, None, f"url {text!r} has no scheme: https://{text} used")
        text = f"https://{text}"
    if re.match(r"https?://[^\s/]+", text, re.I):
        who["homepage"] = text
    else:
        report.skip(where, None, f"url {text[:60]!r} is not an http(s) address: left out")


#: hosts of profile links -> the CV's profile networks
_HOSTS = {"github.com": "github", "scholar.google": "google_scholar", "orcid.org": "orcid",
          "linkedin.com": "linkedin", "twitter.com": "x", "x.com": "x", "bsky.app": "bluesky",
          "dblp.org": "dblp", "dblp.uni-trier.de": "dblp",
          "semanticscholar.org": "semantic_scholar"}


def add_link(who: dict[str, Any], url: object, where: Path | str, report: Report,
             icon: str = "") -> None:
    """A profile link of a list of icons and links (Hugo Blox's ``social``): the network told
    by the link's host (a Mastodon instance by its icon), an e-mail by ``mailto:``."""
    text = str(url or "").strip()
    if text.lower().startswith("mailto:"):
        add_email(who, text)
        return
    host = re.sub(r"^www\.", "", re.sub(r"^https?://", "", text, flags=re.I).split("/")[0])
    network = next((name for part, name in _HOSTS.items() if host.startswith(part)
                    or host.endswith("." + part)), "mastodon" if "mastodon" in icon else None)
    if network == "google_scholar" and (user := re.search(r"[?&]user=([\w-]{12})", text)):
        text = user[1]  # any Scholar host (scholar.google.co.uk) names the same profile
    if network is None:
        if text and not text.startswith(("/", "#")) and "cv" not in icon.casefold():
            report.skip(where, None, f"link {text[:60]!r}: no place for this profile yet")
        return
    add_profile(who, network, text, where, report)
