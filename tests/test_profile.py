"""The home page's profile: photo (scaled, named by its bytes), bio in MyST, profile links with
icons and rel="me", a schema.org Person; the same profiles in the PDF and cv.json; bad values
named by their line in cv.yaml."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sphinx.cmd.build import build_main

from fixture_site import write_site

PROFILE = """\
  photo: images/me.jpg
  photo_alt: Ada at her desk
  orcid: 0000-0002-1825-0097
  google_scholar: AbCdEfGhIjKl
  dblp: 123/4567
  semantic_scholar: "1741101"
  x: "@ada"
  bluesky: ada.bsky.social
  mastodon: "@ada@hachyderm.io"
  github: ada-example
  bio: |
    I build **storage systems**; see {cite:t}`example2023own`.

    A second paragraph with [a link](https://example.org/).
"""


def with_profile(root: Path, extra: str = PROFILE) -> Path:
    docs = write_site(root)
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("  homepage: https://ada.example.org/\n",
                                         "  homepage: https://ada.example.org/\n" + extra))
    (docs / "images").mkdir()
    image = Image.new("RGB", (1500, 2000), (200, 120, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: shown 2000 wide, 1500 high
    exif[0x8825] = {2: (22.0, 30.0, 0.0)}  # a GPS position, which must not be published
    image.save(docs / "images" / "me.jpg", quality=95, exif=exif)
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = with_profile(tmp_path_factory.mktemp("profile"))
    out = docs.parent / "html"
    assert build_main(["-q", "-W", "-n", "-b", "html", str(docs), str(out)]) == 0
    return out


def home(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_photo_is_scaled_upright_and_stripped(built: Path) -> None:
    img = home(built).select_one("img.ss-profile__photo")
    assert img["alt"] == "Ada at her desk"
    assert re.fullmatch(r"_images/photo-[0-9a-f]{12}\.webp", img["src"])
    with Image.open(built / img["src"]) as served:
        assert served.format == "WEBP" and served.size == (480, 360)  # upright, fits 480
        assert (int(img["width"]), int(img["height"])) == served.size
        assert not served.getexif()
    assert (built / img["src"]).stat().st_size < 60_000


def test_profile_links_icons_rel_me_and_person(built: Path) -> None:
    page = home(built)
    links = {a.get_text(strip=True): a for a in page.select(".ss-contact a[rel~=me]")}
    expected = {
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "Google Scholar": "https://scholar.google.com/citations?user=AbCdEfGhIjKl",
        "DBLP": "https://dblp.org/pid/123/4567.html",
        "Semantic Scholar": "https://www.semanticscholar.org/author/1741101",
        "X: @ada": "https://x.com/ada",
        "Bluesky: ada.bsky.social": "https://bsky.app/profile/ada.bsky.social",
        "Mastodon: @ada@hachyderm.io": "https://hachyderm.io/@ada",
        "GitHub: ada-example": "https://github.com/ada-example",
    }
    assert {text: a["href"] for text, a in links.items() if text in expected} == expected
    assert all(a.select_one(".ss-icon[aria-hidden=true]") for a in links.values())
    css = (built / "_static" / "scholarsite.css").read_text(encoding="utf-8")
    for a in links.values():
        icon = [c for c in a.select_one(".ss-icon")["class"] if c.startswith("ss-icon--")][0]
        assert f".{icon} {{ --ss-icon: url(" in css or f".{icon}," in css, icon
    person = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert person["@type"] == "Person" and person["name"] == "Ada Example"
    assert person["sameAs"][0] == "https://orcid.org/0000-0002-1825-0097"
    assert set(expected.values()) <= set(person["sameAs"])
    assert person["image"] == "https://ada.example.org/" + \
        page.select_one("img.ss-profile__photo")["src"]


def test_bio_is_myst_with_citations(built: Path) -> None:
    bio = home(built).select_one(".ss-bio")
    assert bio.find("strong").get_text() == "storage systems"
    assert bio.select_one(".bibtex-citation a")["href"] == "publications/example2023own.html"
    assert len(bio.find_all("p")) == 2 and bio.find("a", href="https://example.org/")


def test_profiles_in_pdf_and_json_resume(built: Path) -> None:
    pdf = subprocess.run(["pdftotext", str(built / "cv.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    for text in ("ORCID", "Google Scholar", "Mastodon: @ada@hachyderm.io", "Bluesky"):
        assert text in re.sub(r"\s+", " ", pdf)
    resume = json.loads((built / "cv.json").read_text(encoding="utf-8"))
    networks = {p["network"]: p["url"] for p in resume["basics"]["profiles"]}
    assert networks["ORCID"] == "https://orcid.org/0000-0002-1825-0097"
    assert networks["DBLP"] == "https://dblp.org/pid/123/4567.html"


def test_new_photo_is_a_new_file_and_the_old_one_goes(tmp_path: Path) -> None:
    docs = with_profile(tmp_path)
    out = tmp_path / "html"
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    first = home(out).select_one("img.ss-profile__photo")["src"]
    Image.new("RGB", (300, 300), (10, 20, 30)).save(docs / "images" / "me.jpg")
    assert build_main(["-q", "-b", "html", str(docs), str(out)]) == 0
    second = home(out).select_one("img.ss-profile__photo")["src"]
    assert second != first and (out / second).is_file() and not (out / first).exists()
    with Image.open(out / second) as served:
        assert served.size == (300, 300)  # never enlarged


@pytest.mark.parametrize(("extra", "expected"), [
    ("  orcid: 0000-0002\n", "cv.yaml:8: identity.orcid: '0000-0002' is not a valid ORCID id"),
    ("  mastodon: ada\n", "cv.yaml:8: identity.mastodon: 'ada' is not a valid Mastodon id"),
    ("  google_scholar: https://evil.example/citations\n",
     "cv.yaml:8: identity.google_scholar: 'https://evil.example/citations' is not a valid"),
    ("  photo: images/missing.jpg\n", "cv.yaml:8: identity.photo: 'images/missing.jpg' names "
                                      "no file in"),
    ("  photo: ../outside.jpg\n", "cv.yaml:8: identity.photo: expected an image file of the "
                                  "site"),
    ("  photo: cv.yaml\n", "cv.yaml:8: identity.photo: 'cv.yaml' is not an image"),
    ("  bio: <script>alert(1)</script>\n", "cv.yaml:8: identity.bio: raw HTML is not allowed"),
    ("  bio: |\n    Hi.\n\n    ```{include} /etc/passwd\n    ```\n",
     "cv.yaml:8: identity.bio: directive {include} is not allowed in the bio"),
    ("  photo: images/big.png\n", "cv.yaml:8: identity.photo: 'images/big.png' is not an "
                                  "image Pillow can read"),
])
def test_bad_profile_values_name_their_line(tmp_path: Path, failing_build, extra: str,
                                            expected: str) -> None:
    docs = write_site(tmp_path)
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("  homepage: https://ada.example.org/\n",
                                         "  homepage: https://ada.example.org/\n" + extra))
    (docs / "images").mkdir()
    with (docs / "images" / "big.png").open("wb") as bomb:  # claims 100,000 x 100,000 pixels
        bomb.write(bytes.fromhex("89504e470d0a1a0a0000000d49484452") +
                   (100_000).to_bytes(4, "big") * 2 + bytes.fromhex("0802000000") + b"\0" * 4)
    assert expected in failing_build(docs)


def test_shared_links_show_the_photo_and_paper_pages_have_their_own_card(built: Path) -> None:
    photo = "https://ada.example.org/" + home(built).select_one("img.ss-profile__photo")["src"]
    assert home(built).select_one('meta[property="og:image"]')["content"] == photo
    paper = BeautifulSoup((built / "publications" / "example2023own.html").read_text(
        encoding="utf-8"), "html.parser")
    tags = {m["property"]: m["content"] for m in paper.select("meta[property^='og:']")}
    assert tags["og:title"] == "An Own Paper on Storage" and tags["og:type"] == "article"
    assert tags["og:url"] == "https://ada.example.org/publications/example2023own.html"
    assert tags["og:image"] == photo and "Ada Example" in tags["og:description"]
    assert paper.select_one('meta[name="twitter:card"]')["content"] == "summary"
