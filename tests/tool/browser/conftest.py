"""Fixtures for the browser tests.

* ``base_url``: build/html served over HTTP on 127.0.0.1 (a free port) for the session.
* ``browser``: one headless chromium for the session — Debian's ``/usr/bin/chromium``
  (Playwright's own browser download cannot work on these machines).
* ``reader`` / ``phone``: a desktop (1280×900) and a phone (375×740) reader, each one tab
  reused by every test; ``reader.open(path)`` loads a page and starts a fresh record of
  console errors, uncaught exceptions and failed requests (``reader.problems``).
* ``fresh_reader``: a reader in a new context (own storage), for tests that change
  settings such as the colour mode.

Set ``ARCHIVE_SCREENSHOTS=<dir>`` to have the tests save screenshots of the landing page,
a post, a search result and the phone view there.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # the network is closed: without these, chromium's own background requests fail
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 15_000


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as the README's "Publish" describes one: a missing
    address answers 404 with the site's 404.html (as Read the Docs, GitHub
    Pages and a web server configured with ``ErrorDocument 404 /404.html`` do)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def base_url(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(f"no chromium at {CHROMIUM}: run `make` (it installs the Debian package)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Reader:
    """One browser tab, as a reader uses it, with a record of what went wrong."""

    def __init__(self, context, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)
        self.page.on("dialog", self._dialog)

    # -- the record ----------------------------------------------------------
    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text} ({message.location})")

    def _dialog(self, dialog) -> None:
        # a page must never open a dialog (alert, confirm, prompt): that is script running
        self.problems.append(f"dialog: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def _request_failed(self, request) -> None:
        # From this local server a file is only "aborted" when the reader
        # leaves the page that asked for it before it arrived (the favicon,
        # after a quick click): not a fault of the site. A missing or broken
        # file still shows, as an HTTP error (see _response) or a failure.
        if request.failure == "net::ERR_ABORTED" and request.resource_type != "document":
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    # -- reading -------------------------------------------------------------
    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def open(self, path: str, settle: bool = False):
        """Load *path* (relative to the site root); with *settle*, also wait
        until the network has been idle for a moment (late requests)."""
        self.problems = []
        self.page.goto(self.url(path), wait_until="load")
        if settle:
            self.page.wait_for_load_state("networkidle")
        return self.page

    def path(self) -> str:
        """The current page's path relative to the site root, without #fragment."""
        url = self.page.url.split("#")[0]
        assert url.startswith(self.base_url), url
        return url[len(self.base_url) :]

    def close(self) -> None:
        self.page.close()


#: every violation of a page's Content-Security-Policy becomes a console error
#: (a problem), whatever the browser itself reports
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def _context(browser, base_url: str, **options):
    context = browser.new_context(base_url=base_url, **options)
    context.add_init_script(REPORT_CSP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return context


@contextlib.contextmanager
def serve_site(browser, directory: Path, **options):
    """A reader of the site in *directory*, served on a free port of 127.0.0.1
    for the duration of the ``with`` block (for tests that build a site of
    their own). ``reader.requests`` records every address the pages asked for."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = _context(browser, base, viewport=DESKTOP, **options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    reader = Reader(context, base)
    reader.requests = requests
    try:
        yield reader
    finally:
        context.close()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def reader(browser, base_url):
    context = _context(browser, base_url, viewport=DESKTOP, accept_downloads=True)
    yield Reader(context, base_url)
    context.close()


@pytest.fixture(scope="session")
def phone(browser, base_url):
    context = _context(
        browser, base_url, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield Reader(context, base_url)
    context.close()


@pytest.fixture
def fresh_reader(browser, base_url):
    context = _context(browser, base_url, viewport=DESKTOP, accept_downloads=True)
    yield Reader(context, base_url)
    context.close()


@pytest.fixture(scope="session")
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG when ARCHIVE_SCREENSHOTS is set."""
    target = os.environ.get("ARCHIVE_SCREENSHOTS")

    def save(page, name: str, full_page: bool = True) -> None:
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(target) / f"{name}.png"), full_page=full_page)

    return save
