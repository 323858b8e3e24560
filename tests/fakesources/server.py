"""The fake sources: one ThreadingHTTPServer, one path prefix per source (``/arxiv``, ``/crossref``, …).

Searches behave like the real ones in the ways matching depends on: Crossref's bibliographic query
returns its ``rows`` best works by similarity (related or not, as Crossref does), DBLP's returns the
records whose titles hold every query word. ``trouble[source]`` makes a source answer 429 with a
``Retry-After`` (``("429", seconds, times)``), hang (``("slow", seconds)``) or fail (``("down",)``).
"""

from __future__ import annotations

import json
import re
import threading
import time
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from rapidfuzz import fuzz

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "metadata"
ATOM = "http://www.w3.org/2005/Atom"
FEED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    '  <title type="html">ArXiv Query: id_list={ids}</title>\n'
    '  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>\n'
)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


class FakeSources:
    """Start with ``with FakeSources() as fake:``; ``fake.url(source)`` is that source's base URL."""

    def __init__(self, fixtures: Path = FIXTURES, latency: float = 0.0) -> None:
        self.latency = latency
        self.trouble: dict[str, tuple] = {}
        self.requests: list[str] = []
        self.arxiv = {path.stem: path.read_text(encoding="utf-8") for path in (fixtures / "arxiv").glob("*.xml")}
        self.crossref = [
            json.loads(path.read_text(encoding="utf-8")) for path in (fixtures / "crossref").glob("*.json")
        ]
        self.dblp = [json.loads(path.read_text(encoding="utf-8")) for path in (fixtures / "dblp").glob("*.json")]
        self.openreview = {
            path.stem: path.read_text(encoding="utf-8") for path in (fixtures / "openreview").glob("*.json")
        }
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    def url(self, source: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{source}"

    def env(self) -> dict[str, str]:
        """The settings that point paper-triage at this fake."""
        names = {"arxiv": "ARXIV", "crossref": "CROSSREF", "dblp": "DBLP", "openreview": "OPENREVIEW", "s2": "S2"}
        return {f"PAPER_TRIAGE_{name}_URL": self.url(source) for source, name in names.items()}

    def __enter__(self) -> FakeSources:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, source: str) -> int:
        return sum(1 for path in self.requests if path.startswith(f"/{source}/"))

    # --- answers -------------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        source, _, rest = path.lstrip("/").partition("/")
        trouble = self._trouble(source)
        if trouble is not None:
            return trouble
        if self.latency:
            time.sleep(self.latency)
        if source == "arxiv" and rest == "api/query":
            return 200, {"Content-Type": "application/atom+xml"}, self._arxiv(query.get("id_list", ""))
        if source == "crossref" and rest.startswith("works/"):
            return self._crossref_work(unquote(rest.removeprefix("works/")))
        if source == "crossref" and rest == "works":
            return 200, {}, self._crossref_search(query.get("query.bibliographic", ""), int(query.get("rows", "20")))
        if source == "dblp" and rest == "search/publ/api":
            return 200, {}, self._dblp(query.get("q", ""), int(query.get("h", "30")))
        if source == "openreview" and rest == "notes":
            return 200, {}, self.openreview.get(query.get("id", ""), '{"notes": [], "count": 0}')
        return 404, {}, "{}"

    def _trouble(self, source: str) -> tuple[int, dict[str, str], str] | None:
        with self._lock:
            trouble = self.trouble.get(source)
            if trouble is None:
                return None
            if trouble[0] == "429":
                _, seconds, times = trouble
                if times <= 1:
                    del self.trouble[source]
                else:
                    self.trouble[source] = ("429", seconds, times - 1)
                return 429, {"Retry-After": str(seconds)}, "Too Many Requests"
        if trouble[0] == "slow":
            time.sleep(trouble[1])
            return None
        return 503, {}, "Service Unavailable"

    def _arxiv(self, id_list: str) -> str:
        ids = [value.strip() for value in id_list.split(",") if value.strip()]
        entries = []
        for value in ids:
            feed = self.arxiv.get(value)
            if feed is not None:
                entry = ET.fromstring(feed).find(f"{{{ATOM}}}entry")
                entries.append(ET.tostring(entry, encoding="unicode"))
        return FEED_HEAD.format(ids=id_list, total=len(entries)) + "".join(entries) + "</feed>\n"

    def _crossref_work(self, doi: str) -> tuple[int, dict[str, str], str]:
        work = next((work for work in self.crossref if work["message"]["DOI"].lower() == doi.lower()), None)
        return (200, {}, json.dumps(work)) if work else (404, {}, "Resource not found.")

    def _crossref_search(self, text: str, rows: int) -> str:
        ranked = sorted(
            self.crossref, key=lambda work: -fuzz.token_set_ratio(_fold(text), _fold(work["message"]["title"][0]))
        )
        items = [
            dict(work["message"], score=fuzz.token_set_ratio(_fold(text), _fold(work["message"]["title"][0])))
            for work in ranked[:rows]
        ]
        message = {
            "facets": {},
            "total-results": len(items),
            "items": items,
            "items-per-page": rows,
            "query": {"start-index": 0, "search-terms": None},
        }
        return json.dumps({"status": "ok", "message-type": "work-list", "message-version": "1.0.0", "message": message})

    def _dblp(self, q: str, hits: int) -> str:
        words = _fold(q).split()
        found = [hit for hit in self.dblp if all(word in _fold(hit["info"]["title"]).split() for word in words)][:hits]
        result = {
            "query": q,
            "status": {"@code": "200", "text": "OK"},
            "time": {"@unit": "msecs", "text": "1.00"},
            "completions": {"@total": "0", "@computed": "0", "@sent": "0", "c": []},
            "hits": {
                "@total": str(len(found)),
                "@computed": str(len(found)),
                "@sent": str(len(found)),
                "@first": "0",
                **({"hit": found} if found else {}),
            },
        }
        return json.dumps({"result": result})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                with fake._lock:
                    fake.requests.append(self.path)
                query = {key: values[0] for key, values in parse_qs(parts.query).items()}
                status, headers, body = fake.answer(parts.path, query)
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    for name, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
