"""Cut a document's text into segments so overlapping annotation layers can be highlighted.

Spans from different layers overlap and nest (a mention inside a demand inside a stance), which
HTML elements cannot express directly. Cutting the text at every span boundary gives segments
that each lie wholly inside or wholly outside every span; the page wraps each segment in the
marks that cover it, so the markup is always well nested. Everything here returns data: the
template escapes the text, no HTML is built in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

# Layers drawn on the document page, in toolbar order; a layer not listed still highlights.
LAYERS = ("mentions", "dates", "terms", "events", "stances", "demands", "quotes", "claims")

_UNSAFE_CLASS_CHARS = re.compile(r"[^a-z0-9_-]+")


class Mark(NamedTuple):
    """One span covering a segment: its layer, its index in that layer, CSS classes and a tooltip."""

    layer: str
    index: int
    classes: str
    title: str


@dataclass(frozen=True)
class Segment:
    """A stretch of text [start, end) covered by the same marks throughout (outermost first)."""

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()


def css_token(value: str) -> str:
    """A value (side id, layer name) as a safe CSS class fragment: 'Pro West' -> 'pro-west'."""
    return _UNSAFE_CLASS_CHARS.sub("-", str(value).lower()).strip("-") or "x"


def span_layers(layers: dict[str, list]) -> list[str]:
    """Names of the layers holding character spans: the known ones in LAYERS order, then the rest."""
    found = [name for name, spans in layers.items() if any(_offsets(s) for s in spans if isinstance(s, dict))]
    return [name for name in LAYERS if name in found] + sorted(n for n in found if n not in LAYERS)


def segments(text: str, layers: dict[str, list], wanted=LAYERS) -> list[Segment]:
    """The text cut at every span boundary of the wanted layers, each piece with the marks covering it.

    Offsets outside the text are clamped to it; a span whose end precedes its start is empty.
    Empty spans cut the text (so their offset is addressable) but mark nothing. Concatenating
    the segments' text gives back `text` exactly.
    """
    spans = list(_clamped_spans(layers, wanted, len(text)))
    cuts = sorted({0, len(text), *(s for _, _, s, _ in spans), *(e for _, _, _, e in spans)})
    covering: list[list[tuple]] = [[] for _ in cuts[:-1]]
    for layer, index, start, end in spans:
        for i in range(bisect_left(cuts, start), bisect_left(cuts, end)):
            covering[i].append((start - end, LAYERS.index(layer) if layer in LAYERS else len(LAYERS), layer, index))
    return [Segment(lo, hi, text[lo:hi], tuple(_mark(layer, index, layers[layer][index])
                                               for *_, layer, index in sorted(marks)))
            for lo, hi, marks in zip(cuts, cuts[1:], covering)]


def _offsets(span: dict) -> tuple[int, int] | None:
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool) and not isinstance(end, bool):
        return start, end
    return None


def _clamped_spans(layers: dict[str, list], wanted, size: int):
    for layer in wanted:
        for index, span in enumerate(layers.get(layer) or ()):
            offsets = _offsets(span) if isinstance(span, dict) else None
            if offsets is None:
                continue
            start = min(max(offsets[0], 0), size)
            yield layer, index, start, min(max(offsets[1], start), size)


def _mark(layer: str, index: int, span: dict) -> Mark:
    classes = [f"l-{css_token(layer)}"]
    if layer == "mentions":
        classes.append(f"side-{css_token(span.get('side') or 'neutral')}")
    elif layer in ("terms", "events") and (span.get("side") or span.get("naming_side")):
        classes.append(f"side-{css_token(span.get('naming_side') or span.get('side'))}")
    return Mark(layer, index, " ".join(classes), describe_span(layer, span))


def describe_span(layer: str, span: dict) -> str:
    """A one-line tooltip saying what the analyser found in this span."""
    describe = _DESCRIBERS.get(layer)
    text = describe(span) if describe else _generic(layer, span)
    return " ".join(str(text).split())


def _name_of(party) -> str:
    if isinstance(party, dict):
        return party.get("name") or party.get("text") or party.get("entity") or "?"
    return str(party) if party else "?"


def _mention(s: dict) -> str:
    named = f" ({s['side']} name)" if s.get("side") else ""
    return f"{s.get('name') or s.get('entity')} [{s.get('entity')}]{named}"


def _stance(s: dict) -> str:
    verb = {1: "supports", -1: "opposes"}.get(s.get("polarity"), "mentions")
    holder = _name_of(s.get("holder")) + " " if s.get("holder") else ""
    return f"stance: {holder}{verb} {s.get('name') or s.get('target')}" + (f" ({s['cue']})" if s.get("cue") else "")


def _claim(s: dict) -> str:
    figure = s.get("figure") or {}
    subject = f" about {_name_of(s.get('subject'))}" if s.get("subject") else ""
    return f"claim: {figure.get('text') or figure.get('value')}{subject}"


def _event(s: dict) -> str:
    name = f", called '{s['name_used']}'" if s.get("name_used") else ""
    return f"event: {s.get('label') or s.get('event')} ({s.get('value') or 'undated'}){name}"


def _generic(layer: str, s: dict) -> str:
    details = ", ".join(f"{k}: {v}" for k, v in s.items()
                        if k not in ("start", "end", "text") and isinstance(v, (str, int, float)))
    return f"{layer}: {details}" if details else layer


_DESCRIBERS = {
    "mentions": _mention,
    "dates": lambda s: f"date: {s.get('value') or '?'}" + (f" ({s['kind']})" if s.get("kind") else ""),
    "terms": lambda s: s.get("why") or f"framing term {s.get('term')}",
    "stances": _stance,
    "demands": lambda s: f"demand: {_name_of(s.get('actor'))} → {_name_of(s.get('addressee'))}: {s.get('action') or ''}",
    "quotes": lambda s: f"quote by {_name_of(s.get('speaker'))}",
    "claims": _claim,
    "events": _event,
}


def snippet_parts(snippet: str, opener: str = "[", closer: str = "]") -> list[tuple[str, bool]]:
    """A search snippet whose hits are marked with [ and ] as (text, is_hit) parts, markers dropped.

    The template wraps hit parts in <mark>; a bracket inside the document's own text may be
    read as a marker, which at worst marks the wrong words, never breaks the markup.
    """
    parts: list[tuple[str, bool]] = []
    hit, rest = False, snippet or ""
    while rest:
        cut = rest.find(closer if hit else opener)
        if cut < 0:
            cut = len(rest)
        if rest[:cut]:
            parts.append((rest[:cut], hit))
        rest, hit = rest[cut + 1:], not hit if cut < len(rest) else hit
    return parts


# -- dates as a reader says them ----------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARTS = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter", "H1": "first half of", "H2": "second half of",
          **{f"Q{n}": f"Q{n}" for n in range(1, 5)}}


def readable_date(value) -> str:
    """A TIMEX-like value or {start, end} interval as a reader says it: '2023-FA' -> 'fall 2023', '199X' -> '1990s'.

    The stored values stay machine-readable; this is only how pages show them. Unknown shapes come back as given.
    """
    if not value:
        return "undated"
    if isinstance(value, dict):
        return _readable_interval(str(value.get("start") or ""), str(value.get("end") or ""))
    value = str(value)
    if m := re.fullmatch(r"(\d{4}|XXXX)-(\d{2})-(\d{2})", value):
        return _day(m[1], m[2], m[3])
    if (m := re.fullmatch(r"(\d{4}|XXXX)-(\d{2})", value)) and 1 <= int(m[2]) <= 12:
        return f"{_MONTHS[int(m[2]) - 1]} {_year(m[1])}"
    if m := re.fullmatch(r"(\d{3})X", value):
        return f"{m[1]}0s"
    if m := re.fullmatch(r"(\d{2})XX", value):
        return f"{m[1]}00s"
    if (m := re.fullmatch(r"(\d{4}|XXXX)-(SP|SU|FA|WI|Q[1-4]|H[12])", value)):
        return f"{_PARTS[m[2]]} {_year(m[1])}"
    if m := re.fullmatch(r"(\d{4}|XXXX)-W(\d{2})", value):
        return f"week {int(m[2])} of {_year(m[1])}"
    return value


def _year(year: str) -> str:
    return "(year unknown)" if year == "XXXX" else year


def _day(year: str, month: str, day: str) -> str:
    if not 1 <= int(month) <= 12:
        return f"{year}-{month}-{day}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {_year(year)}"


def _readable_interval(start: str, end: str) -> str:
    """Whole years and whole months shortened ('1988-01-01'..'1988-12-31' -> '1988'), else 'start – end'."""
    if start == end:
        return readable_date(start)
    if start[4:] == "-01-01" and end[4:] == "-12-31":
        return start[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
    if start[8:] == "01" and start[:7] == end[:7] and end[8:] >= "28":
        return readable_date(start[:7])
    return f"{readable_date(start)} – {readable_date(end)}"
