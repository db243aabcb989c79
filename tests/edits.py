"""A vocabulary of edits a site owner makes, for incremental-equals-clean tests.

Each edit takes the site's root (``docs/`` and ``refs.bib`` inside) and a number unique to
the step, and leaves a valid site: the builds after it must succeed, and an incremental one
must give exactly the tree a clean one gives.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

Edit = Callable[[Path, int], None]


def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def _movable(root: Path) -> list[Path]:
    """Notes that may be deleted or renamed (morphling.md stays: other edits change it)."""
    notes = root / "docs" / "notes"
    return sorted([*notes.glob("extra-*.md"), *notes.glob("renamed-*.md"),
                   *notes.glob("fragmentation-*.md")])


def note_title(root: Path, n: int) -> None:
    _replace(root / "docs/notes/morphling.md", r"^# .*$", f"# Morphling, read again ({n})")


def note_body(root: Path, n: int) -> None:
    path = root / "docs/notes/morphling.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\nAnother thought, number {n}.\n",
                    encoding="utf-8")


def add_note(root: Path, n: int) -> None:
    (root / f"docs/notes/extra-{n}.md").write_text(
        f"---\npaper: zhang2022workload\ntags: [tag-{n}, workloads]\nstatus: reading\n"
        f"date: 2024-0{n % 9 + 1}-01\n---\n\n# Extra note {n}\n\nOn "
        "{cite:t}`zhang2022workload`.\n", encoding="utf-8")


def delete_note(root: Path, n: int) -> None:
    notes = _movable(root)
    if notes:
        notes[0].unlink()
    else:
        add_note(root, n)


def rename_note(root: Path, n: int) -> None:
    notes = _movable(root)
    if notes:
        notes[0].rename(notes[0].with_name(f"renamed-{n}.md"))
    else:
        add_note(root, n)


def bib_title(root: Path, n: int) -> None:
    """The title of an entry a note cites (its card, tooltips and search entry show it)."""
    _replace(root / "refs.bib", r"(\{Morphling\}:)[^,]*,", rf"\1 Study {n},")


def bib_add(root: Path, n: int) -> None:
    with (root / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(f"\n@misc{{added{n},\n  title = {{Added Work {n}}},\n"
                  f"  author = {{Doe, Jane}},\n  year = {{2020}}\n}}\n")


def bib_remove(root: Path, n: int) -> None:
    bib = root / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(re.sub(r"\n@misc\{added\d+,[^@]*?\n\}\n", "\n", text, count=1),
                   encoding="utf-8")


def cv_edit(root: Path, n: int) -> None:
    _replace(root / "docs/cv.yaml", r"National (\w+ )*Scholarship",
             f"National Award {n} Scholarship")


def conf_edit(root: Path, n: int) -> None:
    conf = root / "docs/conf.py"
    text = conf.read_text(encoding="utf-8")
    if "scholarsite_nav_limit" in text:
        conf.write_text(re.sub(r"scholarsite_nav_limit = \d+\n", "", text), encoding="utf-8")
    else:
        conf.write_text(text + "scholarsite_nav_limit = 1\n", encoding="utf-8")


def baseurl_edit(root: Path, n: int) -> None:
    """The site moves (a custom domain, a project page): an HTML setting that pages read."""
    _replace(root / "docs/conf.py", r'^html_baseurl = "[^"]*"',
             f'html_baseurl = "https://site{n}.example.org/sub/"')


def png(width: int) -> bytes:
    """A valid one-row greyscale PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x80" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + \
        chunk(b"IEND", b"")


def image(root: Path, n: int) -> None:
    """Show a new image in a note, or take the image away again."""
    note = root / "docs/notes/morphling.md"
    text = note.read_text(encoding="utf-8")
    shown = re.search(r"\n!\[figure\]\((figure-\d+\.png)\)\n", text)
    if shown:
        note.write_text(text.replace(shown[0], "\n"), encoding="utf-8")
        (root / "docs/notes" / shown[1]).unlink()
    else:
        (root / f"docs/notes/figure-{n}.png").write_bytes(png(n + 1))
        note.write_text(text + f"\n![figure](figure-{n}.png)\n", encoding="utf-8")


def touch(root: Path, n: int) -> None:
    path = root / "docs/notes/morphling.md"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


def data_file(root: Path, n: int) -> None:
    """A co-authors file appears (a co-author's name becomes a link everywhere), or goes."""
    path = root / "docs/coauthors.yml"
    if path.exists():
        path.unlink()
    else:
        path.write_text(f'"weng":\n  - firstname: ["Qizhen"]\n    url: https://weng.example.org/{n}\n',
                        encoding="utf-8")


def venue_edit(root: Path, n: int) -> None:
    """The venue registry changes a badge's colour."""
    _replace(root / "docs/venues.yml", r'^  color: "#a4262c"$|^  color: "#\w+" # edit.*$',
             f'  color: "#{n % 10}{n % 10}2a2a" # edit {n}')


EDITS: dict[str, Edit] = {edit.__name__: edit for edit in [
    note_title, note_body, add_note, delete_note, rename_note, bib_title, bib_add, bib_remove,
    cv_edit, conf_edit, baseurl_edit, image, touch, data_file, venue_edit]}
