"""Commenters' e-mail and IP addresses: found in text, in attribute values and
in addresses (URLs), and removed before anything is published.

* text: an e-mail address becomes "[e-mail address removed]", an IPv4 or IPv6
  address (validated by :mod:`ipaddress`) "[IP address removed]";
* an address (URL) loses its user information (``user:pw@``) and every query
  parameter that holds an e-mail or IP address; an address whose host is an
  IP address (IPv4 in any form a browser reads, IPv6), a ``mailto:`` address,
  or one whose path or fragment holds an address is refused (None): the
  caller keeps the link's text without it.
"""

from __future__ import annotations

import html
import ipaddress
import re
from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

from bs4 import BeautifulSoup

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")
# a run of hex digits, colons and dots with at least two colons: an IPv6
# address if ipaddress says so (times like 10:30:00 are not)
_IPV6_CANDIDATE = re.compile(
    r"(?<![\w:])[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*:[0-9A-Fa-f.:]*"
    r"(?:%[\w.-]+)?(?![\w:])"
)
# hosts a browser reads as IPv4: 10.0.0.1, 167772161, 0x0a.0.0.1, 012.0.0.1…
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}\.?", re.I)
REDACTED_EMAIL = "[e-mail address removed]"
REDACTED_IP = "[IP address removed]"


def _ipv6(match: re.Match) -> str:
    token = match.group(0)
    core = token.rstrip(".")
    address = core.split("%", 1)[0]
    if not re.search(r"\d", address):
        return token
    try:
        ipaddress.IPv6Address(address)
    except ValueError:
        return token
    return REDACTED_IP + token[len(core) :]


def redact_text(text: str) -> tuple[str, int]:
    """*text* without e-mail and IP addresses, and how many were removed."""
    new, emails = EMAIL.subn(REDACTED_EMAIL, text)
    ipv6 = 0
    if ":" in new:
        before = new.count(REDACTED_IP)
        new = _IPV6_CANDIDATE.sub(_ipv6, new)
        ipv6 = new.count(REDACTED_IP) - before
    new, ipv4 = IPV4.subn(REDACTED_IP, new)
    return new, emails + ipv6 + ipv4


def has_address(text: str) -> bool:
    return redact_text(text)[1] > 0


def is_ip_host(host: str) -> bool:
    """Whether *host* (of an address) is an IP address, in any form a browser
    reads as one."""
    host = host.strip("[]").split("%", 1)[0]
    if _NUMERIC_HOST.fullmatch(host):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def scrub_url(url: str) -> str | None:
    """*url* without the addresses it holds, or None if it cannot be kept
    (see the module's description)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() == "mailto" or (host and is_ip_host(host)):
        return None
    if has_address(unquote(parts.path)) or has_address(unquote(parts.fragment)):
        return None
    netloc = parts.netloc.rpartition("@")[2]
    query = "&".join(p for p in parts.query.split("&") if not has_address(unquote_plus(p)))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def holds_address(url: str) -> bool:
    """Whether :func:`scrub_url` changes *url* (beyond writing it the
    standard way)."""
    try:
        same = urlunsplit(urlsplit(url.strip()))
    except ValueError:
        return True
    return scrub_url(url) != same


def redact_name(name: str) -> str:
    """A commenter's name (HTML, as in the export) without addresses; written
    back as HTML text, so entities cannot hide an address."""
    if "<" not in name and "&" not in name:
        return redact_text(name)[0]
    soup = BeautifulSoup(name, "html.parser")
    text = soup.get_text(" " if "<br" in name.lower() else "")
    return html.escape(redact_text(text)[0], quote=False)
