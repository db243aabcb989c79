"""The bibliography: refs.bib loaded once, the owner's publications derived from it."""
