"""BibTeX written back as it was read.

pybtex's Writer LaTeX-encodes every field value on the way out (``_`` becomes ``\\_``, ``%``
becomes ``\\%``, ``\\"o`` loses its backslash), which is right for plain text but corrupts an
entry that was parsed from BibTeX: its values are BibTeX source already, URLs, DOIs and TeX
alike. This writer keeps pybtex's layout and quoting and writes the values verbatim; pybtex has
no option for it, hence the subclass.
"""

from __future__ import annotations

from pybtex.database.output.bibtex import Writer


class SourceWriter(Writer):
    """pybtex's BibTeX writer for entries parsed from BibTeX: values are written as read."""

    def _encode(self, text: str) -> str:
        return text
