"""A messy academicpages site (written here from the template's documented formats), as real
ones are: the template's examples left beside real pages, an author name with HTML and a
title, citations in several styles, dates as ``1/2/2019`` or only a year, a BibTeX file in
markdown_generator/, an HTML about page with Liquid, a talk dated by its file name only."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from site_files import write_files


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, "PNG")
    return out.getvalue()


PNG = png()

FILES: dict[str, str | bytes] = {
    "_config.yml": """\
title: "Jane's academic pages"
url: https://janedoe.github.io
baseurl: ""
author:
  avatar           : "profile.png"
  name             : "Dr. Jane Q. Doe, PhD<br>多伊"
  bio              : "Assistant Professor of Ecology"
  location         : "Ithaca, NY"
  employer         : "Example University"
  email            : "jane [at] example.edu"
  googlescholar    : "http://scholar.google.com/citations?user=AbCdEfGhIjKl"
  orcid            : "http://orcid.org/0000-0002-1825-0097"
  github           : "janedoe"
  researchgate     : "https://www.researchgate.net/profile/Jane_Doe"
  twitter          :
""",
    "images/profile.png": PNG,
    "images/cave.png": PNG,
    "files/paper-a.pdf": b"%PDF-1.4 paper a",
    "_pages/about.md": """\
---
permalink: /
title: "About me"
---
{% include base_path %}

<p>I study <b>fungal ecology</b> in caves.</p>

<p>Before that I was at <a href="https://example.org">a museum</a>; see my
<a href="{{ base_path }}/publications/">papers</a> and <a href="/talks/">talks</a>.</p>

![A cave](/images/cave.png)
""",
    "_publications/2009-10-01-paper-title-number-1.md": """\
---
title: "Paper Title Number 1"
collection: publications
permalink: /publication/2009-10-01-paper-title-number-1
date: 2009-10-01
venue: 'Journal 1'
citation: 'Your Name, You. (2009). &quot;Paper Title Number 1.&quot; <i>Journal 1</i>. 1(1).'
---
""",
    "_publications/2020-03-01-paper-a.md": """\
---
title: "Fungal ecology of caves"
collection: publications
permalink: /publication/2020-03-01-paper-a
excerpt: 'We map fungi in 40 caves.'
date: 2020-03-01
venue: 'Ecology'
paperurl: '/files/paper-a.pdf'
citation: 'Doe, J. Q., Smith, A. &amp; Roe, B. (2020). &quot;Fungal ecology of caves.&quot; <i>Ecology</i>. 1(1).'
---
Some text about the paper, with math $x^2$.
""",
    "_publications/paper-b.md": """\
---
title: "Bats & spores: a 50% survey"
collection: publications
date: 1/2/2019
venue: 'Proceedings of the ACM Conference on Caves'
paperurl: 'https://example.org/b.pdf'
citation: '**Jane Doe**, Bob Roe, and Carol Poe. "Bats & spores: a 50% survey." In <i>Proc. Caves</i>, 2019.'
---
""",
    "_publications/paper-c.md": """\
---
title: "A census of cave lichens"
collection: publications
year: '2018'
category: manuscripts
authors: ["Jane Doe", "Bob Roe"]
doi: 'https://doi.org/10.1000/lichens'
venue: Lichenologist
---
""",
    "_publications/paper-c-again.md": """\
---
title: "A census of cave lichens (accepted version)"
collection: publications
date: 2018-05-01
doi: '10.1000/lichens'
venue: Lichenologist
citation: 'Doe, J. (2018). A census of cave lichens.'
---
""",
    "_publications/paper-d.md": """\
---
title: "Spore dispersal in karst"
collection: publications
date: 2017-06-01
venue: 'Karst Journal'
---
""",
    "_publications/paper-e.md": """\
---
title: "Cave microclimates"
collection: publications
date: 2016-01-01
venue: 'Speleology'
citation: 'Anything at all'
---
""",
    "markdown_generator/pubs.bib": """\
@article{doe2016microclimates,
  title = {Cave Microclimates},
  author = {Doe, Jane and Zed, Zoe},
  journal = {Speleology},
  volume = {12},
  year = {2016}
}
""",
    "_talks/2012-03-01-talk-1.md": """\
---
title: "Talk 1 on Relevant Topic in Your Field"
collection: talks
type: "Talk"
date: 2012-03-01
location: "Berkeley CA, USA"
---
""",
    "_talks/2016-09-14-cave-talk.md": """\
---
title: "Fungi under ground"
collection: talks
type: "Talk"
venue: "Annual Cave Meeting"
date: "14-Sep"
location: "Bristol, UK"
talk_url: "https://example.org/slides.pdf"
---
I talked about <i>fungi</i>, see [the paper](/publication/2020-03-01-paper-a).
""",
    "_talks/2016-09-14_Cave_Talk.md": """\
---
title: "Bats at night"
venue: "Bat Club"
date: 2011-01-01
---
A talk whose file name slugs like another's.
""",
    "_talks/INDEX.md": """\
---
title: "Caves, an overview"
venue: "Cave School"
date: 2010-06-01
---
A talk in a file named like the talks page.
""",
    "_talks/2019-05-02-poster.md": """\
---
title: "Lichens, a poster"
collection: talks
venue: "Lichen Day"
date: 02/05/2019
---
""",
    "_teaching/2012-spring-teaching.md": """\
---
title: "INFO-203: Cave Ecology (Spring 2012)"
collection: teaching
type: "Graduate course"
venue: "Example University"
date: 2012-01-01
location: "Ithaca, NY"
---
I taught the labs.
""",
    "_teaching/2014-fall-teaching-1.md": """\
---
title: "Teaching experience 1"
collection: teaching
type: "Undergraduate course"
venue: "University 1, Department"
date: 2014-01-01
---
""",
    "_portfolio/portfolio-1.md": """\
---
title: "Cave map"
excerpt: "A map of every cave.<br/><img src='/images/cave.png'>"
collection: portfolio
---
<img src="/images/cave.png" alt="The map">

More in <a href="caves.example.org">our atlas</a>.
""",
    "_posts/2013-08-14-blog-post-1.md": """\
---
title: 'Blog Post number 1'
date: 2013-08-14
---
This is a sample blog post.
""",
    "_posts/2021-01-05-field-season.md": """\
---
title: 'Field season'
date: 2021-01-05
---
We measured $\\humidity$ and $T$ in {{ site.title }}.

{% highlight python %}
print("caves")
{% endhighlight %}
""",
}


def write_academicpages(root: Path) -> Path:
    return write_files(root, FILES)
