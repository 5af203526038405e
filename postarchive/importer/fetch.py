"""The importer's HTTP client (``--fetch-media``, ``postarchive links``):
standard-library ``http.client``, with the limits untrusted addresses need.

* only ``http``/``https``, no ``user:password@`` in an address, only the hosts
  a :class:`Policy` allows (the blog's own, WordPress's CDN, the Wayback
  Machine; any public host for the link checker);
* never a private, loopback, link-local or reserved address (the host is
  resolved first and the connection goes to the address that was checked, so
  a second lookup cannot point elsewhere), unless the policy allows local
  hosts (the tests' stand-in server: ``--media-allow-local``);
* redirects followed only to hosts the same policy allows, at most
  :attr:`Limits.max_redirects`;
* a timeout on every connection and read, and a deadline for a whole answer;
* retries with exponential backoff on timeouts, lost connections, 5xx and
  429; ``Retry-After`` (seconds or an HTTP date) honoured, and remembered for
  the host (no request to it before then);
* at most :attr:`Limits.per_host` requests at a time to one host;
* answers read in chunks, refused as soon as they pass the size limit (per
  file, and :class:`Budget` for all files together).
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

USER_AGENT = "postarchive (blog archive; +https://github.com/)"
CHUNK = 64 * 1024
MB = 1024 * 1024


class FetchError(Exception):
    """A request that gave nothing usable. *kind*: ``gone`` (404, 410),
    ``refused`` (content not what it should be), ``http`` (another status),
    ``timeout``, ``network``, ``too-large``, ``not-allowed``, ``redirects``,
    ``rate-limited``, ``stopped``."""

    def __init__(self, kind: str, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.kind, self.reason, self.status = kind, reason, status


@dataclass
class Limits:
    timeout: float = 30.0  # seconds, per connection and per read
    retries: int = 3  # after the first attempt
    backoff: float = 1.0  # the first wait between attempts; doubles
    max_wait: float = 120.0  # the longest Retry-After honoured
    per_host: int = 4
    max_redirects: int = 5
    max_bytes: int = 25 * MB  # one answer


class Budget:
    """The bytes all downloads may take together."""

    def __init__(self, total: int) -> None:
        self.total, self.used = total, 0
        self._lock = threading.Lock()

    def take(self, n: int) -> bool:
        with self._lock:
            if self.used + n > self.total:
                return False
            self.used += n
            return True


@dataclass
class Policy:
    """Which addresses may be fetched. *hosts*: exact host names (lower
    case); *suffixes*: host name endings (``.files.wordpress.com``); both
    None: any public host."""

    hosts: set[str] | None = None
    suffixes: tuple[str, ...] = ()
    allow_local: bool = False

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if self.hosts is None:
            return True
        return host in self.hosts or any(host.endswith(s) for s in self.suffixes)

    def refusal(self, url: str) -> str | None:
        """Why *url* may not be fetched, or None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            return "a malformed address"
        if parts.scheme not in ("http", "https"):
            return f"not an http(s) address ({parts.scheme or 'relative'})"
        if parts.username is not None or parts.password is not None:
            return "an address with a user name or password"
        if not host:
            return "an address without a host"
        if not self.host_allowed(host):
            return f"the host {host} is not the blog's"
        return None


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """The seconds a ``Retry-After`` header asks to wait (a number, or an HTTP
    date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


#: IPv6 prefixes that carry an IPv4 address a gateway may reach (NAT64,
#: IPv4-compatible, IPv4-translated): refused, whatever the address inside
_EMBEDDING = [
    ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96", "::ffff:0:0:0/96")
]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None or ip.teredo is not None:
            return False  # 6to4 and Teredo tunnel to an IPv4 address
        elif any(ip in net for net in _EMBEDDING):
            return False
    return ip.is_global and not ip.is_multicast


def _loopback(address: str) -> bool:
    return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


def resolve(host: str, port: int, allow_local: bool) -> str:
    """An address of *host* to connect to, checked; :class:`FetchError` if
    it resolves to a private or local address (loopback allowed with
    *allow_local*, for tests)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("network", f"the host {host} cannot be found ({exc})") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError("network", f"the host {host} has no address")
    # the switch for tests lets loopback through, never other private addresses
    if not all(_public(a) or (allow_local and _loopback(a)) for a in addresses):
        raise FetchError("not-allowed", f"the host {host} has a private or local address")
    return addresses[0]


class _Watchdog:
    """Cuts a connection off when its time is up (a socket's timeout bounds
    each wait, not the whole answer); :meth:`check` then raises."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn, self.seconds = conn, seconds
        self.expired = threading.Event()
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def _expire(self) -> None:
        self.expired.set()
        sock = self.conn.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def start(self) -> None:
        self.timer.start()

    def cancel(self) -> None:
        self.timer.cancel()

    def check(self) -> None:
        if self.expired.is_set():
            raise FetchError("timeout", f"too slow: not done in {self.seconds:g} s")


class _Connection(http.client.HTTPConnection):
    """A connection to an address already resolved and checked."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Response:
    url: str  # the final address, after redirects
    status: int
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def _target(parts) -> str:
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return path + (f"?{query}" if query else "")


