"""From whatever the user names (files, folders, URLs, URL lists) to a stream of records."""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import requests

from .decode import decode_bytes
from .fetch import fetch_url, make_session
from .formats import Item, iter_lines, read_json, read_jsonl, read_warc
from .records import DecodeError, FetchError, IngestError, looks_like_html, make_record, over_limit_reason

KIND_BY_EXTENSION = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".urls": "urls",
}
# Files we cannot read as documents: named directly they are an error, in a folder skipped.
UNSUPPORTED_EXTENSIONS = frozenset(
    ".png .jpg .jpeg .gif .webp .bmp .tif .tiff .ico .svg .heic .avif .psd "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .rtf .epub "
    ".zip .tar .tgz .bz2 .xz .7z .rar .zst .lz .jar .whl .iso .dmg "
    ".exe .dll .so .dylib .bin .o .a .class .pyc .pyo .wasm "
    ".mp3 .mp4 .m4a .wav .flac .ogg .oga .avi .mov .mkv .webm "
    ".woff .woff2 .ttf .otf .eot .sqlite .sqlite3 .db .parquet .arrow .feather .npy .npz .pkl .pickle".split()
)
_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class _DecompressedTooLarge(Exception):
    """Internal: a gzip stream passed max_bytes while being decompressed."""

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes)
        self.max_bytes = max_bytes


def iter_records(
    inputs: Iterable[str],
    *,
    max_bytes: int = 50_000_000,
    session: requests.Session | None = None,
    timeout: float = 20.0,
) -> Iterator[Item]:
    """Records, and errors for what could not be read, from files, folders, URLs and URL lists.

    A generator: inputs are read one at a time and multi-record files line by line, so memory
    stays bounded by max_bytes whatever the corpus size. One bad input never stops the rest.
    """
    if isinstance(inputs, (str, os.PathLike)):  # one path given bare, not a string of paths
        inputs = [inputs]
    reader = _Reader(max_bytes, session, timeout)
    try:
        for given in inputs:
            yield from reader.read_input(os.fspath(given))
    finally:
        reader.close()


class _Reader:
    """Holds the limits and the (lazily made) HTTP session for one iter_records call."""

    def __init__(self, max_bytes: int, session: requests.Session | None, timeout: float):
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._session = session
        self._own_session = session is None

    def close(self) -> None:
        if self._own_session and self._session is not None:
            self._session.close()

    def read_input(self, given: str) -> Iterator[Item]:
        """Everything one user-named input yields: a URL, a folder or a file."""
        scheme = _URL_SCHEME.match(given)
        if scheme:
            if scheme.group(1).lower() in ("http", "https"):
                yield self.fetch(given)
            else:
                yield IngestError(given, f"unsupported URL scheme {scheme.group(1)}:// (only http and https)")
        elif os.path.isdir(given):
            yield from self.read_folder(given)
        elif os.path.isfile(given):
            yield from _guarded(given, lambda: self.read_file(given, named=True))
        elif os.path.lexists(given) or os.path.exists(given):
            yield IngestError(given, "not a regular file or directory")
        else:
            yield IngestError(given, "no such file or directory")

    def read_folder(self, folder: str) -> Iterator[Item]:
        """Every readable file under folder, sorted, hidden files and folders left out."""
        for path in _walk(folder):
            if isinstance(path, IngestError):
                yield path
            else:
                yield from _guarded(path, lambda path=path: self.read_file(path, named=False))

    def read_file(self, path: str, *, named: bool) -> Iterator[Item]:
        """Records from one file; named says whether the user gave it directly (vs. found in a folder)."""
        kind, gzipped, extension = classify_path(path)
        if kind == "unsupported":
            if named:
                yield IngestError(path, f"unsupported file type {extension}")
            return
        if kind == "urls" and not named:
            yield IngestError(path, "URL list not fetched: URL lists are fetched only when named directly, "
                                    "not found inside a folder (offline-first)")
            return
        size = os.path.getsize(path)
        if size == 0:
            yield IngestError(path, "empty document")
        elif kind == "warc":
            with open(path, "rb") as stream:
                yield from read_warc(path, stream, self.max_bytes)
        elif kind in ("jsonl", "urls"):
            with _open_stream(path, gzipped, self.max_bytes) as stream:
                read = read_jsonl if kind == "jsonl" else self.read_url_list
                yield from read(path, stream, self.max_bytes)
        elif not gzipped and size > self.max_bytes:
            yield IngestError(path, over_limit_reason("file", size, self.max_bytes))
        else:
            data = _read_whole(path, gzipped, self.max_bytes)
            yield from read_json(path, data) if kind == "json" else [self.document(path, data, kind)]

    def document(self, path: str, data: bytes, kind: str) -> Item:
        """A single-document file (text or HTML) as one record."""
        try:
            text = decode_bytes(data)
        except DecodeError as exc:
            return IngestError(path, str(exc))
        is_html = kind == "html" or looks_like_html(text)
        return make_record(path, text, "html" if is_html else "text")

    def read_url_list(self, path: str, stream: BinaryIO, max_bytes: int) -> Iterator[Item]:
        """Fetch each URL of a one-per-line list; blank lines and # comments are ignored."""
        listed = False
        for number, line in iter_lines(stream, max_bytes):
            entry = line.decode("utf-8", "replace").strip().lstrip("\ufeff") if line else ""
            if line is not None and (not entry or entry.startswith("#")):
                continue
            listed = True
            if line is None:
                yield IngestError(f"{path}#{number}", over_limit_reason(f"line {number}", None, max_bytes))
            elif not re.match(r"https?://", entry, re.IGNORECASE):
                yield IngestError(f"{path}#{number}", f"line {number} is not an http(s) URL: {entry[:80]!r}")
            else:
                yield self.fetch(entry)
        if not listed:
            yield IngestError(path, "no URLs in the list")

    def fetch(self, url: str) -> Item:
        if self._session is None:
            self._session = make_session()
        try:
            return fetch_url(url, session=self._session, timeout=self.timeout, max_bytes=self.max_bytes)
        except FetchError as exc:
            return IngestError(url, str(exc))


