"""Ingestion: turn files, folders, URLs and URL lists into Records, and bad inputs into IngestErrors.

Nothing here raises for a bad input inside a batch: iter_records yields an IngestError with a
one-sentence reason and moves on. decode_bytes and fetch_url raise (DecodeError, FetchError)
because they handle one item and the caller decides what a failure means.
"""

from .decode import decode_bytes
from .fetch import USER_AGENT, fetch_url, make_session
from .records import DecodeError, FetchError, IngestError, Record
from .sources import iter_records

__all__ = [
    "USER_AGENT",
    "DecodeError",
    "FetchError",
    "IngestError",
    "Record",
    "decode_bytes",
    "fetch_url",
    "iter_records",
    "make_session",
]