class Client:
    """Requests with the limits of the module's description, shareable
    between threads. *stop*: set it to end every request soon."""

    def __init__(
        self, limits: Limits | None = None, budget: Budget | None = None, stop=None
    ) -> None:
        self.limits = limits or Limits()
        self.budget = budget
        self.stop = stop or threading.Event()
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._not_before: dict[str, float] = {}
        self.requests = 0

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.limits.per_host)
            return self._slots[host]

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise FetchError("stopped", "interrupted")

    def _host_wait(self, host: str) -> None:
        with self._lock:
            until = self._not_before.get(host, 0.0)
        self._wait(until - time.monotonic())

    def _read(self, answer, url: str, max_bytes: int) -> bytes:
        length = answer.getheader("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise FetchError("too-large", f"larger than {max_bytes // MB} MB ({int(length)} bytes)")
        chunks, size = [], 0
        while True:  # (a download under way when the import is interrupted is finished)
            chunk = answer.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError("too-large", f"larger than {max_bytes // MB} MB")
            if self.budget is not None and not self.budget.take(len(chunk)):
                raise FetchError("too-large", "the total size limit of the downloads is reached")
            chunks.append(chunk)
        return b"".join(chunks)

    def _once(self, url: str, method: str, policy: Policy, max_bytes: int | None) -> Response:
        """One request, no redirect followed, no retry; the whole exchange
        (headers and body) within 5× the timeout: a server that drips its
        answer byte by byte is cut off at that time, not only one that stops."""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host = parts.hostname or ""
        address = resolve(host, port, policy.allow_local)
        kind = _TLSConnection if parts.scheme == "https" else _Connection
        conn = kind(host, port, address, self.limits.timeout)
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"}
        watchdog = _Watchdog(conn, 5 * self.limits.timeout)
        try:
            with self._slot(host):
                with self._lock:
                    self.requests += 1
                watchdog.start()
                conn.request(method, _target(parts), headers=headers)
                answer = conn.getresponse()
                response = Response(
                    url, answer.status, headers={k.lower(): v for k, v in answer.getheaders()}
                )
                if answer.status == 200 and method == "GET" and max_bytes is not None:
                    response.body = self._read(answer, url, max_bytes)
            watchdog.check()
            return response
        except (TimeoutError, socket.timeout):
            watchdog.check()
            raise FetchError("timeout", f"no answer in {self.limits.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            watchdog.check()
            raise FetchError("network", f"{type(exc).__name__}: {exc}") from None
        finally:
            watchdog.cancel()
            conn.close()

    def _delay(self, host: str, response: Response | None, attempt: int) -> float:
        """How long to wait before the next attempt (and remember a host's
        Retry-After); :class:`FetchError` when it asks too long."""
        wait = self.limits.backoff * (2**attempt)
        asked = retry_after(response.headers.get("retry-after")) if response else None
        if asked is not None:
            if asked > self.limits.max_wait:
                raise FetchError(
                    "rate-limited",
                    f"the host asks to wait {asked:.0f} s (more than {self.limits.max_wait:g})",
                    response.status,
                )
            wait = asked
            with self._lock:
                self._not_before[host] = time.monotonic() + asked
        return wait

    def _attempts(self, url: str, method: str, policy: Policy, max_bytes: int | None) -> Response:
        """One address, retried (timeouts, lost connections, 5xx, 429)."""
        host = (urlsplit(url).hostname or "").lower()
        for attempt in range(self.limits.retries + 1):
            if self.stop.is_set():
                raise FetchError("stopped", "interrupted")
            self._host_wait(host)
            response, error = None, None
            try:
                response = self._once(url, method, policy, max_bytes)
            except FetchError as exc:
                if exc.kind not in ("timeout", "network"):
                    raise
                error = exc
            if response is not None and response.status != 429 and response.status < 500:
                return response
            if attempt == self.limits.retries:
                if error is not None:
                    raise error
                return response
            self._wait(self._delay(host, response, attempt))
        raise AssertionError("unreachable")

    def request(
        self,
        url: str,
        *,
        policy: Policy,
        method: str = "GET",
        max_bytes: int | None = None,
        body: bool = True,
    ) -> Response:
        """The answer to *url* (redirects followed within *policy*); a
        :class:`FetchError` for a refused address, a failure after the
        retries, or a status other than 2xx (``gone``: 404 and 410).
        *body*: False reads only the status and headers."""
        max_bytes = (self.limits.max_bytes if max_bytes is None else max_bytes) if body else None
        seen: list[str] = []
        while True:
            refusal = policy.refusal(url)
            if refusal:
                raise FetchError("not-allowed", refusal)
            response = self._attempts(url, method, policy, max_bytes)
            location = response.headers.get("location")
            if response.status in (301, 302, 303, 307, 308) and location:
                seen.append(url)
                if len(seen) > self.limits.max_redirects:
                    raise FetchError(
                        "redirects", f"more than {self.limits.max_redirects} redirects"
                    )
                url = urljoin(url, location.strip())
                continue
            response.redirects = seen
            if response.status in (404, 410):
                raise FetchError("gone", f"HTTP {response.status}", response.status)
            if response.status == 429:
                raise FetchError("rate-limited", "HTTP 429 (too many requests)", 429)
            if not 200 <= response.status < 300:
                raise FetchError("http", f"HTTP {response.status}", response.status)
            return response
