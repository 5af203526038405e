"""Benchmark of ``--fetch-media``: N small images (1,000 by default) served by
a local HTTP server (``http.server.ThreadingHTTPServer``, a stand-in for the
blog) are fetched by the importer's media code (:mod:`postarchive.importer.media`:
the same collection, limits, content checks and cache as an import) at the
default concurrency (4 per host), with the progress bar shown; prints the
time.

    .venv/bin/python tools/bench_media.py                  # 1,000 images
    .venv/bin/python tools/bench_media.py --count 200 --concurrency 2

Goal: 1,000 images in at most 30 s. A second run over the same cache (an
interrupted import resumed) is timed too: it downloads nothing.
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from postarchive.importer import media  # noqa: E402
from postarchive.importer.fetch import Limits  # noqa: E402


def png(seed: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + bytes([seed % 256, 80, 160]) * 16 for _ in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    note = chunk(
        b"tEXt", b"Comment\x00" + bytes(range(32, 127)) * 80
    )  # about 8 KB, as a small photo
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + note + chunk(b"IDAT", zlib.compress(raw))


class Blog(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.images: dict[str, bytes] = {}
        self.requests = 0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Blog

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests += 1
        body = self.server.images.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


def run(count: int, concurrency: int, cache: Path, progress: bool) -> tuple[float, media.Outcome]:
    blog = Blog()
    threading.Thread(target=blog.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{blog.server_address[1]}"
    html = []
    for n in range(count):
        path = f"/wp-content/uploads/2015/{n % 12 + 1:02d}/image-{n:05d}.png"
        blog.images[path] = png(n)
        html.append(f'<img src="{base}{path.replace(".png", "-300x200.png")}" alt="{n}">')
    settings = media.Settings(
        cache=cache,
        allow_local=True,
        limits=Limits(per_host=concurrency, timeout=10),
        wayback=None,
        progress=progress,
    )
    policy = media.media_policy(media.hosts_of([base]), settings)
    start = time.perf_counter()
    wanted = media.collect(
        [("".join(html), base + "/post/", "2015-01-01")], policy, media.Outcome()
    )
    outcome = media.fetch_all(wanted, policy, settings)
    took = time.perf_counter() - start
    blog.shutdown()
    blog.server_close()
    return took, outcome


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--concurrency", type=int, default=4, help="per host (default: 4)")
    p.add_argument("--no-progress", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-media-") as tmp:
        cache = Path(tmp) / "media-cache"
        took, outcome = run(args.count, args.concurrency, cache, not args.no_progress)
        if outcome.fetched != args.count or outcome.failed:
            print(f"FAILED: {outcome.fetched} fetched, {dict(outcome.failed)}", file=sys.stderr)
            return 1
        print(
            f"{outcome.fetched} images fetched in {took:.2f} s at concurrency "
            f"{args.concurrency} ({outcome.fetched / took:.0f}/s, {outcome.bytes / 1024:.0f} KB)"
        )
        again, resumed = run(args.count, args.concurrency, cache, not args.no_progress)
        print(
            f"again over the same cache: {resumed.cached} from the cache, "
            f"{resumed.fetched} downloaded, in {again:.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