def classify_path(path: str) -> tuple[str, bool, str]:
    """(kind, gzipped, extension) of a file name.

    kind is one of text, html, json, jsonl, warc, urls, unsupported; extension is what an
    error names (".pdf", ".tar.gz"). Unknown extensions are text: a folder of .md or
    extension-less statements should just work.
    """
    name = os.path.basename(path).lower()
    gzipped = name.endswith(".gz")
    inner = name[:-3] if gzipped else name
    extension = os.path.splitext(inner)[1]
    label = extension + (".gz" if gzipped else "")
    if extension in UNSUPPORTED_EXTENSIONS:
        return "unsupported", gzipped, label
    return KIND_BY_EXTENSION.get(extension, "text"), gzipped, label


def _walk(folder: str) -> Iterator[str | IngestError]:
    """Files under folder in sorted order; symlinked folders are not followed (no loops)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield IngestError(folder, _os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file():
            yield path


def _read_whole(path: str, gzipped: bool, max_bytes: int) -> bytes:
    """A file's bytes; a gzip file is decompressed only up to max_bytes (bomb-safe)."""
    with _open_stream(path, gzipped, max_bytes) as stream:
        return stream.read(max_bytes + 1)


def _open_stream(path: str, gzipped: bool, max_bytes: int) -> BinaryIO:
    return _CappedStream(gzip.open(path, "rb"), max_bytes) if gzipped else open(path, "rb")


class _CappedStream:
    """A read-only binary stream that raises once more than max_bytes came out of it."""

    def __init__(self, inner: BinaryIO, max_bytes: int):
        self._inner, self._max, self._left = inner, max_bytes, max_bytes

    def read(self, size: int = -1) -> bytes:
        return self._count(self._inner.read(self._left + 1 if size < 0 else size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._inner.readline(self._left + 1 if size < 0 else size))

    def _count(self, data: bytes) -> bytes:
        self._left -= len(data)
        if self._left < 0:
            raise _DecompressedTooLarge(self._max)
        return data

    def __enter__(self) -> _CappedStream:
        return self

    def __exit__(self, *exc_info) -> None:
        self._inner.close()


def _guarded(source: str, make_items: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Items from one file, ending in an IngestError (never an exception) if reading fails."""
    try:
        yield from make_items()
    except _DecompressedTooLarge as exc:
        reason = over_limit_reason("decompressed content", None, exc.max_bytes)
        yield IngestError(source, f"{reason}; stopped decompressing")
    except (EOFError, zlib.error):
        yield IngestError(source, "compressed data is truncated or corrupt")
    except OSError as exc:
        yield IngestError(source, _os_reason(exc))
    except Exception as exc:  # noqa: BLE001 - one unreadable input must never end the batch
        yield IngestError(source, f"could not be read ({type(exc).__name__}: {exc})")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror.lower() if exc.strerror else str(exc)
