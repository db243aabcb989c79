"""References by identifier: ``scholarsite add``, ``sync`` and ``new-note`` with an ID.

:mod:`.ids` tells what an identifier is (DOI, arXiv, DBLP, PubMed, ISBN, or a URL of one),
:mod:`.services` asks the service that knows it (through :mod:`scholarsite.net`) and reads its
answer into a :class:`.work.Work`, :mod:`.work` writes a Work as a BibTeX entry (type, braces,
month macro, key from a pattern), and :mod:`.add` puts entries into refs.bib: never the same
work twice, atomically, reporting each identifier on one line.
"""
