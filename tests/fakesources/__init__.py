"""A local fake of the record sources (arXiv, Crossref, DBLP, OpenReview) on 127.0.0.1, serving the bodies
in ``tests/fixtures/metadata`` in each API's documented shape, with switches for 429s, slowness and outages."""

from tests.fakesources.server import FakeSources

__all__ = ["FakeSources"]
