"""A messy Hugo Blox (Wowchemy) site, written here from the theme's documented formats, as
real ones are: YAML and TOML front matter side by side, an ``admin`` profile and a
co-author's profile, a cite.bib beside one paper and none beside another, numbered and CSL
publication types, the starter's example pages and a draft left in, shortcodes in bodies,
a multi-generation settings folder."""

from __future__ import annotations

from pathlib import Path

from academicpages_fixture import PNG
from site_files import write_files

FILES: dict[str, str | bytes] = {
    "config/_default/params.yaml": "appearance:\n  theme_day: minimal\n",
    "config/_default/hugo.yaml": "baseURL: https://jroe.example.org/\ntitle: Jo Roe\n",
    "content/authors/admin/_index.md": """\
---
title: Jo Roe
role: Associate Professor of Oceanography
organizations:
  - name: Example Institute
    url: https://example.org
interests:
  - Ocean mixing
  - Climate models
education:
  courses:
    - course: PhD in Oceanography
      institution: Example University
      year: 2012
social:
  - icon: envelope
    icon_pack: fas
    link: 'mailto:jo@example.org'
  - icon: google-scholar
    icon_pack: ai
    link: https://scholar.google.co.uk/citations?user=AbCdEfGhIjKl
  - icon: twitter
    link: https://twitter.com/joroe
  - icon: researchgate
    link: https://www.researchgate.net/profile/Jo_Roe
superuser: true
---

Jo Roe studies how the ocean mixes {{< icon name="water" >}}.

She also leads the *Mixing Lab*.
""",
    "content/authors/admin/avatar.png": PNG,
    "content/authors/Sam_Lee/_index.md": "---\ntitle: Sam Lee\n---\n",
    "content/publication/_index.md": "---\ntitle: Publications\n---\n",
    "content/publication/mixing/index.md": """\
---
title: 'Mixing in the deep ocean'
authors: [admin, Sam_Lee]
date: '2021-05-01T00:00:00Z'
publication_types: ['2']
publication: '*Journal of Oceans*'
doi: ''
url_code: https://github.com/joroe/mixing
url_pdf: paper.pdf
---
""",
    "content/publication/mixing/cite.bib": """\
@article{roe2021mixing,
  title = {Mixing in the Deep Ocean},
  author = {Roe, Jo and Lee, Sam},
  journal = {Journal of Oceans},
  volume = {3},
  year = {2021},
  doi = {10.1000/mixing}
}
""",
    "content/publication/mixing/paper.pdf": b"%PDF-1.4 mixing",
    "content/publication/waves/index.md": """\
---
title: Waves in a tank
date: 2019-04-01
authors: [admin, Sam Lee]
---
""",
    "content/publication/waves/cite.bib": "@article{waves, title={Waves in a tank},\n"
                                          "  journal={Tank Letters}}\n",
    "content/publication/eddies/index.md": """\
+++
title = "Eddies & the 2°C target"
authors = ["admin", "Ana Díaz", "*et al*"]
date = 2019-11-01
publication_types = ["paper-conference"]
publication = "In *Proceedings of the Ocean Conference*"
abstract = "We count eddies; $x^2$ of them."
[[links]]
name = "Slides"
url = "https://example.org/slides.pdf"
+++
""",
    "content/publication/conference-paper/index.md": """\
---
title: 'An example conference paper'
authors: [admin, Robert Ford]
date: '2013-07-01T00:00:00Z'
publication_types: ['1']
---
""",
    "content/publication/unfinished/index.md": """\
---
title: 'Not yet'
authors: [admin]
date: '2024-01-01'
draft: true
---
""",
    "content/event/ocean-talk/index.md": """\
---
title: Mixing, explained
event: Ocean Sciences Meeting
event_url: https://osm.example.org
location: Honolulu
date: '2022-02-10T13:00:00Z'
url_slides: https://example.org/osm-slides.pdf
---

{{% callout note %}}
Slides are online.
{{% /callout %}}

{{< figure src="featured.png" caption="The **mixing** tank" >}}
""",
    "content/event/ocean-talk/featured.png": PNG,
    "content/event/example/index.md": """\
---
title: Example Talk
event: Hugo Blox Conference
date: '2030-06-01T13:00:00Z'
---
""",
    "content/post/hello/index.md": """\
---
title: Hello, ocean
date: 2020-12-01
---
A video: {{< youtube dQw4w9WgXcQ >}}

{{< gallery album="tank" >}}

See [the paper]({{< ref "/publication/mixing" >}}).
""",
    "content/project/tank/index.md": """\
---
title: The mixing tank
summary: "A tank that *mixes* {{< math >}}$x^2${{< /math >}}."
---
{{< staticref "uploads/tank.pdf" "newtab" >}}Tank plans{{< /staticref >}}
""",
    "static/uploads/tank.pdf": b"%PDF-1.4 tank",
    # a blogdown bundle: R Markdown source, its rendered Markdown, a translation; a second
    # section of projects; a link relative to the page, anchors of its HTML, a callout
    "content/projects/buoys.en.markdown": """\
---
title: Drifting buoys
---
Built after [the tank](../../project/tank/) and [its sketch](./sketch-été.png ).

{{% callout note %}}
Plans in the [tank project](/project/tank/).
{{% /callout %}}

See Figure <a href="#fig:drift">1</a> and <a href="#fig:gone">2</a>.

<span id="fig:drift"></span>Figure 1: drift

![A buoy](buoy-été.png)
""",
    "content/projects/buoys.Rmarkdown": "---\ntitle: Drifting buoys (source)\n---\n",
    "content/projects/buoys.fr.markdown": "---\ntitle: Bouées\n---\nEn français.\n",
    "content/projects/buoy-été.png": PNG,
    "content/projects/sketch-été.png": PNG,
}


def write_hugoblox(root: Path) -> Path:
    return write_files(root, FILES)
