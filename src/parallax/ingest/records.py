"""What ingestion produces: a Record per document, an IngestError per rejected input."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import DecodeError, FetchError

__all__ = ["DecodeError", "FetchError", "IngestError", "Record"]

# Metadata keys a record may carry; anything else given with a record is dropped.
RECORD_FIELDS = ("id", "url", "title", "published", "outlet", "author")


@dataclass(frozen=True)
class Record:
    """One document as given: decoded text or HTML, plus the metadata that came with it."""

    source: str
    content: str
    format: str
    fields: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IngestError:
    """One input (or one record inside a file) that was rejected, with the reason why."""

    source: str
    reason: str


def normalise_text(text: str) -> str:
    """Drop a leading byte-order mark and turn CRLF / CR newlines into "\\n"."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    """True when the first non-space characters open an HTML document."""
    head = text[:512].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def make_record(source: str, content: str, fmt: str, fields: dict | None = None) -> Record | IngestError:
    """Normalise content into a Record, or reject it when nothing but whitespace is left."""
    content = normalise_text(content)
    if not content.strip():
        return IngestError(source, "empty document")
    return Record(source, content, fmt, dict(fields or {}))


def describe_size(n_bytes: int) -> str:
    """Human size for limit messages: "61.2 MB", "50 MB", "2 KB", "800 bytes"."""
    for unit, scale in (("MB", 1_000_000), ("KB", 1_000)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n_bytes} bytes"


def over_limit_reason(what: str, size: int | None, max_bytes: int) -> str:
    """The one sentence used whenever something passes --max-bytes."""
    limit = describe_size(max_bytes)
    if size is None:
        return f"{what} is over the {limit} limit (--max-bytes)"
    return f"{what} is {describe_size(size)}, over the {limit} limit (--max-bytes)"
