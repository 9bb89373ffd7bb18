"""Public assertion helpers for the invariants every layer keeps (use them in your tests too)."""

from __future__ import annotations

from .document import Document


def assert_spans_in_text(text: str, spans: list[dict], *, check_text: bool = True) -> None:
    """Every span has 0 <= start <= end <= len(text), and its `text` is exactly that slice."""
    for span in spans:
        start, end = span["start"], span["end"]
        assert isinstance(start, int) and isinstance(end, int), f"offsets must be ints: {span}"
        assert 0 <= start <= end <= len(text), f"span outside the text ({len(text)} chars): {span}"
        if check_text and "text" in span:
            assert text[start:end] == span["text"], f"span text {span['text']!r} != {text[start:end]!r}"


def assert_sorted(spans: list[dict]) -> None:
    """Spans are ordered by (start, end)."""
    keys = [(s["start"], s["end"]) for s in spans]
    assert keys == sorted(keys), f"spans not sorted: {keys}"


def assert_no_overlap(spans: list[dict]) -> None:
    """No two spans share a character (for layers where overlap is forbidden)."""
    ordered = sorted(spans, key=lambda s: (s["start"], s["end"]))
    for a, b in zip(ordered, ordered[1:]):
        assert a["end"] <= b["start"], f"overlapping spans: {a} and {b}"


def assert_document_valid(doc: Document) -> None:
    """All offset layers of a document point inside its text, sorted; mentions and dates don't overlap."""
    for name, spans in doc.layers.items():
        located = [s for s in spans if isinstance(s.get("start"), int)]
        assert_spans_in_text(doc.text, located)
        if name in ("mentions", "dates"):
            assert_sorted(located)
            assert_no_overlap(located)
    for removal in doc.removed:
        assert doc.raw[removal["start"]:removal["end"]] == removal["text"], f"bad removal offsets: {removal}"
