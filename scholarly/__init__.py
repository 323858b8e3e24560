"""The papers' own records — arXiv, Crossref, DBLP, OpenReview, Semantic Scholar — looked up for the rules.

Small clients of each source's documented API (``sources``), one shared HTTP layer with a cache, a rate
limiter per source, timeouts and ``Retry-After`` (``http``), safe matching of records to entries
(``match``) and the lookup of a whole list (``lookup``). A source that is down or slow leaves entries
unverified; it never fails a check. ``rules/`` never imports this package: it receives the records as data.
"""
