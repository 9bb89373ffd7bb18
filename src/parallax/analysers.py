"""The built-in analysers, registered from one explicit list the way a user's would be."""

from __future__ import annotations

import datetime as dt

from .alignment import analyse_alignment
from .claims import analyse_claims
from .dates import tag_dates
from .demands import analyse_demands
from .events import analyse_events
from .document import Document
from .mentions import MentionMatcher
from .metadata import extract_metadata
from .pipeline import Analyser, Context
from .quotes import analyse_quotes
from .stances import analyse_stances
from .terms import analyse_terms


def _metadata(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    return {"metadata": extract_metadata(doc.raw or doc.text, doc.text, doc.fields, ctx.pack.outlets)}


def _mentions(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    matcher = ctx.memo("mentions", lambda: MentionMatcher(ctx.pack))
    return {"mentions": matcher.find(doc.text)}


def _published_date(doc: Document) -> dt.date | None:
    value = doc.meta("published") or ""
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def _dates(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    return {"dates": tag_dates(doc.text, published=_published_date(doc))}


BUILTIN_ANALYSERS: list[Analyser] = [
    Analyser("metadata", "1", reads=("text", "raw", "fields"), writes=("metadata",), run=_metadata,
             doc="title, outlet, author, published date and genre, each with its evidence"),
    Analyser("mentions", "1", reads=("text",), writes=("mentions",), run=_mentions,
             doc="the pack's entities and events under every side's name (Aho-Corasick, whole words)"),
    Analyser("dates", "1", reads=("text", "metadata"), writes=("dates",), run=_dates,
             doc="TIMEX3-style dates: absolute, partial, relative and year-less, resolved against publication"),
    Analyser("terms", "1", reads=("text", "mentions"), writes=("terms",), run=analyse_terms,
             doc="framing terms, with scare-quote/reported-speech distancing and referent resolution"),
    Analyser("stances", "1", reads=("text", "mentions", "metadata"), writes=("stances",), run=analyse_stances,
             doc="support (+1) or opposition (-1) toward the pack's stance targets, with cue and holder"),
    Analyser("demands", "1", reads=("text", "mentions", "metadata"), writes=("demands",), run=analyse_demands,
             doc="calls to action: actor → addressee → action, with 'we'/abbreviations resolved"),
    Analyser("quotes", "1", reads=("text", "mentions"), writes=("quotes",), run=analyse_quotes,
             doc="direct, reported and mixed speech with speakers (titles split off, he/she resolved)"),
    Analyser("claims", "1", reads=("text", "mentions", "dates"), writes=("claims",), run=analyse_claims,
             doc="check-worthy figures: value, unit, hedge, subject; dates and section numbers excluded"),
    Analyser("alignment", "2", reads=("metadata", "mentions", "terms", "stances"), writes=("alignment",),
             run=analyse_alignment, doc="which side the document speaks for, with weighted evidence"),
    Analyser("events", "1", reads=("text", "mentions", "dates", "alignment"), writes=("events",),
             run=analyse_events, doc="dated references linked to the pack's known events, with the name used"),
]


def default_registry() -> dict[str, Analyser]:
    """Name → analyser for every built-in, in pipeline order."""
    return {a.name: a for a in BUILTIN_ANALYSERS}
