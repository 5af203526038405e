"""A local stand-in for a blog, its CDN and the Wayback Machine
(``http.server.ThreadingHTTPServer`` in a thread): the importer's media
fetching and the link checker are tested against it, never the network.

Routes are exact paths (with or without their query); each answers with a
status, headers, a body, after a delay, or as a stream of a given size (the
server counts what it sent, so a test sees that the client stopped early).
The Wayback stand-in answers ``/wayback/available?url=…&timestamp=…`` from
:attr:`Server.snapshots`, the CDX API ``/cdx/search/cdx?url=…&to=…`` (the
last capture up to ``to``, as ``limit=-1`` asks) from :attr:`Server.captures`
and the snapshots, and serves ``/web/<timestamp>id_/<url>``.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    stream: int = 0  # bytes sent in chunks, without a Content-Length when length is False
    length: bool = True
    then: Route | None = None  # the answer after the first
    head: int | None = None  # the status of a HEAD request, if not *status*


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.snapshots: dict[str, str] = {}  # original address → 14-digit timestamp
        self.captures: dict[str, list[str]] = {}  # original address → more timestamps (CDX)
        self.hits: Counter = Counter()  # (method, path) → requests
        self.served: Counter = Counter()  # path → 200 answers
        self.sent: Counter = Counter()  # path → body bytes sent
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:
                server.answer(self, head=True)

            def do_GET(self) -> None:
                server.answer(self, head=False)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, **kwargs) -> Route:
        self.routes[path] = Route(**kwargs)
        return self.routes[path]

    def _route(self, path: str) -> Route | None:
        route = (
            self.routes.get(path)
            or self.routes.get(urlsplit(path).path)
            or self.routes.get(unquote(urlsplit(path).path))
        )
        if route is not None and route.then is not None:
            with self.lock:
                first = self.hits[("GET", path)] + self.hits[("HEAD", path)] <= 1
            return route if first else route.then
        if route is None and path.startswith("/wayback/available"):
            return self._availability(path)
        if route is None and path.startswith("/cdx/search/cdx"):
            return self._cdx(path)
        if route is None and path.startswith("/web/"):
            stamp, _, original = path[len("/web/") :].partition("id_/")
            if self.snapshots.get(original) == stamp:
                return self.routes.get("snapshot:" + original)
        return route

    def _availability(self, path: str) -> Route:
        query = parse_qs(urlsplit(path).query)
        url = query.get("url", [""])[0]
        stamp = self.snapshots.get(url)
        closest = (
            {"available": True, "status": "200", "timestamp": stamp, "url": f"x/{url}"}
            if stamp
            else None
        )
        data = {"url": url, "archived_snapshots": {"closest": closest} if closest else {}}
        return Route(body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})

    def _cdx(self, path: str) -> Route:
        query = parse_qs(urlsplit(path).query)
        url, to = query.get("url", [""])[0], query.get("to", ["99999999999999"])[0]
        stamps = set(self.captures.get(url, []))
        if url in self.snapshots:
            stamps.add(self.snapshots[url])
        found = sorted(s for s in stamps if s <= to)[-1:]
        header = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]
        rows = [header] + [["k", s, url, "text/html", "200", "D", "1"] for s in found]
        body = json.dumps(rows if found else []).encode()
        return Route(body=body, headers={"Content-Type": "application/json"})

    def answer(self, handler: BaseHTTPRequestHandler, head: bool) -> None:
        path = handler.path
        with self.lock:
            self.hits[("HEAD" if head else "GET", path)] += 1
        route = self._route(path) or Route(status=404, body=b"<html>Not found</html>")
        if route.delay:
            time.sleep(route.delay)
        try:
            self._send(handler, path, route, head)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, handler, path: str, route: Route, head: bool) -> None:
        size = route.stream or len(route.body)
        handler.send_response(route.head if head and route.head else route.status)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if route.length or not route.stream:
            handler.send_header("Content-Length", str(size))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        if head:
            return
        if route.status == 200:
            with self.lock:
                self.served[path] += 1
        if not route.stream:
            handler.wfile.write(route.body)
            with self.lock:
                self.sent[path] += len(route.body)
            return
        chunk = b"\xff\xd8\xff" + b"\x00" * (256 * 1024 - 3)
        for _ in range(0, size, len(chunk)):
            handler.wfile.write(chunk)
            with self.lock:
                self.sent[path] += len(chunk)
