"""One page per own paper (``publications/<key>.html``), and citations that lead to it.

Paper pages are not source documents: they are written through ``html-collect-pages`` with a
template that extends furo's page, so they carry the site's navigation and look. Their head
holds Google Scholar's ``citation_*`` tags and a schema.org ``ScholarlyArticle`` in JSON-LD.
A page whose inputs did not change since the last build is not rendered again
(:mod:`.page_cache`).

sphinxcontrib-bibtex links every ``{cite}`` to the references page; for the owner's own
papers the link is pointed at the paper page instead. Its citation anchors are set to
``cite-<key>`` (``bibtex_cite_id``) so a reference can be traced back to its key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import chain
from urllib.parse import urljoin

from docutils import nodes
from docutils.nodes import make_id
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import compat
from ..bib.publications import Publication
from ..build.page_cache import page_cache
from ..paths import inside
from ..render import json_script, render
from ..urls import is_site_file
from .data import site_data
from .notes import is_note, papers_read, records
from .pagelinks import resolve_root_links
from .pagenames import paper_page, read_paper_page

TEMPLATE = "scholarsite/generated.html"


def citing_index(env: BuildEnvironment) -> dict[str, list[str]]:
    """For each key, the documents whose ``{cite}`` or note front matter names it, notes
    first, each once: from the cite domain's index, not one scan of every citation per paper."""
    cited = compat.cited_pages(env)
    docs: dict[str, set[str]] = defaultdict(set, {key: set(found) for key, found in cited.items()})
    for note in records(env).values():
        for key in note.papers:
            docs[key].add(note.docname)
    return {key: sorted(found, key=lambda doc: (not is_note(env, doc), doc))
            for key, found in docs.items()}


def json_ld(pub: Publication, url: str) -> Markup:
    data: dict[str, object] = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "headline": pub.title,
        "name": pub.title,
        "author": [{"@type": "Person", "name": author.name} for author in pub.authors],
    }
    if pub.date:  # a forthcoming paper has none yet
        data["datePublished"] = pub.date
    if pub.venue:
        data["isPartOf"] = {"@type": "PublicationIssue" if pub.kind == "journal"
                            else "CreativeWork", "name": pub.venue}
    if url:
        data["url"] = url
    same_as = [link for _, link in pub.links if link.startswith(("http://", "https://"))]
    if same_as:
        data["sameAs"] = same_as
    return json_script(data)


def _citing(app: Sphinx, pagename: str, docs: list[str]) -> list[tuple[str, str, bool]]:
    """(title, link, whether it is a note) of the citing ``docs``, for the paper page
    ``pagename``: notes are listed as notes, other pages (news, the home page's bio) apart."""
    return [(app.env.titles[doc].astext(), app.builder.get_relative_uri(pagename, doc),
             is_note(app.env, doc)) for doc in docs]


def _pdf_url(pdf: str, base: str, page_url: str) -> str:
    """Scholar's absolute PDF URL: a file of the site is at its path under the site's root
    (none without html_baseurl); any other link is resolved against the page."""
    if not pdf:
        return ""
    if is_site_file(pdf):
        return urljoin(base, pdf) if base else ""
    return urljoin(page_url, pdf)


def _body(app: Sphinx, pagename: str, pub: Publication, cited_by: list[tuple[str, str, bool]],
          list_page: str, list_label: str) -> Markup:
    """The page's record, abstract, links and citing notes (links to site files resolved
    for this page's folder)."""
    html = render("publications/paper.html", pub=pub, citing=cited_by, list_label=list_label,
                  list_href=app.builder.get_relative_uri(pagename, list_page))
    return Markup(resolve_root_links(html, app.builder.get_target_uri(pagename)))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    citing = citing_index(app.env)
    for page in chain(own_pages(app, citing), read_pages(app, citing)):
        if not inside(app.outdir, app.builder.get_output_path(page[0])):  # pagenames' promise
            raise RuntimeError(f"paper page {page[0]!r} would be written outside the output")
        yield page


def read_pages(app: Sphinx, citing: dict[str, list[str]],
               ) -> Iterator[tuple[str, dict[str, object], str]]:
    """A page for each paper the notes read: its reference and the notes on it (no Scholar
    tags: the owner did not write these papers)."""
    env = app.env
    site = site_data(env)
    own = {pub.key for pub in site.publications}
    cache = page_cache(app)
    for key in sorted(papers_read(env) - own):
        pagename = read_paper_page(key)
        cited_by = _citing(app, pagename, citing.get(key, []))
        if cache.unchanged(pagename, (site.digest(key), cited_by)):
            continue
        pub = site.describe(key)
        body = _body(app, pagename, pub, cited_by, f"{env.config.scholarsite_notes_dir}/index",
                     "All reading notes")
        notes = sum(1 for _, _, is_note_page in cited_by if is_note_page)
        head = render("publications/read_head.html", title=pub.title,
                      description=f"{pub.title}. {', '.join(a.name for a in pub.authors)}. "
                                  f"{pub.venue}{', ' if pub.venue else ''}"
                                  f"{pub.year or pub.pending}. "
                                  f"{notes} reading note{'s' if notes != 1 else ''} on it.")
        yield pagename, {"title": pub.title, "body": body, "head": head,
                         "furo_hide_toc": True}, TEMPLATE


def own_pages(app: Sphinx, citing: dict[str, list[str]],
              ) -> Iterator[tuple[str, dict[str, object], str]]:
    env = app.env
    builder = app.builder
    base = app.config.html_baseurl
    site = site_data(env)
    cache = page_cache(app)
    for pub in site.publications:
        pagename = paper_page(env, pub.key)
        cited_by = _citing(app, pagename, citing.get(pub.key, []))
        if cache.unchanged(pagename, (site.digest(pub.key), cited_by)):
            continue
        url = urljoin(base, builder.get_target_uri(pagename)) if base else ""
        body = _body(app, pagename, pub, cited_by, env.config.scholarsite_publications_page,
                     "All publications")
        head = render("publications/scholar_head.html", pub=pub,
                      pdf_url=_pdf_url(dict(pub.links).get("PDF", ""), base, url),
                      json_ld=json_ld(pub, url),
                      description=f"{pub.title}. {', '.join(a.name for a in pub.authors)}. "
                                  f"{pub.venue}, {pub.year or pub.pending}.")
        yield pagename, {"title": pub.title, "body": body, "head": head,
                         "furo_hide_toc": True}, TEMPLATE


def redirect_own_citations(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    """Point citations of the owner's papers at their paper pages."""
    env = app.env
    anchors = {make_id(f"cite-{pub.key}"): pub.key for pub in site_data(env).publications}
    for ref in doctree.findall(nodes.reference):
        target = ref.get("refuri", "") or "#" + ref.get("refid", "")
        key = anchors.get(target.rpartition("#")[2])
        if key:
            ref["refuri"] = app.builder.get_relative_uri(fromdocname, paper_page(env, key))
            ref.attributes.pop("refid", None)
            ref["internal"] = True
