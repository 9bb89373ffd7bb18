"""The Document: cleaned immutable text plus standoff annotation layers.

Every annotation is a plain dict with half-open `start`/`end` character offsets into `text`
and JSON-serialisable attributes, kept in a named layer. Cleaning happens before a Document
exists; afterwards `text` never changes, so every offset stays valid for the life of the
document, in the store and in every export.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "parallax.document/1"

# Layers every document has before any analyser runs: pipelines may read these freely.
BASE_LAYERS = ("text", "raw", "fields", "removed")

# Layers that hold one judgement about the whole document: a one-item list inside, an object in JSON.
DOCUMENT_LAYERS = ("alignment",)


def content_id(content: str) -> str:
    """Stable id of a document: the first 16 hex digits of the SHA-256 of its raw content."""
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """One cleaned document and its annotation layers."""

    id: str
    source: str
    text: str
    raw: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    removed: tuple[dict, ...] = ()
    layers: dict[str, list[dict]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

    def layer(self, name: str) -> list[dict]:
        """The spans of one layer (empty when the layer was never written)."""
        return self.layers.get(name, [])

    def meta(self, name: str) -> str | None:
        """The chosen value of one metadata field (title, outlet, author, published, genre…)."""
        for item in self.layers.get("metadata", ()):
            if item.get("field") == name:
                return item.get("value")
        return None

    def to_json(self) -> dict[str, Any]:
        """The versioned JSON contract of `parallax analyze --json`."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "id": self.id,
            "source": self.source,
            "title": self.meta("title"),
            "outlet": self.meta("outlet"),
            "author": self.meta("author"),
            "published": _iso_date_or_none(self.meta("published")),
            "genre": self.meta("genre"),
            "text": self.text,
            "removed": list(self.removed),
        }
        for name, spans in self.layers.items():
            out[name] = (spans[0] if spans else None) if name in DOCUMENT_LAYERS else spans
        out.setdefault("mentions", [])
        out.setdefault("dates", [])
        out["errors"] = list(self.errors)
        out["provenance"] = dict(self.provenance)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Rebuild a Document from its JSON contract (as stored or exported)."""
        reserved = {"schema", "id", "source", "title", "outlet", "author", "published", "genre",
                    "text", "removed", "errors", "provenance", "raw", "fields"}
        layers = {k: v for k, v in data.items() if k not in reserved and isinstance(v, list)}
        layers.update({k: [data[k]] if data.get(k) else [] for k in DOCUMENT_LAYERS if k in data})
        return cls(id=data["id"], source=data.get("source", ""), text=data["text"],
                   raw=data.get("raw", ""), fields=dict(data.get("fields") or {}),
                   removed=tuple(data.get("removed") or ()), layers=layers,
                   errors=list(data.get("errors") or []),
                   provenance=dict(data.get("provenance") or {}))


def _iso_date_or_none(value: str | None) -> str | None:
    """Published is an ISO date in the contract; partial or unresolved values become null."""
    if value and len(value) == 10 and value[4] == "-" and value[:4].isdigit():
        return value
    return None
