"""The build machinery: what makes builds fast, and what keeps fast builds correct.

Everything here is an optimisation or a record, never a feature: delete the doctree folder
and the next build is a clean one with the same output. The rule every module keeps is
**an incremental build writes exactly the tree a clean build writes**, and
``scholarsite build`` says "up to date" only when that tree is already there. Each module's
docstring states its key (what its content derives from) and its invariant.

- :mod:`.uptodate` + :mod:`.inputs` (``scholarsite-manifest.json``, ``-inputs.json``): keyed by
  the command line, the environment and the stats of every input and output; written only
  after a successful build, and any difference runs Sphinx.
- :mod:`.sphinx_command`: the same check (and a quick exit) for ``python -m sphinx``.
- :mod:`.lock` (``scholarsite.lock`` in the doctree folder): one build of a project at a time.
- :mod:`.unfinished` (``scholarsite-unfinished``): a saved environment without the marker
  belongs to a finished build.
- :mod:`.outputs` (``scholarsite-outputs.json``): files of the last successful build that this
  one does not write are removed.
- :mod:`.dependencies` (in the environment): entry digest per cited key; pages citing a changed
  or removed entry are read again; ``{bibliography}`` pages are read again when the keys
  change, written again when the entries do.
- :mod:`.page_cache` (``scholarsite-pages.json``): per generated page, its inputs and
  :mod:`.fingerprint`; a page is skipped only if its digest and file are as the last successful
  build left them.
- :mod:`.navigation` (``scholarsite-navigation.json``): :mod:`.fingerprint` and the sidebar's
  fingerprint; a changed title or toctree rewrites every page.
- :mod:`.fingerprint` (in the environment): the package's digest; another one reads every page
  again.
- :mod:`.completeness`: the sitemap and search index list every page, not only those written.
- :mod:`.stemming`, :mod:`.template_cache`, :mod:`.citation_html`
  (``scholarsite-stems.pickle``, ``scholarsite-jinja/``, ``scholarsite-citation-html.pickle``):
  pure function caches keyed by stemmer version, template source and citation node shape.

The bibliography's own cache (:mod:`scholarsite.bib.cache`, keyed by the files' bytes) lives
with the bibliography code, which knows nothing of Sphinx.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def caching(app: Sphinx) -> bool:
    """Whether the speed caches are on (``scholarsite_caches``, on unless conf.py turns them
    off): off, nothing is read from or kept for another build, and the site is the same."""
    return bool(getattr(app.config, "scholarsite_caches", True))


def register(app: Sphinx) -> None:
    """Connect the machinery's event handlers (priorities order them around upstream's)."""
    from .. import compat
    from ..sphinx.failure import connect
    from . import (
        citation_html,
        completeness,
        dependencies,
        fingerprint,
        inputs,
        lock,
        navigation,
        outputs,
        page_cache,
        stemming,
        template_cache,
        unfinished,
    )

    connect(app, "config-inited", lock.take, priority=50)  # first: one build at a time
    connect(app, "config-inited", unfinished.start, priority=100)  # before the env is loaded
    connect(app, "build-finished", lock.release, priority=20_000)  # the very last
    connect(app, "builder-inited", template_cache.use_bytecode_cache)
    connect(app, "builder-inited", compat.serial_sitemap_queue, priority=400)  # before
    connect(app, "env-get-outdated", dependencies.outdated)
    connect(app, "env-get-updated", dependencies.rewritten)
    connect(app, "doctree-read", dependencies.bibliography_reads_keys_only)
    connect(app, "env-get-outdated", fingerprint.reread_after_upgrade)
    connect(app, "env-updated", dependencies.remember, priority=600)  # after the cite index
    connect(app, "env-updated", navigation.env_updated)
    connect(app, "doctree-resolved", stemming.use_known_stems)
    connect(app, "html-collect-pages", completeness.prune_search_index)
    connect(app, "html-page-context", navigation.skip_furo_tree, priority=400)  # before furo
    connect(app, "html-page-context", navigation.use_cache, priority=600)  # after furo
    connect(app, "html-page-context", outputs.note_rendered)
    connect(app, "build-finished", completeness.complete_sitemap, priority=400)  # before it
    connect(app, "build-finished", outputs.remove_stale, priority=450)  # before page_cache
    connect(app, "build-finished", page_cache.build_finished)
    connect(app, "build-finished", navigation.build_finished)
    connect(app, "build-finished", stemming.build_finished)
    connect(app, "build-finished", citation_html.build_finished)
    connect(app, "build-finished", inputs.record_inputs)
    connect(app, "build-finished", unfinished.finish, priority=900)  # after every output
