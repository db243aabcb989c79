# The owner's settings. Everything else (theme, MyST, bibliography, sitemap, ...) comes with
# the scholarsite extension; facts about the owner live in cv.yaml and ../refs.bib.
extensions = ["scholarsite"]

bibtex_bibfiles = ["../refs.bib"]
html_baseurl = "https://www.lingyunyang.com/"  # kept on Read the Docs too: one canonical address

scholarsite_cv = "cv.yaml"
scholarsite_author_aliases = ["L. Yang", "Yang, Lingyun"]
scholarsite_show_phone = False  # True publishes the phone number from cv.yaml

exclude_patterns = ["_build"]
