"""A small site of a made-up researcher, for tests of the machinery (not of the example
owner's content): every page kind, one own paper, one paper read, one note."""

from __future__ import annotations

from pathlib import Path

FILES = {
    "docs/conf.py": """\
extensions = ["scholarsite"]
bibtex_bibfiles = ["../refs.bib"]
html_baseurl = "https://ada.example.org/"
scholarsite_author_aliases = ["A. Example"]
exclude_patterns = ["_build"]
""",
    "docs/cv.yaml": """\
updated: 2024-01-15
identity:
  name: Ada Example
  position: Researcher
  email: ada@example.org
  phone: +1 555 0100
  homepage: https://ada.example.org/
interests: Operating systems and *storage*.
education:
  - institution: Example University
    degree: Ph.D. in Computer Science
    start: 2019
    end: present
    items:
      - text: Thesis on storage systems.
        papers: [example2023own]
honors:
  - {title: Best Paper Award, date: 2023-05, issuer: Example Conference}
misc:
  - Likes hiking.
""",
    "docs/index.md": """\
# {cv}`identity.name`

```{profile}
```

```{publications}
:selected:
```

```{note-list}
:limit: 3
```

```{toctree}
:hidden:

cv
publications
notes/index
references
```
""",
    "docs/cv.md": "# Curriculum Vitae\n\n```{cv}\n```\n",
    "docs/publications.md": "# Publications\n\n```{publications}\n```\n",
    "docs/references.md": "# References\n\n```{bibliography}\n```\n",
    "docs/notes/index.md": """\
# Reading notes

```{note-list}
```

## By tag

```{note-index} tag
```

```{toctree}
:hidden:
:glob:

*
```
""",
    "docs/notes/first.md": """\
---
paper: doe2020read
tags: [storage, systems]
status: read
date: 2024-01-10
summary: What the paper does.
---

# A first note

On {cite:t}`doe2020read`, and our own {cite:p}`example2023own`.
""",
    "refs.bib": """\
@inproceedings{example2023own,
  author    = {Example, Ada and Doe, Jane},
  title     = {An Own Paper on Storage},
  booktitle = {Proceedings of the Example Conference},
  year      = {2023},
  selected  = {true}
}

@article{doe2020read,
  author  = {Doe, Jane and Roe, Richard},
  title   = {A Paper Read},
  journal = {Journal of Examples},
  year    = {2020}
}
""",
}


def write_site(root: Path) -> Path:
    """Write the site under ``root``; returns its docs/ folder."""
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs"
