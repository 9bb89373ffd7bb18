"""Bytes to text: byte-order marks, declared charsets, UTF-8, then a guarded guess."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .records import DecodeError, normalise_text

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

MAGIC_NUMBERS = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# Encodings a web page or saved document plausibly uses (WHATWG legacy set). Restricting
# the guesser to these keeps it from picking DOS code pages for short Western text.
WEB_ENCODINGS = (
    "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp866",
    "gb18030", "big5", "euc_jp", "iso2022_jp", "shift_jis", "euc_kr",
)

# charset-normalizer's "mess" ratio above which a guess is not trusted.
MAX_GUESS_CHAOS = 0.2
# Share of control bytes (other than tab, newlines, form feed, escape) that marks binary data.
MAX_CONTROL_SHARE = 0.05
SNIFF_BYTES = 65_536
# Valid non-ASCII UTF-8 characters needed per broken byte sequence to still call it UTF-8.
MIN_VALID_PER_BROKEN = 20

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WIDE_ENCODINGS = ("utf-16", "utf-32")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)

HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_content_type(header: str) -> tuple[str, str | None]:
    """("text/html", "windows-1251") from an HTTP Content-Type header; charset None when absent."""
    media_type = header.split(";", 1)[0].strip().lower()
    match = _HEADER_CHARSET.search(header)
    return media_type, (match.group(1) if match else None)


def is_textual_type(media_type: str) -> bool:
    """True for media types we read as documents: text/* and XHTML."""
    return media_type.startswith("text/") or media_type in HTML_TYPES


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a document's bytes to text, or raise DecodeError saying why it is not text.

    Order: byte-order mark, a declared UTF-16/32, binary check, strict UTF-8 (which wins over
    a declared legacy charset: mislabelled UTF-8 is far more common than legacy text that
    happens to be valid UTF-8), the declared charset, an HTML <meta charset>, then a guess.
    """
    text = _decode_with_bom(data)
    if text is None:
        text = _decode_declared_wide(data, declared)
    if text is None:
        _reject_binary(data)
        text = _decode_first_fitting(data, [_norm_codec("utf-8"), _norm_codec(declared), _meta_charset(data)])
    if text is None:
        text = _decode_mostly_utf8(data)
    if text is None:
        text = _guess(data)
    return normalise_text(text)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                reason = f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}"
                raise DecodeError(reason) from None
    return None


def _decode_declared_wide(data: bytes, declared: str | None) -> str | None:
    codec = _norm_codec(declared)
    if codec is None or not codec.startswith(_WIDE_ENCODINGS):
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _reject_binary(data: bytes) -> None:
    """Raise DecodeError when the bytes are a known binary format or full of control bytes."""
    for magic, name in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise DecodeError(f"binary content (looks like {name}), not text")
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise DecodeError("binary content (contains NUL bytes), not text")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise DecodeError(f"binary content ({controls / len(sample):.0%} control bytes), not text")


def _decode_first_fitting(data: bytes, codecs_to_try: list[str | None]) -> str | None:
    for codec in codecs_to_try:
        if codec is None:
            continue
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _decode_mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a cut or a bad splice), decoded with U+FFFD for those bytes.

    Legacy 8-bit text almost never forms valid multi-byte UTF-8 sequences, so many valid
    non-ASCII characters against few errors means UTF-8, not a legacy charset.
    """
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd")
    valid_non_ascii = sum(1 for char in text if char > "\x7f") - broken
    return text if valid_non_ascii >= MIN_VALID_PER_BROKEN * broken else None


def _meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares for itself in its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return _norm_codec(match.group(1).decode("ascii")) if match else None


def _norm_codec(name: str | None) -> str | None:
    """Python's codec name for a charset label, or None when Python does not know it."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _guess(data: bytes) -> str:
    best = from_bytes(data, cp_isolation=list(WEB_ENCODINGS), threshold=MAX_GUESS_CHAOS).best()
    if best is None:
        raise DecodeError("unknown text encoding: not UTF-8 and no likely charset decodes it cleanly")
    return str(best)
