"""Cut a document's text into segments so overlapping annotation layers can be highlighted.

Spans from different layers overlap and nest (a mention inside a demand inside a stance), which
HTML elements cannot express directly. Cutting the text at every span boundary gives segments
that each lie wholly inside or wholly outside every span; the page wraps each segment in the
marks that cover it, so the markup is always well nested. Everything here returns data: the
template escapes the text, no HTML is built in Python.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from .present import css_token

# Layers drawn on the document page, in toolbar order; a layer not listed still highlights.
LAYERS = ("mentions", "dates", "terms", "events", "stances", "demands", "quotes", "claims")



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
