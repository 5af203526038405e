"""The Wayback Machine: the snapshot of an address closest to a day (its
availability API, ``https://archive.org/wayback/available?url=…&timestamp=…``),
the last snapshot up to a moment (its CDX API,
``https://web.archive.org/cdx/search/cdx?url=…&to=<14 digits>&limit=-1&filter=statuscode:200``:
:func:`last_before`), and the two addresses of a snapshot: the one readers follow
(``https://web.archive.org/web/<timestamp>/<url>``, the only shape the archive
publishes: :func:`is_snapshot_url`) and the raw file (``…/<timestamp>id_/<url>``,
what the importer downloads).

The endpoints can be others (stand-ins for tests): ``--wayback-endpoint``
or ``POSTARCHIVE_WAYBACK_ENDPOINT``, ``--cdx-endpoint`` or
``POSTARCHIVE_CDX_ENDPOINT``; raw snapshots are then fetched from that
endpoint's origin (``scheme://host:port/web/<timestamp>id_/<url>``). What the
API answers is checked: a 14-digit timestamp, ``available`` and status 200;
its own ``url`` is not used (the snapshot address is built from the
timestamp and the address asked about).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from ..core.linkrecord import _ORIGINAL, _TIMESTAMP, day_label
from .fetch import Client, FetchError, Policy

DEFAULT_ENDPOINT = "https://archive.org/wayback/available"
PUBLIC = "https://web.archive.org"
ENV = "POSTARCHIVE_WAYBACK_ENDPOINT"
DEFAULT_CDX = "https://web.archive.org/cdx/search/cdx"
CDX_ENV = "POSTARCHIVE_CDX_ENDPOINT"
HOSTS = {"archive.org", "web.archive.org"}


def endpoint(option: str | None = None) -> str:
    return option or os.environ.get(ENV) or DEFAULT_ENDPOINT


def cdx_endpoint(option: str | None = None) -> str:
    return option or os.environ.get(CDX_ENV) or DEFAULT_CDX


def policy(endpoint_url: str, allow_local: bool = False) -> Policy:
    """The hosts a lookup and its snapshot may be fetched from."""
    host = (urlsplit(endpoint_url).hostname or "").lower()
    return Policy(hosts=HOSTS | {host}, allow_local=allow_local)


@dataclass(frozen=True)
class Snapshot:
    timestamp: str  # 14 digits
    original: str  # the address asked about

    @property
    def url(self) -> str:
        """The address readers follow."""
        return f"{PUBLIC}/web/{self.timestamp}/{self.original}"

    @property
    def day(self) -> str:
        t = self.timestamp
        return f"{t[:4]}-{t[4:6]}-{t[6:8]}"

    def raw_url(self, endpoint_url: str) -> str:
        """The archived file itself (``id_``: as it was, without the Wayback
        Machine's banner or rewritten links)."""
        if endpoint_url == DEFAULT_ENDPOINT:
            origin = PUBLIC
        else:
            parts = urlsplit(endpoint_url)
            origin = f"{parts.scheme}://{parts.netloc}"
        return f"{origin}/web/{self.timestamp}id_/{self.original}"


def closest(
    client: Client, url: str, day: str | None, endpoint_url: str, allowed: Policy
) -> Snapshot | None:
    """The snapshot of *url* closest to *day* (``YYYY-MM-DD`` or None), or
    None when there is none or the answer makes no sense; network problems
    raise :class:`~.fetch.FetchError`."""
    if not re.fullmatch(_ORIGINAL, url):
        return None
    query = {"url": url}
    if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        query["timestamp"] = day.replace("-", "")
    answer = client.request(f"{endpoint_url}?{urlencode(query)}", policy=allowed, max_bytes=2**20)
    try:
        data = json.loads(answer.body.decode("utf-8"))
        found = data["archived_snapshots"].get("closest") or {}
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        raise FetchError("refused", "the Wayback Machine's answer cannot be read") from None
    timestamp = str(found.get("timestamp", "")) if isinstance(found, dict) else ""
    if not (found and found.get("available") is True and str(found.get("status")) == "200"):
        return None
    if not _TIMESTAMP.match(timestamp):
        return None
    try:
        day_label(timestamp)
    except ValueError:
        return None
    return Snapshot(timestamp, url)


def _valid_stamp(timestamp: str) -> bool:
    if not _TIMESTAMP.match(timestamp):
        return False
    try:
        day_label(timestamp)
    except ValueError:
        return False
    return True


def last_before(
    client: Client, url: str, moment: str, endpoint_url: str, allowed: Policy
) -> Snapshot | None:
    """The last snapshot of *url* (status 200) taken at or before *moment*
    (14 digits, UTC), from the CDX API; None when there is none or the answer
    makes no sense; network problems raise :class:`~.fetch.FetchError`."""
    if not re.fullmatch(_ORIGINAL, url) or not _TIMESTAMP.match(moment):
        return None
    query = {"url": url, "to": moment, "limit": "-1", "filter": "statuscode:200", "output": "json"}
    answer = client.request(f"{endpoint_url}?{urlencode(query)}", policy=allowed, max_bytes=2**20)
    try:
        text = answer.body.decode("utf-8").strip()
        rows = json.loads(text) if text else []
        header, *found = rows or [[]]
        column = {name: n for n, name in enumerate(header)}
        last = found[-1] if found else None
        timestamp = str(last[column["timestamp"]]) if last else ""
        status = str(last[column["statuscode"]]) if last and "statuscode" in column else "200"
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, IndexError):
        raise FetchError("refused", "the Wayback Machine's CDX answer cannot be read") from None
    if not last or status != "200" or not _valid_stamp(timestamp) or timestamp > moment:
        return None
    return Snapshot(timestamp, url)
