"""Reading notes: their front matter, and the GitBook importer that brings them in."""
