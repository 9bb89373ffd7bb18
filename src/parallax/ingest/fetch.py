"""Fetching one URL politely: retries with backoff, timeouts, a size cap, honest User-Agent."""

from __future__ import annotations

import time

import requests
from requests.adapters import HTTPAdapter
from urllib3.util import Retry

from .. import __version__
from .decode import HTML_TYPES, decode_bytes, is_textual_type, parse_content_type
from .records import DecodeError, FetchError, Record, looks_like_html, make_record, over_limit_reason

USER_AGENT = f"parallax/{__version__} (+document analysis; offline-first)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
CHUNK_BYTES = 65_536
# A server may drip bytes just under the read timeout forever; the whole download gets
# this many read timeouts before it is abandoned.
TOTAL_TIME_FACTOR = 3
MAX_WAIT_SECONDS = 30



def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A Session that retries connection errors and 429/5xx answers with exponential backoff."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=False,  # a read timeout is reported, not retried: the server is alive but slow
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=MAX_WAIT_SECONDS,  # a hostile Retry-After must not stall the batch
        backoff_max=MAX_WAIT_SECONDS,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def fetch_url(
    url: str,
    *,
    session: requests.Session | None = None,
    timeout: float = 20.0,
    max_bytes: int = 50_000_000,
) -> Record:
    """Fetch an http(s) URL as a text or HTML Record; raise FetchError with the reason otherwise."""
    own_session = session is None
    session = make_session() if own_session else session
    try:
        return _fetch(url, session, timeout, max_bytes)
    except requests.RequestException as exc:
        raise FetchError(f"request failed: {_exception_reason(exc)}") from None
    finally:
        if own_session:
            session.close()


def _fetch(url: str, session: requests.Session, timeout: float, max_bytes: int) -> Record:
    headers = {} if session.headers.get("User-Agent") == USER_AGENT else {"User-Agent": USER_AGENT}
    with session.get(url, headers=headers, timeout=timeout, stream=True) as response:
        if not 200 <= response.status_code < 300:
            raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".rstrip())
        media_type, charset = parse_content_type(response.headers.get("Content-Type", ""))
        if media_type and not is_textual_type(media_type):
            raise FetchError(f"unsupported content type {media_type}, not text or HTML")
        body = _read_capped(response, timeout, max_bytes)
        final_url = response.url
    try:
        text = decode_bytes(body, charset)
    except DecodeError as exc:
        raise FetchError(str(exc)) from None
    is_html = media_type in HTML_TYPES or (media_type in ("", "text/plain") and looks_like_html(text))
    record = make_record(url, text, "html" if is_html else "text", {"url": final_url})
    if not isinstance(record, Record):
        raise FetchError(record.reason)
    return record


def _read_capped(response: requests.Response, timeout: float, max_bytes: int) -> bytes:
    """The body, read in chunks and abandoned once it passes max_bytes or takes too long."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(over_limit_reason("response", int(declared), max_bytes))
    deadline = time.monotonic() + timeout * TOTAL_TIME_FACTOR
    chunks, size = [], 0
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(over_limit_reason("response", None, max_bytes))
        if time.monotonic() > deadline:
            raise FetchError(f"download took longer than {timeout * TOTAL_TIME_FACTOR:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _exception_reason(exc: requests.RequestException) -> str:
    """A short reason for a requests failure, without urllib3's nested object reprs."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.exceptions.RetryError):
        return "too many retries"
    text = str(exc)
    if "timed out" in text:  # read timeouts mid-body arrive wrapped in a ConnectionError
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        for marker in ("Connection refused", "Name or service not known", "No address associated",
                       "Temporary failure in name resolution", "Connection reset"):
            if marker in text:
                return f"connection failed ({marker.lower()})"
        return "connection failed"
    return f"{type(exc).__name__}: {text}"
