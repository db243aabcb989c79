"""A messy al-folio site (written here from al-folio's documented formats), as real ones are:
the template's Einstein leftovers, tabs in YAML, an invalid resume.json, an empty cv.yml,
one person's name in several forms, marks glued to names, a key with spaces, a field given
twice, keys with URLs and colons, ``others``, a news file with spaces in its name, no final
newlines."""

from __future__ import annotations

from pathlib import Path

from site_files import write_files

PAPERS = r"""@string{aps = {American Physical Society,}}

@book{einstein1920relativity,
  title={Relativity: the Special and General Theory},
  author={Einstein, Albert},
  year={1920},
  publisher={Methuen \& Co Ltd},
  html={relativity.html}
}

@article{PhysRev.47.777,
  abbr={PhysRev},
  title={Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?},
  author={Einstein*†, A. and Podolsky*, B. and Rosen*, N.},
  journal={Phys. Rev.},
  year={1935},
  publisher=aps,
  selected={true}
}

@article{bhatnagar2020sail,
  abbr={JCGS},
  bibtex_show={true},
  altmetric={true},
  google_scholar_id={qyhmnyLat1gC},
  title={A sparse additive model for high-dimensional interactions},
  author={Bhatnagar, SR and Lu, Tianyuan and Lovato, Amanda and others},
  journal={Journal of Computational and Graphical Statistics},
  year={2020},
  arxiv={1903.05355},
  html={https://www.tandfonline.com/doi/full/10.1080/10618600.2022.2076687},
  code={https://github.com/sahirbhatnagar/sail},
  selected={true},
  preview={sail.png}
}

@article{rai bhatnagar 2021,
  title={Simultaneous SNP selection and adjustment for population structure},
  author={Rai Bhatnagar, Sahir and Yang, Yi and Lu, Tianyuan},
  journal={PLOS Genetics},
  year={2021},
  year={2020},
  pdf={ggmix.pdf},
  slides={missing.pdf},
  award={Featured in **PLOS Genetics** highlights},
  award_name={Highlight}
}

@inproceedings{https://doi.org/10.1/casebase,
  title={Fitting smooth-in-time prognostic risk functions},
  author={Morabito*, Samuel and Bhatnagar*, Sahir R},
  booktitle={Proceedings of the Example Statistics Workshop},
  year={2022},
  annotation={* Equal contribution},
  website={https://casebase.example.org}
}

@misc{stat:2023:notes,
  title={Lecture notes on survival analysis},
  author={Bhatnagar, Sahir},
  year={2023},
  howpublished={Course notes}
}"""

FILES: dict[str, str | bytes] = {
    "_config.yml": """\
title: blank
first_name: Sahir
middle_name:
last_name: Bhatnagar
email: you@example.com
description: >
  A simple, whitespace theme for academics.
url: https://sahirbhatnagar.example.org
baseurl:

scholar:
\tlast_name: [Einstein]
\tfirst_name: [Albert, A.]
""",
    "_bibliography/papers.bib": PAPERS,
    "assets/json/resume.json": '{"basics": {"name": "Sahir", }',
    "_data/cv.yml": "",
    "_data/socials.yml": """\
email: sahir[at]example.org
github_username: sahirbhatnagar
scholar_userid: qyhmnyLat1gC
orcid_id: 0000-0002-1825-0097
mastodon_username: mastodon.social/@sahir
dblp_url: not a url
researchgate_profile: Sahir-Bhatnagar
""",
    "_data/coauthors.yml": '"lu":\n  - firstname: ["Tianyuan", "T."]\n    url: https://example.org/lu\n',
    "_data/venues.yml": '"JCGS":\n  url: https://www.tandfonline.com/toc/ucgs20/current\n',
    "_news/announcement 1.md": "---\nlayout: post\ndate: 2023-01-15 15:59:00-0400\n"
                               "inline: true\n---\n\nJoined the lab.",
    "_projects/1_project.md": "---\nlayout: page\ntitle: ggmix\ndescription: mixed models\n"
                              "importance: 2\n---\n\nA package.\n\n{% include figure.liquid "
                              'loading="eager" path="assets/img/1.png" class="img-fluid" %}\n\n'
                              '<div class="row" onclick="alert(1)">Details</div>\n\n'
                              "{% cite bhatnagar2020sail %}",
    "_projects/2_project.md": "---\nlayout: page\ntitle: casebase\nimportance: 1\n---\n\nSurvival.",
    "assets/pdf/ggmix.pdf": b"%PDF-1.4 ggmix",
    "assets/img/prof_pic.png": bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
        "3a7e9b550000000a49444154789c6360000000020001e221bc330000000049454e44ae426082"),
    "assets/img/1.png": bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010800000000"
                                      "3a7e9b550000000a49444154789c6360000000020001e221bc330000"
                                      "000049454e44ae426082"),
    "_pages/about.md": """\
---
layout: about
title: about
permalink: /
profile:
  align: right
  image: prof_pic.png
news: true
selected_papers: true
---

I develop statistical methods for *high-dimensional* data in genetics.

Outside work, I run.""",
}


#: al-folio's own CV format (``_data/cv.yml``), for sites without resume.json
CV_YML = """\
- title: General Information
  type: map
  contents:
    - name: Full Name
      value: Sahir Bhatnagar
    - name: Languages
      value: English, French

- title: Education
  type: time_table
  contents:
    - title: PhD
      institution: McGill University
      year: 2013 - 2018
      description:
        - Biostatistics
        - title: Thesis
          contents: [Sparse models]
    - title: BSc
      institution: University of Example
      year: 2009

- title: Experience
  type: time_table
  contents:
    - title: Assistant Professor
      institution: McGill University
      year: 2019 - present

- title: Awards & Scholarships
  type: time_table
  contents:
    - year: 2016 - 2018
      items:
        - Doctoral Award (Example Agency)
    - year: 2014
      items:
        - Travel Award

- title: Open Source Projects
  type: time_table
  contents:
    - title: ggmix
      year: 2018
      description:
        - An R package.
    - title: "[evil](javascript:alert(1))"
      year: 2019
"""


def write_alfolio(root: Path) -> Path:
    return write_files(root, FILES)
