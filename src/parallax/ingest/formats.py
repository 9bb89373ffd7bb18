"""Multi-record formats: JSON, JSON Lines and WARC, each read record by record."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from .decode import HTML_TYPES, decode_bytes, is_textual_type, parse_content_type
from .records import (
    RECORD_FIELDS, DecodeError, IngestError, Record, looks_like_html, make_record, over_limit_reason,
)

Item = Record | IngestError
# Body keys of a JSON record, in order of preference when both are given: text a producer
# already cleaned is taken as is rather than re-extracted from its HTML.
BODY_KEYS = (("text", "text"), ("html", "html"))
SKIP_CHUNK = 1 << 20


def record_from_object(source: str, obj: object) -> Item:
    """A Record from one JSON object with a "text" or "html" body and optional metadata."""
    if not isinstance(obj, dict):
        return IngestError(source, f"not a JSON object (got {_json_type(obj)})")
    for key, fmt in BODY_KEYS:
        if isinstance(obj.get(key), str) and obj[key].strip():
            return make_record(source, obj[key], fmt, _metadata(obj))
    for key, _ in BODY_KEYS:
        if key in obj and obj[key] is not None and not isinstance(obj[key], str):
            return IngestError(source, f'field "{key}" is {_json_type(obj[key])}, not a string')
    if any(key in obj for key, _ in BODY_KEYS):
        return IngestError(source, "empty document")
    return IngestError(source, 'no "text" or "html" field in the JSON object')


def read_json(source: str, data: bytes) -> Iterator[Item]:
    """Records from a whole JSON file: one object, or a list of objects ("path#3" each)."""
    try:
        parsed = json.loads(decode_bytes(data))
    except json.JSONDecodeError as exc:
        yield IngestError(source, f"not valid JSON on line {exc.lineno}: {exc.msg}")
        return
    if isinstance(parsed, dict):
        yield record_from_object(source, parsed)
    elif isinstance(parsed, list):
        if not parsed:
            yield IngestError(source, "empty document (an empty JSON list)")
        for number, obj in enumerate(parsed, 1):
            yield record_from_object(f"{source}#{number}", obj)
    else:
        yield IngestError(source, f"JSON must be an object or a list of objects, got {_json_type(parsed)}")


def read_jsonl(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    """Records from JSON Lines, one line at a time; a bad line is reported and skipped."""
    produced = False
    for number, line in iter_lines(stream, max_bytes):
        line_source = f"{source}#{number}"
        produced = produced or line is None or bool(line.strip())
        if line is None:
            yield IngestError(line_source, over_limit_reason(f"line {number}", None, max_bytes))
        elif line.strip():
            yield _record_from_line(line_source, number, line)
    if not produced:
        yield IngestError(source, "empty document")


def iter_lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) pairs; bytes is None for a line longer than max_bytes, never held whole."""
    number = 0
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _record_from_line(source: str, number: int, line: bytes) -> Item:
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        try:
            text = decode_bytes(line)
        except DecodeError as exc:
            return IngestError(source, f"line {number}: {exc}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return IngestError(source, f"not valid JSON on line {number}: {exc.msg}")
    return record_from_object(source, obj)


def _metadata(obj: dict) -> dict:
    """The known metadata keys of a JSON record, as strings; empty and nested values dropped."""
    fields = {}
    for key in RECORD_FIELDS:
        value = obj.get(key)
        if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
            value = ", ".join(str(v).strip() for v in value if str(v).strip())
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            fields[key] = str(value).strip()
    return fields


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
    """Records from the successful HTML and text responses of a WARC (plain or gzipped)."""
    produced, number = False, 0
    try:
        for number, warc_record in enumerate(ArchiveIterator(stream), 1):
            if warc_record.format != "warc":  # warcio also reads ARC, and mistakes text lines for it
                yield IngestError(source, "not a valid WARC file: no WARC/1.x record header")
                return
            item = _item_from_warc_record(f"{source}#{number}", warc_record, max_bytes)
            if item is not None:
                produced = True
                yield item
    except (ArchiveLoadFailed, StatusAndHeadersParserException) as exc:
        yield IngestError(source, f"not a valid WARC file: {str(exc).splitlines()[0]}")
        return
    except (AttributeError, ValueError, EOFError, zlib.error):
        # warcio fails this way on a record header cut short, e.g. an interrupted download
        yield IngestError(source, f"WARC file is truncated or corrupt after record {number}")
        return
    if not produced:
        yield IngestError(source, "no HTML or text responses in the WARC file")


def _item_from_warc_record(source: str, warc_record, max_bytes: int) -> Item | None:
    """A Record for a 2xx text/HTML response; None for requests, metadata, redirects, images."""
    http = warc_record.http_headers
    if warc_record.rec_type != "response" or http is None:
        return None
    if not (http.get_statuscode() or "").startswith("2"):
        return None
    media_type, charset = parse_content_type(http.get_header("Content-Type") or "")
    if media_type and not is_textual_type(media_type):
        return None
    payload = warc_record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return IngestError(source, over_limit_reason("record", None, max_bytes))
    try:
        text = decode_bytes(payload, charset)
    except DecodeError as exc:
        return IngestError(source, str(exc))
    fields = {"url": warc_record.rec_headers.get_header("WARC-Target-URI"),
              "fetched": warc_record.rec_headers.get_header("WARC-Date")}
    sniffed_html = media_type in ("", "text/plain") and looks_like_html(text)
    fmt = "html" if media_type in HTML_TYPES or sniffed_html else "text"
    return make_record(source, text, fmt, {k: v for k, v in fields.items() if v})
