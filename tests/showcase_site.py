"""A made-up researcher's site that uses every publication and profile feature at once:
venue badges (coloured, linked, ranked), co-authors' homepages, author marks and their legend,
an award with its reveal, artifact badges, a thumbnail, a local PDF, al-folio's annotation and
additional_info, citation counts with the CV summary, a photo, a bio, every profile network and
news. For the browser tests and for screenshots (scripts/screenshots.py --showcase)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

from fixture_site import write_site

CV_PROFILE = """\
  photo: images/me.jpg
  orcid: 0000-0002-1825-0097
  google_scholar: AbCdEfGhIjKl
  dblp: 123/4567
  semantic_scholar: "1741101"
  github: ada-example
  linkedin: ada-example
  x: "@ada"
  bluesky: ada.bsky.social
  mastodon: "@ada@hachyderm.io"
  bio: |
    I build **storage systems** that stay fast when disks fail; our latest work
    {cite:p}`example2024osdi` appears at OSDI.
"""

VENUES = """\
OSDI:
  name: USENIX Symposium on Operating Systems Design and Implementation
  url: https://www.usenix.org/conference/osdi24
  color: "#ffd700"
  rank: CCF A
  acceptance: {2024: "19%"}
FAST:
  name: USENIX Conference on File and Storage Technologies
  url: https://www.usenix.org/conference/fast23
  color: "#1f5f8b"
  rank: CCF A
HotStorage:
  name: ACM Workshop on Hot Topics in Storage and File Systems
  kind: workshop
  color: "#6c3fa0"
TOS:
  name: ACM Transactions on Storage
  kind: journal
"""

COAUTHORS = """\
"doe":
  - firstname: ["Jane", "J."]
    url: https://jane.example.org/
"roe":
  - firstname: ["Richard"]
    url: https://richard.example.org/
"""

ENTRIES = r"""
@inproceedings{example2024osdi, author = {Example, Ada* and Doe, Jane* and Roe, Richard†},
  title = {Fast Recovery for Disaggregated Storage with {RDMA}},
  booktitle = {Proceedings of the 18th USENIX Symposium on Operating Systems Design and Implementation (OSDI '24)},
  year = {2024}, month = jul, doi = {10.5555/osdi24}, selected = {true},
  award_name = {Best Paper}, award = {**Best Paper Award** at OSDI '24, *one of three*},
  artifact = {available, functional, reproduced}, preview = {papers/osdi24.png},
  pdf = {papers/osdi24.pdf}, code = {https://github.com/ada-example/fastrec},
  slides = {https://ada.example.org/slides/osdi24.pdf},
  annotation = {Work done at the *Example Lab*},
  additional_info = {. Invited to the [journal track](https://example.org/journal).},
  abstract = {Disaggregated storage loses minutes to recovery; we show how to lose seconds.}}
@inproceedings{example2023fast, author = {Doe, Jane and Example, Ada and Smith, Bob},
  title = {Tiering Without Tears}, booktitle = {21st USENIX Conference on File and Storage
  Technologies (FAST '23)}, year = {2023}, eprint = {2301.00001}, archiveprefix = {arXiv},
  corresponding = {2}}
@inproceedings{example2023hot, author = {Example, Ada and Roe, Richard},
  title = {The Case for Boring Storage}, booktitle = {HotStorage '23}, year = {2023},
  hal = {hal-01234567}}
@article{example2022tos, author = {Example, Ada and Doe, Jane}, title = {Log-Structured Everything},
  journal = {ACM Transactions on Storage}, volume = {18}, number = {2}, pages = {1--30},
  year = {2022}, doi = {10.5555/tos22}}
"""

CITATIONS = """\
papers:
  example2024osdi: {count: 41, source: OpenAlex, fetched: 2026-11-20}
  example2023fast: {count: 17, source: OpenAlex, fetched: 2026-11-20}
  example2022tos: {count: 9, source: Semantic Scholar, fetched: 2026-11-20}
"""

NEWS = {
    "osdi.md": "---\ndate: 2024-07-10\ninline: true\n---\n\n# Best paper at OSDI\n\n"
               "Our paper {cite:p}`example2024osdi` won a **Best Paper Award** at OSDI '24.\n",
    "talk.md": "---\ndate: 2024-03-02\n---\n\n# A talk on boring storage\n\nThe long story "
               "of the talk.\n",
}


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((width // 5, height // 4, width * 4 // 5, height * 3 // 4), fill="white")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_showcase(root: Path) -> Path:
    """Write the site under ``root``; returns its docs/ folder."""
    docs = write_site(root)
    cv = docs / "cv.yaml"
    cv.write_text(cv.read_text().replace("  homepage: https://ada.example.org/\n",
                                         "  homepage: https://ada.example.org/\n" + CV_PROFILE))
    (docs / "venues.yml").write_text(VENUES)
    (docs / "coauthors.yml").write_text(COAUTHORS)
    (docs / "citations.yml").write_text(CITATIONS)
    (docs / "conf.py").write_text((docs / "conf.py").read_text()
                                  + "scholarsite_citation_summary = True\n")
    with (root / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(ENTRIES)
    (docs / "papers").mkdir()
    (docs / "papers" / "osdi24.png").write_bytes(_png(320, 240, (31, 95, 139)))
    (docs / "papers" / "osdi24.pdf").write_bytes(b"%PDF-1.4 showcase")
    (docs / "images").mkdir()
    (docs / "images" / "me.jpg").write_bytes(_png(600, 600, (164, 38, 44)))
    index = docs / "index.md"
    index.write_text(index.read_text().replace(
        "```{publications}", "```{news}\n:heading: News\n```\n\n```{publications}").replace(
        "references\n```", "references\nnews/index\n```"))
    (docs / "news").mkdir()
    (docs / "news" / "index.md").write_text("# News\n\n```{news}\n```\n")
    for name, text in NEWS.items():
        (docs / "news" / name).write_text(text)
    return docs
